// How the renderer cuts ImGui's draw commands into runs (kiosk/ui/draw_runs.hpp), and the
// rounded boxes drawn in rectangles and corners (kiosk/ui/shapes.hpp), on real draw lists.
#include "kiosk/ui/draw_runs.hpp"
#include "kiosk/ui/shapes.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <vector>

namespace tramso::ui {
namespace {

// A throwaway ImGui context with one window to draw in; the draws are read back as runs.
class DrawRunsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_previous = ImGui::GetCurrentContext();
        m_context = ImGui::CreateContext();
        ImGui::SetCurrentContext(m_context);
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(800, 600);
        io.IniFilename = nullptr;
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("draw", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
        dl = ImGui::GetWindowDrawList();
    }
    void TearDown() override {
        ImGui::SetCurrentContext(m_context);
        ImGui::DestroyContext(m_context);
        ImGui::SetCurrentContext(m_previous);
    }
    // Ends the frame; the runs of every command of the window's list, and the indices drawn.
    std::vector<DrawRun> runs(unsigned* indices = nullptr) {
        ImGui::End();
        ImGui::Render();
        const ImDrawData& data = *ImGui::GetDrawData();
        std::vector<DrawRun> out;
        unsigned total = 0;
        for (int l = 0; l < data.CmdListsCount; ++l) {
            const ImDrawList& list = *data.CmdLists[l];
            for (const ImDrawCmd& cmd : list.CmdBuffer) {
                const size_t before = out.size();
                splitDrawCommand(list, cmd, cmd.TextureId == ImGui::GetIO().Fonts->TexID,
                                 ImGui::GetIO().Fonts->TexUvWhitePixel, out);
                // in order, end to end, covering the command once
                unsigned at = cmd.IdxOffset;
                for (size_t i = before; i < out.size(); ++i) {
                    EXPECT_EQ(out[i].first, at);
                    EXPECT_EQ(out[i].count % 3, 0u);
                    if (out[i].quads) {
                        EXPECT_EQ(out[i].count % 6, 0u);
                        EXPECT_LE(out[i].count, kMaxQuadRunIndices);
                    }
                    at += out[i].count;
                }
                EXPECT_EQ(at, cmd.IdxOffset + cmd.ElemCount);
                total += cmd.ElemCount;
            }
        }
        if (indices) {
            *indices = total;
        }
        return out;
    }
    ImDrawList* dl = nullptr;

  private:
    ImGuiContext* m_previous = nullptr;
    ImGuiContext* m_context = nullptr;
};

constexpr ImU32 kInk = IM_COL32(27, 27, 27, 255);
constexpr ImU32 kRed = IM_COL32(200, 30, 30, 255);

TEST_F(DrawRunsTest, PlainRectanglesAreOneRunOfFlatQuads) {
    for (int i = 0; i < 10; ++i) {
        dl->AddRectFilled(ImVec2(10, 10.0f + 20 * i), ImVec2(300, 25.0f + 20 * i), kInk);
    }
    const std::vector<DrawRun> r = runs();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(r[0].quads);
    EXPECT_EQ(r[0].paint, Paint::Flat);
    EXPECT_EQ(r[0].count, 60u);
}

TEST_F(DrawRunsTest, LongRunsAreCutWhereTheSoftwareRendererStillSeesRectangles) {
    for (int i = 0; i < 400; ++i) {
        const float x = static_cast<float>(i % 40) * 20, y = static_cast<float>(i / 40) * 20;
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + 10, y + 10), kInk);
    }
    unsigned indices = 0;
    const std::vector<DrawRun> r = runs(&indices);
    EXPECT_EQ(indices, 2400u);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].count, 1020u);
    EXPECT_EQ(r[1].count, 1020u);
    EXPECT_EQ(r[2].count, 360u);
}

