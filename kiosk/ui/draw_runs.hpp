// How a draw command's triangles are handed to the GPU so that a software renderer (Mesa's
// llvmpipe, on the cheapest kiosk hardware) takes its fast path. llvmpipe draws axis-aligned
// rectangles with 8-bit "linear" code, several times faster, but only when a draw call holds
// nothing except whole quads (ImGui's 0,1,2 0,2,3 pattern) and at most 1,020 indices, with a
// shader it can run that way. So each command is cut, in its own order, into runs of one
// kind: quads or other triangles, and one of three paints (see Paint).
// GL-free, so the cutting is unit-tested; the window's renderer draws the runs.
#pragma once
#include <imgui.h>

#include <vector>

namespace tramso::ui {

enum class Paint {
    Flat,     // every vertex samples the font atlas's white pixel: no texture, vertex colours
    Textured, // a texture (glyphs, QR codes) times one colour, the same at every vertex
    // a texture times colours that differ between vertices: llvmpipe's fast path (Mesa 22.3)
    // draws these wrong, so they are drawn a triangle at a time, never as rectangles
    TexturedBlend,
};

struct DrawRun {
    unsigned first = 0; // position of the first index in the list's index buffer
    unsigned count = 0; // how many indices (a multiple of 3; of 6 for quads)
    bool quads = false; // whole quads only
    Paint paint = Paint::Flat;
    ImU32 color = 0; // Textured: the colour of every vertex
    bool sameKind(const DrawRun& o) const {
        return quads == o.quads && paint == o.paint &&
               (paint != Paint::Textured || color == o.color);
    }
};

// More indices than this in one draw call and llvmpipe cuts it into pieces of 1,023 indices,
// which are not whole quads: every rectangle in it is then drawn as two plain triangles.
constexpr unsigned kMaxQuadRunIndices = 1020;

// Appends `cmd`'s runs to `out`, in drawing order, covering all its indices once.
// `atlas`: the command samples the font atlas, whose white pixel is at `whiteUv`.
void splitDrawCommand(const ImDrawList& list, const ImDrawCmd& cmd, bool atlas, ImVec2 whiteUv,
                      std::vector<DrawRun>& out);

} // namespace tramso::ui
