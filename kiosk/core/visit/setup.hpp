// First start on the touchscreen: when no technician exists yet, the kiosk walks whoever
// installs it through the screen's rotation (where the kiosk's session can turn it), the
// culture house's name, the kiosk id, the province and commune, the
// first technician PIN and a sound test, one step a screen, all by touch. Each value is saved
// on its own through the settings form's writer (or the staff store) the moment its step is
// confirmed, so a power cut in the middle loses only the step being typed.
#pragma once
#include "kiosk/core/config/config_edit.hpp"
#include "settings_form.hpp"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

// The Vietnamese letters of the on-screen keyboard, done without a keyboard layout: a tone
// key puts its mark on the last vowel of the word being typed (again: takes it off).
// tone: 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng. Text stays NFC (precomposed letters only).
std::string applyTone(std::string_view text, int tone);
// The capital of one letter ("ư" → "Ư", "q" → "Q"); other text as it is.
std::string upperLetter(std::string_view letter);
// The text without its last character (a whole UTF-8 sequence).
std::string eraseLast(std::string_view text);

// A kiosk id suggested from the machine id (/etc/machine-id): "tramso-" and its first six
// hex digits, so two kiosks installed from one image differ. "" when it is not usable.
std::string suggestKioskId(std::string_view machineId);

// The provinces after the 2025 reorganisation (34), with their official 2-digit codes.
struct Province {
    const char* code;
    const char* name;
};
const std::vector<Province>& provinces();

enum class SetupStep {
    Rotation, // only where the screen can be turned (SetupSinks::turnsScreen)
    SiteName,
    KioskId,
    Province,
    CommuneCode,
    CommuneName,
    Pin,
    PinAgain,
    Sound,
};
constexpr int kSetupSteps = 9;

// A new turn not confirmed (Next) within this many seconds is undone: a touchscreen whose
// touches do not follow the turn cannot be used to fix it.
inline constexpr int kRotationTrialSeconds = 30;

// What the step's input is: the letter keyboard (Vietnamese or an id's letters), the digit
// keypad, the list of provinces, the four turns of the screen, or nothing to type (the sound
// test).
enum class SetupInput { Letters, IdLetters, Digits, Provinces, Rotations, None };
SetupInput inputOf(SetupStep s);

// Where the setup writes: the settings form's writer (the kiosk gives the one the Settings
// screen saves through) and the staff store (`tramso staff add`'s rules).
struct SetupSinks {
    SettingsSaver saver;
    // Adds the first technician; "" when added, else why not (the PIN rules' words).
    std::function<std::string(const std::string& pin)> addTechnician;
    // The kiosk runs under its session launcher, which turns the screen and the touch input as
    // screen_rotation says each time it starts the kiosk: the setup begins with the rotation
    // step. Elsewhere (a window on a desktop, most tests) the screen cannot be turned from
    // here, and there is no such step.
    bool turnsScreen = false;
    // A turn chosen before the last restart and not yet confirmed: the turn to go back to.
    std::optional<int> trialFrom;
    // Keeps (a turn) or forgets (nothing) the turn to go back to, across the restart.
    std::function<void(std::optional<int>)> markTrial;
};

// What choosing a turn did: the config written, and whether the kiosk must restart so that
// its session shows the screen turned that way.
struct RotationChoice {
    std::optional<Config> saved;
    bool restart = false;
};

class SetupFlow {
  public:
    // Starts at the first step with the config's values (a setup cut short goes on from what
    // was saved); `suggestedId` replaces the default kiosk id.
    void start(const Config& c, const std::string& suggestedId, SetupSinks sinks);
    bool active() const { return m_active; }
    SetupStep step() const { return m_step; }
    // "step n of m" (without the rotation step where the screen cannot be turned).
    int stepNumber() const { return static_cast<int>(m_step) + (m_sinks.turnsScreen ? 1 : 0); }
    int stepCount() const { return kSetupSteps - (m_sinks.turnsScreen ? 0 : 1); }
    // What is typed on this step (the PIN steps: only its length is shown).
    const std::string& text() const;
    size_t pinLength() const { return currentPin().size(); }
    bool shift() const { return m_shift; }
    // The string key of what is wrong with the last attempt at Next ("" when nothing).
    const std::string& error() const { return m_error; }
    const std::string& errorDetail() const { return m_errorDetail; } // the checker's words
    const ConfigEdit& edit() const { return m_edit; }
    const std::string& provinceCode() const { return m_provinceCode; }
    const std::string& provinceName() const { return m_provinceName; }
    int soundTests() const { return m_soundTests; }
    int rotation() const { return m_edit.screenRotation; }
    // The turn a new, unconfirmed one goes back to; nothing when none is on trial.
    std::optional<int> trialFrom() const { return m_trialFrom; }

    // A key on the keyboard or keypad: a letter or digit, "space", "erase", "shift",
    // "tone:N". Refused quietly when the step's input does not take it.
    void key(const std::string& k);
    // A preset replaces the text ("Nhà văn hóa xã "); a province is chosen by its code.
    void preset(const std::string& text);
    void chooseProvince(const std::string& code);
    void soundTested() { ++m_soundTests; }
    // Saves a turn of the screen. One that differs from the turn on screen (`shown`) needs a
    // restart; the turn on screen (where this tap worked) is kept as the way back.
    RotationChoice chooseRotation(int degrees, int shown);
    // The new turn was not confirmed in time: the way back is saved and forgotten.
    RotationChoice undoRotation();
    // Checks and saves this step's value; moves on when saved. Returns the config that was
    // written (the kiosk applies it), or nothing. After the last step the setup is done.
    std::optional<Config> next();
    void back();
    // Done or never started: the kiosk shows its normal screens.
    bool finished() const { return m_finished; }

  private:
    std::string* field(); // what this step types into; null when it types nothing
    const std::string& currentPin() const;
    std::optional<Config> save(const char* key);
    void fail(const char* key, std::string detail = {});
    SetupStep firstStep() const;
    void markTrial(std::optional<int> from);

    bool m_active = false, m_finished = false, m_shift = false;
    SetupStep m_step = SetupStep::SiteName;
    SetupSinks m_sinks;
    ConfigEdit m_edit;
    std::string m_provinceCode, m_provinceName, m_communeCode, m_communeName;
    std::string m_pin, m_pinAgain;
    std::string m_error, m_errorDetail;
    int m_soundTests = 0;
    std::optional<int> m_trialFrom;
};

} // namespace tramso
