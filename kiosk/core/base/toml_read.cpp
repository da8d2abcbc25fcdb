// Bilingual texts from TOML.
#include "toml_read.hpp"

#include "text.hpp"

#include <algorithm>

namespace tramso {

std::optional<toml::table> parseToml(std::string_view text, const std::string& file,
                                     Diagnostics& diag, std::string_view consequence) {
    try {
        return toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        diag.push_back({Diagnostic::Severity::Error, file, static_cast<int>(e.source().begin.line),
                        std::string(e.description()) + std::string(consequence)});
        return std::nullopt;
    }
}

void warnUnknownKeys(const toml::table& t, const std::set<std::string>& known,
                     const std::string& where, const std::string& file, Diagnostics& diag) {
    for (const auto& [k, v] : t) {
        if (!known.count(std::string(k.str()))) {
            diag.push_back({Diagnostic::Severity::Warning, file,
                            static_cast<int>(v.source().begin.line),
                            where + ": unknown key '" + std::string(k.str()) +
                                "' is ignored (is it in the right table?)"});
        }
    }
}

std::optional<std::string> readOrReport(const std::filesystem::path& file,
                                        const std::string& unreadable, Diagnostics& diag) {
    auto text = readFile(file);
    if (!text) {
        diag.push_back({Diagnostic::Severity::Error, file.string(), 0, unreadable});
    }
    return text;
}

std::optional<toml::table> parseContentToml(std::string_view text, const std::string& fileName,
                                            std::string_view what, Diagnostics& diag) {
    auto error = [&](int line, const std::string& msg) {
        diag.push_back({Diagnostic::Severity::Error, fileName, line, msg});
    };
    if (text.size() > kMaxContentFileBytes) {
        error(0, "the file is over 1 MiB; split the " + std::string(what));
        return std::nullopt;
    }
    if (size_t bad = text::firstInvalidUtf8(text); bad != std::string_view::npos) {
        error(1 + static_cast<int>(
                      std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n')),
              "the file is not valid UTF-8; save it as UTF-8");
        return std::nullopt;
    }
    return parseToml(text, fileName, diag);
}

// A { vi = "…", en = "…" } table. `where` names it in messages.
std::optional<Translated> readTranslated(const toml::node* n, const std::string& where,
                                         int fallbackLine, bool required, const std::string& file,
                                         Diagnostics& diag, bool& ok) {
    auto lineOf = [](const toml::node* x) {
        return x ? static_cast<int>(x->source().begin.line) : 0;
    };
    auto error = [&](int line, const std::string& msg) {
        diag.push_back({Diagnostic::Severity::Error, file, line, msg});
        ok = false;
    };
    if (!n) {
        if (required) {
            error(fallbackLine,
                  "missing '" + where + "' (write " + where + " = { vi = \"…\", en = \"…\" })");
        }
        return std::nullopt;
    }
    const toml::table* t = n->as_table();
    if (!t) {
        error(lineOf(n), "'" + where + "' must be { vi = \"…\", en = \"…\" }");
        return std::nullopt;
    }
    Translated out;
    for (const char* lang : {"vi", "en"}) {
        const toml::node* v = t->get(lang);
        if (!v) {
            error(lineOf(n), "'" + where + "' has no " +
                                 (std::string(lang) == "vi" ? "Vietnamese (vi)" : "English (en)") +
                                 " text");
            return std::nullopt;
        }
        if (!v->is_string()) {
            error(lineOf(v), "'" + where + "." + lang + "' must be a text in quotes");
            return std::nullopt;
        }
        std::string s = *v->value<std::string>();
        auto nfc = text::toNfc(s);
        if (!nfc) {
            error(lineOf(v), "'" + where + "." + lang + "' is not valid UTF-8");
            return std::nullopt;
        }
        if (nfc->empty()) {
            error(lineOf(v), "'" + where + "." + lang + "' is empty");
            return std::nullopt;
        }
        if (nfc->size() > kMaxStringBytes) {
            error(lineOf(v), "'" + where + "." + lang + "' is " + std::to_string(nfc->size()) +
                                 " bytes; keep texts under " + std::to_string(kMaxStringBytes));
            return std::nullopt;
        }
        (std::string_view(lang) == "vi" ? out.vi : out.en) = std::move(*nfc);
    }
    return out;
}

} // namespace tramso
