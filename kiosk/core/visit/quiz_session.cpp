// The quiz's phases. The countdown is read from the kiosk clock, so tests move it by hand.
#include "quiz_session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tramso {

QuizSession::QuizSession(std::shared_ptr<const Quiz> quiz, Mode mode, int seconds, uint64_t seed)
    : m_quiz(std::move(quiz)), m_mode(mode), m_shuffle(seed) {
    setSeconds(seconds);
}

void QuizSession::setSeconds(int s) {
    m_seconds = std::clamp(s, kMinQuizSeconds, kMaxQuizSeconds);
}

void QuizSession::start(Seconds now) {
    if (m_phase != Phase::Intro && m_phase != Phase::End) {
        return;
    }
    m_index = 0;
    m_right = 0;
    m_shown = 0;
    ask(now);
}

void QuizSession::ask(Seconds now) {
    m_phase = Phase::Question;
    m_chosen = -1;
    m_askedAt = now;
    m_order = m_shuffle.order(question().answers.size());
    m_shown = std::max(m_shown, m_index + 1);
}

std::optional<bool> QuizSession::answer(int option) {
    if (m_mode != Mode::Solo || m_phase != Phase::Question || option < 0 ||
        option >= static_cast<int>(question().answers.size())) {
        return std::nullopt;
    }
    m_chosen = option;
    m_phase = Phase::Answer;
    const bool right = option == question().right;
    m_right += right ? 1 : 0;
    return right;
}

void QuizSession::reveal() {
    if (m_mode == Mode::Group && m_phase == Phase::Question) {
        m_phase = Phase::Answer;
    }
}

void QuizSession::next(Seconds now) {
    if (m_phase != Phase::Answer) {
        return;
    }
    if (m_index + 1 >= regularCount()) {
        m_phase = Phase::End;
        return;
    }
    ++m_index;
    ask(now);
}

bool QuizSession::tiebreak(Seconds now) {
    if (m_mode != Mode::Group || m_phase != Phase::End || !m_quiz->hasTiebreak()) {
        return false;
    }
    m_index = m_quiz->questions.size() - 1;
    ask(now);
    return true;
}

int QuizSession::secondsLeft(Seconds now) const {
    if (m_mode != Mode::Group || m_phase != Phase::Question) {
        return 0;
    }
    const double left = static_cast<double>(m_seconds) - (now - m_askedAt);
    return left <= 0 ? 0 : static_cast<int>(std::ceil(left));
}

Seconds QuizSession::nextChange(Seconds now) const {
    const int left = secondsLeft(now);
    if (left <= 0) {
        return std::numeric_limits<Seconds>::infinity();
    }
    // the number drops when the elapsed time crosses a whole second
    return m_askedAt + static_cast<double>(m_seconds - left + 1);
}

} // namespace tramso
