// Rounded boxes and rules drawn the way a software renderer draws fastest. ImGui draws a
// rounded rectangle as one fan of long triangles with an antialiased fringe, and a line as
// an antialiased strip; Mesa's llvmpipe then draws every 64-pixel tile they touch the slow
// way. Here the straight parts are plain axis-aligned rectangles (its fast path) and only
// the corners are antialiased arcs, so only the corner tiles are drawn the slow way. The
// pixels are ImGui's: the same corners, the same border centred half a pixel in.
#pragma once
#include <imgui.h>

namespace tramso::ui {

// AddRectFilled(min, max, col, rounding)
void fillRounded(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding);
// AddRect(min, max, col, rounding, 0, thickness)
void strokeRounded(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding,
                   float thickness);
// AddLine(from, to, col, thickness) for a horizontal line: a rule across a panel
void horizontalRule(ImDrawList& dl, ImVec2 from, float toX, ImU32 col, float thickness);

} // namespace tramso::ui
