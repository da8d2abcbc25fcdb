// The setup part of the coordinator: where the first-start setup takes the kiosk and what a
// saved step changes at once (the name on the attract screen, the id of new visits). The
// steps' rules live in SetupFlow.
#include "kiosk.hpp"

#include "kiosk/core/base/log.hpp"

#include <cmath>
#include <cstdlib>

namespace tramso {

void Kiosk::armSetup(std::string suggestedId, SetupSinks sinks, bool show) {
    m_setupArmed = true;
    m_shownRotation = m_config.screenRotation; // what the session turned the screen to
    m_setupId = std::move(suggestedId);
    m_setupSinks = std::move(sinks);
    if (show) {
        openSetup();
    }
}

void Kiosk::openSetup() {
    if (!m_setupArmed) {
        return; // a technician exists: setting up again is the settings screen's job, behind a PIN
    }
    endVisit("left");
    logout();
    if (!m_setup.active()) {
        SetupSinks sinks = m_setupSinks;
        if (!sinks.saver) {
            sinks.saver = m_saver; // the settings screen's writer: the same file, the same rules
        }
        m_setup.start(m_config, m_setupId, std::move(sinks));
        m_trialEnds = m_setup.trialFrom() ? m_clock.now() + kRotationTrialSeconds
                                          : std::numeric_limits<Seconds>::infinity();
    }
    m_nav.reset(Route{ScreenId::Setup});
}

void Kiosk::on(const intent::Setup& x) {
    if (m_nav.current().screen != ScreenId::Setup || !m_setup.active()) {
        return;
    }
    using A = intent::Setup::Action;
    switch (x.action) {
    case A::Key:
        m_setup.key(x.value);
        break;
    case A::Preset:
        m_setup.preset(x.value);
        break;
    case A::Province:
        m_setup.chooseProvince(x.value);
        break;
    case A::Back:
        m_setup.back();
        break;
    case A::SoundTest:
        m_setup.soundTested();
        m_visit.cue(Cue::Chime); // through the same sound path as "call the team"
        break;
    case A::Rotation:
        if (!m_restartForScreen) {
            applyRotation(m_setup.chooseRotation(std::atoi(x.value.c_str()), m_shownRotation));
        }
        break;
    case A::Next:
        if (m_restartForScreen) {
            break; // the screen is being turned
        }
        if (std::optional<Config> c = m_setup.next()) {
            for (const char* key : {"site_name", "kiosk_id", "province_code", "province_name",
                                    "commune_code", "commune_name"}) {
                copyEditableKey(key, *c, m_config);
            }
        }
        if (m_setup.finished()) {
            m_setupArmed = false;
            m_nav.reset(Route{ScreenId::Attract});
        }
        break;
    }
}

void Kiosk::applyRotation(const RotationChoice& r) {
    if (!r.saved) {
        return; // not saved: the setup says why
    }
    copyEditableKey("screen_rotation", *r.saved, m_config);
    if (!m_setup.trialFrom()) {
        m_trialEnds = std::numeric_limits<Seconds>::infinity();
    }
    if (r.restart) {
        log::info("setup: the screen's turn is now " + std::to_string(m_config.screenRotation) +
                  " degrees; the kiosk restarts so that its session turns the screen");
        m_restartForScreen = true;
    }
}

void Kiosk::rotationTick() {
    if (m_setup.active() && m_setup.trialFrom() && !m_restartForScreen &&
        m_clock.now() >= m_trialEnds) {
        log::warn("setup: the new turn of the screen was not confirmed in " +
                  std::to_string(kRotationTrialSeconds) + " s; going back to " +
                  std::to_string(*m_setup.trialFrom()) + " degrees");
        applyRotation(m_setup.undoRotation());
    }
}

int Kiosk::rotationTrialSecondsLeft() const {
    if (!m_setup.active() || !m_setup.trialFrom() || std::isinf(m_trialEnds)) {
        return 0;
    }
    return std::max(0, static_cast<int>(std::ceil(m_trialEnds - m_clock.now())));
}

} // namespace tramso
