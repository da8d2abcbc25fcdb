// "Gọi tổ công nghệ số": tells the resident, warmly and in big letters, that a team member is
// coming. The chime is played by the app when the intent is applied. Back stays in view at
// the bottom; on a short screen the picture gives way first, then the words scroll.
#include "screen.hpp"

namespace tramso::screens {

void help(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##help", c.pos, c.size, p.background);
    const float gap = ui.gap();
    const float wrap = std::min(c.size.x - gap * 4, ui.em(34.0f));
    const float left = c.pos.x + (c.size.x - wrap) * 0.5f;

    // Back is pinned at the bottom; the picture shrinks (or goes) before the words scroll.
    ImVec2 bsize = ui.buttonSize(c.tr("common.back"), ui::FontRole::Title);
    bsize.x = std::max(bsize.x, ui.em(10.0f));
    const float by = c.pos.y + c.size.y - gap * 2 - bsize.y;
    const float room = by - gap - (c.pos.y + gap);
    float titleH = ui.measure(c.tr("help.title"), ui::FontRole::Title, wrap).y;
    float bodyH = ui.measure(c.tr("help.body"), ui::FontRole::Title, wrap).y;
    float noteH = ui.measure(c.tr("help.note"), ui::FontRole::Body, wrap).y;
    const float words = titleH + bodyH + noteH + gap * 2;
    float side = std::min({c.size.y * 0.25f, ui.em(6.0f), room - words - gap});
    if (side < ui.em(2.0f)) {
        side = 0;
    }
    const float total = (side > 0 ? side + gap : 0) + words;
    float y = c.pos.y + gap + std::max(0.0f, (room - total) * 0.5f);
    if (side > 0) {
        ui::drawIcon(ImGui::GetWindowDrawList(), ui::Icon::Help,
                     ImVec2(c.pos.x + (c.size.x - side) * 0.5f, y), side, ui::toU32(p.accent),
                     ui::toU32(p.accent2));
        y += side + gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ui.beginScroll("##helpwords",
                   ImVec2(wrap, std::max(ui.touchMin() * 2 + gap, std::min(words, by - gap - y))));
    const float w = ImGui::GetContentRegionAvail().x;
    ui.text(c.tr("help.title"), ui::FontRole::Title, p.text, w, true);
    ui.text(c.tr("help.body"), ui::FontRole::Title, p.text, w, true);
    ui.text(c.tr("help.note"), ui::FontRole::Body, p.text, w, true);
    ui.endScroll();
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + (c.size.x - bsize.x) * 0.5f, by));
    if (ui.button(c.tr("common.back"), bsize, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::Back{});
    }
    ui.endPanel();
}

} // namespace tramso::screens
