// The utterance model and source resolution: pure functions of the content, the screen and
// the files under assets/voice/, so every rule is unit-tested without sound.
#include "speech.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"
#include "portals.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <regex>
#include <set>

namespace tramso::speech {
namespace fs = std::filesystem;

constexpr std::pair<SpeechScreen, std::string_view> kScreenNames[] = {
    {SpeechScreen::Step, "step"},         {SpeechScreen::Check, "check"},
    {SpeechScreen::Feedback, "feedback"}, {SpeechScreen::End, "end"},
    {SpeechScreen::IdleWarning, "idle"},  {SpeechScreen::Portal, "portal"}};
constexpr std::pair<SourceKind, std::string_view> kSourceNames[] = {
    {SourceKind::Recorded, "recorded"},
    {SourceKind::Synth, "synth"},
    {SourceKind::Silent, "silent"}};

std::string_view toString(SpeechScreen s) {
    return lookup(kScreenNames, s, std::string_view("?"));
}

std::string_view toString(SourceKind k) {
    return lookup(kSourceNames, k, std::string_view("?"));
}

std::string UtteranceKey::stepName() const {
    switch (screen) {
    case SpeechScreen::Step:
        return std::to_string(step);
    case SpeechScreen::Check:
        return "check";
    case SpeechScreen::Feedback:
        return right ? "check-right" : "check-wrong";
    case SpeechScreen::End:
        return "end";
    default:
        return {};
    }
}

std::string UtteranceKey::str() const {
    std::string s(toString(screen));
    s += "/" + id + "/" + stepName() + "/" + lang;
    return s;
}

std::string Utterance::text() const {
    std::string all;
    for (const Part& p : parts) {
        if (!all.empty()) {
            all += "\n";
        }
        all += p.text;
    }
    return all;
}

// --- language packs -----------------------------------------------------------------------

LanguageSet LanguageSet::parse(std::string_view toml, const std::string& fileName,
                               Diagnostics& diag) {
    LanguageSet set;
    auto parsed = parseToml(toml, fileName, diag, "; no extra languages are offered");
    if (!parsed) {
        return set;
    }
    const toml::table& t = *parsed;
    const toml::node* list = t.get("language");
    if (!list) {
        return set;
    }
    const toml::array* arr = list->as_array();
    if (!arr) {
        diag.push_back({Diagnostic::Severity::Error, fileName,
                        static_cast<int>(list->source().begin.line),
                        "languages must be written as [[language]] tables"});
        return set;
    }
    // two or three lowercase letters, as the statistics store a visit's language
    static const std::regex kCode("[a-z]{2,3}");
    std::set<std::string> seen = {"vi", "en"};
    for (const toml::node& n : *arr) {
        const int line = static_cast<int>(n.source().begin.line);
        const toml::table* lt = n.as_table();
        auto bad = [&](const std::string& what) {
            diag.push_back({Diagnostic::Severity::Error, fileName, line,
                            what + "; this language is left out"});
        };
        if (!lt) {
            bad("each [[language]] must be a table");
            continue;
        }
        LanguagePack p;
        auto str = [&](const char* key, std::string& out) {
            if (auto v = lt->get(key); v && v->is_string()) {
                out = *v->value<std::string>();
                if (auto nfc = text::toNfc(out)) {
                    out = *nfc;
                    return true;
                }
            }
            return false;
        };
        if (!str("code", p.code) || !std::regex_match(p.code, kCode)) {
            bad("'code' must be a language code such as \"hmn\"");
            continue;
        }
        if (!seen.insert(p.code).second) {
            bad("language '" + p.code + "' is declared twice (or is vi/en)");
            continue;
        }
        if (!str("name", p.name) || p.name.empty()) {
            bad("language '" + p.code + "' needs 'name', its name in its own language");
            continue;
        }
        if (!str("name_vi", p.nameVi) || p.nameVi.empty()) {
            bad("language '" + p.code + "' needs 'name_vi', its Vietnamese name");
            continue;
        }
        if (lt->contains("fallback") && !str("fallback", p.fallback)) {
            bad("language '" + p.code + "': 'fallback' must be a language code");
            continue;
        }
        if (const toml::node* tn = lt->get("titles")) {
            const toml::table* tt = tn->as_table();
            if (!tt) {
                bad("language '" + p.code + "': 'titles' must be a table of lesson id = title");
                continue;
            }
            for (const auto& [id, title] : *tt) {
                auto v = title.value<std::string>();
                auto nfc = v ? text::toNfc(*v) : std::nullopt;
                if (!title.is_string() || !nfc || nfc->empty()) {
                    diag.push_back({Diagnostic::Severity::Warning, fileName,
                                    static_cast<int>(title.source().begin.line),
                                    "title of '" + std::string(id.str()) +
                                        "' must be a text; the fallback title is shown"});
                    continue;
                }
                p.titles[std::string(id.str())] = *nfc;
            }
        }
        set.m_packs.push_back(std::move(p));
    }
    // a fallback must lead, eventually, to vi or en
    std::vector<LanguagePack> kept;
    for (const LanguagePack& p : set.m_packs) {
        std::string code = p.fallback;
        std::set<std::string> path = {p.code};
        bool ok = false;
        while (path.insert(code).second) {
            if (code == "vi" || code == "en") {
                ok = true;
                break;
            }
            const LanguagePack* f = set.find(code);
            if (!f) {
                break;
            }
            code = f->fallback;
        }
        if (ok) {
            kept.push_back(p);
        } else {
            diag.push_back({Diagnostic::Severity::Error, fileName, 0,
                            "language '" + p.code + "': fallback '" + p.fallback +
                                "' does not lead to vi or en; this language is left out"});
        }
    }
    set.m_packs = std::move(kept);
    return set;
}

LanguageSet LanguageSet::load(const fs::path& assets, Diagnostics& diag) {
    const fs::path file = assets / "languages.toml";
    if (!fs::exists(file)) {
        return {};
    }
    auto contents = readOrReport(file, "cannot be read; no extra languages are offered", diag);
    return contents ? parse(*contents, file.string(), diag) : LanguageSet{};
}

const LanguagePack* LanguageSet::find(std::string_view code) const {
    for (const LanguagePack& p : m_packs) {
        if (p.code == code) {
            return &p;
        }
    }
    return nullptr;
}

std::vector<std::string> LanguageSet::chain(std::string_view code) const {
    std::vector<std::string> out;
    std::string c(code);
    for (int guard = 0; guard < 8; ++guard) {
        out.push_back(c);
        const LanguagePack* p = find(c);
        if (!p) {
            break;
        }
        c = p->fallback;
    }
    return out;
}

std::string LanguageSet::textLang(std::string_view code) const {
    for (const std::string& c : chain(code)) {
        if (c == "vi" || c == "en") {
            return c;
        }
    }
    return "vi";
}

std::string LanguageSet::title(std::string_view code, const Tutorial& t) const {
    for (const std::string& c : chain(code)) {
        if (const LanguagePack* p = find(c)) {
            if (auto it = p->titles.find(t.id); it != p->titles.end()) {
                return it->second;
            }
        }
    }
    return t.title.get(text(code));
}

namespace {
bool hasAnyRecording(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return false;
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        for (const char* e : kRecordingExtensions) {
            if (ext == e && it->is_regular_file(ec)) {
                return true;
            }
        }
    }
    return false;
}
} // namespace

