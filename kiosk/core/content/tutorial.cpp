// Tutorial loading with toml++. Checks are explicit and each names its line, because the
// people who edit these files are volunteers, not programmers.
#include "tutorial.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"
#include "portals.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace tramso {
namespace fs = std::filesystem;

std::optional<MockElement::Kind> parseMockKind(std::string_view s) {
    using K = MockElement::Kind;
    static const std::pair<const char*, K> kinds[] = {{"text", K::Text},   {"button", K::Button},
                                                      {"input", K::Input}, {"icon", K::Icon},
                                                      {"row", K::Row},     {"keypad", K::Keypad}};
    for (auto [name, k] : kinds) {
        if (s == name) {
            return k;
        }
    }
    return std::nullopt;
}

const MockElement* Mockup::targetElement() const {
    for (const auto& e : elements) {
        if (!e.id.empty() && e.id == target) {
            return &e;
        }
    }
    return nullptr;
}

const Tutorial* TutorialSet::find(std::string_view id) const {
    return findById(tutorials, id);
}

std::vector<const Tutorial*> TutorialSet::forSkill(int skill) const {
    std::vector<const Tutorial*> out;
    for (const auto& t : tutorials) {
        if (t.skill == skill) {
            out.push_back(&t);
        }
    }
    return out;
}

namespace {

// The width and height a PNG's header (IHDR, right after the signature) declares, read from
// the first 24 bytes without decoding anything; nullopt with `why` when it is no PNG.
std::optional<std::pair<uint32_t, uint32_t>> pngSize(const fs::path& file, std::string& why) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        why = std::string("cannot be read (") + std::strerror(errno) + ")";
        return std::nullopt;
    }
    struct stat st {};
    unsigned char h[24] = {};
    ssize_t n = -1;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        n = ::pread(fd, h, sizeof h, 0);
    } else {
        why = "is not a plain file";
        ::close(fd);
        return std::nullopt;
    }
    ::close(fd);
    static const unsigned char kSig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n != static_cast<ssize_t>(sizeof h) || std::memcmp(h, kSig, 8) != 0 ||
        std::memcmp(h + 12, "IHDR", 4) != 0) {
        why = "is not a PNG picture (its header is missing or damaged)";
        return std::nullopt;
    }
    auto be32 = [&](int at) {
        return (uint32_t{h[at]} << 24) | (uint32_t{h[at + 1]} << 16) | (uint32_t{h[at + 2]} << 8) |
               uint32_t{h[at + 3]};
    };
    const uint32_t w = be32(16), ht = be32(20);
    if (w == 0 || ht == 0) {
        why = "declares an empty picture (0 pixels wide or high)";
        return std::nullopt;
    }
    return std::make_pair(w, ht);
}

const std::set<std::string> kIcons = {"camera", "qr",      "bank",   "shield", "phone",
                                      "chat",   "health",  "id",     "cart",   "bill",
                                      "lock",   "warning", "search", "upload", "person"};

// Reads one file's keys, collecting problems; `ok` turns false on any error.
class Reader {
  public:
    Reader(std::string file, fs::path assets, const PortalRegistry& portals, Diagnostics& diag)
        : m_file(std::move(file)), m_assets(std::move(assets)), m_portals(portals), m_diag(diag) {}

    bool ok = true;

    static int lineOf(const toml::node* n) {
        return n ? static_cast<int>(n->source().begin.line) : 0;
    }
    void error(int line, const std::string& msg) {
        m_diag.push_back({Diagnostic::Severity::Error, m_file, line, msg});
        ok = false;
    }
    void warning(int line, const std::string& msg) {
        m_diag.push_back({Diagnostic::Severity::Warning, m_file, line, msg});
    }
    // `n` as a table; nullptr when it is absent, or after the error "'<key>' must be a table".
    const toml::table* table(const toml::node* n, const char* key) {
        const toml::table* t = n ? n->as_table() : nullptr;
        if (n && !t) {
            error(lineOf(n), std::string("'") + key + "' must be a table");
        }
        return t;
    }

