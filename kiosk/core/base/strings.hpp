// The resident-facing string table (assets/i18n/strings.toml): every key has a Vietnamese
// and an English text, NFC-normalised at load. Screens look strings up by key.
#pragma once
#include "diagnostic.hpp"
#include "settings.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace tramso {

struct Translated {
    std::string vi;
    std::string en;
    const std::string& get(Lang l) const { return l == Lang::Vi ? vi : en; }
};

class Strings {
  public:
    // Loads the table; problems are appended to `diag`. Keys missing a language keep the
    // other language so the screen still shows words.
    static Strings load(const std::filesystem::path& file, Diagnostics& diag);
    static Strings parse(std::string_view toml, const std::string& fileName, Diagnostics& diag);

    // The text for `key`, or the key itself (and a logged warning) when it is missing.
    const std::string& get(std::string_view key, Lang lang) const;
    bool has(std::string_view key) const;
    const std::map<std::string, Translated, std::less<>>& all() const { return m_table; }

  private:
    std::map<std::string, Translated, std::less<>> m_table;
    mutable std::map<std::string, std::string, std::less<>> m_missing;
};

} // namespace tramso

namespace tramso {
// Replaces "{name}" in `text` with `value` (strings carry placeholders, not sentence halves).
std::string fill(std::string_view text, std::string_view name, std::string_view value);
} // namespace tramso
