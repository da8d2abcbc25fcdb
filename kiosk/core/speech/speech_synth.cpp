// Synchronous eSpeak NG: espeak_Synth returns when the text is done, handing samples to the
// callback in blocks; returning 1 from the callback stops it (our cancellation).
#include "speech_synth.hpp"

#include <espeak-ng/speak_lib.h>

#include <filesystem>
#include <mutex>

namespace tramso::speech {
namespace {

std::mutex g_engine; // eSpeak's state is global
int g_rate = 0;      // 0: not tried yet; < 0: failed
std::string g_error;

struct Collect {
    Pcm* pcm;
    const std::atomic<bool>* cancel;
};

int onSamples(short* wav, int n, espeak_EVENT* events) {
    auto* c = static_cast<Collect*>(events ? events->user_data : nullptr);
    if (!c) {
        return 0;
    }
    if (c->cancel && c->cancel->load()) {
        return 1;
    }
    if (wav && n > 0) {
        c->pcm->samples.insert(c->pcm->samples.end(), wav, wav + n);
    }
    return 0;
}

// Called with g_engine held.
bool start() {
    if (g_rate == 0) {
        g_rate =
            espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (g_rate <= 0) {
            g_rate = -1;
            g_error = "eSpeak NG could not start (is espeak-ng-data installed?)";
        } else {
            espeak_SetSynthCallback(onSamples);
            // a little slower than eSpeak's 175 words a minute, for elderly listeners
            espeak_SetParameter(espeakRATE, 150, 0);
        }
    }
    return g_rate > 0;
}

bool selectVoice(std::string_view lang) {
    return espeak_SetVoiceByName(std::string(lang).c_str()) == EE_OK;
}

} // namespace

Synthesizer::Synthesizer() {
    std::lock_guard lock(g_engine);
    m_ok = start();
    m_error = g_error;
}

bool Synthesizer::hasVoice(std::string_view lang) const {
    if (!m_ok) {
        return false;
    }
    std::lock_guard lock(g_engine);
    return selectVoice(lang);
}

std::optional<Pcm> Synthesizer::speak(std::string_view text, std::string_view lang,
                                      const std::atomic<bool>* cancel) const {
    if (!m_ok) {
        return std::nullopt;
    }
    std::lock_guard lock(g_engine);
    if (!selectVoice(lang)) {
        return std::nullopt;
    }
    Pcm pcm;
    pcm.rate = g_rate;
    Collect c{&pcm, cancel};
    const std::string s(text);
    espeak_ERROR err =
        espeak_Synth(s.c_str(), s.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &c);
    if (err != EE_OK || (cancel && cancel->load())) {
        return std::nullopt;
    }
    if (pcm.rate != kSpeechRate) {
        std::vector<float> f(pcm.samples.begin(), pcm.samples.end());
        f = resample(f, pcm.rate, kSpeechRate);
        pcm.samples.assign(f.begin(), f.end());
        pcm.rate = kSpeechRate;
    }
    return pcm;
}

std::string Synthesizer::dataPath() {
    const char* path = nullptr;
    {
        std::lock_guard lock(g_engine);
        espeak_Info(&path);
    }
    if (!path || !std::filesystem::is_directory(path)) {
        return {};
    }
    return path;
}

} // namespace tramso::speech
