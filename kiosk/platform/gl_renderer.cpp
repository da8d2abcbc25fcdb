// The kiosk's ImGui renderer (see gl_renderer.hpp). OpenGL 3.2 core entry points come from
// GLVND's libOpenGL, which exports them all (GL_GLEXT_PROTOTYPES: CMakeLists.txt).
#include "gl_renderer.hpp"

#include "kiosk/core/base/log.hpp"

#include <GL/gl.h>
#include <GL/glext.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace tramso::platform {
namespace {

// One vertex layout for every program: ImGui's position, texture coordinate and colour.
enum Attribute : GLuint { kPosition = 0, kUv = 1, kColor = 2 };

// Kept to what llvmpipe's fast ("linear") code accepts: a plain texture fetch from one
// input times a uniform colour, and nothing in the flat program but the vertex colour.
constexpr const char* kTexturedVertex = R"(#version 150
uniform mat4 proj;
in vec2 position;
in vec2 uv;
in vec4 color;
out vec2 fragUv;
out vec4 fragColor;
void main() {
    fragUv = uv;
    fragColor = color;
    gl_Position = proj * vec4(position, 0.0, 1.0);
})";
constexpr const char* kTexturedFragment = R"(#version 150
uniform sampler2D tex;
uniform vec4 tint;
in vec2 fragUv;
out vec4 outColor;
void main() {
    outColor = tint * texture(tex, fragUv);
})";
constexpr const char* kBlendFragment = R"(#version 150
uniform sampler2D tex;
in vec2 fragUv;
in vec4 fragColor;
out vec4 outColor;
void main() {
    outColor = fragColor * texture(tex, fragUv);
})";
constexpr const char* kFlatVertex = R"(#version 150
uniform mat4 proj;
in vec2 position;
in vec4 color;
out vec4 fragColor;
void main() {
    fragColor = color;
    gl_Position = proj * vec4(position, 0.0, 1.0);
})";
constexpr const char* kFlatFragment = R"(#version 150
in vec4 fragColor;
out vec4 outColor;
void main() {
    outColor = fragColor;
})";

GLuint compile(GLenum type, const char* source) {
    GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &source, nullptr);
    glCompileShader(s);
    GLint ok = GL_FALSE;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        char text[1024] = {};
        glGetShaderInfoLog(s, sizeof text, nullptr, text);
        log::error(std::string("renderer: a shader does not compile: ") + text);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

GLuint link(const char* vertexSource, const char* fragmentSource) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertexSource);
    GLuint fs = compile(GL_FRAGMENT_SHADER, fragmentSource);
    GLuint p = 0;
    if (vs && fs) {
        p = glCreateProgram();
        glAttachShader(p, vs);
        glAttachShader(p, fs);
        glBindAttribLocation(p, kPosition, "position");
        glBindAttribLocation(p, kUv, "uv");
        glBindAttribLocation(p, kColor, "color");
        glBindFragDataLocation(p, 0, "outColor");
        glLinkProgram(p);
        GLint ok = GL_FALSE;
        glGetProgramiv(p, GL_LINK_STATUS, &ok);
        if (ok != GL_TRUE) {
            char text[1024] = {};
            glGetProgramInfoLog(p, sizeof text, nullptr, text);
            log::error(std::string("renderer: the shaders do not link: ") + text);
            glDeleteProgram(p);
            p = 0;
        }
    }
    glDeleteShader(vs); // freed with the program (0 is ignored)
    glDeleteShader(fs);
    return p;
}

// A clip edge in pixels: the first pixel whose centre lies at or past it.
int pixelEdge(float v) {
    return static_cast<int>(std::floor(v + 0.5f));
}

// The program in use; only changes reach GL.
struct State {
    GLuint program = 0;
    void use(GLuint p) {
        if (p != program) {
            glUseProgram(p);
            program = p;
        }
    }
};

} // namespace

