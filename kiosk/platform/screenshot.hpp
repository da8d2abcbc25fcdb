// Writes what is in the GL back buffer as a PNG (for --screenshot and script screenshots).
#pragma once
#include <string>
#include <thread>
#include <vector>

namespace tramso::platform {

// Reads the current framebuffer (width × height) and writes it to `file`. Returns false
// with `error` set when the file cannot be written.
bool writeScreenshot(const std::string& file, int width, int height, std::string& error);

// The screenshot that ends a batch run: its pixels are read at once (GL, on this thread),
// then encoded and written on a worker while the kiosk shuts down. One at a time.
class FinalScreenshot {
  public:
    FinalScreenshot() = default;
    ~FinalScreenshot();
    FinalScreenshot(const FinalScreenshot&) = delete;
    FinalScreenshot& operator=(const FinalScreenshot&) = delete;
    void start(const std::string& file, int width, int height);
    // Waits for the file; false with `error` set when it could not be written. True when
    // none was started.
    bool finish(std::string& error);

  private:
    std::thread m_worker;
    std::vector<unsigned char> m_pixels; // the worker's until it is joined
    std::string m_error;                 // written by the worker, read after joining it
};

} // namespace tramso::platform
