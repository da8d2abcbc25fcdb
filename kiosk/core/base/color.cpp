// WCAG 2.x relative luminance and contrast ratio.
#include "color.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tramso {

double relativeLuminance(Rgb c) {
    auto lin = [](uint8_t v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrastRatio(Rgb a, Rgb b) {
    double la = relativeLuminance(a);
    double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::string toHex(Rgb c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

bool parseHex(const std::string& s, Rgb& out) {
    unsigned r = 0, g = 0, b = 0;
    if (s.size() != 7 || s[0] != '#' ||
        std::sscanf(s.c_str() + 1, "%02x%02x%02x", &r, &g, &b) != 3) {
        return false;
    }
    out = Rgb{static_cast<uint8_t>(r), static_cast<uint8_t>(g), static_cast<uint8_t>(b)};
    return true;
}

} // namespace tramso
