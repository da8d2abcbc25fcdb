// Applies intents and runs the idle reset. The visit ends only here, so everything a visit
// changed is forgotten in one place.
#include "kiosk.hpp"

#include <algorithm>
#include <limits>

namespace tramso {

Kiosk::Kiosk(const Config& config, const Clock& clock, SessionRecorder* recorder,
             const TutorialSet* tutorials)
    : m_config(config), m_clock(clock), m_settings(defaultSettings()),
      m_idle(config.idleSeconds, config.warningSeconds),
      m_recorder(recorder ? recorder : &m_nullRecorder), m_tutorials(tutorials) {
    m_idle.touch(m_clock.now());
}

VisitSettings Kiosk::defaultSettings() const {
    VisitSettings s;
    s.lang = m_config.defaultLanguage;
    s.textSize = m_config.defaultTextSize;
    s.contrast = Contrast::Normal;
    return s;
}

void Kiosk::apply(const Intent& i) {
    if (applyStaff(i)) {
        syncPlayer();
        touched();
        return;
    }
    std::visit(
        [this, &i](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, intent::StartVisit>) {
                startVisit();
            } else if constexpr (std::is_same_v<T, intent::Open>) {
                if (x.route.screen == ScreenId::StaffLogin || isStaffScreen(x.route.screen)) {
                    openStaffRoute(x.route);
                    return;
                }
                if (m_nav.current().screen == ScreenId::Attract &&
                    isResidentScreen(x.route.screen)) {
                    startVisit(); // a deep link starts a visit exactly as a touch would
                }
                if (x.route.screen == ScreenId::Attract || x.route.screen == ScreenId::Safe) {
                    endVisit("left");
                    logout();
                } else if (x.route.screen == ScreenId::Tutorial) {
                    openTutorial(x.route);
                } else if (x.route.screen == ScreenId::Home) {
                    m_nav.reset(x.route);
                } else {
                    m_nav.push(x.route);
                }
            } else if constexpr (std::is_same_v<T, intent::Back>) {
                m_nav.pop();
            } else if constexpr (std::is_same_v<T, intent::GoHome>) {
                m_nav.reset(Route{ScreenId::Home});
            } else if constexpr (std::is_same_v<T, intent::SetLanguage>) {
                m_settings.lang = x.lang;
            } else if constexpr (std::is_same_v<T, intent::SetTextSize>) {
                m_settings.textSize = x.size;
            } else if constexpr (std::is_same_v<T, intent::SetContrast>) {
                m_settings.contrast = x.contrast;
            } else if constexpr (std::is_same_v<T, intent::CallTeam>) {
                m_nav.push(Route{ScreenId::Help});
                m_cues.push_back(Cue::Chime);
                SessionEvent e;
                e.type = EventType::HelpAsked;
                if (m_player) { // where in a lesson the resident asked
                    e.tutorialId = m_player->tutorial().id;
                    e.step = m_player->stepIndex();
                }
                e.atSeconds = m_clock.now();
                m_recorder->record(e);
            } else if constexpr (std::is_same_v<T, intent::SelectFunnel>) {
                m_funnel = x.tutorialId;
            } else if constexpr (std::is_same_v<T, intent::MoreTime>) {
                // the touch that carried this intent already restarted the timer
            } else {
                applyToPlayer(i);
            }
        },
        i);
    syncPlayer();
    touched();
}

void Kiosk::openTutorial(const Route& r) {
    const Tutorial* t = m_tutorials ? m_tutorials->find(r.id) : nullptr;
    if (!t) {
        return; // callers check ids first; a stale link just does nothing
    }
    if (m_player) {
        m_player->leave();
        m_player.reset();
    }
    // A lesson sits above its skill's list, as if the resident had tapped down to it.
    Route skill{ScreenId::Skill, t->skill};
    if (!(m_nav.current() == skill)) {
        m_nav.push(skill);
    }
    m_nav.push(r);
    m_player.emplace(*t, *m_recorder, m_clock);
}

