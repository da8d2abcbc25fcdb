// Event names, as stored and exported.
#include "session.hpp"

namespace tramso {

std::string_view toString(EventType t) {
    switch (t) {
    case EventType::SessionStarted:
        return "session_started";
    case EventType::SessionEnded:
        return "session_ended";
    case EventType::TutorialStarted:
        return "tutorial_started";
    case EventType::StepShown:
        return "step_shown";
    case EventType::PracticeTap:
        return "practice_tap";
    case EventType::CheckAnswered:
        return "check_answered";
    case EventType::HelpAsked:
        return "help_asked";
    case EventType::TutorialCompleted:
        return "tutorial_completed";
    case EventType::TutorialLeft:
        return "tutorial_left";
    case EventType::QuizAnswered:
        return "quiz_answered";
    case EventType::GroupQuizRun:
        return "group_quiz_run";
    case EventType::QrShown:
        return "qr_shown";
    }
    return "?";
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
