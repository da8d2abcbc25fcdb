// Event names, as stored and exported.
#include "session.hpp"

#include "kiosk/core/base/text.hpp"

namespace tramso {

constexpr std::pair<EventType, std::string_view> kEventNames[] = {
    {EventType::SessionStarted, "session_started"},
    {EventType::SessionEnded, "session_ended"},
    {EventType::TutorialStarted, "tutorial_started"},
    {EventType::StepShown, "step_shown"},
    {EventType::PracticeTap, "practice_tap"},
    {EventType::CheckAnswered, "check_answered"},
    {EventType::HelpAsked, "help_asked"},
    {EventType::TutorialCompleted, "tutorial_completed"},
    {EventType::TutorialLeft, "tutorial_left"},
    {EventType::QuizAnswered, "quiz_answered"},
    {EventType::GroupQuizRun, "group_quiz_run"},
    {EventType::QrShown, "qr_shown"}};

std::string_view toString(EventType t) {
    return lookup(kEventNames, t, std::string_view("?"));
}

std::vector<SessionEvent> MemoryRecorder::ofType(EventType t) const {
    std::vector<SessionEvent> out;
    for (const auto& e : events) {
        if (e.type == t) {
            out.push_back(e);
        }
    }
    return out;
}

} // namespace tramso
