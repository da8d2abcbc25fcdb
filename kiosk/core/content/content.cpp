// Loads the content files in a fixed order so diagnostics read top to bottom.
#include "content.hpp"

#include "answer_balance.hpp"
#include "kiosk/core/base/text.hpp"
#include "orthography.hpp"
#include "pack.hpp"

namespace tramso {
namespace {

// The province's app from the config becomes a portal (its QR code) and fills in
// "{province_app}" in the lessons that need it.
void addProvinceApp(Content& c, const Config& config) {
    Portal p;
    p.id = std::string(kProvinceAppPortal);
    p.url = config.provinceAppUrl;
    if (!checkPortalUrl(p.url, config.allowedHosts, &p.host).empty() ||
        config.provinceAppName.empty()) {
        return; // the config loader already said why
    }
    p.title = {config.provinceAppName, config.provinceAppName};
    p.description = {c.strings.get("portal.province_app", Lang::Vi),
                     c.strings.get("portal.province_app", Lang::En)};
    p.skill = 5;
    c.portals.add(std::move(p));
}

void fillProvinceApp(Tutorial& t, const std::string& name) {
    auto fill = [&](Translated& x) {
        for (std::string* s : {&x.vi, &x.en}) {
            for (size_t at; (at = s->find(kProvinceAppPlaceholder)) != std::string::npos;) {
                s->replace(at, kProvinceAppPlaceholder.size(), name);
            }
        }
    };
    fill(t.title);
    fill(t.summary);
    if (t.papers) {
        fill(*t.papers);
    }
    for (Step& s : t.steps) {
        fill(s.text);
        if (s.detail) {
            fill(*s.detail);
        }
        if (s.mockup) {
            fill(s.mockup->app);
            for (MockElement& e : s.mockup->elements) {
                fill(e.label);
                fill(e.value);
            }
        }
        if (s.check) {
            fill(s.check->question);
            for (Translated& a : s.check->answers) {
                fill(a);
            }
            fill(s.check->feedbackRight);
            fill(s.check->feedbackWrong);
        }
    }
}

} // namespace

Content loadContent(const std::filesystem::path& assets, const Config& config,
                    const GlyphCheck& canDraw, Spelling spelling) {
    Content c;
    c.assets = assets;
    if (auto manifest = readFile(assets / kPackManifest)) {
        Diagnostics ignored; // checked when the pack was installed
        if (auto m = parsePackManifest(*manifest, std::string(kPackManifest), ignored)) {
            c.version = m->version;
        }
    }
    c.strings = Strings::load(assets / "i18n" / "strings.toml", c.diagnostics);
    c.portals = PortalRegistry::load(assets / "portals.toml", config.allowedHosts, c.diagnostics);
    if (!config.provinceAppUrl.empty()) {
        addProvinceApp(c, config);
    }
    c.tutorials = loadTutorials(assets, c.portals, c.diagnostics, canDraw);
    for (Tutorial& t : c.tutorials.tutorials) {
        if (t.needs == kProvinceAppPortal) {
            fillProvinceApp(t, config.provinceAppName);
        }
    }
    c.plans = loadPlans(assets, c.tutorials, c.diagnostics);
    c.quizzes = loadQuizzes(assets, c.diagnostics);
    c.languages = speech::LanguageSet::load(assets, c.diagnostics);
    c.languageChoices = speech::selectableLanguages(c.languages, assets, c.tutorials);
    if (spelling == Spelling::Check) {
        orthography::checkAssets(assets, c.diagnostics);
        // a content check, like the spelling: the running kiosk has shown its content checked
        checkAnswerBalance(c.quizzes, c.tutorials, (assets / "tutorials").string(), c.diagnostics);
    }
    return c;
}

std::string Content::screenText(const Config&) const {
    // what screens draw in huge letters: the attract line, the name, the end of a lesson,
    // and numbers (countdown, month totals)
    std::string all = "0123456789";
    for (const char* key : {"attract.touch", "app.name", "end.title"}) {
        if (strings.has(key)) {
            all += strings.get(key, Lang::Vi) + strings.get(key, Lang::En);
        }
    }
    return all;
}

std::string Content::allText(const Config& config) const {
    std::string all = config.siteName + config.kioskId;
    for (const auto& [k, v] : strings.all()) {
        all += v.vi + v.en;
    }
    for (const Portal& p : portals.all()) {
        all += p.url + p.title.vi + p.title.en + p.description.vi + p.description.en;
    }
    for (const Tutorial& t : tutorials.tutorials) {
        forEachText(t, [&](const std::string& s) { all += s; });
    }
    for (const Plan& p : plans.plans) {
        all += p.title.vi + p.title.en;
    }
    for (const Quiz& q : quizzes.quizzes) {
        forEachText(q, [&](const std::string& s) { all += s; });
    }
    // a pack's name and titles may be in a script of their own
    for (const speech::LanguagePack& p : languages.packs()) {
        all += p.name + p.nameVi;
        for (const auto& [id, title] : p.titles) {
            all += title;
        }
    }
    return all;
}

std::string unknownRouteId(const Content& content, const Route& r) {
    switch (screenInfo(r.screen).parameter) {
    case RouteParameter::PortalId:
        return content.portals.find(r.id)
                   ? std::string()
                   : "unknown portal '" + r.id + "' (not in portals.toml, or refused when loading)";
    case RouteParameter::LessonId:
        return content.tutorials.find(r.id) ? std::string()
                                            : "unknown tutorial '" + r.id +
                                                  "' (not in assets/tutorials, or refused when "
                                                  "loading: run tramso check-content)";
    case RouteParameter::QuizId:
        return content.quizzes.find(r.id) ? std::string()
                                          : "unknown quiz '" + r.id +
                                                "' (not in assets/quizzes, or refused when "
                                                "loading: run tramso check-content)";
    case RouteParameter::Plain:
    case RouteParameter::Number:
    case RouteParameter::Internal:
        break;
    }
    return {};
}

std::shared_ptr<const speech::SpeechContent> speechContentOf(ContentPtr content) {
    struct Held {
        ContentPtr content;
        speech::SpeechContent words;
    };
    const Content& c = *content;
    auto held = std::make_shared<const Held>(
        Held{std::move(content),
             speech::SpeechContent{c.strings, c.tutorials, &c.portals, c.languages}});
    return std::shared_ptr<const speech::SpeechContent>(held, &held->words);
}

} // namespace tramso
