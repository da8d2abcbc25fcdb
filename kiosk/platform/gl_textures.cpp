// Plain OpenGL 1.1 texture calls, available in any context GLFW gives us.
#include "gl_textures.hpp"

#include <GL/gl.h>

#include <cstdint>

namespace tramso::platform {

GlTextures::~GlTextures() {
    if (!m_ids.empty()) {
        glDeleteTextures(static_cast<GLsizei>(m_ids.size()), m_ids.data());
    }
}

ImTextureID GlTextures::upload(const std::vector<uint8_t>& rgba, int width, int height) {
    GLuint id = 0;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba.data());
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    m_ids.push_back(id);
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id));
}

} // namespace tramso::platform
