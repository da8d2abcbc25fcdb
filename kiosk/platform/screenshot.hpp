// Writes what is in the GL back buffer as a PNG (for --screenshot and script screenshots).
#pragma once
#include <string>

namespace tramso::platform {

// Reads the current framebuffer (width × height) and writes it to `file`. Returns false
// with `error` set when the file cannot be written.
bool writeScreenshot(const std::string& file, int width, int height, std::string& error);

} // namespace tramso::platform
