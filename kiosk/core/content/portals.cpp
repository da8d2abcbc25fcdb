// Portal loading with toml++; each refusal names the file and line of the bad entry, and the
// other entries still load.
#include "portals.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"

#include <toml++/toml.h>

#include <set>

namespace tramso {

PortalRegistry PortalRegistry::parse(std::string_view tomlText, const std::string& file,
                                     const std::vector<std::string>& allowedHosts,
                                     Diagnostics& diag) {
    PortalRegistry reg;
    auto parsed = parseToml(tomlText, file, diag);
    if (!parsed) {
        return reg;
    }
    const toml::table& root = *parsed;
    const toml::array* arr = root["portal"].as_array();
    if (!arr) {
        diag.push_back({Diagnostic::Severity::Error, file, 0,
                        "no [[portal]] entries; each official address is a [[portal]] table"});
        return reg;
    }
    std::set<std::string> seen;
    for (const toml::node& node : *arr) {
        const toml::table* t = node.as_table();
        int line = static_cast<int>(node.source().begin.line);
        auto err = [&](int l, const std::string& m) {
            diag.push_back({Diagnostic::Severity::Error, file, l > 0 ? l : line, m});
        };
        if (!t) {
            err(line, "a [[portal]] entry must be a table");
            continue;
        }
        auto str = [&](const char* key, std::string& out) -> bool {
            const toml::node* n = t->get(key);
            if (!n || !n->is_string()) {
                err(n ? static_cast<int>(n->source().begin.line) : line,
                    std::string("portal needs '") + key + "' as a text in quotes");
                return false;
            }
            out = *n->value<std::string>();
            return true;
        };
        auto translated = [&](const char* key, Translated& out) -> bool {
            const toml::node* n = t->get(key);
            const toml::table* tt = n ? n->as_table() : nullptr;
            int l = n ? static_cast<int>(n->source().begin.line) : line;
            if (!tt) {
                err(l, std::string("portal needs '") + key + " = { vi = \"…\", en = \"…\" }'");
                return false;
            }
            for (const char* lang : {"vi", "en"}) {
                auto v = (*tt)[lang].value<std::string>();
                auto nfc = v ? text::toNfc(*v) : std::nullopt;
                if (!nfc || nfc->empty()) {
                    err(l, std::string("'") + key + "' needs a non-empty '" + lang +
                               "' text in valid UTF-8");
                    return false;
                }
                (std::string_view(lang) == "vi" ? out.vi : out.en) = *nfc;
            }
            return true;
        };
        Portal p;
        bool ok = str("id", p.id);
        if (ok && !text::isId(p.id)) {
            err(line, "portal id '" + p.id + "' must be lowercase letters, digits and '-'");
            ok = false;
        }
        if (ok && seen.count(p.id)) {
            err(line, "portal id '" + p.id + "' is used twice");
            ok = false;
        }
        ok = str("url", p.url) && ok;
        if (ok) {
            int urlLine = static_cast<int>(t->get("url")->source().begin.line);
            if (std::string why = checkPortalUrl(p.url, allowedHosts, &p.host); !why.empty()) {
                err(urlLine, "portal '" + p.id + "' refused: " + why);
                ok = false;
            }
        }
        ok = translated("title", p.title) && ok;
        ok = translated("description", p.description) && ok;
        if (const toml::node* s = t->get("skill")) {
            auto v = s->value<int64_t>();
            if (!s->is_integer() || !v || *v < 1 || *v > 5) {
                err(static_cast<int>(s->source().begin.line), "skill must be a number from 1 to 5");
                ok = false;
            } else {
                p.skill = static_cast<int>(*v);
            }
        }
        if (ok) {
            seen.insert(p.id);
            reg.m_portals.push_back(std::move(p));
        }
    }
    return reg;
}

PortalRegistry PortalRegistry::load(const std::filesystem::path& file,
                                    const std::vector<std::string>& allowedHosts,
                                    Diagnostics& diag) {
    auto contents = readFile(file);
    if (!contents) {
        diag.push_back({Diagnostic::Severity::Error, file.string(), 0,
                        "the portal registry cannot be read; no QR codes will be shown"});
        return {};
    }
    return parse(*contents, file.string(), allowedHosts, diag);
}

const Portal* PortalRegistry::find(std::string_view id) const {
    for (const auto& p : m_portals) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace tramso
