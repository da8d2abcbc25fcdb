// glReadPixels + stb_image_write (Debian's libstb); rows are flipped because GL counts from
// the bottom.
#include "screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstring>
#include <vector>

namespace tramso::platform {

bool writeScreenshot(const std::string& file, int width, int height, std::string& error) {
    // RGB: the screen is opaque, so an alpha channel would only make the file bigger
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    const size_t row = static_cast<size_t>(width) * 3;
    std::vector<unsigned char> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        unsigned char* a = pixels.data() + static_cast<size_t>(y) * row;
        unsigned char* b = pixels.data() + static_cast<size_t>(height - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    // Fast over small: screens are flat colour and text, which compress well at the lowest
    // level, and stb's default (level 8, every row filter tried) takes hundreds of ms a frame.
    stbi_write_png_compression_level = 1;
    stbi_write_force_png_filter = 1; // "sub": good on horizontal runs of one colour
    if (!stbi_write_png(file.c_str(), width, height, 3, pixels.data(), static_cast<int>(row))) {
        error = "cannot write the screenshot " + file;
        return false;
    }
    return true;
}

} // namespace tramso::platform
