// A skill's page: its lessons as big rows (title, summary, minutes and steps). With no
// lessons yet it says so plainly and points to the team — never a fake list.
#include "screen.hpp"

namespace tramso::screens {
namespace {

void comingCard(Context& c, float innerW) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const float gap = ui.gap();
    float cardTop = ImGui::GetCursorScreenPos().y + gap;
    float pad = ui.em(1.2f);
    float textW = innerW - 2 * pad;
    float h = pad * 2 + ui.measure(c.tr("skill.coming.title"), ui::FontRole::Title, textW).y + gap +
              ui.measure(c.tr("skill.coming.body"), ui::FontRole::Body, textW).y;
    ImVec2 cmin(ImGui::GetCursorScreenPos().x, cardTop);
    ImVec2 cmax(cmin.x + innerW, cardTop + h);
    ui.beginCard(cmin, cmax, p.surface, p.surfaceBorder, ui.em(0.6f), std::max(2.0f, ui.mm(0.6f)));
    ImGui::SetCursorScreenPos(ImVec2(cmin.x + pad, cmin.y + pad));
    ui.text(c.tr("skill.coming.title"), ui::FontRole::Title, p.surfaceText, textW);
    ImGui::SetCursorScreenPos(ImVec2(cmin.x + pad, ImGui::GetCursorScreenPos().y));
    ui.text(c.tr("skill.coming.body"), ui::FontRole::Body, p.surfaceText, textW);
    ui.endCard();
}

} // namespace

void skill(Context& c) {
    ui::Ui& ui = c.ui;
    const int n = c.kiosk.route().skill;
    const std::string k = "skill." + std::to_string(n);
    const ui::Palette& p = ui.beginPage("##skill", c.pos, c.size);
    ui::Icon icon = ui::skillIcon(n);
    float y = header(c, c.tr(k + ".title"), &icon);
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float innerW = c.size.x - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    const auto lessons = c.content.tutorials.forSkill(n);
    if (lessons.empty()) {
        ui.text(c.tr(k + ".desc"), ui::FontRole::Body, p.text, innerW);
        ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, ImGui::GetCursorScreenPos().y));
        comingCard(c, innerW);
        ui.endPanel();
        return;
    }
    ui.text(c.tr("skill.list.hint"), ui::FontRole::Body, p.text, innerW);
    const float top = ImGui::GetCursorScreenPos().y;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, top));
    ui.beginScroll("##lessons", ImVec2(innerW, std::max(ui.touchMin() * 2 + gap,
                                                        c.pos.y + c.size.y - margin - top)));
    const float w = ImGui::GetContentRegionAvail().x;
    const Lang lang = c.lang();
    for (const Tutorial* t : lessons) {
        std::string meta = fill(c.tr("skill.list.minutes"), "n", std::to_string(t->minutes)) +
                           " · " +
                           fill(c.tr("skill.list.steps"), "n", std::to_string(t->steps.size()));
        std::string desc = t->summary.get(lang) + "\n" + meta;
        float h = ui.tileHeight(c.lessonTitle(*t), desc, w);
        if (ui.tile(c.lessonTitle(*t), desc, icon, ImVec2(w, h))) {
            c.emit(intent::Open{Route{ScreenId::Tutorial, 0, t->id}});
        }
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
