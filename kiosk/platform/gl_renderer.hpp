// The kiosk's own OpenGL 3.2 renderer for ImGui's draw data, in place of imgui_impl_opengl3.
// It draws the same pixels, but cut into runs (ui/draw_runs.hpp) so that a software renderer
// takes its fast path: flat fills without a texture, glyphs in one colour, and rectangles in
// draw calls it recognises. On a GPU the runs cost a few more draw calls.
// Owns its programs and buffers; made and destroyed with the GL context current.
#pragma once
#include "../ui/draw_runs.hpp"

#include <imgui.h>

#include <vector>

namespace tramso::platform {

class GlRenderer {
  public:
    GlRenderer();
    ~GlRenderer();
    GlRenderer(const GlRenderer&) = delete;
    GlRenderer& operator=(const GlRenderer&) = delete;
    // False when a shader did not compile or link (the error is logged).
    bool ok() const { return m_flat != 0 && m_textured != 0 && m_blend != 0; }
    // Draws `frame` into the bound framebuffer of `fw`×`fh` pixels (viewport already set).
    // `atlas`: the font texture, whose white pixel is at `whiteUv`.
    void render(const ImDrawData& frame, ImTextureID atlas, ImVec2 whiteUv, int fw, int fh);

  private:
    unsigned m_flat = 0, m_textured = 0, m_blend = 0;           // programs, one a Paint
    int m_flatProj = -1, m_texturedProj = -1, m_blendProj = -1; // their projections
    int m_tint = -1;                                            // the textured colour
    unsigned m_vao = 0, m_vbo = 0, m_ebo = 0;
    std::vector<ui::DrawRun> m_runs; // reused each frame
};

} // namespace tramso::platform
