// "Địa chỉ chính thức": the list of official addresses shown as QR codes. Until the portal
// registry exists it says plainly that the list is on its way.
#include "screen.hpp"

namespace tramso::screens {

void portals(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##portals", c.pos, c.size, p.background);
    ui::Icon icon = ui::Icon::Portals;
    float y = header(c, c.tr("home.portals.title"), &icon);
    const float margin = ui.gap() * 2;
    const float innerW = c.size.x - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.text(c.tr("home.portals.desc"), ui::FontRole::Body, p.text, innerW);
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, ImGui::GetCursorScreenPos().y + ui.gap()));
    ui.text(c.tr("portals.coming.body"), ui::FontRole::Body, p.text, innerW);
    ui.endPanel();
}

} // namespace tramso::screens
