// Bilingual texts from TOML.
#include "toml_read.hpp"

#include "text.hpp"

namespace tramso {

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
