// glReadPixels + libpng's simplified writer in its fast mode (Debian's libpng): a 1080p
// frame in tens of ms where stb's encoder took hundreds, which the launch-to-screenshot
// benchmark counts. GL counts rows from the bottom; libpng takes them so (negative stride).
#include "screenshot.hpp"

#include <GL/gl.h>
#include <png.h>

#include <cstring>
#include <vector>

namespace tramso::platform {

bool writeScreenshot(const std::string& file, int width, int height, std::string& error) {
    // RGB: the screen is opaque, so an alpha channel would only make the file bigger
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = PNG_FORMAT_RGB;
    image.flags = PNG_IMAGE_FLAG_FAST; // flat colour and text compress well even so
    if (!png_image_write_to_file(&image, file.c_str(), 0, pixels.data(), -width * 3, nullptr)) {
        error = "cannot write the screenshot " + file + ": " + image.message;
        png_image_free(&image);
        return false;
    }
    return true;
}

} // namespace tramso::platform
