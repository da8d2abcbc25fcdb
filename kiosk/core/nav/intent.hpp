// What a person asked for on a screen. Screens return intents; the app applies them between
// frames, so draw code never changes state or touches files.
#pragma once
#include "kiosk/core/base/settings.hpp"
#include "route.hpp"

#include <string>
#include <variant>

namespace tramso {

namespace intent {
struct StartVisit {}; // attract screen touched
struct Open {
    Route route;
};                // push a screen
struct Back {};   // pop a screen
struct GoHome {}; // back to home, the visit goes on
struct SetLanguage {
    Lang lang;
};
// A language pack (assets/languages.toml): its code, and the text its fallback leads to.
struct SetLanguagePack {
    std::string code;
    Lang text;
};
struct SetTextSize {
    TextSize size;
};
struct SetContrast {
    Contrast contrast;
};
struct SetVoice {
    bool on;
};
struct SetVoiceVolume {
    int step; // 1..3
};
struct ListenAgain {}; // "Nghe lại": the current screen read aloud again
struct CallTeam {};    // "Gọi tổ công nghệ số"
struct MoreTime {};    // "Tôi cần thêm thời gian"
// In a tutorial
struct NextStep {};
struct PrevStep {};
struct StartOver {};
struct ReplayHint {};
struct SetPractice {
    bool on;
};
struct TapReplica {
    std::string elementId;
}; // empty: beside every element
struct PressKey {
    char digit;
};
struct AnswerCheck {
    int option; // the option's id: its index in the lesson file, not its place on screen
};
// In a quiz (solo "Đố vui" and the room's "Rung chuông vàng")
struct QuizStart {}; // the first question (again, from the end screen)
struct QuizAnswer {
    int option; // solo: the option tapped, by its id (0-based index in the quiz file)
};
struct QuizReveal {};   // group: show the answer and its explanation
struct QuizTiebreak {}; // group, after the last question: ask the tie-break question
struct QuizNext {};
struct QuizSeconds {
    int seconds; // group: the countdown for each question
};
// On the dashboard
struct SelectFunnel {
    std::string tutorialId;
};
// Staff: the hidden gesture, the keypad, logging out.
struct OpenStaffLogin {};
struct PinDigit {
    char digit;
};
struct PinErase {};
struct Logout {};
// Staff: choosing and starting a guided session.
struct LaunchSelect {
    std::string id; // a lesson or plan id
    bool plan = false;
};
struct LaunchGroup {
    int size; // 1: one resident
};
struct LaunchPresenter {
    bool on;
};
struct LaunchStart {};
struct NextLesson {}; // end screen of a guided lesson: the plan's next lesson, or finish
struct EndGuided {};  // the team member ends the guided session
// Technician: the settings form.
enum class SettingField {
    SiteName,
    KioskId,
    Language,
    TextSize,
    IdleSeconds,
    WarningSeconds,
    MmPerPx,
    TeamPhone, // the whole number as typed on the keypad ("" clears it)
    TeamZalo   // only "" (cleared): a link is not typed on the screen
};
struct EditSetting {
    SettingField field;
    std::string value;
};
struct SaveSettings {};
// Technician: the USB export.
struct StartExport {
    std::string mount; // the stick's mount point, as listed on screen
};
struct CancelExport {};
// Technician: content packs from a stick. Choosing one asks for confirmation first.
struct ChoosePack {
    std::string mount; // as listed on screen
    std::string file;  // under TRAMSO/packs/
};
struct ConfirmPack {
    bool allowDowngrade = false; // the technician confirmed installing an older version
};
struct CancelPack {};
struct RollbackContent {};
struct LeaveSafeMode {}; // technician: the cause is fixed, back to the attract screen
// The first-start setup (kiosk/core/setup.hpp): a key, a preset text, a province (its code),
// the next or previous step, the sound test, a turn of the screen (degrees clockwise).
struct Setup {
    enum class Action { Key, Preset, Province, Next, Back, SoundTest, Rotation };
    Action action;
    std::string value;
};
} // namespace intent

using Intent =
    std::variant<intent::StartVisit, intent::Open, intent::Back, intent::GoHome,
                 intent::SetLanguage, intent::SetLanguagePack, intent::SetTextSize,
                 intent::SetContrast, intent::SetVoice, intent::SetVoiceVolume, intent::ListenAgain,
                 intent::CallTeam, intent::MoreTime, intent::NextStep, intent::PrevStep,
                 intent::StartOver, intent::ReplayHint, intent::SetPractice, intent::TapReplica,
                 intent::PressKey, intent::AnswerCheck, intent::QuizStart, intent::QuizAnswer,
                 intent::QuizReveal, intent::QuizTiebreak, intent::QuizNext, intent::QuizSeconds,
                 intent::SelectFunnel, intent::OpenStaffLogin, intent::PinDigit, intent::PinErase,
                 intent::Logout, intent::LaunchSelect, intent::LaunchGroup, intent::LaunchPresenter,
                 intent::LaunchStart, intent::NextLesson, intent::EndGuided, intent::EditSetting,
                 intent::SaveSettings, intent::StartExport, intent::CancelExport,
                 intent::ChoosePack, intent::ConfirmPack, intent::CancelPack,
                 intent::RollbackContent, intent::LeaveSafeMode, intent::Setup>;

} // namespace tramso
