// The attract screen: the culture house's name, a slowly pulsing finger and "touch to
// start" in Vietnamese and English. The whole screen is one button.
#include "screen.hpp"

#include <cmath>

namespace tramso::screens {

void attract(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    ui.beginPanel("##attract", c.pos, c.size, p.background);
    const std::string& touch = c.strings.get("attract.touch", Lang::Vi);
    ImGui::SetCursorScreenPos(c.pos);
    if (ImGui::InvisibleButton("##start", c.size)) {
        c.emit(intent::StartVisit{});
    }
    ImVec2 end(c.pos.x + c.size.x, c.pos.y + c.size.y);
    ui.registry().add({touch, "button", c.pos, end, p.text, p.background, true, false, {}, {}},
                      c.pos, end);

    const float wrap = c.size.x * 0.8f;
    const float left = c.pos.x + (c.size.x - wrap) * 0.5f;
    float y = c.pos.y + c.size.y * 0.08f;
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ui.text(c.kiosk.config().siteName, ui::FontRole::Title, p.text, wrap, true);
    // Staff: press and hold the culture house's name for 3 s (a resident will not by chance).
    if (ui.holdArea(c.kiosk.config().siteName, ImVec2(left, y),
                    ImVec2(left + wrap, std::max(ImGui::GetCursorScreenPos().y, y + ui.touchMin())),
                    kStaffHoldSeconds)) {
        c.emit(intent::OpenStaffLogin{});
    }
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ui.text(c.strings.get("app.name", Lang::Vi), ui::FontRole::Huge, p.text, wrap, true);

    // A finger with slow ripples: movement draws the eye without hurrying anyone.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float side = std::min(c.size.y * 0.22f, ui.em(7.0f));
    ImVec2 centre(c.pos.x + c.size.x * 0.5f, c.pos.y + c.size.y * 0.5f);
    float phase = static_cast<float>(std::fmod(ui.time() / 2.5, 1.0));
    for (int i = 0; i < 2; ++i) {
        float ph = std::fmod(phase + 0.5f * static_cast<float>(i), 1.0f);
        dl->AddCircle(ImVec2(centre.x, centre.y - side * 0.2f), side * (0.25f + 0.5f * ph),
                      ui::toU32(p.accent, 1.0f - ph), 64, std::max(3.0f, ui.mm(1.0f)));
    }
    ui::drawIcon(dl, ui::Icon::Touch, ImVec2(centre.x - side * 0.5f, centre.y - side * 0.5f), side,
                 ui::toU32(p.accent), ui::toU32(p.background));
    ui.requestTick(12.0);

    y = centre.y + side * 0.75f;
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ui.text(touch, ui::FontRole::Huge, p.text, wrap, true);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ui.text(c.strings.get("attract.touch", Lang::En), ui::FontRole::Title, p.text, wrap, true);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y + ui.gap()));
    ui.text(c.tr("attract.welcome"), ui::FontRole::Body, p.text, wrap, true);
    ui.endPanel();
}

} // namespace tramso::screens
