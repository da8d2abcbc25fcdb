// Cutting draw commands into runs (see draw_runs.hpp).
#include "draw_runs.hpp"

namespace tramso::ui {
namespace {

// ImGui's quad: four vertices a, a+1, a+2, a+3 as the triangles (a, a+1, a+2), (a, a+2, a+3).
bool isQuad(const ImDrawIdx* idx) {
    const unsigned a = idx[0];
    return idx[1] == a + 1 && idx[2] == a + 2 && idx[3] == a && idx[4] == a + 2 && idx[5] == a + 3;
}

} // namespace

void splitDrawCommand(const ImDrawList& list, const ImDrawCmd& cmd, bool atlas, ImVec2 whiteUv,
                      std::vector<DrawRun>& out) {
    const ImDrawIdx* idx = list.IdxBuffer.Data;
    const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
    const unsigned end = cmd.IdxOffset + cmd.ElemCount;
    DrawRun run;
    bool open = false;
    for (unsigned i = cmd.IdxOffset; i + 3 <= end;) {
        DrawRun piece;
        piece.first = i;
        piece.quads = i + 6 <= end && isQuad(idx + i);
        piece.count = piece.quads ? 6 : 3;
        bool white = atlas, oneColor = true;
        piece.color = vtx[idx[i]].col;
        for (unsigned k = 0; k < piece.count; ++k) {
            const ImDrawVert& v = vtx[idx[i + k]];
            white = white && v.uv.x == whiteUv.x && v.uv.y == whiteUv.y;
            oneColor = oneColor && v.col == piece.color;
        }
        piece.paint = white ? Paint::Flat : oneColor ? Paint::Textured : Paint::TexturedBlend;
        if (piece.paint != Paint::Textured) {
            piece.color = 0;
        }
        if (open && run.sameKind(piece) &&
            (!piece.quads || run.count + piece.count <= kMaxQuadRunIndices)) {
            run.count += piece.count;
        } else {
            if (open) {
                out.push_back(run);
            }
            run = piece;
            open = true;
        }
        i += piece.count;
    }
    if (open) {
        out.push_back(run);
    }
}

} // namespace tramso::ui
