// glXCopySubBufferMESA through GLFW's native access (see partial_present.hpp).
#include "partial_present.hpp"

#include <GL/glx.h>
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3native.h>

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
