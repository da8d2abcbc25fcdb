// Damage from draw data (see damage.hpp).
#include "damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tramso::ui {
namespace {

// FNV-1a over raw bytes, then mixed into a tile's running hash (order matters: a triangle
// drawn over another is not the same picture as the other way round).
uint64_t hashBytes(const void* data, size_t n, uint64_t h) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) {
        h = (h ^ p[i]) * 1099511628211ull;
    }
    return h;
}

uint64_t mix(uint64_t tile, uint64_t triangle) {
    return (tile ^ triangle) * 0x9E3779B97F4A7C15ull + (tile >> 29);
}

} // namespace

ImVec4 DamageTracker::update(const ImDrawData& frame) {
    const ImVec2 origin = frame.DisplayPos;
    const ImVec2 size = frame.DisplaySize;
    const ImVec4 whole(origin.x, origin.y, origin.x + size.x, origin.y + size.y);
    if (size.x != m_size.x || size.y != m_size.y) {
        m_size = size;
        m_cols = std::max(1, static_cast<int>(std::ceil(size.x / kTile)));
        m_rows = std::max(1, static_cast<int>(std::ceil(size.y / kTile)));
        m_previous.clear();
    }
    m_current.assign(static_cast<size_t>(m_cols) * static_cast<size_t>(m_rows),
                     1469598103934665603ull);
    for (int l = 0; l < frame.CmdListsCount; ++l) {
        const ImDrawList* list = frame.CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback || cmd.ElemCount == 0) {
                continue; // callbacks draw nothing here (the kiosk uses none)
            }
            const ImVec4 clip(std::max(cmd.ClipRect.x, whole.x), std::max(cmd.ClipRect.y, whole.y),
                              std::min(cmd.ClipRect.z, whole.z), std::min(cmd.ClipRect.w, whole.w));
            if (clip.z <= clip.x || clip.w <= clip.y) {
                continue;
            }
            uint64_t base = hashBytes(&cmd.ClipRect, sizeof cmd.ClipRect, 1469598103934665603ull);
            base = hashBytes(&cmd.TextureId, sizeof cmd.TextureId, base);
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert* v[3];
                for (int k = 0; k < 3; ++k) {
                    v[k] = &list->VtxBuffer[static_cast<int>(
                        cmd.VtxOffset + list->IdxBuffer[static_cast<int>(cmd.IdxOffset + i) + k])];
                }
                float x0 = std::min({v[0]->pos.x, v[1]->pos.x, v[2]->pos.x});
                float y0 = std::min({v[0]->pos.y, v[1]->pos.y, v[2]->pos.y});
                float x1 = std::max({v[0]->pos.x, v[1]->pos.x, v[2]->pos.x});
                float y1 = std::max({v[0]->pos.y, v[1]->pos.y, v[2]->pos.y});
                x0 = std::max(x0, clip.x);
                y0 = std::max(y0, clip.y);
                x1 = std::min(x1, clip.z);
                y1 = std::min(y1, clip.w);
                if (x1 < x0 || y1 < y0) {
                    continue; // outside its clip: draws nothing
                }
                uint64_t h = base;
                for (const ImDrawVert* vert : v) {
                    h = hashBytes(vert, sizeof(ImDrawVert), h);
                }
                const int c0 = std::clamp(static_cast<int>((x0 - origin.x) / kTile), 0, m_cols - 1);
                const int c1 = std::clamp(static_cast<int>((x1 - origin.x) / kTile), 0, m_cols - 1);
                const int r0 = std::clamp(static_cast<int>((y0 - origin.y) / kTile), 0, m_rows - 1);
                const int r1 = std::clamp(static_cast<int>((y1 - origin.y) / kTile), 0, m_rows - 1);
                for (int r = r0; r <= r1; ++r) {
                    for (int c = c0; c <= c1; ++c) {
                        uint64_t& t = m_current[static_cast<size_t>(r * m_cols + c)];
                        t = mix(t, h);
                    }
                }
            }
        }
    }
    ImVec4 damage(0, 0, 0, 0);
    if (m_previous.size() != m_current.size()) {
        damage = whole;
    } else {
        int c0 = m_cols, r0 = m_rows, c1 = -1, r1 = -1;
        for (int r = 0; r < m_rows; ++r) {
            for (int c = 0; c < m_cols; ++c) {
                const size_t t = static_cast<size_t>(r * m_cols + c);
                if (m_current[t] != m_previous[t]) {
                    c0 = std::min(c0, c);
                    r0 = std::min(r0, r);
                    c1 = std::max(c1, c);
                    r1 = std::max(r1, r);
                }
            }
        }
        if (c1 >= 0) {
            // a tile is changed by the triangles over it; antialiased edges spill a pixel
            // beyond a triangle's box, so the damage keeps a pixel's margin
            damage = ImVec4(std::max(whole.x, origin.x + static_cast<float>(c0) * kTile - 1),
                            std::max(whole.y, origin.y + static_cast<float>(r0) * kTile - 1),
                            std::min(whole.z, origin.x + static_cast<float>(c1 + 1) * kTile + 1),
                            std::min(whole.w, origin.y + static_cast<float>(r1 + 1) * kTile + 1));
        }
    }
    std::swap(m_previous, m_current);
    return damage;
}

void clipDrawData(ImDrawData& frame, const ImVec4& rect) {
    for (int l = 0; l < frame.CmdListsCount; ++l) {
        for (ImDrawCmd& cmd : frame.CmdLists[l]->CmdBuffer) {
            cmd.ClipRect =
                ImVec4(std::max(cmd.ClipRect.x, rect.x), std::max(cmd.ClipRect.y, rect.y),
                       std::min(cmd.ClipRect.z, rect.z), std::min(cmd.ClipRect.w, rect.w));
        }
    }
}

} // namespace tramso::ui
