// Loads the string table with toml++: nested tables flatten to dotted keys
// ("home.title"), each leaf a { vi = "…", en = "…" } table.
#include "strings.hpp"

#include "log.hpp"
#include "text.hpp"
#include "toml_read.hpp"

#include <toml++/toml.h>

namespace tramso {
namespace {

void walk(const toml::table& t, const std::string& prefix, const std::string& file,
          std::map<std::string, Translated, std::less<>>& out, Diagnostics& diag) {
    for (const auto& [k, node] : t) {
        std::string key =
            prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        int line = static_cast<int>(node.source().begin.line);
        const toml::table* sub = node.as_table();
        if (!sub) {
            diag.push_back({Diagnostic::Severity::Error, file, line,
                            "'" + key + "' must be a table { vi = \"…\", en = \"…\" }"});
            continue;
        }
        if (!sub->contains("vi") && !sub->contains("en")) {
            walk(*sub, key, file, out, diag);
            continue;
        }
        Translated tr;
        for (const char* lang : {"vi", "en"}) {
            const toml::node* n = sub->get(lang);
            std::string value;
            if (!n || !n->is_string()) {
                diag.push_back({Diagnostic::Severity::Error, file, line,
                                "'" + key + "' has no " + lang + " text"});
            } else {
                value = *n->value<std::string>();
                auto nfc = text::toNfc(value);
                if (!nfc) {
                    diag.push_back({Diagnostic::Severity::Error, file,
                                    static_cast<int>(n->source().begin.line),
                                    "'" + key + "." + lang + "' is not valid UTF-8"});
                    value.clear();
                } else {
                    value = std::move(*nfc);
                }
            }
            (std::string_view(lang) == "vi" ? tr.vi : tr.en) = std::move(value);
        }
        if (tr.vi.empty()) {
            tr.vi = tr.en;
        }
        if (tr.en.empty()) {
            tr.en = tr.vi;
        }
        out[key] = std::move(tr);
    }
}

} // namespace

Strings Strings::parse(std::string_view toml, const std::string& fileName, Diagnostics& diag) {
    Strings s;
    if (auto t = parseToml(toml, fileName, diag)) {
        walk(*t, "", fileName, s.m_table, diag);
    }
    return s;
}

Strings Strings::load(const std::filesystem::path& file, Diagnostics& diag) {
    auto contents =
        readOrReport(file, "the string table cannot be read; screens will show key names", diag);
    return contents ? parse(*contents, file.string(), diag) : Strings{};
}

bool Strings::has(std::string_view key) const {
    return m_table.find(key) != m_table.end();
}

const std::string& Strings::get(std::string_view key, Lang lang) const {
    if (auto it = m_table.find(key); it != m_table.end()) {
        return it->second.get(lang);
    }
    auto [it, inserted] = m_missing.emplace(std::string(key), std::string(key));
    if (inserted) {
        log::warn("missing string '" + std::string(key) + "'");
    }
    return it->second;
}

} // namespace tramso

namespace tramso {
std::string fill(std::string_view text, std::string_view name, std::string_view value) {
    std::string out(text);
    std::string token = "{";
    token.append(name).append("}");
    for (size_t pos = out.find(token); pos != std::string::npos;
         pos = out.find(token, pos + value.size())) {
        out.replace(pos, token.size(), value);
    }
    return out;
}
} // namespace tramso
