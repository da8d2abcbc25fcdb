// Narration policy: key changes stop the sink before anything else, so a resident who taps
// "Next" never hears the old step finish; the service guarantees no stale audio arrives.
#include "narrator.hpp"

namespace tramso::speech {

Narrator::Narrator(SpeechService& service, AudioSink& sink,
                   std::shared_ptr<const SpeechContent> content, const Clock& clock)
    : m_service(service), m_sink(sink), m_content(std::move(content)), m_clock(clock) {}

void Narrator::setContent(std::shared_ptr<const SpeechContent> content) {
    reset();
    m_content = std::move(content);
}

void Narrator::silence() {
    m_sink.stop();
    m_service.cancel();
    m_screen.reset();
    m_waiting = false;
}

void Narrator::start(const Utterance& u, const std::optional<Utterance>& next) {
    m_sink.stop();
    m_utterance = u;
    m_requestedAt = m_clock.now();
    if (u.empty()) {
        m_service.cancel();
        m_waiting = false;
        return;
    }
    m_service.request(u, next);
    m_waiting = true;
}

void Narrator::update(const NarrationState& s) {
    if (s.volume != m_volume) {
        m_volume = s.volume;
        m_sink.setVolume(s.volume);
    }
    if (!s.voiceOn || !s.screen) {
        if (m_screen) {
            silence();
        }
        return;
    }
    if (!m_screen || !m_screen->sameKey(*s.screen) || m_lang != s.lang) {
        m_screen = s.screen;
        m_lang = s.lang;
        std::optional<Utterance> next;
        if (auto n = nextScreen(*m_content, *s.screen)) {
            Utterance nu = utteranceFor(*m_content, *n, s.lang);
            if (!nu.empty()) {
                next = std::move(nu);
            }
        }
        start(utteranceFor(*m_content, *s.screen, s.lang), next);
    }
    if (m_waiting) {
        if (auto r = m_service.takeReady()) {
            m_waiting = false;
            m_sink.play(*r);
            m_stats.lastStartMs = (m_clock.now() - m_requestedAt) * 1000.0;
            ++m_stats.started;
            m_stats.late += m_stats.lastStartMs > kStartTargetMs;
        }
    }
}

void Narrator::listenAgain() {
    if (m_screen) {
        start(m_utterance, std::nullopt);
    }
}

void Narrator::reset() {
    silence();
}

} // namespace tramso::speech
