// `tramso check-content`'s look at the voice: per language, how many steps have a recording,
// and which recordings are outdated (.txt no longer the step's words), unreadable, too long,
// or not used by any screen. Unreadable files are errors; the rest are warnings.
#pragma once
#include "kiosk/core/content/speech.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tramso::speech {

struct VoiceReport {
    std::string lang;
    int steps = 0;    // lesson steps (all lessons)
    int recorded = 0; // of them, with a recording in this language
    int outdated = 0;
    int unreadable = 0;
    int tooLong = 0;
    std::string summary() const; // "vi: 3 of 62 steps recorded, 1 outdated, …"
};

struct VoiceCheck {
    std::vector<VoiceReport> languages;
    Diagnostics diagnostics;
};

constexpr double kMaxRecordingSeconds = 60.0;

VoiceCheck checkVoices(const std::filesystem::path& assets, const SpeechContent& content);

} // namespace tramso::speech
