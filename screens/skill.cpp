// A skill's page. It will list that skill's tutorials; until lessons exist it says so
// plainly and points to the team — never a fake list.
#include "screen.hpp"

namespace tramso::screens {

void skill(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    int n = c.kiosk.route().skill;
    std::string k = "skill." + std::to_string(n);
    ui.beginPanel("##skill", c.pos, c.size, p.background);
    ui::Icon icon = ui::skillIcon(n);
    float y = header(c, c.tr(k + ".title"), &icon);
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float innerW = c.size.x - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.text(c.tr(k + ".desc"), ui::FontRole::Body, p.text, innerW);

    // A calm card saying the lessons are on their way.
    float cardTop = ImGui::GetCursorScreenPos().y + gap;
    float pad = ui.em(1.2f);
    float textW = innerW - 2 * pad;
    float h = pad * 2 + ui.measure(c.tr("skill.coming.title"), ui::FontRole::Title, textW).y +
              gap + ui.measure(c.tr("skill.coming.body"), ui::FontRole::Body, textW).y;
    ImVec2 cmin(c.pos.x + margin, cardTop);
    ImVec2 cmax(cmin.x + innerW, cardTop + h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(cmin, cmax, ui::toU32(p.surface), ui.em(0.6f));
    dl->AddRect(cmin, cmax, ui::toU32(p.surfaceBorder), ui.em(0.6f), 0, std::max(2.0f, ui.mm(0.6f)));
    ui.pushSurface(p.surface);
    ImGui::SetCursorScreenPos(ImVec2(cmin.x + pad, cmin.y + pad));
    ui.text(c.tr("skill.coming.title"), ui::FontRole::Title, p.surfaceText, textW);
    ImGui::SetCursorScreenPos(ImVec2(cmin.x + pad, ImGui::GetCursorScreenPos().y));
    ui.text(c.tr("skill.coming.body"), ui::FontRole::Body, p.surfaceText, textW);
    ui.popSurface();
    ui.endPanel();
}

} // namespace tramso::screens
