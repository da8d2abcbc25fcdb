// The team screen: what a team member came to do, as big tiles. Technicians also get the
// kiosk's settings and health.
#include "screen.hpp"

namespace tramso::screens {

void staffHome(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##staffhome", c.pos, c.size, p.background);
    float y = staffHeader(c, c.tr("staff.home_title"), true);
    const float gap = ui.gap();
    const float margin = gap * 2;
    const bool tech = c.kiosk.staff() && c.kiosk.staff()->role == Role::Technician;

    struct TileSpec {
        const char* key;
        const char* desc;
        ui::Icon icon;
        Intent intent;
    };
    std::vector<TileSpec> tiles = {
        {"staff.launch", "staff.launch_desc", ui::Icon::Help,
         intent::Open{Route{ScreenId::StaffLaunch}}},
        {"staff.dashboard", "staff.dashboard_desc", ui::Icon::Clock,
         intent::Open{Route{ScreenId::Dashboard}}},
    };
    if (tech) {
        tiles.push_back({"staff.settings", "staff.settings_desc", ui::Icon::Home,
                         intent::Open{Route{ScreenId::Settings}}});
        tiles.push_back({"staff.health", "staff.health_desc", ui::Icon::Protect,
                         intent::Open{Route{ScreenId::Health}}});
        tiles.push_back({"export.title", "export.desc", ui::Icon::ArrowDown,
                         intent::Open{Route{ScreenId::Export}}});
        tiles.push_back(
            {"packs.title", "packs.desc", ui::Icon::ArrowUp, intent::Open{Route{ScreenId::Packs}}});
    }
    if (tech && c.kiosk.safeMode()) {
        // first: it is what the technician came for, and more tiles must not push it away
        tiles.insert(tiles.begin(),
                     {"safe.leave", "safe.leave_desc", ui::Icon::Home, intent::LeaveSafeMode{}});
    }
    // last, so the tiles that were there keep their places (safe mode's first in view)
    if (c.kiosk.quizzes() && !c.kiosk.quizzes()->quizzes.empty()) {
        tiles.push_back(
            {"quiz.group_title", "quiz.group_desc", ui::Icon::Touch,
             intent::Open{Route{ScreenId::QuizGroup, 0, c.kiosk.quizzes()->quizzes.front().id}}});
    }
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.beginScroll("##stafftiles", ImVec2(c.size.x - 2 * margin, c.pos.y + c.size.y - margin - y));
    const float avail = ImGui::GetContentRegionAvail().x;
    const int cols = std::clamp(static_cast<int>((avail + gap) / (ui.em(14.0f) + gap)), 1, 2);
    const float tileW = (avail - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    float tileH = 0;
    for (const auto& t : tiles) {
        tileH = std::max(tileH, ui.tileHeight(c.tr(t.key), c.tr(t.desc), tileW));
    }
    for (size_t i = 0; i < tiles.size(); ++i) {
        if (i % static_cast<size_t>(cols) != 0) {
            ImGui::SameLine(0, gap);
        }
        if (ui.tile(c.tr(tiles[i].key), c.tr(tiles[i].desc), tiles[i].icon, ImVec2(tileW, tileH))) {
            c.emit(tiles[i].intent);
        }
    }
    ui.text(c.tr("staff.auto_logout"), ui::FontRole::Body, p.text, avail);
    if (c.kiosk.loginNotice() == LoginNotice::NeedsTechnician) {
        ui.text(c.tr("staff.needs_technician"), ui::FontRole::Body, p.text, avail);
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
