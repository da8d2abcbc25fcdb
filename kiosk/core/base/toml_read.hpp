// Helpers shared by the content loaders (lessons, plans): bilingual texts read from TOML
// with file:line messages.
#pragma once
#include "diagnostic.hpp"
#include "strings.hpp"

#include <toml++/toml.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace tramso {

// The longest text readTranslated accepts (lessons, plans, quizzes, pack titles), in bytes
// per language.
constexpr size_t kMaxStringBytes = 600;
// The largest lesson, quiz or plan file read, in bytes.
constexpr size_t kMaxContentFileBytes = 1 << 20;
// `text` parsed as TOML, or nullopt after an error in `diag` at the line the parser names;
// `consequence` ends its message with what the caller does then ("; the file is ignored").
std::optional<toml::table> parseToml(std::string_view text, const std::string& file,
                                     Diagnostics& diag, std::string_view consequence = {});
// A warning in `diag` for each key of `t` (`where`, in `file`) that is not in `known`: most
// often a line meant for another table, where it would vanish silently.
void warnUnknownKeys(const toml::table& t, const std::set<std::string>& known,
                     const std::string& where, const std::string& file, Diagnostics& diag);
// The text of `file`, or nullopt after the error `unreadable` in `diag`.
std::optional<std::string> readOrReport(const std::filesystem::path& file,
                                        const std::string& unreadable, Diagnostics& diag);
// A lesson's, quiz's or plan's file: refused over kMaxContentFileBytes ("split the <what>") or
// when it is not valid UTF-8 (at the line of the first bad byte), else parseToml.
std::optional<toml::table> parseContentToml(std::string_view text, const std::string& fileName,
                                            std::string_view what, Diagnostics& diag);

// A { vi = "…", en = "…" } table, NFC-normalised, each text non-empty and under
// kMaxStringBytes. `where` names it in messages; an error appends to `diag` and clears `ok`.
std::optional<Translated> readTranslated(const toml::node* n, const std::string& where,
                                         int fallbackLine, bool required, const std::string& file,
                                         Diagnostics& diag, bool& ok);

} // namespace tramso
