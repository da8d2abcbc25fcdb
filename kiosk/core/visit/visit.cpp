// The visit's settings, idle timer, cues, events and player.
#include "visit.hpp"

namespace tramso {

Visit::Visit(const Config& config, const Clock& clock, SessionRecorder* recorder)
    : m_config(config), m_clock(clock), m_recorder(recorder ? recorder : &m_nullRecorder),
      m_settings(defaults()), m_idle(config.idleSeconds, config.warningSeconds) {
    m_idle.touch(m_clock.now());
}

VisitSettings Visit::defaults() const {
    VisitSettings s;
    s.lang = m_config.defaultLanguage;
    s.textSize = m_config.defaultTextSize;
    s.contrast = Contrast::Normal;
    s.voice = m_config.voice;
    s.voiceVolume = m_config.voiceVolume;
    return s;
}

void Visit::begin() {
    m_active = true;
    record(EventType::SessionStarted);
}

void Visit::end(const char* outcome, int assistedGroupSize) {
    leaveLesson();
    if (m_active) {
        SessionEvent e;
        e.type = EventType::SessionEnded;
        e.result = outcome;
        e.atSeconds = m_clock.now();
        e.language = m_settings.languageCode();
        e.textSize = std::string(toString(m_settings.textSize));
        e.contrast = std::string(toString(m_settings.contrast));
        e.voice = m_settings.voice;
        e.mode = assistedGroupSize > 0 ? "assisted" : "self";
        e.groupSize = assistedGroupSize > 0 ? assistedGroupSize : 1;
        m_recorder->record(e);
        m_active = false;
    }
    m_settings = defaults();
    m_warningShown = false;
    m_idle.touch(m_clock.now());
    ++m_ended;
}

void Visit::touch() {
    m_idle.touch(m_clock.now());
    m_warningShown = false;
}

void Visit::restartIdleTimer() {
    m_idle = IdleTimer(m_config.idleSeconds, m_config.warningSeconds);
    m_idle.touch(m_clock.now());
}

bool Visit::idleExpired() {
    switch (m_idle.phase(m_clock.now())) {
    case IdleTimer::Phase::Active:
        m_warningShown = false;
        return false;
    case IdleTimer::Phase::Warning:
        if (!m_warningShown) {
            m_warningShown = true;
            m_cues.push_back(Cue::IdleWarning);
        }
        return false;
    case IdleTimer::Phase::Expired:
        return true;
    }
    return false;
}

std::vector<Cue> Visit::takeCues() {
    std::vector<Cue> out;
    out.swap(m_cues);
    return out;
}

void Visit::record(EventType type, std::string portalId, std::string result) {
    SessionEvent e;
    e.type = type;
    e.portalId = std::move(portalId);
    e.result = std::move(result);
    e.atSeconds = m_clock.now();
    m_recorder->record(e);
}

void Visit::record(SessionEvent e) {
    e.atSeconds = m_clock.now();
    m_recorder->record(e);
}

void Visit::helpAsked() {
    SessionEvent e;
    e.type = EventType::HelpAsked;
    if (m_player) {
        e.tutorialId = m_player->tutorial().id;
        e.step = m_player->stepIndex();
    }
    e.atSeconds = m_clock.now();
    m_recorder->record(e);
}

void Visit::startLesson(const Tutorial& t, uint64_t seed) {
    leaveLesson();
    m_player.emplace(t, *m_recorder, m_clock, seed);
}

void Visit::leaveLesson() {
    if (m_player) {
        m_player->leave();
        m_player.reset();
    }
}

} // namespace tramso
