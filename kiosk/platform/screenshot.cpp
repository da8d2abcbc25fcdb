// glReadPixels + libpng's simplified writer in its fast mode (Debian's libpng): a 1080p
// frame in about 15 ms where stb's encoder took hundreds, which the launch-to-screenshot
// benchmark counts. GL counts rows from the bottom; libpng takes them so (negative stride).
#include "screenshot.hpp"

#include <GL/gl.h>
#include <png.h>

#include <cstring>
#include <vector>

namespace tramso::platform {

namespace {

// The framebuffer's own layout (BGRA, 4 bytes a pixel): read without converting, which a
// software renderer does at memory speed.
std::vector<unsigned char> readPixels(int width, int height) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_BGRA, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
}

// PNG as RGB: the screen is opaque, so an alpha channel would only make the file bigger.
bool encodePng(const std::string& file, std::vector<unsigned char>& bgra, int width, int height,
               std::string& error) {
    const size_t n = static_cast<size_t>(width) * static_cast<size_t>(height);
    for (size_t i = 0; i < n; ++i) { // BGRA to RGB, in place (each pixel moves down)
        const unsigned char b = bgra[i * 4], g = bgra[i * 4 + 1], r = bgra[i * 4 + 2];
        bgra[i * 3] = r;
        bgra[i * 3 + 1] = g;
        bgra[i * 3 + 2] = b;
    }
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = PNG_FORMAT_RGB;
    image.flags = PNG_IMAGE_FLAG_FAST; // flat colour and text compress well even so
    if (!png_image_write_to_file(&image, file.c_str(), 0, bgra.data(), -width * 3, nullptr)) {
        error = "cannot write the screenshot " + file + ": " + image.message;
        png_image_free(&image);
        return false;
    }
    return true;
}

} // namespace

bool writeScreenshot(const std::string& file, int width, int height, std::string& error) {
    std::vector<unsigned char> pixels = readPixels(width, height);
    return encodePng(file, pixels, width, height, error);
}

FinalScreenshot::~FinalScreenshot() {
    std::string ignored;
    finish(ignored);
}

void FinalScreenshot::start(const std::string& file, int width, int height) {
    std::string error;
    finish(error); // one at a time
    m_pixels = readPixels(width, height);
    m_error.clear();
    m_worker = std::thread([this, file, width, height] {
        std::string e;
        if (!encodePng(file, m_pixels, width, height, e)) {
            m_error = e.empty() ? "cannot write the screenshot " + file : e;
        }
    });
}

bool FinalScreenshot::finish(std::string& error) {
    if (m_worker.joinable()) {
        m_worker.join();
    }
    m_pixels.clear();
    error = m_error;
    return m_error.empty();
}

} // namespace tramso::platform
