// Home: one big tile per basic digital skill, plus the official addresses. Tiles never
// shrink below what their words need; if they do not fit, the grid scrolls.
#include "screen.hpp"

namespace tramso::screens {

void home(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##home", c.pos, c.size, p.background);
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float innerW = c.size.x - 2 * margin;

    struct TileSpec {
        std::string title, desc;
        ui::Icon icon;
        Intent intent;
    };
    std::vector<TileSpec> tiles;
    for (int s = 1; s <= kSkillCount; ++s) {
        std::string k = "skill." + std::to_string(s);
        tiles.push_back({c.tr(k + ".title"), c.tr(k + ".desc"), ui::skillIcon(s),
                         intent::Open{Route{ScreenId::Skill, s}}});
    }
    tiles.push_back({c.tr("home.portals.title"), c.tr("home.portals.desc"), ui::Icon::Portals,
                     intent::Open{Route{ScreenId::Portals, 0}}});

    // The heading scrolls with the tiles so a small screen gives all its height to the page.
    const float top = c.pos.y + margin;
    ImVec2 area(innerW, std::max(ui.touchMin() * 2 + gap, c.pos.y + c.size.y - margin - top));
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, top));
    ui.beginScroll("##tiles", area);
    const float headW = ImGui::GetContentRegionAvail().x;
    // The culture house's name; pressing it for 3 s opens the staff keypad.
    const ImVec2 nameAt = ImGui::GetCursorScreenPos();
    ui.text(c.kiosk.config().siteName, ui::FontRole::Body, p.text, headW);
    if (ui.holdArea(c.kiosk.config().siteName, nameAt,
                    ImVec2(nameAt.x + headW, ImGui::GetCursorScreenPos().y), kStaffHoldSeconds)) {
        c.emit(intent::OpenStaffLogin{});
    }
    ui.text(c.tr("home.title"), ui::FontRole::Title, p.text, headW);
    ui.text(c.tr("home.hint"), ui::FontRole::Body, p.text, headW);
    const float headH = ImGui::GetCursorScreenPos().y - (top - ImGui::GetScrollY());
    // Columns: as many as keep a tile at least 13 em wide (3 on a 1920-px screen at A).
    float avail = ImGui::GetContentRegionAvail().x;
    int cols = std::clamp(static_cast<int>((avail + gap) / (ui.em(13.0f) + gap)), 1, 3);
    float tileW = (avail - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    int rows = (static_cast<int>(tiles.size()) + cols - 1) / cols;
    float need = 0;
    for (const auto& t : tiles) {
        need = std::max(need, ui.tileHeight(t.title, t.desc, tileW));
    }
    float fill = (area.y - headH - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    float tileH = std::max(need, std::min(fill, need * 1.6f));
    for (size_t i = 0; i < tiles.size(); ++i) {
        if (i % static_cast<size_t>(cols) != 0) {
            ImGui::SameLine(0, gap);
        }
        if (ui.tile(tiles[i].title, tiles[i].desc, tiles[i].icon, ImVec2(tileW, tileH))) {
            c.emit(tiles[i].intent);
        }
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