TEST_F(DrawRunsTest, TextIsTexturedInOneColourARun) {
    dl->AddText(ImVec2(10, 10), kInk, "Ab");
    dl->AddText(ImVec2(10, 40), kRed, "Cd");
    const std::vector<DrawRun> r = runs();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].paint, Paint::Textured);
    EXPECT_EQ(r[0].color, kInk);
    EXPECT_EQ(r[1].paint, Paint::Textured);
    EXPECT_EQ(r[1].color, kRed);
    EXPECT_TRUE(r[0].quads && r[1].quads);
}

TEST_F(DrawRunsTest, CurvesAreTrianglesBetweenTheRectangles) {
    dl->AddRectFilled(ImVec2(10, 10), ImVec2(100, 40), kInk);
    dl->AddCircleFilled(ImVec2(200, 200), 30, kRed);
    dl->AddRectFilled(ImVec2(10, 50), ImVec2(100, 80), kInk);
    const std::vector<DrawRun> r = runs();
    ASSERT_EQ(r.size(), 3u);
    EXPECT_TRUE(r[0].quads);
    EXPECT_FALSE(r[1].quads);
    EXPECT_EQ(r[1].paint, Paint::Flat); // antialiased: white pixel, colours fading out
    EXPECT_TRUE(r[2].quads);
}

TEST_F(DrawRunsTest, AGlyphTintedByDifferentColoursIsNeverARectangleRun) {
    // a quad sampling the atlas with a different colour at each corner
    const ImVec2 uv0(0.25f, 0.25f), uv1(0.5f, 0.5f);
    dl->PrimReserve(6, 4);
    dl->PrimRectUV(ImVec2(10, 10), ImVec2(50, 50), uv0, uv1, kInk);
    dl->VtxBuffer[dl->VtxBuffer.Size - 1].col = kRed;
    const std::vector<DrawRun> r = runs();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].paint, Paint::TexturedBlend);
}

// The rounded box keeps ImGui's outline: the same extent, the corners as curves, and its
// straight parts as rectangles (three bands and a ramp along each side).
TEST_F(DrawRunsTest, ARoundedBoxIsRectanglesWithCurvedCorners) {
    fillRounded(*dl, ImVec2(100, 100), ImVec2(500, 180), kInk, 12);
    ImVec2 lo(1e9f, 1e9f), hi(-1e9f, -1e9f);
    for (const ImDrawVert& v : dl->VtxBuffer) {
        lo = ImVec2(std::min(lo.x, v.pos.x), std::min(lo.y, v.pos.y));
        hi = ImVec2(std::max(hi.x, v.pos.x), std::max(hi.y, v.pos.y));
    }
    // ImGui's antialiased fill reaches half a pixel out (a little more where a corner's ramp
    // meets a straight edge)
    EXPECT_NEAR(lo.x, 99.5f, 0.15f);
    EXPECT_NEAR(lo.y, 99.5f, 0.15f);
    EXPECT_NEAR(hi.x, 500.5f, 0.15f);
    EXPECT_NEAR(hi.y, 180.5f, 0.15f);
    const std::vector<DrawRun> r = runs();
    unsigned quads = 0, triangles = 0;
    for (const DrawRun& run : r) {
        (run.quads ? quads : triangles) += run.count;
        EXPECT_EQ(run.paint, Paint::Flat);
    }
    EXPECT_EQ(quads, 7u * 6u);
    EXPECT_GT(triangles, 0u); // the four corners
}

TEST_F(DrawRunsTest, ARoundedBorderIsStraightStrokesAndCornerArcs) {
    strokeRounded(*dl, ImVec2(100, 100), ImVec2(500, 180), kInk, 12, 2.5f);
    unsigned quads = 0;
    for (const DrawRun& run : runs()) {
        quads += run.quads ? run.count / 6 : 0;
    }
    EXPECT_GE(quads, 12u); // each side a core and two ramps
}

TEST_F(DrawRunsTest, TranslucentBoxesKeepImGuisOwnShape) {
    fillRounded(*dl, ImVec2(100, 100), ImVec2(500, 180), IM_COL32(0, 0, 0, 128), 12);
    for (const DrawRun& run : runs()) {
        EXPECT_FALSE(run.quads); // one antialiased polygon: no seams where pieces overlap
    }
}

} // namespace
} // namespace tramso::ui