GlRenderer::GlRenderer() {
    m_flat = link(kFlatVertex, kFlatFragment);
    m_textured = link(kTexturedVertex, kTexturedFragment);
    m_blend = link(kTexturedVertex, kBlendFragment);
    for (GLuint p : {m_flat, m_textured, m_blend}) {
        if (p) {
            glUseProgram(p);
            const GLint tex = glGetUniformLocation(p, "tex");
            if (tex >= 0) {
                glUniform1i(tex, 0);
            }
        }
    }
    glUseProgram(0);
    m_flatProj = m_flat ? glGetUniformLocation(m_flat, "proj") : -1;
    m_texturedProj = m_textured ? glGetUniformLocation(m_textured, "proj") : -1;
    m_tint = m_textured ? glGetUniformLocation(m_textured, "tint") : -1;
    m_blendProj = m_blend ? glGetUniformLocation(m_blend, "proj") : -1;
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glGenBuffers(1, &m_ebo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_ebo); // part of the vertex array's state
    glEnableVertexAttribArray(kPosition);
    glEnableVertexAttribArray(kUv);
    glEnableVertexAttribArray(kColor);
    const auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
    glVertexAttribPointer(kPosition, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(kUv, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<const void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(kColor, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          reinterpret_cast<const void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "tramso_gl";
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset; // glDrawElementsBaseVertex
}

GlRenderer::~GlRenderer() {
    glDeleteBuffers(1, &m_ebo);
    glDeleteBuffers(1, &m_vbo);
    glDeleteVertexArrays(1, &m_vao);
    glDeleteProgram(m_blend);
    glDeleteProgram(m_textured);
    glDeleteProgram(m_flat);
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = nullptr;
    io.BackendFlags &= ~ImGuiBackendFlags_RendererHasVtxOffset;
}

void GlRenderer::render(const ImDrawData& frame, ImTextureID atlas, ImVec2 whiteUv, int fw,
                        int fh) {
    if (!ok() || fw <= 0 || fh <= 0 || frame.CmdListsCount == 0) {
        return;
    }
    // ImGui's blending (kept on: llvmpipe's fast path mis-draws what follows an unblended
    // rectangle). No depth, stencil or culling.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glActiveTexture(GL_TEXTURE0);
    // Display coordinates to clip space: an orthographic projection (w stays 1).
    const float l = frame.DisplayPos.x, r = l + frame.DisplaySize.x;
    const float t = frame.DisplayPos.y, b = t + frame.DisplaySize.y;
    const float proj[16] = {2 / (r - l), 0, 0, 0,  0, 2 / (t - b),       0,
                            0,           0, 0, -1, 0, (r + l) / (l - r), (t + b) / (b - t),
                            0,           1};
    const std::pair<GLuint, GLint> programs[] = {
        {m_flat, m_flatProj}, {m_textured, m_texturedProj}, {m_blend, m_blendProj}};
    for (const auto& [program, location] : programs) {
        glUseProgram(program);
        glUniformMatrix4fv(location, 1, GL_FALSE, proj);
    }
    State state;
    state.program = m_blend;
    ImU32 tint = 0;
    bool tintSet = false;
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    const ImVec2 scale = frame.FramebufferScale;
    const GLenum indexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    const auto draw = [&](unsigned first, unsigned count, unsigned vtxOffset) {
        glDrawElementsBaseVertex(
            GL_TRIANGLES, static_cast<GLsizei>(count), indexType,
            reinterpret_cast<const void*>(static_cast<uintptr_t>(first) * sizeof(ImDrawIdx)),
            static_cast<GLint>(vtxOffset));
    };
    for (int n = 0; n < frame.CmdListsCount; ++n) {
        const ImDrawList& list = *frame.CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list.VtxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawVert)),
                     list.VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list.IdxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                     list.IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) {
                // the kiosk adds none; ImGui's own "reset" marker needs nothing here
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) {
                    cmd.UserCallback(&list, &cmd);
                }
                continue;
            }
            // the command's clip rectangle in whole framebuffer pixels: those whose centres
            // it holds, both edges rounded alike (truncating the origin and the width apart
            // drops the last column when the clip starts mid-pixel, and a redrawn part of the
            // screen then shows a one-pixel gap at its edge)
            const int x0 = pixelEdge((cmd.ClipRect.x - l) * scale.x);
            const int y0 = pixelEdge((cmd.ClipRect.y - t) * scale.y);
            const int x1 = pixelEdge((cmd.ClipRect.z - l) * scale.x);
            const int y1 = pixelEdge((cmd.ClipRect.w - t) * scale.y);
            if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) {
                continue;
            }
            glScissor(x0, fh - y1, x1 - x0, y1 - y0); // GL counts rows from the bottom
            glBindTexture(GL_TEXTURE_2D,
                          static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.TextureId)));
            m_runs.clear();
            ui::splitDrawCommand(list, cmd, cmd.TextureId == atlas, whiteUv, m_runs);
            for (const ui::DrawRun& run : m_runs) {
                switch (run.paint) {
                case ui::Paint::Flat:
                    state.use(m_flat);
                    draw(run.first, run.count, cmd.VtxOffset);
                    break;
                case ui::Paint::Textured:
                    state.use(m_textured);
                    if (!tintSet || run.color != tint) {
                        const ImVec4 c = ImGui::ColorConvertU32ToFloat4(run.color);
                        glUniform4f(m_tint, c.x, c.y, c.z, c.w);
                        tint = run.color;
                        tintSet = true;
                    }
                    draw(run.first, run.count, cmd.VtxOffset);
                    break;
                case ui::Paint::TexturedBlend:
                    state.use(m_blend);
                    for (unsigned i = 0; i < run.count; i += 3) { // never seen as rectangles
                        draw(run.first + i, 3, cmd.VtxOffset);
                    }
                    break;
                }
            }
        }
    }
    glBindVertexArray(0);
    glUseProgram(0);
    glDisable(GL_BLEND);
}

} // namespace tramso::platform