    // A key this table does not know is a warning: most often a line meant for the step
    // that landed below [steps.mockup] or [steps.check], where it would vanish silently.
    void unknownKeys(const toml::table& t, const std::set<std::string>& known,
                     const std::string& where) {
        warnUnknownKeys(t, known, where, m_file, m_diag);
    }

    // A { vi = "…", en = "…" } table. `where` names it in messages.
    std::optional<Translated> translated(const toml::node* n, const std::string& where,
                                         int fallbackLine, bool required = true) {
        return readTranslated(n, where, fallbackLine, required, m_file, m_diag, ok);
    }

    std::optional<std::string> string(const toml::table& t, const char* key, int line,
                                      bool required) {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) {
                error(line, std::string("missing '") + key + "'");
            }
            return std::nullopt;
        }
        if (!n->is_string()) {
            error(lineOf(n), std::string("'") + key + "' must be a text in quotes");
            return std::nullopt;
        }
        return *n->value<std::string>();
    }

    std::optional<int64_t> integer(const toml::table& t, const char* key, int line, int64_t lo,
                                   int64_t hi) {
        const toml::node* n = t.get(key);
        if (!n) {
            error(line, std::string("missing '") + key + "'");
            return std::nullopt;
        }
        if (!n->is_integer()) {
            error(lineOf(n), std::string("'") + key + "' must be a whole number");
            return std::nullopt;
        }
        int64_t v = *n->value<int64_t>();
        if (v < lo || v > hi) {
            error(lineOf(n), std::string("'") + key + "' must be from " + std::to_string(lo) +
                                 " to " + std::to_string(hi) + ", not " + std::to_string(v));
            return std::nullopt;
        }
        return v;
    }

    // The province app's portal exists only when configured; its lesson is then hidden.
    std::string deferredPortal;

    void portal(const std::string& id, int line) {
        if (!m_portals.find(id) && id != deferredPortal) {
            error(line, "unknown portal '" + id + "' (it must be an id in portals.toml)");
        }
    }

    // An image must be a PNG inside assets/images, reached without leaving it, of at most
    // kMaxPictureSide pixels each way. False (with the error) when it cannot be shown.
    bool image(const std::string& rel, int line) {
        fs::path p(rel);
        if (p.is_absolute() || rel.find("..") != std::string::npos || rel.empty()) {
            error(line, "image '" + rel +
                            "' must be a path inside assets/images/, like "
                            "\"vneid/buoc-1.png\"");
            return false;
        }
        if (p.extension() != ".png") {
            error(line, "image '" + rel + "' must be a .png file");
            return false;
        }
        fs::path images = m_assets / "images";
        fs::path full = images / p;
        std::error_code ec;
        if (!fs::exists(full, ec)) {
            error(line, "image '" + rel + "' not found in " + images.string());
            return false;
        }
        fs::path real = fs::canonical(full, ec);
        fs::path root = fs::canonical(images, ec);
        if (ec ||
            std::mismatch(root.begin(), root.end(), real.begin(), real.end()).first != root.end()) {
            error(line, "image '" + rel + "' is a link that leads outside assets/images/");
            return false;
        }
        if (fs::file_size(real, ec) > kMaxContentFileBytes) {
            error(line, "image '" + rel + "' is over 1 MiB");
            return false;
        }
        // width × height from the PNG header, before anything decodes it: a small file can
        // claim a picture of gigabytes
        std::string why;
        const auto size = pngSize(real, why);
        if (!size) {
            error(line, "image '" + rel + "' " + why);
            return false;
        }
        if (size->first > kMaxPictureSide || size->second > kMaxPictureSide) {
            error(line, "image '" + rel + "' is " + std::to_string(size->first) + "×" +
                            std::to_string(size->second) + " pixels, over the limit of " +
                            std::to_string(kMaxPictureSide) + "×" +
                            std::to_string(kMaxPictureSide) + "; make it smaller");
            return false;
        }
        return true;
    }

    std::optional<Mockup> mockup(const toml::table& t) {
        const int line = lineOf(&t);
        Mockup m;
        if (auto app = translated(t.get("app"), "mockup.app", line)) {
            m.app = *app;
        }
        const toml::array* els = t["elements"].as_array();
        if (!els || els->empty()) {
            error(line, "mockup needs 'elements', a list of what the phone screen shows");
            return std::nullopt;
        }
        if (els->size() > 12) {
            error(lineOf(els), "mockup has " + std::to_string(els->size()) +
                                   " elements; at most 12 fit a phone screen");
        }
        std::set<std::string> ids;
        for (const toml::node& en : *els) {
            const toml::table* et = en.as_table();
            int el = lineOf(&en);
            if (!et) {
                error(el, "each mockup element must be a table { kind = \"button\", … }");
                continue;
            }
            MockElement e;
            auto kind = string(*et, "kind", el, true);
            auto k = kind ? parseMockKind(*kind) : std::nullopt;
            if (kind && !k) {
                error(el, "unknown element kind '" + *kind +
                              "' (use text, button, input, icon, row or keypad)");
                continue;
            }
            if (!k) {
                continue;
            }
            e.kind = *k;
            if (auto id = string(*et, "id", el, false)) {
                if (!text::isId(*id, text::kMaxShortIdChars)) {
                    error(el, "element id '" + *id + "' must be lowercase letters, digits, '-'");
                } else if (!ids.insert(*id).second) {
                    error(el, "element id '" + *id + "' is used twice in this mockup");
                }
                e.id = *id;
            }
            if (e.kind == MockElement::Kind::Keypad) {
                auto d = string(*et, "digits", el, true);
                if (d && (d->size() < 4 || d->size() > 8 ||
                          !std::all_of(d->begin(), d->end(), ::isdigit))) {
                    error(el, "keypad 'digits' must be 4 to 8 digits: the demo code shown on "
                              "screen, never a real one");
                } else if (d) {
                    e.digits = *d;
                }
            } else if (auto l = translated(et->get("label"), "label", el)) {
                e.label = *l;
            }
            if (e.kind == MockElement::Kind::Input) {
                if (auto v = translated(et->get("value"), "value", el, false)) {
                    e.value = *v;
                }
            }
            if (e.kind == MockElement::Kind::Icon || et->contains("icon")) {
                auto ic = string(*et, "icon", el, e.kind == MockElement::Kind::Icon);
                if (ic && !kIcons.count(*ic)) {
                    std::string names;
                    for (const auto& i : kIcons) {
                        names += (names.empty() ? "" : ", ") + i;
                    }
                    error(el, "unknown icon '" + *ic + "' (use one of: " + names + ")");
                } else if (ic) {
                    e.icon = *ic;
                }
            }
            m.elements.push_back(std::move(e));
        }
        unknownKeys(t, {"app", "elements", "target"}, "mockup");
        if (auto target = string(t, "target", line, true)) {
            m.target = *target;
            const MockElement* te = m.targetElement();
            if (!te) {
                error(lineOf(t.get("target")),
                      "target '" + *target + "' is not the id of an element of this mockup");
            } else if (te->kind == MockElement::Kind::Text) {
                error(lineOf(t.get("target")), "target '" + *target +
                                                   "' is plain text; the target must be "
                                                   "something to tap");
            }
        }
        return m;
    }

    std::optional<Check> check(const toml::table& t) {
        const int line = lineOf(&t);
        Check c;
        unknownKeys(t, {"question", "answers", "right", "feedback_right", "feedback_wrong"},
                    "check");
        auto q = translated(t.get("question"), "check.question", line);
        const toml::array* answers = t["answers"].as_array();
        if (!answers || answers->size() < 2 || answers->size() > 4) {
            error(line, "check needs 'answers', a list of 2 to 4 answers");
            return std::nullopt;
        }
        for (const toml::node& a : *answers) {
            if (auto tr = translated(&a, "check.answers", line)) {
                c.answers.push_back(*tr);
            }
        }
        auto right = integer(t, "right", line, 1, static_cast<int64_t>(answers->size()));
        auto fr = translated(t.get("feedback_right"), "check.feedback_right", line);
        auto fw = translated(t.get("feedback_wrong"), "check.feedback_wrong", line);
        if (!q || !right || !fr || !fw || c.answers.size() != answers->size()) {
            return std::nullopt;
        }
        c.question = *q;
        c.right = static_cast<int>(*right) - 1;
        c.feedbackRight = *fr;
        c.feedbackWrong = *fw;
        return c;
    }

  private:
    std::string m_file;
    fs::path m_assets;
    const PortalRegistry& m_portals;
    Diagnostics& m_diag;
};

} // namespace

