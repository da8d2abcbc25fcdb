// "Gọi tổ công nghệ số": tells the resident, warmly and in big letters, that a team member is
// coming. The chime is played by the app when the intent is applied.
#include "screen.hpp"

namespace tramso::screens {

void help(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##help", c.pos, c.size, p.background);
    const float gap = ui.gap();
    const float wrap = std::min(c.size.x - gap * 4, ui.em(34.0f));
    const float left = c.pos.x + (c.size.x - wrap) * 0.5f;

    float side = std::min(c.size.y * 0.25f, ui.em(6.0f));
    float titleH = ui.measure(c.tr("help.title"), ui::FontRole::Title, wrap).y;
    float bodyH = ui.measure(c.tr("help.body"), ui::FontRole::Title, wrap).y;
    float noteH = ui.measure(c.tr("help.note"), ui::FontRole::Body, wrap).y;
    ImVec2 bsize = ui.buttonSize(c.tr("common.back"), ui::FontRole::Title);
    bsize.x = std::max(bsize.x, ui.em(10.0f));
    float total = side + titleH + bodyH + noteH + bsize.y + gap * 5;
    float y = c.pos.y + std::max(gap, (c.size.y - total) * 0.5f);

    ui::drawIcon(ImGui::GetWindowDrawList(), ui::Icon::Help,
                 ImVec2(c.pos.x + (c.size.x - side) * 0.5f, y), side, ui::toU32(p.accent),
                 ui::toU32(p.accent2));
    y += side + gap;
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ui.text(c.tr("help.title"), ui::FontRole::Title, p.text, wrap, true);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ui.text(c.tr("help.body"), ui::FontRole::Title, p.text, wrap, true);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ui.text(c.tr("help.note"), ui::FontRole::Body, p.text, wrap, true);
    ImGui::SetCursorScreenPos(
        ImVec2(c.pos.x + (c.size.x - bsize.x) * 0.5f, ImGui::GetCursorScreenPos().y + gap));
    if (ui.button(c.tr("common.back"), bsize, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::Back{});
    }
    ui.endPanel();
}

} // namespace tramso::screens
