// The idle warning laid over any resident screen: a countdown in huge digits and one big
// button. Any touch also counts as "I am still here".
#include "screen.hpp"

#include <imgui_internal.h>

namespace tramso::screens {

void idleWarning(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    // The modal layer: what is under it can no longer be tapped.
    ui.registry().clearItems();
    ImGui::SetNextWindowPos(c.pos);
    ImGui::SetNextWindowSize(c.size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::toU32(p.scrim, 0.6f));
    ImGui::Begin("##idle", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleColor();
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());

    const float gap = ui.gap();
    const float pad = ui.em(1.5f);
    const float w = std::min(c.size.x - gap * 4, ui.em(30.0f));
    const float textW = w - 2 * pad;
    int left = c.kiosk.idleSecondsLeft();
    std::string number = std::to_string(left);
    std::string body = fill(c.tr("idle.body"), "n", number);
    ImVec2 bsize = ui.buttonSize(c.tr("idle.more_time"), ui::FontRole::Title);
    bsize.x = std::max(bsize.x, textW);
    float h = pad * 2 + ui.measure(c.tr("idle.title"), ui::FontRole::Title, textW).y +
              ui.fontSize(ui::FontRole::Huge) + ui.measure(body, ui::FontRole::Body, textW).y +
              bsize.y + gap * 3;
    ImVec2 min(c.pos.x + (c.size.x - w) * 0.5f, c.pos.y + std::max(gap, (c.size.y - h) * 0.5f));
    ImVec2 max(min.x + w, min.y + h);
    ui.beginCard(min, max, p.warning, p.warningText, ui.em(0.8f), std::max(3.0f, ui.mm(1.0f)));
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad));
    ui.text(c.tr("idle.title"), ui::FontRole::Title, p.warningText, textW, true);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ui.text(number, ui::FontRole::Huge, p.warningText, textW, true);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y));
    ui.text(body, ui::FontRole::Body, p.warningText, textW, true);
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, ImGui::GetCursorScreenPos().y + gap));
    if (ui.button(c.tr("idle.more_time"), bsize, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::MoreTime{});
    }
    ui.endCard();
    ImGui::End();
}

} // namespace tramso::screens
