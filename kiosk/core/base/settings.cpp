// Names and scale factors of the visit settings.
#include "settings.hpp"

#include "text.hpp"

namespace tramso {

constexpr std::pair<Lang, std::string_view> kLangNames[] = {{Lang::Vi, "vi"}, {Lang::En, "en"}};
// The first name of each size is the one written; the words are read too.
constexpr std::pair<TextSize, std::string_view> kTextSizeNames[] = {
    {TextSize::Small, "A-"},    {TextSize::Normal, "A"},      {TextSize::Large, "A+"},
    {TextSize::Small, "small"}, {TextSize::Normal, "normal"}, {TextSize::Large, "large"}};
constexpr std::pair<TextSize, float> kTextScales[] = {
    {TextSize::Small, 0.8f}, {TextSize::Normal, 1.0f}, {TextSize::Large, 1.3f}};

std::string_view toString(Lang l) {
    return lookup(kLangNames, l, std::string_view("en"));
}

std::string VisitSettings::languageCode() const {
    return pack.empty() ? std::string(toString(lang)) : pack;
}

std::string_view toString(TextSize s) {
    return lookup(kTextSizeNames, s, std::string_view("A"));
}

std::string_view toString(Contrast c) {
    return c == Contrast::Normal ? "normal" : "high";
}

std::optional<Lang> parseLang(std::string_view s) {
    return reverseLookup(kLangNames, s);
}

std::optional<TextSize> parseTextSize(std::string_view s) {
    return reverseLookup(kTextSizeNames, s);
}

float textScale(TextSize s) {
    return lookup(kTextScales, s, 1.0f);
}

} // namespace tramso
