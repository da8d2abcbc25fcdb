// The setup part of the coordinator: where the first-start setup takes the kiosk and what a
// saved step changes at once (the name on the attract screen, the id of new visits). The
// steps' rules live in SetupFlow.
#include "kiosk.hpp"

namespace tramso {

void Kiosk::armSetup(std::string suggestedId, SetupSinks sinks, bool show) {
    m_setupArmed = true;
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
    case A::Next:
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

} // namespace tramso
