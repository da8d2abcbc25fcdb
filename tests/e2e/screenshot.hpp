// The kiosk's screenshots (--screenshot) read back as pixels, for the end-to-end tests.
#pragma once
#include "kiosk/core/base/color.hpp"

#include <stb_image.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace tramso::test {

struct Png {
    int w = 0, h = 0;
    std::vector<unsigned char> px; // RGBA
    Rgb at(int x, int y) const {
        const unsigned char* p = &px[(static_cast<size_t>(y) * w + x) * 4];
        return Rgb{p[0], p[1], p[2]};
    }
};

// The picture's pixels as RGBA; empty (0 × 0) when it cannot be read.
inline Png png(const std::filesystem::path& p) {
    Png out;
    int n = 0;
    unsigned char* data = stbi_load(p.c_str(), &out.w, &out.h, &n, 4);
    if (data) {
        out.px.assign(data, data + static_cast<size_t>(out.w) * out.h * 4);
        stbi_image_free(data);
    }
    return out;
}

// How many bytes of two screenshots of one size differ by more than `tolerance` levels;
// `largest` gets the biggest difference.
inline size_t bytesApart(const Png& a, const Png& b, int tolerance, int* largest = nullptr) {
    size_t apart = 0;
    int most = 0;
    for (size_t i = 0; i < a.px.size() && i < b.px.size(); ++i) {
        const int delta = std::abs(a.px[i] - b.px[i]);
        apart += delta > tolerance;
        most = std::max(most, delta);
    }
    if (largest) {
        *largest = most;
    }
    return apart;
}

} // namespace tramso::test
