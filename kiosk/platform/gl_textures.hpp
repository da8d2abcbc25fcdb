// GL textures for the UI (QR codes), uploaded between frames with nearest filtering so each
// module stays a crisp square of whole pixels.
#pragma once
#include "../ui/ui.hpp"

#include <vector>

namespace tramso::platform {

class GlTextures final : public ui::TextureProvider {
  public:
    ~GlTextures() override;
    ImTextureID upload(const std::vector<uint8_t>& rgba, int width, int height) override;

  private:
    std::vector<unsigned> m_ids;
};

// The font atlas as a one-byte-per-pixel texture whose sampled colour is (1, 1, 1, coverage):
// a quarter of the RGBA atlas in memory and in every glyph fetch. Needs texture swizzles
// (OpenGL 3.3 or ARB_texture_swizzle); without them the backend's RGBA texture stays.
class FontTexture {
  public:
    FontTexture() = default;
    ~FontTexture();
    FontTexture(const FontTexture&) = delete;
    FontTexture& operator=(const FontTexture&) = delete;
    // Replaces the atlas's texture (the backend's RGBA one, or a previous upload) with an
    // alpha-only one and frees the atlas's CPU copies. False when the driver cannot swizzle.
    bool upload(ImFontAtlas& atlas);

  private:
    unsigned m_id = 0;
};

} // namespace tramso::platform
