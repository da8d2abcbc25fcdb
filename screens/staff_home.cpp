// The team screen: what a team member came to do, as big tiles. Technicians also get the
// kiosk's settings and health.
#include "screen.hpp"

namespace tramso::screens {

void staffHome(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##staffhome", c.pos, c.size);
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
    // the notes stay in view at the bottom, under the tiles
    const float notesW = c.size.x - 2 * margin;
    float notes = ui.measure(c.tr("staff.auto_logout"), ui::FontRole::Body, notesW).y;
    if (c.kiosk.loginNotice() == LoginNotice::NeedsTechnician) {
        notes += ui.measure(c.tr("staff.needs_technician"), ui::FontRole::Body, notesW).y;
    }
    const float viewH = c.pos.y + c.size.y - margin - y - notes - gap;
    ui.beginScroll("##stafftiles", ImVec2(c.size.x - 2 * margin, viewH));
    // The roomiest grid that shows every tile without scrolling: with descriptions if they
    // fit, else icon and title only (big text on a small screen); scrolling is the last resort.
    const float avail = ImGui::GetContentRegionAvail().x;
    const int n = static_cast<int>(tiles.size());
    std::vector<std::string> titles;
    for (const auto& t : tiles) {
        titles.push_back(c.tr(t.key));
    }
    int cols = 1;
    bool desc = true;
    float tileW = avail, tileH = 0;
    ui::FontRole role = ui::FontRole::Title;
    bool fits = false;
    // tried in turn: with descriptions, icon and title, icon and a smaller title
    for (int pass = 0; pass < 3; ++pass) {
        const bool withDesc = pass == 0;
        for (int k = 1; k <= 3 && !fits; ++k) {
            const float w = (avail - gap * static_cast<float>(k - 1)) / static_cast<float>(k);
            if (k > 1 && w < ui.em(withDesc ? 14.0f : pass == 1 ? 9.0f : 7.5f)) {
                break;
            }
            // one title size for all the tiles
            const ui::FontRole r =
                pass == 2 ? ui::FontRole::Body : ui.tileTitleRole(titles, w, !withDesc);
            float h = 0;
            for (const auto& t : tiles) {
                h = std::max(h, ui.tileHeight(c.tr(t.key), withDesc ? c.tr(t.desc) : "", w, r));
            }
            const int rows = (n + k - 1) / k;
            const float need = static_cast<float>(rows) * h + gap * static_cast<float>(rows - 1);
            cols = k;
            desc = withDesc;
            tileW = w;
            tileH = h;
            role = r;
            fits = need <= viewH;
        }
        if (fits) {
            break;
        }
    }
    for (size_t i = 0; i < tiles.size(); ++i) {
        if (i % static_cast<size_t>(cols) != 0) {
            ImGui::SameLine(0, gap);
        }
        if (ui.tile(c.tr(tiles[i].key), desc ? c.tr(tiles[i].desc) : std::string(), tiles[i].icon,
                    ImVec2(tileW, tileH), role)) {
            c.emit(tiles[i].intent);
        }
    }
    ui.endScroll();
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, c.pos.y + c.size.y - margin - notes));
    ui.text(c.tr("staff.auto_logout"), ui::FontRole::Body, p.text, notesW);
    if (c.kiosk.loginNotice() == LoginNotice::NeedsTechnician) {
        ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, ImGui::GetCursorScreenPos().y));
        ui.text(c.tr("staff.needs_technician"), ui::FontRole::Body, p.text, notesW);
    }
    ui.endPanel();
}

} // namespace tramso::screens
