// Applies intents and runs the idle reset. The visit ends only here, so everything a visit
// changed is forgotten in one place.
#include "kiosk.hpp"

#include <limits>

namespace tramso {

Kiosk::Kiosk(const Config& config, const Clock& clock)
    : m_config(config), m_clock(clock), m_settings(defaultSettings()),
      m_idle(config.idleSeconds, config.warningSeconds) {
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
    std::visit(
        [this](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, intent::StartVisit>) {
                m_settings = defaultSettings();
                m_nav.reset(Route{ScreenId::Home, 0});
            } else if constexpr (std::is_same_v<T, intent::Open>) {
                if (m_nav.current().screen == ScreenId::Attract) {
                    m_settings = defaultSettings();
                    m_nav.reset(Route{ScreenId::Home, 0});
                }
                if (x.route.screen == ScreenId::Attract) {
                    endVisit();
                } else if (x.route.screen == ScreenId::Home) {
                    m_nav.reset(x.route);
                } else {
                    m_nav.push(x.route);
                }
            } else if constexpr (std::is_same_v<T, intent::Back>) {
                m_nav.pop();
            } else if constexpr (std::is_same_v<T, intent::GoHome>) {
                m_nav.reset(Route{ScreenId::Home, 0});
            } else if constexpr (std::is_same_v<T, intent::SetLanguage>) {
                m_settings.lang = x.lang;
            } else if constexpr (std::is_same_v<T, intent::SetTextSize>) {
                m_settings.textSize = x.size;
            } else if constexpr (std::is_same_v<T, intent::SetContrast>) {
                m_settings.contrast = x.contrast;
            } else if constexpr (std::is_same_v<T, intent::CallTeam>) {
                m_nav.push(Route{ScreenId::Help, 0});
                m_cues.push_back(Cue::Chime);
            } else if constexpr (std::is_same_v<T, intent::MoreTime>) {
                // the touch that carried this intent already restarted the timer
            }
        },
        i);
    touched();
}

void Kiosk::touched() {
    m_idle.touch(m_clock.now());
    m_warningShown = false;
}

void Kiosk::tick() {
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
        endVisit();
        break;
    }
}

void Kiosk::endVisit() {
    m_nav.reset(Route{ScreenId::Attract, 0});
    m_settings = defaultSettings();
    m_warningShown = false;
    m_idle.touch(m_clock.now());
    ++m_visitsEnded;
}

Seconds Kiosk::nextTimedChange() const {
    if (!isResidentScreen(m_nav.current().screen)) {
        return std::numeric_limits<Seconds>::infinity();
    }
    return m_idle.nextChange(m_clock.now());
}

std::vector<Cue> Kiosk::takeCues() {
    std::vector<Cue> out;
    out.swap(m_cues);
    return out;
}

} // namespace tramso
