// A quiz being played, alone ("Đố vui") or by a room ("Rung chuông vàng"): which question,
// what was chosen, the countdown. How many a resident got right lives only here, for the end
// screen, and is forgotten with the session — it is never recorded.
#pragma once
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/base/shuffle.hpp"
#include "kiosk/core/content/quiz.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tramso {

constexpr int kMinQuizSeconds = 10;
constexpr int kMaxQuizSeconds = 120;

class QuizSession {
  public:
    enum class Mode { Solo, Group };
    enum class Phase {
        Intro,    // the title and Start (group: the quiz and the countdown to choose)
        Question, // asking; group: the countdown runs
        Answer,   // solo: what was chosen and the explanation; group: the answer shown
        End       // how many right (solo), or the end of the round (group)
    };

    // The session keeps its quiz alive (a snapshot of the content it came from), so a pack
    // swapped in during a group round changes nothing under it. `seed` drives the order of
    // the options (a fresh one each time a question is shown).
    QuizSession(std::shared_ptr<const Quiz> quiz, Mode mode, int seconds = 30, uint64_t seed = 0);

    const Quiz& quiz() const { return *m_quiz; }
    Mode mode() const { return m_mode; }
    Phase phase() const { return m_phase; }
    size_t index() const { return m_index; }
    const QuizQuestion& question() const { return m_quiz->questions[m_index]; }
    // The current question's options in the order shown: element k is the file id (0-based
    // index in the file) of the option shown k-th. The same order for everyone who sees this
    // question now (in a group, the presenter and the room share the one screen and session).
    const std::vector<int>& order() const { return m_order; }
    // The questions played in turn (the tie-break question, if any, is not among them).
    size_t regularCount() const { return m_quiz->regularCount(); }
    // Group: the tie-break question is being asked (or answered).
    bool inTiebreak() const { return question().tiebreak; }
    // Solo, in Answer: the option chosen (its id in the file).
    int chosen() const { return m_chosen; }
    bool chosenRight() const { return m_chosen == question().right; }
    int rightCount() const { return m_right; }
    // Questions that were shown (a group round records how many).
    size_t shown() const { return m_shown; }
    int seconds() const { return m_seconds; }

    void setSeconds(int s);
    // Intro or End → the first question (End: play again).
    void start(Seconds now);
    // Solo, Question: chooses the option with this file id (not its place on screen); the
    // result ("right"/"wrong") to record, or nullopt when not asking or out of range.
    std::optional<bool> answer(int option);
    // Group, Question: shows the answer and its explanation.
    void reveal();
    // Answer → the next question, or End after the last regular one.
    void next(Seconds now);
    // Group, End: asks the quiz's tie-break question (when it has one) to separate a tie.
    bool tiebreak(Seconds now);

    // Group, Question: whole seconds left on the countdown (0: time is up).
    int secondsLeft(Seconds now) const;
    // When the countdown next changes its number (+inf when it does not run).
    Seconds nextChange(Seconds now) const;

  private:
    void ask(Seconds now);

    std::shared_ptr<const Quiz> m_quiz;
    Mode m_mode;
    OptionShuffle m_shuffle;
    std::vector<int> m_order;
    Phase m_phase = Phase::Intro;
    size_t m_index = 0;
    int m_chosen = -1;
    int m_right = 0;
    size_t m_shown = 0;
    int m_seconds = 30;
    Seconds m_askedAt = 0;
};

} // namespace tramso
