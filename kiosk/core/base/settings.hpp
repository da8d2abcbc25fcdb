// The resident-adjustable presentation settings of one visit (language, text size,
// contrast, voice). They are forgotten when the visit ends so the next resident starts clean.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tramso {

// The languages of the text tables (assets/i18n, the lessons): what the screens draw in.
enum class Lang { Vi, En };
enum class TextSize { Small, Normal, Large }; // A−, A, A+
enum class Contrast { Normal, High };

struct VisitSettings {
    Lang lang = Lang::Vi; // the words on screen
    // A language pack the resident chose (assets/languages.toml), e.g. "hmn"; empty when they
    // chose vi or en. Its titles and recordings come first; `lang` is then its fallback's text.
    std::string pack;
    TextSize textSize = TextSize::Normal;
    Contrast contrast = Contrast::Normal;
    bool voice = true;   // narration on
    int voiceVolume = 2; // 1 quiet, 2 normal, 3 loud
    bool operator==(const VisitSettings&) const = default;
    // The resident's language, as spoken and recorded in the statistics: the pack's code,
    // else "vi" or "en".
    std::string languageCode() const;
};

std::string_view toString(Lang l);
std::string_view toString(TextSize s);
std::string_view toString(Contrast c);
std::optional<Lang> parseLang(std::string_view s);
std::optional<TextSize> parseTextSize(std::string_view s);

// How much bigger than size A the text is at each size. A+ / A− = 1.625 (target ≥ 1.5).
float textScale(TextSize s);

} // namespace tramso
