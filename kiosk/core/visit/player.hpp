// A resident working through one tutorial: the current step, practice taps on the phone
// replica, the demo keypad, check answers — and the anonymous events all of that produces.
// Plain C++ so every path is unit-tested; the tutorial screen only draws it.
#pragma once
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/base/shuffle.hpp"
#include "kiosk/core/content/tutorial.hpp"
#include "session.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tramso {

class TutorialPlayer {
  public:
    enum class Tap { Right, Wrong, Ignored };

    // `seed` drives the order a step's check shows its options in (fresh each time the step
    // is shown).
    TutorialPlayer(const Tutorial& t, SessionRecorder& recorder, const Clock& clock,
                   uint64_t seed = 0);

    const Tutorial& tutorial() const { return *m_tutorial; }
    int stepIndex() const { return m_step; }
    int stepCount() const { return static_cast<int>(m_tutorial->steps.size()); }
    // Past the last step: the end screen.
    bool atEnd() const { return m_step >= stepCount(); }
    const Step* step() const {
        return atEnd() ? nullptr : &m_tutorial->steps[static_cast<size_t>(m_step)];
    }
    bool completed() const { return m_completed; }

    void next();
    void back();
    void startOver();

    // Practice mode hides the pointing finger: the resident finds the place to tap.
    bool practiceMode() const { return m_practice; }
    void setPracticeMode(bool on) { m_practice = on; }
    // When the hint (the finger) was last asked for; the screen animates from it.
    Seconds hintSince() const { return m_hintSince; }
    void replayHint() { m_hintSince = m_clock.now(); }
    // The last tap missed: the screen shows a gentle hint and the finger again.
    bool missed() const { return m_missed; }
    // The replica's target was done on this step (the step waits for its check).
    bool targetDone() const { return m_targetDone; }
    // Whether the pointing finger is shown now.
    bool showFinger() const { return !m_targetDone && (!m_practice || m_missed); }

    // A tap on the replica element `id` (empty: the screen around the elements).
    Tap tapReplica(const std::string& id);
    // A key on the replica keypad. Only the next demo digit counts.
    Tap pressKey(char digit);
    const std::string& typed() const { return m_typed; }

    // The order this step's check shows its options in: element k is the file id (index in
    // the file) of the option shown k-th; empty on a step without a check.
    const std::vector<int>& checkOrder() const { return m_order; }
    // File id of the option chosen for this step's check, or -1.
    int checkAnswer() const { return m_answer; }
    // Chooses the option with this file id (not its place on screen).
    bool answerCheck(int option);

    // The resident left before the end (recorded once).
    void leave();

  private:
    void show(int index);
    void targetReached();
    Tap miss();
    void record(EventType type, std::string result = {}, int durationMs = -1);

    const Tutorial* m_tutorial;
    SessionRecorder& m_recorder;
    const Clock& m_clock;
    OptionShuffle m_shuffle;
    std::vector<int> m_order;
    int m_step = 0;
    Seconds m_stepSince = 0;
    Seconds m_hintSince = 0;
    bool m_practice = false;
    bool m_missed = false;
    bool m_targetDone = false;
    bool m_completed = false;
    bool m_left = false;
    std::string m_typed;
    int m_answer = -1;
};

} // namespace tramso
