// `tramso doctor`'s display check: GLFW and OpenGL stay in kiosk/platform.
#pragma once
#include <string>

namespace tramso::platform {

// Opens a hidden 64×64 window with an OpenGL 3.2 core context and returns GL_VERSION
// (GL_RENDERER); "" with `error` set when there is no display or no such context.
std::string openGlVersion(std::string& error);

} // namespace tramso::platform
