// Pictures (a lesson's images) are drawn scaled to their box, unlike QR codes, whose modules
// must stay crisp squares of whole pixels. A TextureProvider that can sample a picture
// smoothly (linear filtering) implements this too; UiApp uploads pictures through it when
// it does, and through TextureProvider::upload (nearest) when it does not (test fakes).
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace tramso::ui {

class PictureTextures {
  public:
    virtual ~PictureTextures() = default;
    // Uploads an RGBA picture to be sampled linearly where it is scaled.
    virtual ImTextureID uploadPicture(const std::vector<uint8_t>& rgba, int width, int height) = 0;
};

} // namespace tramso::ui
