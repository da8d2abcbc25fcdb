// Step changes all go through show(), which records step_shown with the time spent on the
// step before, so the funnel in the dashboard sees every move.
#include "player.hpp"

#include <cmath>

namespace tramso {

TutorialPlayer::TutorialPlayer(const Tutorial& t, SessionRecorder& recorder, const Clock& clock,
                               uint64_t seed)
    : m_tutorial(&t), m_recorder(recorder), m_clock(clock), m_shuffle(seed) {
    m_stepSince = m_clock.now();
    record(EventType::TutorialStarted);
    show(0);
}

void TutorialPlayer::record(EventType type, std::string result, int durationMs) {
    SessionEvent e;
    e.type = type;
    e.tutorialId = m_tutorial->id;
    e.step = m_step;
    e.result = std::move(result);
    e.durationMs = durationMs;
    e.atSeconds = m_clock.now();
    m_recorder.record(e);
}

void TutorialPlayer::show(int index) {
    const Seconds now = m_clock.now();
    const int spent = static_cast<int>(std::lround((now - m_stepSince) * 1000.0));
    m_step = index;
    m_stepSince = now;
    m_hintSince = now;
    m_missed = false;
    m_targetDone = false;
    m_typed.clear();
    m_answer = -1;
    m_order.clear();
    if (!atEnd() && step()->check) {
        m_order = m_shuffle.order(step()->check->answers.size());
    }
    if (atEnd()) {
        if (!m_completed) {
            m_completed = true;
            record(EventType::TutorialCompleted, {}, spent);
        }
        return;
    }
    record(EventType::StepShown, {}, index == 0 && spent == 0 ? -1 : spent);
}

void TutorialPlayer::next() {
    if (!atEnd()) {
        show(m_step + 1);
    }
}

void TutorialPlayer::back() {
    if (m_step > 0) {
        show(std::min(m_step, stepCount()) - 1);
    }
}

void TutorialPlayer::startOver() {
    show(0);
}

TutorialPlayer::Tap TutorialPlayer::tapReplica(const std::string& id) {
    const Step* s = step();
    if (!s || !s->mockup) {
        return Tap::Ignored;
    }
    const MockElement* target = s->mockup->targetElement();
    if (target && target->kind == MockElement::Kind::Keypad) {
        return Tap::Ignored; // the keypad's keys answer for it
    }
    if (m_targetDone) {
        return Tap::Ignored;
    }
    if (!id.empty() && id == s->mockup->target) {
        record(EventType::PracticeTap, "right");
        targetReached();
        return Tap::Right;
    }
    return miss();
}

TutorialPlayer::Tap TutorialPlayer::pressKey(char digit) {
    const Step* s = step();
    const MockElement* target = s && s->mockup ? s->mockup->targetElement() : nullptr;
    if (!target || target->kind != MockElement::Kind::Keypad) {
        return Tap::Ignored;
    }
    const std::string& code = target->digits;
    if (m_targetDone) {
        return Tap::Ignored;
    }
    if (m_typed.size() < code.size() && digit == code[m_typed.size()]) {
        m_typed += digit; // only demo digits ever reach here: nothing personal is kept
        m_missed = false;
        if (m_typed.size() == code.size()) {
            record(EventType::PracticeTap, "right");
            targetReached();
        }
        return Tap::Right;
    }
    return miss();
}

TutorialPlayer::Tap TutorialPlayer::miss() {
    // a gentle hint: the finger shows again; recorded so the funnel shows where it is hard
    m_missed = true;
    m_hintSince = m_clock.now();
    record(EventType::PracticeTap, "wrong");
    return Tap::Wrong;
}

void TutorialPlayer::targetReached() {
    m_missed = false;
    if (step()->check && m_answer != step()->check->right) {
        m_targetDone = true; // well done; the question on this step comes next
        return;
    }
    next();
}

bool TutorialPlayer::answerCheck(int option) {
    const Step* s = step();
    if (!s || !s->check || option < 0 || option >= static_cast<int>(s->check->answers.size())) {
        return false;
    }
    m_answer = option;
    bool right = option == s->check->right;
    record(EventType::CheckAnswered, right ? "right" : "wrong");
    return right;
}

void TutorialPlayer::leave() {
    if (!m_completed && !m_left) {
        m_left = true;
        record(EventType::TutorialLeft);
    }
}

} // namespace tramso
