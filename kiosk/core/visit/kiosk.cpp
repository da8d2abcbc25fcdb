// Applies intents and runs the timers. The visit ends only in endVisit, so everything a visit
// changed is forgotten in one place.
#include "kiosk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tramso {

Kiosk::Kiosk(const Config& config, const Clock& clock, SessionRecorder* recorder,
             const TutorialSet* tutorials)
    : m_config(config), m_clock(clock), m_tutorials(tutorials), m_visit(m_config, clock, recorder) {
}

void Kiosk::setContent(ContentPtr content) {
    m_content = std::move(content);
    m_tutorials = m_content ? &m_content->tutorials : nullptr;
    m_plans = m_content ? &m_content->plans : nullptr;
    m_quizzes = m_content ? &m_content->quizzes : nullptr;
}

void Kiosk::apply(const Intent& i) {
    std::visit([this](const auto& x) { on(x); }, i);
    syncPlayer();
    syncQuiz();
    touched();
}

void Kiosk::on(const intent::StartVisit&) {
    startVisit();
}

void Kiosk::on(const intent::Open& x) {
    const ScreenId s = x.route.screen;
    if (s == ScreenId::Setup) {
        openSetup();
        return;
    }
    if (s == ScreenId::StaffLogin || isStaffScreen(s)) {
        openStaffRoute(x.route);
        return;
    }
    if (m_nav.current().screen == ScreenId::Attract && isResidentScreen(s)) {
        startVisit(); // a deep link starts a visit exactly as a touch would
    }
    if (s == ScreenId::Attract || s == ScreenId::Safe) {
        endVisit("left");
        logout();
    } else if (screenInfo(s).parameter == RouteParameter::LessonId) {
        openTutorial(x.route);
    } else if (screenInfo(s).parameter == RouteParameter::QuizId) {
        openQuiz(x.route);
    } else if (s == ScreenId::Home) {
        m_nav.reset(x.route);
    } else {
        m_nav.push(x.route);
    }
}

void Kiosk::on(const intent::Back&) {
    m_nav.pop();
}

void Kiosk::on(const intent::GoHome&) {
    m_nav.reset(Route{ScreenId::Home});
}

void Kiosk::on(const intent::SetLanguage& x) {
    m_visit.settings().lang = x.lang;
    m_visit.settings().pack.clear();
}

void Kiosk::on(const intent::SetLanguagePack& x) {
    m_visit.settings().lang = x.text;
    m_visit.settings().pack = x.code;
}

void Kiosk::on(const intent::SetTextSize& x) {
    m_visit.settings().textSize = x.size;
}

void Kiosk::on(const intent::SetContrast& x) {
    m_visit.settings().contrast = x.contrast;
}

void Kiosk::on(const intent::SetVoice& x) {
    m_visit.settings().voice = x.on;
}

void Kiosk::on(const intent::SetVoiceVolume& x) {
    m_visit.settings().voice = true; // choosing how loud means wanting to hear it
    m_visit.settings().voiceVolume = std::clamp(x.step, 1, 3);
}

void Kiosk::on(const intent::ListenAgain&) {
    m_visit.settings().voice = true; // asking to hear it means the resident wants the voice
    ++m_listenAgain;
}

void Kiosk::on(const intent::CallTeam&) {
    m_nav.push(Route{ScreenId::Help});
    m_visit.cue(Cue::Chime);
    m_visit.helpAsked();
}

void Kiosk::on(const intent::MoreTime&) {
    // the touch that carried this intent already restarted the timer
}

void Kiosk::on(const intent::SelectFunnel& x) {
    m_funnel = x.tutorialId;
}

void Kiosk::openTutorial(const Route& r) {
    // a guided session plays its lessons from the content it started with
    const bool guided = m_guided.session() && m_guidedContent;
    const TutorialSet* set = guided ? &m_guidedContent->tutorials : m_tutorials;
    const Tutorial* t = set ? set->find(r.id) : nullptr;
    if (!t) {
        return; // callers check ids first; a stale link just does nothing
    }
    m_visit.leaveLesson();
    // A lesson sits above its skill's list, as if the resident had tapped down to it.
    Route skill{ScreenId::Skill, t->skill};
    if (!(m_nav.current() == skill)) {
        m_nav.push(skill);
    }
    m_nav.push(r);
    m_visit.startLesson(*t, m_shuffle.nextSeed());
    m_lessonContent = guided ? m_guidedContent : m_content; // the player reads *t
}

void Kiosk::syncPlayer() {
    const TutorialPlayer* p = m_visit.player();
    if (p && !m_nav.contains(Route{ScreenId::Tutorial, 0, p->tutorial().id})) {
        m_visit.leaveLesson();
    }
    if (!m_visit.player()) {
        m_lessonContent.reset();
    }
}

void Kiosk::touched() {
    m_visit.touch();
    m_staff.touched(m_clock.now());
}

void Kiosk::tick() {
    staffTick();
    rotationTick();
    if (m_safe.retryDue(m_clock.now()) && m_nav.current().screen == ScreenId::Safe) {
        m_nav.reset(restingRoute()); // the normal screens, tried again by themselves
    }
    if (!isResidentScreen(m_nav.current().screen)) {
        m_visit.touch();
    } else if (m_visit.idleExpired()) {
        endVisit("timeout");
    }
    syncQuiz();
}

void Kiosk::shutdown() {
    if (m_visit.active()) {
        endVisit("shutdown");
    }
}

void Kiosk::startVisit() {
    if (m_safe.active() && !m_staff.signedIn()) {
        return; // the safe screen stays until a technician has looked
    }
    if (m_visit.active()) {
        endVisit("restarted");
    }
    m_visit.resetSettings();
    m_nav.reset(Route{ScreenId::Home});
    m_visit.begin();
}

void Kiosk::qrShown(const std::string& portalId) {
    m_visit.record(EventType::QrShown, portalId);
}

void Kiosk::endVisit(const char* outcome) {
    m_visit.end(outcome, m_guided.session() ? m_guided.session()->groupSize : 0);
    m_guided.end();
    m_guidedContent.reset();
    m_nav.reset(restingRoute());
}

Seconds Kiosk::nextTimedChange() const {
    const ScreenId s = m_nav.current().screen;
    Seconds next = m_staff.nextChange(m_clock.now(), s == ScreenId::StaffLogin);
    if (isResidentScreen(s)) {
        next = std::min(next, m_visit.nextIdleChange());
    }
    if (m_quiz) {
        next = std::min(next, m_quiz->nextChange(m_clock.now()));
    }
    if (m_restartForScreen) {
        return 0; // the frame that says the screen is being turned, then the end
    }
    if (m_setup.active() && m_setup.trialFrom() && !std::isinf(m_trialEnds)) {
        // the countdown's next second, and its end (when the turn is undone)
        const Seconds left = m_trialEnds - m_clock.now();
        next = std::min(next, left <= 0 ? 0 : left - std::floor(left));
    }
    return std::min(next, m_safe.nextChange());
}

} // namespace tramso