std::vector<LanguageChoice> selectableLanguages(const LanguageSet& langs, const fs::path& assets,
                                                const TutorialSet& tutorials) {
    std::vector<LanguageChoice> out = {{"vi", "Tiếng Việt", "Tiếng Việt", Lang::Vi},
                                       {"en", "English", "Tiếng Anh", Lang::En}};
    for (const LanguagePack& p : langs.packs()) {
        bool titled = false;
        for (const auto& [id, title] : p.titles) {
            titled |= tutorials.find(id) != nullptr;
        }
        if (titled || hasAnyRecording(assets / "voice" / p.code)) {
            out.push_back({p.code, p.name, p.nameVi, langs.text(p.code)});
        }
    }
    return out;
}

// --- utterances ---------------------------------------------------------------------------

namespace {
// `order` when it is a permutation of 0..n-1 (what the screen shows), else file order.
std::vector<int> shownOrder(const std::vector<int>& order, size_t n) {
    std::vector<int> identity(n);
    for (size_t i = 0; i < n; ++i) {
        identity[i] = static_cast<int>(i);
    }
    if (order.size() == n && std::is_permutation(order.begin(), order.end(), identity.begin())) {
        return order;
    }
    return identity;
}
} // namespace

Utterance utteranceFor(const SpeechContent& c, const ScreenState& s, std::string_view lang) {
    Utterance u;
    u.key = {s.screen, s.id, s.step, s.right, std::string(lang)};
    const std::string tl = c.languages.textLang(lang);
    const Lang l = tl == "en" ? Lang::En : Lang::Vi;
    auto ui = [&](const char* key) {
        u.parts.push_back({c.strings.get(key, l), tl, std::string("ui/") + key});
    };
    auto lesson = [&](std::string words, const std::string& stem) {
        u.parts.push_back({std::move(words), tl, s.id + "/" + stem});
    };
    const Tutorial* t = nullptr;
    const Step* step = nullptr;
    switch (s.screen) {
    case SpeechScreen::Step:
    case SpeechScreen::Check:
    case SpeechScreen::Feedback:
        t = c.tutorials.find(s.id);
        if (!t || s.step < 1 || s.step > static_cast<int>(t->steps.size())) {
            return u;
        }
        step = &t->steps[static_cast<size_t>(s.step - 1)];
        break;
    case SpeechScreen::End:
        t = c.tutorials.find(s.id);
        if (!t) {
            return u;
        }
        break;
    default:
        break;
    }
    switch (s.screen) {
    case SpeechScreen::Step: {
        std::string words = step->text.get(l);
        if (step->detail) {
            words += "\n" + step->detail->get(l);
        }
        lesson(std::move(words), std::to_string(s.step));
        break;
    }
    case SpeechScreen::Check: {
        if (!step->check) {
            return u;
        }
        // The question, then each option in the order the screen shows it, each its own part
        // named by its number in the file ("check-2"): a recording of an option stays right
        // whatever place the shuffle gives it.
        const std::vector<Translated>& answers = step->check->answers;
        lesson(step->check->question.get(l), "check");
        for (const int id : shownOrder(s.order, answers.size())) {
            lesson(answers[static_cast<size_t>(id)].get(l), "check-" + std::to_string(id + 1));
        }
        break;
    }
    case SpeechScreen::Feedback:
        if (!step->check) {
            return u;
        }
        ui(s.right ? "tutorial.check_right" : "tutorial.check_wrong");
        lesson((s.right ? step->check->feedbackRight : step->check->feedbackWrong).get(l),
               s.right ? "check-right" : "check-wrong");
        break;
    case SpeechScreen::End: {
        ui("end.title");
        std::string words = c.strings.get("end.learned", l) + "\n" + t->summary.get(l);
        if (t->papers) {
            words += "\n" + c.strings.get("end.papers", l) + "\n" + t->papers->get(l);
        }
        lesson(std::move(words), "end");
        break;
    }
    case SpeechScreen::IdleWarning:
        ui("idle.title");
        ui("idle.body");
        u.parts.back().text = fill(u.parts.back().text, "n", std::to_string(s.secondsLeft));
        break;
    case SpeechScreen::Portal:
        if (c.portals && !c.portals->find(s.id)) {
            ui("portal.missing");
            break;
        }
        ui("portal.how");
        ui("portal.step1");
        ui("portal.step2");
        ui("portal.step3");
        break;
    }
    return u;
}

