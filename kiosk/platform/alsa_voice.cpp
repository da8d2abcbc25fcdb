// ALSA playback of speech (Debian's libasound2, like the cues in sound.cpp). The device is
// opened per utterance, so the cues and the voice share "default" through dmix.
#include "alsa_voice.hpp"
#include "sound.hpp"

#include "kiosk/core/base/log.hpp"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tramso::platform {
namespace {
constexpr snd_pcm_uframes_t kBlock = speech::kSpeechRate / 50; // 20 ms
constexpr unsigned kLatencyUs = 100000;
} // namespace

AlsaVoice::AlsaVoice(std::string device) : m_device(std::move(device)) {
    silenceAlsaErrors();
    m_thread = std::thread([this] { run(); });
}

AlsaVoice::~AlsaVoice() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        ++m_generation;
    }
    m_cv.notify_all();
    m_thread.join();
}

void AlsaVoice::play(const speech::Ready& r) {
    {
        std::lock_guard lock(m_mutex);
        m_audio = r.audio;
        ++m_generation;
    }
    m_cv.notify_all();
}

void AlsaVoice::stop() {
    std::lock_guard lock(m_mutex);
    m_audio.reset();
    ++m_generation;
}

void AlsaVoice::setVolume(int step) {
    std::lock_guard lock(m_mutex);
    m_gain = speech::volumeGain(step);
}

bool AlsaVoice::playing() const {
    std::lock_guard lock(m_mutex);
    return m_busy || m_audio;
}

void AlsaVoice::run() {
    bool warned = false;
    std::vector<int16_t> block(kBlock);
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_quit || m_audio; });
        if (m_quit) {
            return;
        }
        std::shared_ptr<const speech::Audio> audio = std::move(m_audio);
        m_audio.reset();
        const uint64_t gen = m_generation;
        m_busy = true;
        lock.unlock();

        snd_pcm_t* pcm = nullptr;
        int err = snd_pcm_open(&pcm, m_device.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
        if (err >= 0) {
            err = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                                     static_cast<unsigned>(audio->pcm.rate), 1, kLatencyUs);
        }
        if (err < 0) {
            if (!warned) {
                log::warn("no sound for the voice on '" + m_device + "': " + snd_strerror(err) +
                          "; the kiosk runs silently (check voice_device, run tramso doctor)");
                warned = true;
            }
        } else {
            const std::vector<int16_t>& s = audio->pcm.samples;
            bool interrupted = false;
            for (size_t pos = 0; pos < s.size() && !interrupted;) {
                float gain;
                {
                    std::lock_guard g(m_mutex);
                    interrupted = m_generation != gen;
                    gain = m_gain;
                }
                if (interrupted) {
                    break;
                }
                const size_t n = std::min<size_t>(kBlock, s.size() - pos);
                for (size_t i = 0; i < n; ++i) {
                    block[i] = static_cast<int16_t>(std::lround(s[pos + i] * gain));
                }
                snd_pcm_sframes_t w = snd_pcm_writei(pcm, block.data(), n);
                if (w < 0) {
                    if (snd_pcm_recover(pcm, static_cast<int>(w), 1) < 0) {
                        break;
                    }
                    continue;
                }
                pos += static_cast<size_t>(w);
            }
            if (interrupted) {
                snd_pcm_drop(pcm); // discard what is buffered: silence now
            } else {
                snd_pcm_drain(pcm);
            }
        }
        if (pcm) {
            snd_pcm_close(pcm);
        }
        lock.lock();
        m_busy = false;
    }
}

bool probeVoiceDevice(const std::string& device, std::string& detail) {
    silenceAlsaErrors();
    int cards = 0;
    for (int card = -1; snd_card_next(&card) == 0 && card >= 0;) {
        ++cards;
    }
    snd_pcm_t* pcm = nullptr;
    int err = snd_pcm_open(&pcm, device.c_str(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
    if (err < 0) {
        detail = "no sound output on '" + device + "' (" + snd_strerror(err) + ", " +
                 std::to_string(cards) + " sound cards): the kiosk runs silently";
        return false;
    }
    snd_pcm_close(pcm);
    detail = "'" + device + "' opens (" + std::to_string(cards) + " sound cards)";
    return true;
}

} // namespace tramso::platform
