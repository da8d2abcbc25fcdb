// The attract screen: the culture house's name, a slowly pulsing finger and "touch to
// start" in Vietnamese and English. The whole screen is one button. Every line is measured
// first, so the welcome line at the bottom stays on screen at every size and text size.
#include "screen.hpp"

#include <algorithm>
#include <cmath>

namespace tramso::screens {

void attract(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##attract", c.pos, c.size);
    const std::string& touch = c.strings.get("attract.touch", Lang::Vi);
    ImGui::SetCursorScreenPos(c.pos);
    if (ImGui::InvisibleButton("##start", c.size)) {
        c.emit(intent::StartVisit{});
    }
    ImVec2 end(c.pos.x + c.size.x, c.pos.y + c.size.y);
    ui.registry().add({touch, "button", c.pos, end, p.text, p.background, true, false, {}, {}},
                      c.pos, end);

    // Laid out from measured heights, so every line fits at every size: the finger takes what
    // the words leave (within limits), and on a very short screen the words go a size down.
    const float wrap = c.size.x * 0.8f;
    const float left = c.pos.x + (c.size.x - wrap) * 0.5f;
    const float gap = ui.gap();
    const std::string& touchEn = c.strings.get("attract.touch", Lang::En);
    const std::string& name = c.kiosk.config().siteName;
    const std::string& app = c.strings.get("app.name", Lang::Vi);
    auto wordsHeight = [&] {
        return ui.measure(name, ui::FontRole::Title, wrap).y +
               ui.measure(app, ui::FontRole::Huge, wrap).y +
               ui.measure(touch, ui::FontRole::Huge, wrap).y +
               ui.measure(touchEn, ui::FontRole::Title, wrap).y +
               ui.measure(c.tr("attract.welcome"), ui::FontRole::Body, wrap).y + gap +
               ImGui::GetStyle().ItemSpacing.y * 5; // each text steps this far below itself
    };
    const float avail = c.size.y - gap * 2;
    const int pushed = ui.shrinkTextWhile([&] { return wordsHeight() + ui.em(4.0f) > avail; });
    const float words = wordsHeight();
    // the finger and its ripples take 1.5 sides
    const float side =
        std::clamp((avail - words) / 1.9f, ui.em(2.0f), std::min(c.size.y * 0.22f, ui.em(7.0f)));
    const float spare = std::max(0.0f, avail - words - side * 1.5f);
    float y = c.pos.y + gap + spare * 0.3f;
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ui.text(name, ui::FontRole::Title, p.text, wrap, true);
    // Staff: press and hold the culture house's name for 3 s (a resident will not by chance).
    if (ui.holdArea(name, ImVec2(left, y),
                    ImVec2(left + wrap, std::max(ImGui::GetCursorScreenPos().y, y + ui.touchMin())),
                    kStaffHoldSeconds)) {
        c.emit(intent::OpenStaffLogin{});
    }
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ui.text(app, ui::FontRole::Huge, p.text, wrap, true);

    // A finger with slow ripples: movement draws the eye without hurrying anyone.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    y = ImGui::GetCursorScreenPos().y + spare * 0.3f;
    ImVec2 centre(c.pos.x + c.size.x * 0.5f, y + side * 0.75f);
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
    ui.text(touchEn, ui::FontRole::Title, p.text, wrap, true);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y + gap));
    ui.text(c.tr("attract.welcome"), ui::FontRole::Body, p.text, wrap, true);
    ui.popTextSizes(pushed);
    ui.endPanel();
}

} // namespace tramso::screens
