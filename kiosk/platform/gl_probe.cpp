// `tramso doctor`'s display check (moved here from the verb so GLFW stays in kiosk/platform).
#include "gl_probe.hpp"

#include <GLFW/glfw3.h>

namespace tramso::platform {

std::string openGlVersion(std::string& error) {
    glfwSetErrorCallback(nullptr);
    if (!glfwInit()) {
        error = "cannot open the display";
        return {};
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* w = glfwCreateWindow(64, 64, "tramso doctor", nullptr, nullptr);
    std::string version;
    if (!w) {
        error = "no OpenGL 3.2 context (check the Mesa driver)";
    } else {
        glfwMakeContextCurrent(w);
        using GetString = const unsigned char* (*)(unsigned int);
        auto getString = reinterpret_cast<GetString>(glfwGetProcAddress("glGetString"));
        const unsigned char* v = getString ? getString(0x1F02 /* GL_VERSION */) : nullptr;
        const unsigned char* r = getString ? getString(0x1F01 /* GL_RENDERER */) : nullptr;
        version = std::string(v ? reinterpret_cast<const char*>(v) : "?") + " (" +
                  (r ? reinterpret_cast<const char*>(r) : "?") + ")";
        glfwDestroyWindow(w);
    }
    glfwTerminate();
    return version;
}

} // namespace tramso::platform
