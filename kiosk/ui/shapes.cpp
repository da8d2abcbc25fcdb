// Rounded boxes and rules in rectangles and corner arcs (see shapes.hpp).
#include "shapes.hpp"

#include <algorithm>

namespace tramso::ui {
namespace {

// ImGui's limit: a corner is at most half the shorter side, less a pixel.
float clampRounding(ImVec2 min, ImVec2 max, float rounding) {
    return std::min({rounding, (max.x - min.x) * 0.5f - 1.0f, (max.y - min.y) * 0.5f - 1.0f});
}

// Overlapping pieces of a translucent colour would show their seams: those keep ImGui's way.
bool opaque(ImU32 col) {
    return (col & IM_COL32_A_MASK) == IM_COL32_A_MASK;
}

ImU32 clear(ImU32 col) {
    return col & ~IM_COL32_A_MASK;
}

// ImGui's antialiasing in rectangles: a pixel-wide ramp from `col` to transparent.
void rampDown(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col) { // opaque at the top
    dl.AddRectFilledMultiColor(min, max, col, col, clear(col), clear(col));
}
void rampUp(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col) { // opaque at the bottom
    dl.AddRectFilledMultiColor(min, max, clear(col), clear(col), col, col);
}
void rampRight(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col) { // opaque at the left
    dl.AddRectFilledMultiColor(min, max, col, clear(col), clear(col), col);
}
void rampLeft(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col) { // opaque at the right
    dl.AddRectFilledMultiColor(min, max, clear(col), col, col, clear(col));
}

// A straight antialiased stroke like ImGui's: a core `thickness - 1` wide centred on the
// line, and a pixel's ramp on each side of it.
void horizontalStroke(ImDrawList& dl, float x0, float x1, float y, ImU32 col, float thickness) {
    const float h = (thickness - 1.0f) * 0.5f;
    dl.AddRectFilled(ImVec2(x0, y - h), ImVec2(x1, y + h), col);
    rampUp(dl, ImVec2(x0, y - h - 1.0f), ImVec2(x1, y - h), col);
    rampDown(dl, ImVec2(x0, y + h), ImVec2(x1, y + h + 1.0f), col);
}
void verticalStroke(ImDrawList& dl, float x, float y0, float y1, ImU32 col, float thickness) {
    const float h = (thickness - 1.0f) * 0.5f;
    dl.AddRectFilled(ImVec2(x - h, y0), ImVec2(x + h, y1), col);
    rampLeft(dl, ImVec2(x - h - 1.0f, y0), ImVec2(x - h, y1), col);
    rampRight(dl, ImVec2(x + h, y0), ImVec2(x + h + 1.0f, y1), col);
}

// ImGui's arc steps for the corners: 0 right, 3 down, 6 left, 9 up; top-left first, clockwise.
constexpr int kCornerFrom[4] = {6, 9, 0, 3};

} // namespace

void fillRounded(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding) {
    const float r = clampRounding(min, max, rounding);
    if (r < 2.0f || !opaque(col)) {
        dl.AddRectFilled(min, max, col, rounding);
        return;
    }
    // ImGui's antialiased fill: solid to half a pixel inside the edge, then a pixel's ramp.
    // The bands reach a pixel into the corners, under the corners' own soft edges.
    dl.AddRectFilled(ImVec2(min.x + 0.5f, min.y + r - 1.0f), ImVec2(max.x - 0.5f, max.y - r + 1.0f),
                     col);
    dl.AddRectFilled(ImVec2(min.x + r - 1.0f, min.y + 0.5f), ImVec2(max.x - r + 1.0f, min.y + r),
                     col);
    dl.AddRectFilled(ImVec2(min.x + r - 1.0f, max.y - r), ImVec2(max.x - r + 1.0f, max.y - 0.5f),
                     col);
    rampUp(dl, ImVec2(min.x + r, min.y - 0.5f), ImVec2(max.x - r, min.y + 0.5f), col);
    rampDown(dl, ImVec2(min.x + r, max.y - 0.5f), ImVec2(max.x - r, max.y + 0.5f), col);
    rampLeft(dl, ImVec2(min.x - 0.5f, min.y + r), ImVec2(min.x + 0.5f, max.y - r), col);
    rampRight(dl, ImVec2(max.x - 0.5f, min.y + r), ImVec2(max.x + 0.5f, max.y - r), col);
    const ImVec2 centres[4] = {ImVec2(min.x + r, min.y + r), ImVec2(max.x - r, min.y + r),
                               ImVec2(max.x - r, max.y - r), ImVec2(min.x + r, max.y - r)};
    for (int i = 0; i < 4; ++i) { // each corner a quarter disc
        dl.PathLineTo(centres[i]);
        dl.PathArcToFast(centres[i], r, kCornerFrom[i], kCornerFrom[i] + 3);
        dl.PathFillConvex(col);
    }
}

void strokeRounded(ImDrawList& dl, ImVec2 min, ImVec2 max, ImU32 col, float rounding,
                   float thickness) {
    const float r = clampRounding(min, max, rounding);
    if (r < 2.0f || thickness < 1.0f || !opaque(col)) {
        dl.AddRect(min, max, col, rounding, 0, thickness);
        return;
    }
    // ImGui strokes the path half a pixel inside the box, the line centred on it
    const ImVec2 a(min.x + 0.5f, min.y + 0.5f), b(max.x - 0.5f, max.y - 0.5f);
    horizontalStroke(dl, a.x + r, b.x - r, a.y, col, thickness);
    horizontalStroke(dl, a.x + r, b.x - r, b.y, col, thickness);
    verticalStroke(dl, a.x, a.y + r, b.y - r, col, thickness);
    verticalStroke(dl, b.x, a.y + r, b.y - r, col, thickness);
    const ImVec2 centres[4] = {ImVec2(a.x + r, a.y + r), ImVec2(b.x - r, a.y + r),
                               ImVec2(b.x - r, b.y - r), ImVec2(a.x + r, b.y - r)};
    for (int i = 0; i < 4; ++i) {
        dl.PathArcToFast(centres[i], r, kCornerFrom[i], kCornerFrom[i] + 3);
        dl.PathStroke(col, 0, thickness);
    }
}

void horizontalRule(ImDrawList& dl, ImVec2 from, float toX, ImU32 col, float thickness) {
    if (thickness < 1.0f || !opaque(col)) {
        dl.AddLine(from, ImVec2(toX, from.y), col, thickness);
        return;
    }
    // AddLine's path runs through pixel centres, half a pixel in
    horizontalStroke(dl, std::min(from.x, toX) + 0.5f, std::max(from.x, toX) + 0.5f, from.y + 0.5f,
                     col, thickness);
}

} // namespace tramso::ui
