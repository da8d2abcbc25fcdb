// Where speech goes: a sound card (platform/alsa_voice) or, for tests, files
// (`--speech-out DIR`: one WAV per utterance and a JSON line each in DIR/speech.jsonl).
// play() and stop() never wait for audio; stop() silences at once.
#pragma once
#include "speech_service.hpp"

#include <filesystem>
#include <mutex>

namespace tramso::speech {

// Loudness of the three volume steps (1 quiet, 2 normal, 3 loud).
float volumeGain(int step);

class AudioSink {
  public:
    virtual ~AudioSink() = default;
    virtual void play(const Ready& r) = 0;
    virtual void stop() = 0;
    virtual void setVolume(int step) = 0; // 1..3
};

class FileSink final : public AudioSink {
  public:
    // Creates `dir`; a problem is logged once and nothing is written.
    explicit FileSink(std::filesystem::path dir);
    // Writes the WAV (at the current volume) and appends the JSON line. The files are small
    // (a step is a few hundred kilobytes) and this sink runs only in tests.
    void play(const Ready& r) override;
    void stop() override {}
    void setVolume(int step) override;
    int written() const;

  private:
    std::filesystem::path m_dir;
    mutable std::mutex m_mutex;
    int m_volume = 2;
    int m_count = 0;
    bool m_failed = false;
};

} // namespace tramso::speech
