// Speech audio as plain data: 16-bit mono PCM at one rate (eSpeak NG's own, 22050 Hz), so
// recordings, synthesis, the ALSA sink and the WAV files all agree. Decoding through
// libsndfile (Debian 12's 1.2.0 reads ogg/vorbis, flac, wav and mp3).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tramso::speech {

constexpr int kSpeechRate = 22050;

struct Pcm {
    int rate = kSpeechRate;
    std::vector<int16_t> samples;
    double durationMs() const {
        return rate > 0 ? 1000.0 * static_cast<double>(samples.size()) / rate : 0.0;
    }
    size_t bytes() const { return samples.size() * sizeof(int16_t); }
};

// Any supported file, mixed to mono and resampled to kSpeechRate. On failure: nullopt and
// `error` says why in words a team member understands.
std::optional<Pcm> decodeFile(const std::filesystem::path& file, std::string& error);
// Only the length, without decoding (for check-content); nullopt when unreadable.
std::optional<double> fileDurationSeconds(const std::filesystem::path& file, std::string& error);

// Linear interpolation: speech needs nothing finer, and it keeps decoding cheap.
std::vector<float> resample(const std::vector<float>& in, int fromRate, int toRate);

// A 16-bit mono WAV file (written through libsndfile).
bool writeWav(const std::filesystem::path& file, const Pcm& pcm, std::string& error);

// Root mean square of the samples, 0..1 of full scale.
double rms(const Pcm& pcm);

// Appends `ms` of silence (a pause between the parts of an utterance).
void appendSilence(Pcm& pcm, int ms);

} // namespace tramso::speech