std::optional<ScreenState> nextScreen(const SpeechContent& c, const ScreenState& s) {
    if (s.screen != SpeechScreen::Step && s.screen != SpeechScreen::Check &&
        s.screen != SpeechScreen::Feedback) {
        return std::nullopt;
    }
    const Tutorial* t = c.tutorials.find(s.id);
    if (!t) {
        return std::nullopt;
    }
    ScreenState n;
    n.id = s.id;
    if (s.step >= static_cast<int>(t->steps.size())) {
        n.screen = SpeechScreen::End;
    } else {
        n.screen = SpeechScreen::Step;
        n.step = s.step + 1;
    }
    return n;
}

// --- sources ------------------------------------------------------------------------------

std::optional<fs::path> findRecording(const fs::path& voiceDir, std::string_view lang,
                                      std::string_view stem) {
    std::error_code ec;
    for (const char* ext : kRecordingExtensions) {
        fs::path p = voiceDir / std::string(lang) / (std::string(stem) + ext);
        if (fs::is_regular_file(p, ec)) {
            return p;
        }
    }
    return std::nullopt;
}

namespace {
// NFC, runs of white space as one space, trimmed: a .txt with the detail on its own line or a
// trailing newline still matches.
std::string comparable(std::string_view s) {
    std::string nfc = text::toNfc(s).value_or(std::string(s));
    std::string out;
    for (char ch : nfc) {
        const bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
        if (space) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        } else {
            out += ch;
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}
} // namespace

bool recordingOutdated(const fs::path& recording, std::string_view words) {
    fs::path txt = recording;
    txt.replace_extension(".txt");
    auto said = readFile(txt);
    if (!said) {
        return false;
    }
    // a UTF-8 byte-order mark from a phone's notes app is not a word
    std::string_view s = *said;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") {
        s.remove_prefix(3);
    }
    return comparable(s) != comparable(words);
}

Source resolveSource(const Part& part, std::string_view lang, const LanguageSet& langs,
                     const fs::path& voiceDir,
                     const std::function<bool(std::string_view)>& canSynth) {
    Source src;
    for (const std::string& l : langs.chain(lang)) {
        if (auto rec = findRecording(voiceDir, l, part.recording)) {
            if (recordingOutdated(*rec, part.text)) {
                src.outdated.push_back(*rec);
                continue;
            }
            src.kind = SourceKind::Recorded;
            src.file = *rec;
            src.lang = l;
            return src;
        }
    }
    if (!part.text.empty() && canSynth && canSynth(part.textLang)) {
        src.kind = SourceKind::Synth;
        src.lang = part.textLang;
        src.text = part.text;
    }
    return src;
}

} // namespace tramso::speech
