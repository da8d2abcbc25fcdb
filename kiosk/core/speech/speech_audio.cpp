// libsndfile decoding and writing; the resampler is a plain linear interpolation.
#include "speech_audio.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cmath>

namespace tramso::speech {
namespace {
// A team's recording longer than this is not a step's instruction; refuse rather than fill
// memory (check-content reports anything over 60 s).
constexpr double kMaxDecodeSeconds = 180.0;

struct SndFile {
    SNDFILE* f = nullptr;
    SF_INFO info{};
    explicit SndFile(const std::filesystem::path& p, int mode = SFM_READ) {
        f = sf_open(p.c_str(), mode, &info);
    }
    SndFile(const std::filesystem::path& p, const SF_INFO& i) : info(i) {
        f = sf_open(p.c_str(), SFM_WRITE, &info);
    }
    ~SndFile() {
        if (f) {
            sf_close(f);
        }
    }
    SndFile(const SndFile&) = delete;
    SndFile& operator=(const SndFile&) = delete;
};
} // namespace

std::vector<float> resample(const std::vector<float>& in, int fromRate, int toRate) {
    if (fromRate == toRate || in.empty() || fromRate <= 0 || toRate <= 0) {
        return in;
    }
    const double step = static_cast<double>(fromRate) / toRate;
    const size_t n = static_cast<size_t>(static_cast<double>(in.size()) / step);
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) {
        const double pos = static_cast<double>(i) * step;
        const size_t a = static_cast<size_t>(pos);
        const size_t b = std::min(a + 1, in.size() - 1);
        const float frac = static_cast<float>(pos - static_cast<double>(a));
        out[i] = in[a] * (1.0f - frac) + in[b] * frac;
    }
    return out;
}

std::optional<double> fileDurationSeconds(const std::filesystem::path& file, std::string& error) {
    SndFile s(file);
    if (!s.f) {
        error = sf_strerror(nullptr);
        return std::nullopt;
    }
    if (s.info.samplerate <= 0 || s.info.channels <= 0) {
        error = "no audio in the file";
        return std::nullopt;
    }
    return static_cast<double>(s.info.frames) / s.info.samplerate;
}

std::optional<Pcm> decodeFile(const std::filesystem::path& file, std::string& error) {
    SndFile s(file);
    if (!s.f) {
        error = std::string("cannot be read as audio (") + sf_strerror(nullptr) + ")";
        return std::nullopt;
    }
    const int ch = s.info.channels;
    if (s.info.samplerate <= 0 || ch <= 0) {
        error = "has no audio";
        return std::nullopt;
    }
    if (s.info.frames > static_cast<sf_count_t>(kMaxDecodeSeconds * s.info.samplerate)) {
        error = "is longer than 3 minutes";
        return std::nullopt;
    }
    // frames may be unknown (SF_COUNT_MAX) for some streams: read in blocks until the end
    std::vector<float> mono;
    std::vector<float> block(4096 * static_cast<size_t>(ch));
    for (;;) {
        sf_count_t got = sf_readf_float(s.f, block.data(), 4096);
        if (got <= 0) {
            break;
        }
        for (sf_count_t i = 0; i < got; ++i) {
            float sum = 0;
            for (int c = 0; c < ch; ++c) {
                sum += block[static_cast<size_t>(i * ch + c)];
            }
            mono.push_back(sum / static_cast<float>(ch));
        }
        if (mono.size() > static_cast<size_t>(kMaxDecodeSeconds * s.info.samplerate)) {
            error = "is longer than 3 minutes";
            return std::nullopt;
        }
    }
    if (sf_error(s.f) != SF_ERR_NO_ERROR) {
        error = std::string("is damaged (") + sf_strerror(s.f) + ")";
        return std::nullopt;
    }
    if (mono.empty()) {
        error = "has no audio";
        return std::nullopt;
    }
    std::vector<float> r = resample(mono, s.info.samplerate, kSpeechRate);
    Pcm pcm;
    pcm.samples.resize(r.size());
    std::transform(r.begin(), r.end(), pcm.samples.begin(), [](float v) {
        return static_cast<int16_t>(std::lround(std::clamp(v, -1.0f, 1.0f) * 32767.0f));
    });
    return pcm;
}

bool writeWav(const std::filesystem::path& file, const Pcm& pcm, std::string& error) {
    SF_INFO info{};
    info.samplerate = pcm.rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SndFile s(file, info);
    if (!s.f) {
        error = file.string() + ": " + sf_strerror(nullptr);
        return false;
    }
    const auto n = static_cast<sf_count_t>(pcm.samples.size());
    if (sf_write_short(s.f, pcm.samples.data(), n) != n) {
        error = file.string() + ": " + sf_strerror(s.f);
        return false;
    }
    return true;
}

double rms(const Pcm& pcm) {
    if (pcm.samples.empty()) {
        return 0.0;
    }
    double sum = 0;
    for (int16_t v : pcm.samples) {
        const double x = v / 32768.0;
        sum += x * x;
    }
    return std::sqrt(sum / static_cast<double>(pcm.samples.size()));
}

void appendSilence(Pcm& pcm, int ms) {
    pcm.samples.insert(pcm.samples.end(), static_cast<size_t>(pcm.rate) * ms / 1000, 0);
}

} // namespace tramso::speech