std::optional<Tutorial> parseTutorial(std::string_view textIn, const std::string& fileName,
                                      const fs::path& assets, const PortalRegistry& portals,
                                      Diagnostics& diag) {
    Reader r(fileName, assets, portals, diag);
    const auto root = parseContentToml(textIn, fileName, "lesson", diag);
    if (!root) {
        return std::nullopt;
    }

    Tutorial t;
    t.file = fileName;
    if (auto id = r.string(*root, "id", 1, true)) {
        if (!text::isId(*id)) {
            r.error(Reader::lineOf(root->get("id")),
                    "id '" + *id + "' must be lowercase letters, digits and '-'");
        }
        t.id = *id;
    }
    if (auto s = r.integer(*root, "skill", 1, 1, 5)) {
        t.skill = static_cast<int>(*s);
    }
    if (auto m = r.integer(*root, "minutes", 1, 1, 120)) {
        t.minutes = static_cast<int>(*m);
    }
    if (auto title = r.translated(root->get("title"), "title", 1)) {
        t.title = *title;
    }
    if (auto summary = r.translated(root->get("summary"), "summary", 1)) {
        t.summary = *summary;
    }
    t.papers = r.translated(root->get("papers"), "papers", 1, false);
    if (auto n = r.string(*root, "needs", 1, false)) {
        if (*n != kProvinceAppPortal) {
            r.error(Reader::lineOf(root->get("needs")),
                    "'needs' can only be \"" + std::string(kProvinceAppPortal) +
                        "\" (the province app set in kiosk.toml)");
        } else {
            t.needs = *n;
            r.deferredPortal = *n;
        }
    }
    r.unknownKeys(
        *root, {"id", "skill", "minutes", "title", "summary", "papers", "portal", "needs", "steps"},
        "lesson");
    if (auto p = r.string(*root, "portal", 1, false)) {
        t.portal = *p;
        r.portal(*p, Reader::lineOf(root->get("portal")));
    }
    const toml::array* steps = (*root)["steps"].as_array();
    if (!steps || steps->empty()) {
        r.error(1, "no [[steps]]; a lesson needs at least one step");
        return std::nullopt;
    }
    int index = 0;
    for (const toml::node& sn : *steps) {
        ++index;
        const toml::table* st = sn.as_table();
        int line = Reader::lineOf(&sn);
        std::string where = "step " + std::to_string(index);
        if (!st) {
            r.error(line, where + " must be a [[steps]] table");
            continue;
        }
        Step step;
        if (auto tx = r.translated(st->get("text"), "text", line)) {
            step.text = *tx;
            for (const std::string* s : {&tx->vi, &tx->en}) {
                int words = text::wordCount(*s);
                if (words > kMaxInstructionWords) {
                    r.warning(Reader::lineOf(st->get("text")),
                              where + ": the instruction has " + std::to_string(words) +
                                  " words; keep it to " + std::to_string(kMaxInstructionWords) +
                                  " and put the rest in 'detail'");
                }
            }
        }
        step.detail = r.translated(st->get("detail"), "detail", line, false);
        if (auto img = r.string(*st, "image", line, false)) {
            if (r.image(*img, Reader::lineOf(st->get("image")))) {
                step.image = *img; // a refused picture is never handed to the decoder
            }
        }
        if (auto p = r.string(*st, "portal", line, false)) {
            step.portal = *p;
            r.portal(*p, Reader::lineOf(st->get("portal")));
        }
        if (const toml::table* m = r.table(st->get("mockup"), "mockup")) {
            step.mockup = r.mockup(*m);
        }
        if (const toml::table* c = r.table(st->get("check"), "check")) {
            step.check = r.check(*c);
        }
        for (const auto& [k, v] : *st) {
            static const std::set<std::string> kKnown = {"text",   "detail", "image",
                                                         "mockup", "portal", "check"};
            if (!kKnown.count(std::string(k.str()))) {
                r.warning(Reader::lineOf(&v),
                          where + ": unknown key '" + std::string(k.str()) + "' is ignored");
            }
        }
        t.steps.push_back(std::move(step));
    }
    if (!r.ok) {
        return std::nullopt;
    }
    return t;
}

