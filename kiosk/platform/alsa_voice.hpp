// The narration's sound card: an AudioSink playing speech through ALSA on its own thread, in
// short blocks so stop() silences within one block (about 20 ms). No sound card: logged once,
// the kiosk runs silently.
#pragma once
#include "kiosk/core/speech/speech_sink.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tramso::platform {

class AlsaVoice final : public speech::AudioSink {
  public:
    explicit AlsaVoice(std::string device = "default"); // config key voice_device
    ~AlsaVoice() override;
    AlsaVoice(const AlsaVoice&) = delete;
    AlsaVoice& operator=(const AlsaVoice&) = delete;

    void play(const speech::Ready& r) override;
    void stop() override;
    void setVolume(int step) override;
    bool playing() const;

  private:
    void run();
    const std::string m_device;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::shared_ptr<const speech::Audio> m_audio; // what to play next, null: nothing
    uint64_t m_generation = 0;                    // bumped by play() and stop()
    bool m_busy = false;
    float m_gain = speech::volumeGain(2);
    bool m_quit = false;
    std::thread m_thread;
};

// For `tramso doctor`: whether `device` opens for playback; `detail` says what was found.
bool probeVoiceDevice(const std::string& device, std::string& detail);

} // namespace tramso::platform
