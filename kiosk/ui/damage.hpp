// What changed on screen since the last frame, worked out from the frame's draw data, so a
// software renderer can redraw only that part (scrolling a list, the attract screen's
// ripples). The screen is cut into tiles; each tile keeps a hash of every triangle drawn
// over it (vertices, texture, clip), in order. Tiles whose hash changed are the damage.
// GL-free: the window decides whether the back buffer still holds the last frame.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace tramso::ui {

class DamageTracker {
  public:
    // The part of the screen (in display coordinates) that differs from the previous
    // frame: empty when nothing changed, the whole display after reset() or a resize.
    ImVec4 update(const ImDrawData& frame);
    // The next update reports the whole display (new textures, a new clear colour).
    void reset() { m_previous.clear(); }

  private:
    static constexpr float kTile = 64.0f;
    int m_cols = 0, m_rows = 0;
    ImVec2 m_size{0, 0};
    std::vector<uint64_t> m_previous, m_current;
};

// Limits every draw command of `frame` to `rect`: the renderer skips commands whose clip
// becomes empty and scissors the rest, so only `rect` is drawn.
void clipDrawData(ImDrawData& frame, const ImVec4& rect);

} // namespace tramso::ui
