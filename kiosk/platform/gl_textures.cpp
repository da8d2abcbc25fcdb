// Plain OpenGL 1.2 texture calls (BGRA uploads), and glGenerateMipmap (OpenGL 3.0) for
// pictures; the kiosk's context is 3.2 (gl_renderer.hpp; GL_GLEXT_PROTOTYPES: CMakeLists.txt).
#include "gl_textures.hpp"

#include <GL/gl.h>
#include <GL/glext.h>

#include <cstdint>
#include <utility>

namespace tramso::platform {

namespace {
// Nearest: glyphs are rasterised at 1× and snapped to whole pixels, so text is the same as
// with linear filtering, thin lines come out crisper, and a software renderer (llvmpipe)
// samples one texel a pixel instead of four. No mipmaps; clamped at the edges.
void setNearest() {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

// Linear: a picture scaled to its box blends neighbouring texels instead of repeating or
// dropping whole ones; shrunk, it is sampled from mipmaps (no shimmer from skipped texels).
void setLinear() {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}
} // namespace

GlTextures::~GlTextures() {
    if (!m_ids.empty()) {
        glDeleteTextures(static_cast<GLsizei>(m_ids.size()), m_ids.data());
    }
}

ImTextureID GlTextures::upload(const std::vector<uint8_t>& rgba, int width, int height) {
    return add(rgba, width, height, false);
}

ImTextureID GlTextures::uploadPicture(const std::vector<uint8_t>& rgba, int width, int height) {
    return add(rgba, width, height, true);
}

ImTextureID GlTextures::add(const std::vector<uint8_t>& rgba, int width, int height, bool smooth) {
    // BGRA in memory, the one layout a software renderer samples on its fast path
    std::vector<uint8_t> bgra(rgba);
    for (size_t i = 0; i + 3 < bgra.size(); i += 4) {
        std::swap(bgra[i], bgra[i + 2]);
    }
    GLuint id = 0;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    if (smooth) {
        setLinear();
    } else {
        setNearest();
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_BGRA, GL_UNSIGNED_BYTE,
                 bgra.data());
    if (smooth) {
        glGenerateMipmap(GL_TEXTURE_2D);
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    m_ids.push_back(id);
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id));
}

FontTexture::~FontTexture() {
    if (m_id) {
        glDeleteTextures(1, &m_id);
    }
}

bool FontTexture::upload(ImFontAtlas& atlas) {
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsRGBA32(&px, &w, &h); // (255, 255, 255, coverage): the same bytes as BGRA
    if (!px) {
        return false;
    }
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    setNearest();
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_BGRA, GL_UNSIGNED_BYTE, px);
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