void forEachContentFile(const fs::path& folder, const fs::path& assets, std::string_view what,
                        Diagnostics& diag,
                        const std::function<void(const std::string&, const std::string&)>& use) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
        if (e.path().extension() == ".toml") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end()); // stable order for lists and messages
    const fs::path root = fs::canonical(assets, ec);
    for (const fs::path& f : files) {
        const std::string name = f.string();
        const fs::path real = fs::canonical(f, ec);
        if (ec ||
            std::mismatch(root.begin(), root.end(), real.begin(), real.end()).first != root.end()) {
            diag.push_back({Diagnostic::Severity::Error, name, 0,
                            "is a link that leads outside the assets folder; skipped"});
            continue;
        }
        if (fs::file_size(real, ec) > kMaxContentFileBytes) {
            diag.push_back({Diagnostic::Severity::Error, name, 0,
                            "the file is over 1 MiB; split the " + std::string(what)});
            continue;
        }
        auto contents = readFile(real);
        if (!contents) {
            diag.push_back({Diagnostic::Severity::Error, name, 0, "cannot be read; skipped"});
            continue;
        }
        use(name, *contents);
    }
}

TutorialSet loadTutorials(const fs::path& assets, const PortalRegistry& portals, Diagnostics& diag,
                          const GlyphCheck& canDraw) {
    TutorialSet set;
    const fs::path dir = assets / "tutorials";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        diag.push_back({Diagnostic::Severity::Error, dir.string(), 0,
                        "the tutorials folder is missing; no lessons will be shown"});
        return set;
    }
    forEachContentFile(
        dir, assets, "lesson", diag, [&](const std::string& name, const std::string& contents) {
            auto t = parseTutorial(contents, name, assets, portals, diag);
            if (!t) {
                return;
            }
            if (canDraw) {
                std::set<char32_t> missing;
                forEachText(*t, [&](const std::string& s) {
                    for (char32_t cp : text::codepoints(s)) {
                        if (!canDraw(cp)) {
                            missing.insert(cp);
                        }
                    }
                });
                if (!missing.empty()) {
                    std::string list;
                    for (char32_t cp : missing) {
                        char hex[16];
                        std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
                        list += (list.empty() ? "" : ", ") + std::string(hex);
                    }
                    diag.push_back(
                        {Diagnostic::Severity::Error, name, 0,
                         "uses characters the font cannot draw (" + list +
                             "); write them with Vietnamese letters the font has; skipped"});
                    return;
                }
            }
            if (!t->needs.empty() && !portals.find(t->needs)) {
                return; // the province app is not configured here: nothing to teach
            }
            addUnlessIdUsed(set.tutorials, std::move(*t), name, diag);
        });
    return set;
}

void forEachText(const Translated& x, const std::function<void(const std::string&)>& f) {
    f(x.vi);
    f(x.en);
}

void forEachText(const Tutorial& t, const std::function<void(const std::string&)>& f) {
    forEachText(t.title, f);
    forEachText(t.summary, f);
    if (t.papers) {
        forEachText(*t.papers, f);
    }
    for (const Step& s : t.steps) {
        forEachText(s.text, f);
        if (s.detail) {
            forEachText(*s.detail, f);
        }
        if (s.mockup) {
            forEachText(s.mockup->app, f);
            for (const auto& e : s.mockup->elements) {
                forEachText(e.label, f);
                forEachText(e.value, f);
                f(e.digits);
            }
        }
        if (s.check) {
            forEachText(s.check->question, f);
            for (const auto& a : s.check->answers) {
                forEachText(a, f);
            }
            forEachText(s.check->feedbackRight, f);
            forEachText(s.check->feedbackWrong, f);
        }
    }
}

} // namespace tramso
