// On a software renderer (Mesa llvmpipe: the cheapest kiosks, every pixel drawn by the CPU)
// a frame draws and presents only the part of the screen that changed: the window shows
// it with glXCopySubBufferMESA, which copies a rectangle of the back buffer to the screen
// and, by its definition, leaves the back buffer as it was, so the next frame can again
// draw only what changed. With a GPU, or without the extension, frames are swapped whole;
// TRAMSO_PRESENT=whole in the environment forces that path on any driver.
// Its own file: Xlib's macros (Status, None, Bool) stay out of the rest of the window code.
#pragma once

struct GLFWwindow;

namespace tramso::platform {

class PartialPresent {
  public:
    // `window` has the current GL context.
    explicit PartialPresent(GLFWwindow* window);
    bool available() const { return m_copy != nullptr; }
    // Shows the rectangle of the back buffer (pixels, origin at the top left) on screen.
    void present(int x, int y, int width, int height, int framebufferHeight) const;

  private:
    void* m_display = nullptr; // Display*
    unsigned long m_drawable = 0;
    void (*m_copy)(void*, unsigned long, int, int, int, int) = nullptr;
};

} // namespace tramso::platform
