// Loads the content files in a fixed order so diagnostics read top to bottom.
#include "content.hpp"

#include "pack.hpp"
#include "text.hpp"

namespace tramso {

Content loadContent(const std::filesystem::path& assets, const Config& config,
                    const GlyphCheck& canDraw) {
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
    c.tutorials = loadTutorials(assets, c.portals, c.diagnostics, canDraw);
    c.plans = loadPlans(assets, c.tutorials, c.diagnostics);
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
    return all;
}

} // namespace tramso
