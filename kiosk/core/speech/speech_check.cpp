// Walks every utterance of every lesson (and the ui/ recordings) in every language, then
// every file under assets/voice/ to find the ones nothing uses (a misspelt name).
#include "speech_check.hpp"

#include "speech_audio.hpp"

#include <set>

namespace tramso::speech {
namespace fs = std::filesystem;

std::string VoiceReport::summary() const {
    std::string s =
        lang + ": " + std::to_string(recorded) + " of " + std::to_string(steps) + " steps recorded";
    if (outdated) {
        s += ", " + std::to_string(outdated) + " outdated";
    }
    if (unreadable) {
        s += ", " + std::to_string(unreadable) + " unreadable";
    }
    if (tooLong) {
        s += ", " + std::to_string(tooLong) + " longer than 60 s";
    }
    return s;
}

VoiceCheck checkVoices(const fs::path& assets, const SpeechContent& content) {
    VoiceCheck out;
    const fs::path voiceDir = assets / "voice";
    std::vector<std::string> langs = {"vi", "en"};
    for (const LanguagePack& p : content.languages.packs()) {
        langs.push_back(p.code);
    }
    std::set<fs::path> used;
    auto warn = [&](const fs::path& f, const std::string& m) {
        out.diagnostics.push_back({Diagnostic::Severity::Warning, f.string(), 0, m});
    };
    for (const std::string& lang : langs) {
        VoiceReport r;
        r.lang = lang;
        std::set<std::string> seenStems;
        auto visit = [&](const Utterance& u, bool isStep) {
            for (const Part& part : u.parts) {
                if (!seenStems.insert(part.recording).second) {
                    continue; // ui/ parts repeat on every lesson
                }
                auto rec = findRecording(voiceDir, lang, part.recording);
                if (!rec) {
                    continue;
                }
                used.insert(*rec);
                std::string err;
                auto secs = fileDurationSeconds(*rec, err);
                if (!secs) {
                    ++r.unreadable;
                    out.diagnostics.push_back(
                        {Diagnostic::Severity::Error, rec->string(), 0,
                         "cannot be read as audio (" + err +
                             "); record it again as .ogg, .wav, .flac or .mp3"});
                    continue;
                }
                if (*secs > kMaxRecordingSeconds) {
                    ++r.tooLong;
                    warn(*rec, "is " + std::to_string(static_cast<int>(*secs)) +
                                   " s long; keep a step under 60 s");
                }
                if (recordingOutdated(*rec, part.text)) {
                    ++r.outdated;
                    std::string words = part.text; // one line per diagnostic
                    for (size_t nl = words.find('\n'); nl != std::string::npos;
                         nl = words.find('\n', nl)) {
                        words.replace(nl, 1, " / ");
                    }
                    fs::path txt = *rec;
                    txt.replace_extension(".txt");
                    warn(*rec, "is outdated: " + txt.filename().string() +
                                   " no longer matches the words on screen; record it again "
                                   "(the synthesizer reads this part until then): \"" +
                                   words + "\"");
                    continue;
                }
                r.recorded += isStep;
            }
        };
        for (const Tutorial& t : content.tutorials.tutorials) {
            for (size_t i = 0; i < t.steps.size(); ++i) {
                ScreenState s;
                s.id = t.id;
                s.step = static_cast<int>(i) + 1;
                s.screen = SpeechScreen::Step;
                ++r.steps;
                visit(utteranceFor(content, s, lang), true);
                if (t.steps[i].check) {
                    s.screen = SpeechScreen::Check;
                    visit(utteranceFor(content, s, lang), false);
                    s.screen = SpeechScreen::Feedback;
                    for (bool right : {true, false}) {
                        s.right = right;
                        visit(utteranceFor(content, s, lang), false);
                    }
                    s.right = false;
                }
            }
            visit(utteranceFor(content, {SpeechScreen::End, t.id}, lang), false);
        }
        ScreenState idle{SpeechScreen::IdleWarning, ""};
        visit(utteranceFor(content, idle, lang), false);
        // the portal screen's steps are the same for every portal
        const SpeechContent anyPortal{content.strings, content.tutorials, nullptr,
                                      content.languages};
        visit(utteranceFor(anyPortal, {SpeechScreen::Portal, ""}, lang), false);
        out.languages.push_back(r);
    }
    // recordings no screen uses: a misspelt lesson id or step number
    std::error_code ec;
    if (fs::is_directory(voiceDir, ec)) {
        for (auto it = fs::recursive_directory_iterator(voiceDir, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const fs::path& p = it->path();
            bool audio = false;
            for (const char* e : kRecordingExtensions) {
                audio |= p.extension() == e;
            }
            const std::string ext = p.extension().string();
            if (ext == ".m4a" || ext == ".aac" || ext == ".amr" || ext == ".3gp" || ext == ".wma" ||
                ext == ".opus") {
                warn(p, "cannot be played: save it as .mp3, .ogg, .wav or .flac (ffmpeg -i " +
                            p.filename().string() + " " + p.stem().string() + ".ogg)");
                continue;
            }
            if (audio && it->is_regular_file(ec) && !used.count(p)) {
                warn(p, "is not used by any screen: name it assets/voice/<language>/<lesson "
                        "id>/<step number>" +
                            p.extension().string() + " (see assets/voice/README.md)");
            }
        }
    }
    return out;
}

} // namespace tramso::speech
