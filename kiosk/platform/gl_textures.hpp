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

} // namespace tramso::platform
