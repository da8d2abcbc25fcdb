// Names and scale factors of the visit settings.
#include "settings.hpp"

namespace tramso {

std::string_view toString(Lang l) {
    return l == Lang::Vi ? "vi" : "en";
}

std::string VisitSettings::languageCode() const {
    return pack.empty() ? std::string(toString(lang)) : pack;
}

std::string_view toString(TextSize s) {
    switch (s) {
    case TextSize::Small:
        return "A-";
    case TextSize::Normal:
        return "A";
    case TextSize::Large:
        return "A+";
    }
    return "A";
}

std::string_view toString(Contrast c) {
    return c == Contrast::Normal ? "normal" : "high";
}

std::optional<Lang> parseLang(std::string_view s) {
    if (s == "vi") {
        return Lang::Vi;
    }
    if (s == "en") {
        return Lang::En;
    }
    return std::nullopt;
}

std::optional<TextSize> parseTextSize(std::string_view s) {
    if (s == "A-" || s == "small") {
        return TextSize::Small;
    }
    if (s == "A" || s == "normal") {
        return TextSize::Normal;
    }
    if (s == "A+" || s == "large") {
        return TextSize::Large;
    }
    return std::nullopt;
}

float textScale(TextSize s) {
    switch (s) {
    case TextSize::Small:
        return 0.8f;
    case TextSize::Normal:
        return 1.0f;
    case TextSize::Large:
        return 1.3f;
    }
    return 1.0f;
}

} // namespace tramso
