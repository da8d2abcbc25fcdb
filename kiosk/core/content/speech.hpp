// What the kiosk says on each screen (an Utterance: the words, in parts, each with the name
// of the recording that may replace it), the language packs of assets/languages.toml, and
// where each part's sound comes from: a recording, eSpeak NG, or nothing.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"
#include "tutorial.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tramso::speech {

// The screens that speak.
enum class SpeechScreen { Step, Check, Feedback, End, IdleWarning, Portal };
std::string_view toString(SpeechScreen s);

// What the resident sees now, as far as the voice cares. The UI fills it each frame.
struct ScreenState {
    SpeechScreen screen = SpeechScreen::Step;
    std::string id;      // lesson id (Step, Check, Feedback, End) or portal id (Portal)
    int step = 0;        // 1-based step (Step; Check and Feedback: the step holding the check)
    bool right = false;  // Feedback: whether the answer was right
    int secondsLeft = 0; // IdleWarning: the countdown when it appeared (not part of the key)
    // Check: the order the screen shows the options in, taken from the one that owns it (the
    // lesson player's checkOrder()): element k is the file id of the option shown k-th. Empty
    // (or not a permutation of the options): file order.
    std::vector<int> order = {};
    bool sameKey(const ScreenState& o) const {
        return screen == o.screen && id == o.id && step == o.step && right == o.right &&
               order == o.order;
    }
};

// Which utterance this is: the cache key, and what --speech-out reports.
struct UtteranceKey {
    SpeechScreen screen = SpeechScreen::Step;
    std::string id;
    int step = 0;
    bool right = false;
    std::string lang; // "vi", "en" or a language pack's code
    bool operator==(const UtteranceKey&) const = default;
    // "3", "check", "check-right", "check-wrong", "end"; empty on other screens
    std::string stepName() const;
    std::string str() const; // "step/giu-bi-mat-otp/3/vi"
};

// One piece of an utterance with a recording of its own.
struct Part {
    std::string text;      // the words on screen (in textLang)
    std::string textLang;  // "vi" or "en"
    std::string recording; // stem under assets/voice/<lang>/: "<lesson>/<step>" or "ui/<key>"
    bool operator==(const Part&) const = default;
};

struct Utterance {
    UtteranceKey key;
    std::vector<Part> parts;
    bool empty() const { return parts.empty(); }
    std::string text() const; // all parts, one line each
};

// A language beyond vi/en (assets/languages.toml). Its text is its fallback's; its
// recordings live in assets/voice/<code>/.
struct LanguagePack {
    std::string code;                                       // "hmn"
    std::string name;                                       // in its own script: "Hmoob"
    std::string nameVi;                                     // "Tiếng Mông"
    std::string fallback = "vi";                            // "vi", "en" or another pack
    std::map<std::string, std::string, std::less<>> titles; // lesson id -> title
};

class LanguageSet {
  public:
    // A missing file means no packs; problems go to `diag` and cost only that language.
    static LanguageSet load(const std::filesystem::path& assets, Diagnostics& diag);
    static LanguageSet parse(std::string_view toml, const std::string& fileName, Diagnostics& diag);
    const LanguagePack* find(std::string_view code) const;
    const std::vector<LanguagePack>& packs() const { return m_packs; }
    // The languages whose recordings are tried, in order: {"hmn", "vi"}; {"en"}.
    std::vector<std::string> chain(std::string_view code) const;
    // The language the words are in: "vi" or "en".
    std::string textLang(std::string_view code) const;
    Lang text(std::string_view code) const { return textLang(code) == "en" ? Lang::En : Lang::Vi; }
    // A lesson's title in `code`: the pack's own title, else its fallback's text.
    std::string title(std::string_view code, const Tutorial& t) const;

  private:
    std::vector<LanguagePack> m_packs;
};

struct LanguageChoice {
    std::string code;
    std::string name;   // its own name
    std::string nameVi; // its Vietnamese name
    // the words its screens show (a pack: the language its fallback leads to)
    Lang text = Lang::Vi;
    bool pack() const { return code != "vi" && code != "en"; }
};
// vi and en, then every pack with at least one lesson title or one recording (it reads the
// folders under assets/voice/: call it when the content loads, never while drawing).
std::vector<LanguageChoice> selectableLanguages(const LanguageSet& langs,
                                                const std::filesystem::path& assets,
                                                const TutorialSet& tutorials);

// Everything an utterance is made from.
struct SpeechContent {
    const Strings& strings;
    const TutorialSet& tutorials;
    const PortalRegistry* portals = nullptr; // a portal screen for an unknown id says nothing
    const LanguageSet& languages;
};

// The words for a screen in a language: empty when the screen has nothing to say (an unknown
// lesson, a step past the end, a step without a check).
Utterance utteranceFor(const SpeechContent& content, const ScreenState& screen,
                       std::string_view lang);
// The screen the resident most likely sees next (prepared ahead), if any.
std::optional<ScreenState> nextScreen(const SpeechContent& content, const ScreenState& screen);

// Where a part's sound comes from.
enum class SourceKind { Recorded, Synth, Silent };
std::string_view toString(SourceKind k);

struct Source {
    SourceKind kind = SourceKind::Silent;
    std::filesystem::path file; // Recorded: the recording
    std::string lang;           // Recorded: its language; Synth: the voice ("vi", "en")
    std::string text;           // Synth: the words to synthesise
    // Recordings passed over because their .txt no longer matches the words.
    std::vector<std::filesystem::path> outdated;
};

constexpr const char* kRecordingExtensions[] = {".ogg", ".wav", ".flac", ".mp3"};

// The recording for `stem` in `lang` (first existing extension), if any.
std::optional<std::filesystem::path> findRecording(const std::filesystem::path& voiceDir,
                                                   std::string_view lang, std::string_view stem);
// Whether a recording's .txt (beside it) says other words than `text`. No .txt: not outdated.
bool recordingOutdated(const std::filesystem::path& recording, std::string_view text);

// Recordings of each language in the chain first (an outdated one is passed over), then
// synthesis in the text language when `canSynth` says it has that voice, then silence.
Source resolveSource(const Part& part, std::string_view lang, const LanguageSet& langs,
                     const std::filesystem::path& voiceDir,
                     const std::function<bool(std::string_view)>& canSynth);

} // namespace tramso::speech
