// The safe screen after a crash loop: calm words for residents (call the team), the kiosk id
// and the last error for the technician, and the way in for staff. Nothing moves.
#include "screen.hpp"

namespace tramso::screens {

void safe(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##safe", c.pos, c.size, p.background);
    const float wrap = std::min(c.size.x * 0.8f, ui.em(40.0f));
    const float left = c.pos.x + (c.size.x - wrap) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(left, c.pos.y + c.size.y * 0.12f));
    ui::drawIcon(ImGui::GetWindowDrawList(), ui::Icon::Help,
                 ImVec2(c.pos.x + c.size.x * 0.5f - ui.em(2.5f), ImGui::GetCursorScreenPos().y),
                 ui.em(5.0f), ui::toU32(p.accent), ui::toU32(p.accent2));
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y + ui.em(5.5f)));
    for (Lang l : {Lang::Vi, Lang::En}) {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        ui.text(c.strings.get("safe.title", l), ui::FontRole::Title, p.text, wrap, true);
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        ui.text(c.strings.get("safe.body", l), ui::FontRole::Body, p.text, wrap, true);
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y + ui.gap()));
    }
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y + ui.gap()));
    ui.text(fill(c.tr("safe.kiosk"), "id", c.kiosk.config().kioskId), ui::FontRole::Body, p.text,
            wrap, true);
    if (!c.kiosk.safeModeError().empty()) {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        ui.text(fill(c.tr("safe.error"), "e", c.kiosk.safeModeError()), ui::FontRole::Body, p.text,
                wrap, true);
    }
    const std::string staff = c.tr("safe.staff");
    ImVec2 b = ui.buttonSize(staff);
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + (c.size.x - b.x) * 0.5f,
                                     std::max(ImGui::GetCursorScreenPos().y + ui.gap() * 2,
                                              c.pos.y + c.size.y - b.y - ui.gap() * 3)));
    if (ui.button(staff, b, ui::ButtonKind::Secondary)) {
        c.emit(intent::OpenStaffLogin{});
    }
    ui.endPanel();
}

} // namespace tramso::screens
