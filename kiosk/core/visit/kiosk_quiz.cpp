// The quiz part of the coordinator: where `quiz:ID` and `quiz-group:ID` take the kiosk and
// what a quiz records. Answers are recorded one by one (quiz, question, right or wrong) and a
// group round only as "run, with N questions": the score of a person is never recorded.
#include "kiosk.hpp"

namespace tramso {

void Kiosk::openQuiz(const Route& r) {
    const Quiz* q = m_quizzes ? m_quizzes->find(r.id) : nullptr;
    if (!q) {
        return; // callers check ids first; a stale link just does nothing
    }
    const QuizSession::Mode mode =
        r.screen == ScreenId::QuizGroup ? QuizSession::Mode::Group : QuizSession::Mode::Solo;
    const int seconds = m_quiz && m_quiz->mode() == mode ? m_quiz->seconds() : m_config.quizSeconds;
    endQuiz();
    // "another quiz" replaces the one on top instead of piling up screens
    if (m_nav.current().screen == r.screen) {
        m_nav.pop();
    }
    m_nav.push(r);
    // the session's own snapshot: the content shown may be swapped during a group round
    std::shared_ptr<const Quiz> own = m_content && m_quizzes == &m_content->quizzes
                                          ? std::shared_ptr<const Quiz>(m_content, q)
                                          : std::make_shared<const Quiz>(*q);
    m_quiz.emplace(std::move(own), mode, seconds, m_shuffle.nextSeed());
}

void Kiosk::endQuiz() {
    if (m_quiz && m_quiz->mode() == QuizSession::Mode::Group && m_quiz->shown() > 0) {
        SessionEvent e;
        e.type = EventType::GroupQuizRun;
        e.tutorialId = m_quiz->quiz().id;
        e.count = static_cast<int>(m_quiz->shown());
        m_visit.record(std::move(e));
    }
    m_quiz.reset();
}

void Kiosk::syncQuiz() {
    if (!m_quiz) {
        return;
    }
    const ScreenId s =
        m_quiz->mode() == QuizSession::Mode::Group ? ScreenId::QuizGroup : ScreenId::Quiz;
    if (!m_nav.contains(Route{s, 0, m_quiz->quiz().id})) {
        endQuiz();
    }
}

void Kiosk::on(const intent::QuizStart&) {
    if (m_quiz) {
        m_quiz->start(m_clock.now());
    }
}

void Kiosk::on(const intent::QuizAnswer& x) {
    if (!m_quiz) {
        return;
    }
    const std::optional<bool> right = m_quiz->answer(x.option);
    if (!right) {
        return;
    }
    SessionEvent e;
    e.type = EventType::QuizAnswered;
    e.tutorialId = m_quiz->quiz().id;
    e.step = static_cast<int>(m_quiz->index());
    e.result = *right ? "right" : "wrong";
    m_visit.record(std::move(e));
}

void Kiosk::on(const intent::QuizReveal&) {
    if (m_quiz) {
        m_quiz->reveal();
    }
}

void Kiosk::on(const intent::QuizTiebreak&) {
    if (m_quiz) {
        m_quiz->tiebreak(m_clock.now());
    }
}

void Kiosk::on(const intent::QuizNext&) {
    if (m_quiz) {
        m_quiz->next(m_clock.now());
    }
}

void Kiosk::on(const intent::QuizSeconds& x) {
    if (m_quiz && m_quiz->mode() == QuizSession::Mode::Group &&
        m_quiz->phase() == QuizSession::Phase::Intro) {
        m_quiz->setSeconds(x.seconds);
    }
}

} // namespace tramso
