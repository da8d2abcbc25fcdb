// glReadPixels + stb_image_write (Debian's libstb); rows are flipped because GL counts from
// the bottom.
#include "screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstring>
#include <vector>

namespace tramso::platform {

bool writeScreenshot(const std::string& file, int width, int height, std::string& error) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const size_t row = static_cast<size_t>(width) * 4;
    std::vector<unsigned char> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        unsigned char* a = pixels.data() + static_cast<size_t>(y) * row;
        unsigned char* b = pixels.data() + static_cast<size_t>(height - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    for (size_t i = 3; i < pixels.size(); i += 4) {
        pixels[i] = 255; // the screen is opaque
    }
    if (!stbi_write_png(file.c_str(), width, height, 4, pixels.data(), static_cast<int>(row))) {
        error = "cannot write the screenshot " + file;
        return false;
    }
    return true;
}

} // namespace tramso::platform
