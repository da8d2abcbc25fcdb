// Plain OpenGL 1.1 texture calls, available in any context GLFW gives us (the font texture
// uses 3.x enums with those same calls).
#include "gl_textures.hpp"

#include <GL/gl.h>
#include <GL/glext.h>

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
    // Nearest: glyphs are rasterised at 1× and snapped to whole pixels, so text is the same
    // as with linear filtering, thin lines come out crisper, and a software renderer
    // (llvmpipe) samples one texel a pixel instead of four: about a fifth off a frame.
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

namespace {
// Texture swizzles are core from OpenGL 3.3 (every Mesa driver of Debian 12, and the Intel,
// AMD and Broadcom GPUs of kiosk hardware); an older context keeps the RGBA atlas.
bool canSwizzle() {
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    return major > 3 || (major == 3 && minor >= 3);
}
} // namespace

FontTexture::~FontTexture() {
    if (m_id) {
        glDeleteTextures(1, &m_id);
    }
}

bool FontTexture::upload(ImFontAtlas& atlas) {
    if (!canSwizzle()) {
        return false;
    }
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&px, &w, &h);
    if (!px) {
        return false;
    }
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    // Nearest: glyphs are rasterised at 1× and snapped to whole pixels, so text is the same
    // as with linear filtering, thin lines come out crisper, and a software renderer
    // (llvmpipe) samples one texel a pixel instead of four: about a fifth off a frame.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, px);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    if (m_id) {
        glDeleteTextures(1, &m_id);
    }
    m_id = id;
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id)));
    atlas.ClearTexData(); // the glyphs live on the GPU side now
    return true;
}

} // namespace tramso::platform
