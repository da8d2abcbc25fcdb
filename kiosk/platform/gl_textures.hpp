// GL textures for the UI, uploaded between frames and stored BGRA like the font atlas: QR
// codes with nearest filtering, so each module stays a crisp square of whole pixels; lesson
// pictures, which are scaled to their box, with linear filtering (and mipmaps for shrinking),
// so a scaled picture is smooth instead of jagged.
#pragma once
#include "../ui/picture_textures.hpp"
#include "../ui/ui.hpp"

#include <vector>

namespace tramso::platform {

class GlTextures final : public ui::TextureProvider, public ui::PictureTextures {
  public:
    ~GlTextures() override;
    ImTextureID upload(const std::vector<uint8_t>& rgba, int width, int height) override;
    ImTextureID uploadPicture(const std::vector<uint8_t>& rgba, int width, int height) override;

  private:
    ImTextureID add(const std::vector<uint8_t>& rgba, int width, int height, bool smooth);
    std::vector<unsigned> m_ids;
};

// The font atlas as a texture whose sampled colour is (1, 1, 1, coverage), stored BGRA: the
// one layout llvmpipe samples on its fast path (an alpha-only texture needs a swizzle, which
// keeps every glyph and every tile with text off it).
class FontTexture {
  public:
    FontTexture() = default;
    ~FontTexture();
    FontTexture(const FontTexture&) = delete;
    FontTexture& operator=(const FontTexture&) = delete;
    // Replaces the atlas's texture (a previous upload) and frees the atlas's CPU copies.
    // False when the atlas has no pixels.
    bool upload(ImFontAtlas& atlas);

  private:
    unsigned m_id = 0;
};

} // namespace tramso::platform