void Kiosk::applyToPlayer(const Intent& i) {
    if (!m_player || m_nav.current().screen != ScreenId::Tutorial) {
        return;
    }
    TutorialPlayer& p = *m_player;
    std::visit(
        [&p](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, intent::NextStep>) {
                p.next();
            } else if constexpr (std::is_same_v<T, intent::PrevStep>) {
                p.back();
            } else if constexpr (std::is_same_v<T, intent::StartOver>) {
                p.startOver();
            } else if constexpr (std::is_same_v<T, intent::ReplayHint>) {
                p.replayHint();
            } else if constexpr (std::is_same_v<T, intent::SetPractice>) {
                p.setPracticeMode(x.on);
            } else if constexpr (std::is_same_v<T, intent::TapReplica>) {
                p.tapReplica(x.elementId);
            } else if constexpr (std::is_same_v<T, intent::PressKey>) {
                p.pressKey(x.digit);
            } else if constexpr (std::is_same_v<T, intent::AnswerCheck>) {
                p.answerCheck(x.index);
            }
        },
        i);
}

void Kiosk::syncPlayer() {
    if (m_player && !m_nav.contains(Route{ScreenId::Tutorial, 0, m_player->tutorial().id})) {
        m_player->leave();
        m_player.reset();
    }
}

void Kiosk::touched() {
    m_idle.touch(m_clock.now());
    m_warningShown = false;
    m_staffTouch = m_clock.now();
}

void Kiosk::tick() {
    staffTick();
    if (!isResidentScreen(m_nav.current().screen)) {
        m_idle.touch(m_clock.now());
        m_warningShown = false;
        return;
    }
    switch (m_idle.phase(m_clock.now())) {
    case IdleTimer::Phase::Active:
        m_warningShown = false;
        break;
    case IdleTimer::Phase::Warning:
        if (!m_warningShown) {
            m_warningShown = true;
            m_cues.push_back(Cue::IdleWarning);
        }
        break;
    case IdleTimer::Phase::Expired:
        endVisit("timeout");
        break;
    }
}

void Kiosk::startVisit() {
    if (m_safe && !m_staff) {
        return; // the safe screen stays until a technician has looked
    }
    if (m_inVisit) {
        endVisit("restarted");
    }
    m_settings = defaultSettings();
    m_nav.reset(Route{ScreenId::Home});
    m_inVisit = true;
    record(EventType::SessionStarted);
}

void Kiosk::record(EventType type, std::string portalId, std::string result) {
    SessionEvent e;
    e.type = type;
    e.portalId = std::move(portalId);
    e.result = std::move(result);
    e.atSeconds = m_clock.now();
    m_recorder->record(e);
}

void Kiosk::qrShown(const std::string& portalId) {
    record(EventType::QrShown, portalId);
}

void Kiosk::endVisit(const char* outcome) {
    if (m_player) {
        m_player->leave();
        m_player.reset();
    }
    if (m_inVisit) {
        SessionEvent e;
        e.type = EventType::SessionEnded;
        e.result = outcome;
        e.atSeconds = m_clock.now();
        e.language = std::string(toString(m_settings.lang));
        e.textSize = std::string(toString(m_settings.textSize));
        e.contrast = std::string(toString(m_settings.contrast));
        e.mode = m_guided ? "assisted" : "self";
        e.groupSize = m_guided ? m_guided->groupSize : 1;
        m_recorder->record(e);
        m_inVisit = false;
    }
    m_guided.reset();
    m_nav.reset(restingRoute());
    m_settings = defaultSettings();
    m_warningShown = false;
    m_idle.touch(m_clock.now());
    ++m_visitsEnded;
}

Seconds Kiosk::nextTimedChange() const {
    Seconds next = std::numeric_limits<Seconds>::infinity();
    if (m_staff) {
        next = m_staffTouch + kStaffIdleSeconds;
    }
    const ScreenId s = m_nav.current().screen;
    if (s == ScreenId::StaffLogin) {
        next = std::min(next, m_staffTouch + kKeypadIdleSeconds);
        if (m_loginNotice == LoginNotice::Locked) { // the countdown on the keypad
            next = std::min(next, m_clock.now() + 1.0);
        }
    }
    if (isResidentScreen(s)) {
        next = std::min(next, m_idle.nextChange(m_clock.now()));
    }
    return next;
}

std::vector<Cue> Kiosk::takeCues() {
    std::vector<Cue> out;
    out.swap(m_cues);
    return out;
}

} // namespace tramso
