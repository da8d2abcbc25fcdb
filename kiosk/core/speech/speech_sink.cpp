// The file sink: what a test or a reviewer of the voice reads instead of listening.
#include "speech_sink.hpp"

#include "kiosk/core/base/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace tramso::speech {

float volumeGain(int step) {
    switch (std::clamp(step, 1, 3)) {
    case 1:
        return 0.4f;
    case 2:
        return 0.7f;
    default:
        return 1.0f;
    }
}

FileSink::FileSink(std::filesystem::path dir) : m_dir(std::move(dir)) {
    std::error_code ec;
    std::filesystem::create_directories(m_dir, ec);
    if (ec) {
        log::error("--speech-out " + m_dir.string() + ": " + ec.message() +
                   "; no speech files are written");
        m_failed = true;
    }
}

void FileSink::setVolume(int step) {
    std::lock_guard lock(m_mutex);
    m_volume = std::clamp(step, 1, 3);
}

int FileSink::written() const {
    std::lock_guard lock(m_mutex);
    return m_count;
}

void FileSink::play(const Ready& r) {
    std::lock_guard lock(m_mutex);
    if (m_failed || !r.audio) {
        return;
    }
    const UtteranceKey& k = r.utterance.key;
    char num[16];
    std::snprintf(num, sizeof num, "%04d", m_count + 1);
    std::string name = std::string(num) + "-" + std::string(toString(k.screen));
    if (!k.id.empty()) {
        name += "-" + k.id;
    }
    if (!k.stepName().empty()) {
        name += "-" + k.stepName();
    }
    name += "-" + k.lang + ".wav";
    Pcm pcm = r.audio->pcm;
    const float gain = volumeGain(m_volume);
    for (int16_t& s : pcm.samples) {
        s = static_cast<int16_t>(std::lround(s * gain));
    }
    std::string err;
    if (!writeWav(m_dir / name, pcm, err)) {
        log::error("--speech-out: " + err);
        m_failed = true;
        return;
    }
    nlohmann::json parts = nlohmann::json::array();
    for (const PartSource& p : r.audio->parts) {
        parts.push_back({{"source", toString(p.kind)}, {"lang", p.lang}, {"file", p.file}});
    }
    nlohmann::json line = {
        {"screen", toString(k.screen)},
        {"lesson", k.screen == SpeechScreen::Portal ? "" : k.id},
        {"portal", k.screen == SpeechScreen::Portal ? k.id : ""},
        {"step", k.stepName()},
        {"language", k.lang},
        {"source", toString(r.audio->source())},
        {"parts", parts},
        {"text", r.utterance.text()},
        {"file", name},
        {"duration_ms", std::lround(pcm.durationMs())},
        {"latency_ms", std::round(r.latencyMs * 10.0) / 10.0},
        {"cached", r.cached},
        {"volume", m_volume},
    };
    std::ofstream out(m_dir / "speech.jsonl", std::ios::app);
    out << line.dump() << "\n";
    if (!out) {
        log::error("--speech-out: cannot append to " + (m_dir / "speech.jsonl").string());
        m_failed = true;
        return;
    }
    ++m_count;
}

} // namespace tramso::speech
