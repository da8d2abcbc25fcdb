// glXCopySubBufferMESA through GLFW's native access (see partial_present.hpp).
#include "partial_present.hpp"

#include <GL/glx.h>
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3native.h>

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace tramso::platform {
namespace {

bool softwareRenderer() {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const std::string_view name = r ? r : "";
    return name.find("llvmpipe") != std::string_view::npos ||
           name.find("softpipe") != std::string_view::npos;
}

} // namespace

PartialPresent::PartialPresent(GLFWwindow* window) {
    // TRAMSO_PRESENT=whole: every frame drawn and swapped whole, as on a GPU, whatever the
    // driver (the e2e tests compare both paths on llvmpipe; README, "Tests")
    const char* present = std::getenv("TRAMSO_PRESENT");
    if (present && std::string_view(present) == "whole") {
        return;
    }
    Display* display = glfwGetX11Display();
    const GLXWindow drawable = window ? glfwGetGLXWindow(window) : 0;
    if (!display || !drawable || !softwareRenderer()) {
        return;
    }
    const char* ext = glXQueryExtensionsString(display, DefaultScreen(display));
    if (!ext || !std::strstr(ext, "GLX_MESA_copy_sub_buffer")) {
        return;
    }
    using Copy = void (*)(Display*, GLXDrawable, int, int, int, int);
    auto copy = reinterpret_cast<Copy>(
        glXGetProcAddress(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA")));
    if (!copy) {
        return;
    }
    m_display = display;
    m_drawable = drawable;
    m_copy = reinterpret_cast<void (*)(void*, unsigned long, int, int, int, int)>(copy);
}

void PartialPresent::present(int x, int y, int width, int height, int framebufferHeight) const {
    // GLX counts rows from the bottom
    using Copy = void (*)(Display*, GLXDrawable, int, int, int, int);
    reinterpret_cast<Copy>(m_copy)(static_cast<Display*>(m_display), m_drawable, x,
                                   framebufferHeight - y - height, width, height);
}

} // namespace tramso::platform
