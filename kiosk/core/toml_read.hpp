// Helpers shared by the content loaders (lessons, plans): bilingual texts read from TOML
// with file:line messages.
#pragma once
#include "diagnostic.hpp"
#include "strings.hpp"

#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string>

namespace tramso {

// The longest text readTranslated accepts (lessons, plans, quizzes, pack titles), in bytes
// per language.
constexpr size_t kMaxStringBytes = 600;

// A { vi = "…", en = "…" } table, NFC-normalised, each text non-empty and under
// kMaxStringBytes. `where` names it in messages; an error appends to `diag` and clears `ok`.
std::optional<Translated> readTranslated(const toml::node* n, const std::string& where,
                                         int fallbackLine, bool required, const std::string& file,
                                         Diagnostics& diag, bool& ok);

} // namespace tramso
