// What happens in a visit, as anonymous events: which screen, tutorial, step or portal — never
// who, and nothing a resident typed. Screens and the app report here; the stats store
// persists it, tests read the in-memory recorder.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

enum class EventType {
    SessionStarted,
    SessionEnded,
    TutorialStarted,
    StepShown,
    PracticeTap,
    CheckAnswered,
    HelpAsked,
    TutorialCompleted,
    TutorialLeft,
    QrShown,
    QuizAnswered, // solo quiz: tutorialId is the quiz, step the question, result right/wrong
    GroupQuizRun, // a room played a quiz: tutorialId is the quiz, count the questions shown
};

std::string_view toString(EventType t);

struct SessionEvent {
    EventType type = EventType::SessionStarted;
    std::string tutorialId; // empty when none
    int step = -1;          // step index, -1 when none
    std::string portalId;   // empty when none
    std::string result;     // a fixed word: "right", "wrong", "timeout", … never free text
    int durationMs = -1;    // step_shown: time on the step before; -1 when none
    double atSeconds = 0;   // kiosk clock
    // session_ended only: how the visit was seen (settings, self-serve or assisted)
    std::string language, textSize, contrast, mode;
    int groupSize = 1;
    bool voice = false; // narration was on when the visit ended
    int count = -1;     // group_quiz_run: questions shown
};

class SessionRecorder {
  public:
    virtual ~SessionRecorder() = default;
    virtual void record(const SessionEvent& e) = 0;
};

class MemoryRecorder final : public SessionRecorder {
  public:
    void record(const SessionEvent& e) override { events.push_back(e); }
    std::vector<SessionEvent> ofType(EventType t) const;
    std::vector<SessionEvent> events;
};

class NullRecorder final : public SessionRecorder {
  public:
    void record(const SessionEvent&) override {}
};

} // namespace tramso
