// Colours and WCAG contrast, in core so tests and the UI dump share one definition.
#pragma once
#include <cstdint>
#include <string>

namespace tramso {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

constexpr Rgb rgb(uint32_t hex) {
    return Rgb{static_cast<uint8_t>(hex >> 16), static_cast<uint8_t>(hex >> 8),
               static_cast<uint8_t>(hex)};
}

double relativeLuminance(Rgb c);
// WCAG 2 contrast ratio, 1..21.
double contrastRatio(Rgb a, Rgb b);
std::string toHex(Rgb c); // "#rrggbb"
bool parseHex(const std::string& s, Rgb& out);

} // namespace tramso
