// ALSA playback (Debian's libasound2): the standard way to reach a Linux sound card.
#include "sound.hpp"

#include "kiosk/core/base/log.hpp"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <cmath>

namespace tramso::platform {
namespace {
constexpr unsigned kRate = 44100;

void tone(std::vector<short>& out, double freq, double seconds, double volume) {
    const size_t n = static_cast<size_t>(seconds * kRate);
    for (size_t i = 0; i < n; ++i) {
        double t = static_cast<double>(i) / kRate;
        double attack = std::min(1.0, t / 0.01);
        double env = attack * std::exp(-t * 4.0);
        double v = std::sin(2 * M_PI * freq * t) + 0.3 * std::sin(4 * M_PI * freq * t);
        out.push_back(static_cast<short>(std::clamp(v * env * volume, -1.0, 1.0) * 32000));
    }
}
} // namespace

std::vector<short> synthesize(Cue cue) {
    std::vector<short> s;
    if (cue == Cue::Chime) { // a warm "ding-dong"
        tone(s, 659.3, 0.6, 0.5);
        tone(s, 523.3, 0.9, 0.5);
    } else { // three soft beeps
        for (int i = 0; i < 3; ++i) {
            tone(s, 880.0, 0.25, 0.4);
            s.insert(s.end(), kRate / 8, 0);
        }
    }
    return s;
}

namespace {
void quietAlsa(const char*, int, const char*, int, const char*, ...) {}
} // namespace

void silenceAlsaErrors() {
    snd_lib_error_set_handler(quietAlsa);
}

Sound::Sound() : m_thread([this] { run(); }) {
    silenceAlsaErrors();
}

Sound::~Sound() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

void Sound::play(Cue cue) {
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.size() < 4) {
            m_queue.push_back(cue);
        }
    }
    m_cv.notify_all();
}

void Sound::run() {
    bool warned = false;
    for (;;) {
        Cue cue;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) {
                return;
            }
            cue = m_queue.front();
            m_queue.pop_front();
        }
        snd_pcm_t* pcm = nullptr;
        int err = snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, 0);
        if (err >= 0) {
            err = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                                     kRate, 1, 200000);
        }
        if (err < 0) {
            if (!warned) {
                log::warn(std::string("no sound: ") + snd_strerror(err));
                warned = true;
            }
            if (pcm) {
                snd_pcm_close(pcm);
            }
            continue;
        }
        std::vector<short> samples = synthesize(cue);
        const short* p = samples.data();
        snd_pcm_uframes_t left = samples.size();
        while (left > 0) {
            snd_pcm_sframes_t n = snd_pcm_writei(pcm, p, left);
            if (n < 0) {
                n = snd_pcm_recover(pcm, static_cast<int>(n), 1);
                if (n < 0) {
                    break;
                }
                continue;
            }
            p += n;
            left -= static_cast<snd_pcm_uframes_t>(n);
        }
        snd_pcm_drain(pcm);
        snd_pcm_close(pcm);
    }
}

} // namespace tramso::platform
