// The one object the app talks to about voice: told each frame what the resident sees, it
// starts speaking a new screen at once, stops when the screen changes, and never waits.
// Everything slow happens in the SpeechService; the sink plays without blocking.
#pragma once
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/content/speech.hpp"
#include "speech_service.hpp"
#include "speech_sink.hpp"

#include <memory>
#include <optional>

namespace tramso::speech {

struct NarrationState {
    std::optional<ScreenState> screen; // nullopt: the screen says nothing (home, staff …)
    std::string lang = "vi";           // "vi", "en" or a language pack's code
    bool voiceOn = true;
    int volume = 2; // 1..3
};

struct NarratorStats {
    double lastStartMs = -1; // from the screen appearing to play() (ADA/issue target: 300 ms)
    int started = 0;
    int late = 0; // starts slower than kStartTargetMs
};

class Narrator {
  public:
    static constexpr double kStartTargetMs = 300.0;

    // The references must outlive the narrator; the words it reads are its own (`content`
    // keeps the content they come from alive, whatever is swapped in meanwhile).
    Narrator(SpeechService& service, AudioSink& sink, std::shared_ptr<const SpeechContent> content,
             const Clock& clock);
    // New content was swapped in: silence, and the words come from `content` from now on.
    void setContent(std::shared_ptr<const SpeechContent> content);
    // Every frame (cheap when nothing changed).
    void update(const NarrationState& state);
    // "Nghe lại / Listen again": the current screen from the start (from the cache).
    void listenAgain();
    // The visit ended (reset to attract): silence, and the next screen speaks afresh.
    void reset();
    NarratorStats stats() const { return m_stats; }

  private:
    void start(const Utterance& u, const std::optional<Utterance>& next);
    void silence();

    SpeechService& m_service;
    AudioSink& m_sink;
    std::shared_ptr<const SpeechContent> m_content;
    const Clock& m_clock;
    std::optional<ScreenState> m_screen; // what is being said
    std::string m_lang;
    Utterance m_utterance;
    bool m_waiting = false; // requested, not yet handed to the sink
    Seconds m_requestedAt = 0;
    int m_volume = -1;
    NarratorStats m_stats;
};

} // namespace tramso::speech
