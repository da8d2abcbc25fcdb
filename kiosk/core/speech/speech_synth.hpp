// eSpeak NG (Debian's libespeak-ng1 + espeak-ng-data) behind a small class: text in, PCM out,
// offline. eSpeak keeps global state, so every Synthesizer shares one engine under a lock;
// the speech worker is its only regular user.
#pragma once
#include "speech_audio.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

namespace tramso::speech {

class Synthesizer {
  public:
    Synthesizer(); // initialises the engine once per process (loads espeak-ng-data)
    // Whether the engine started and has the voice ("vi", "en").
    bool ok() const { return m_ok; }
    bool hasVoice(std::string_view lang) const;
    const std::string& error() const { return m_error; }
    // The words (already made speakable) in `lang`'s voice at kSpeechRate; nullopt when the
    // engine or the voice is missing, or `cancel` became true while synthesising.
    std::optional<Pcm> speak(std::string_view text, std::string_view lang,
                             const std::atomic<bool>* cancel = nullptr) const;
    // Where espeak-ng-data was found (for `tramso doctor`), empty when not.
    static std::string dataPath();

  private:
    bool m_ok = false;
    std::string m_error;
};

} // namespace tramso::speech
