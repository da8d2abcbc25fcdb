// What a person asked for on a screen. Screens return intents; the app applies them between
// frames, so draw code never changes state or touches files.
#pragma once
#include "route.hpp"
#include "settings.hpp"

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
struct SetTextSize {
    TextSize size;
};
struct SetContrast {
    Contrast contrast;
};
struct CallTeam {}; // "Gọi tổ công nghệ số"
struct MoreTime {}; // "Tôi cần thêm thời gian"
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
    int index;
};
// On the dashboard
struct SelectFunnel {
    std::string tutorialId;
};
} // namespace intent

using Intent =
    std::variant<intent::StartVisit, intent::Open, intent::Back, intent::GoHome,
                 intent::SetLanguage, intent::SetTextSize, intent::SetContrast, intent::CallTeam,
                 intent::MoreTime, intent::NextStep, intent::PrevStep, intent::StartOver,
                 intent::ReplayHint, intent::SetPractice, intent::TapReplica, intent::PressKey,
                 intent::AnswerCheck, intent::SelectFunnel>;

} // namespace tramso
