// The safe screen after a crash loop: calm words for residents (call the team), the kiosk id
// and the last error for the technician, and the way in for staff. Nothing moves. The staff
// button is placed first, at the bottom of the screen, so it is on screen at every size and
// text size; the words take the height above it (smaller, then scrolling, when they need more).
#include "screen.hpp"

namespace tramso::screens {
namespace {

// The words above the button; `icon` draws the picture first.
void words(Context& c, float wrap, float left, bool icon) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    if (icon) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ui::drawIcon(ImGui::GetWindowDrawList(), ui::Icon::Help,
                     ImVec2(left + wrap * 0.5f - ui.em(2.0f), at.y), ui.em(4.0f),
                     ui::toU32(p.accent), ui::toU32(p.accent2));
        ImGui::SetCursorScreenPos(ImVec2(left, at.y + ui.em(4.5f)));
    }
    for (Lang l : {Lang::Vi, Lang::En}) {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        ui.text(c.strings.get("safe.title", l), ui::FontRole::Title, p.text, wrap, true);
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        ui.text(c.strings.get("safe.body", l), ui::FontRole::Body, p.text, wrap, true);
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y + ui.gap()));
    }
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ui.text(fill(c.tr("safe.kiosk"), "id", c.kiosk.config().kioskId), ui::FontRole::Body, p.text,
            wrap, true);
    if (!c.kiosk.safeModeError().empty()) {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        ui.text(fill(c.tr("safe.error"), "e", c.kiosk.safeModeError()), ui::FontRole::Body, p.text,
                wrap, true);
    }
}

float wordsHeight(Context& c, float wrap, bool icon) {
    ui::Ui& ui = c.ui;
    // each text steps the item spacing below itself (as words() lays them out)
    const float step = ImGui::GetStyle().ItemSpacing.y;
    auto height = [&](const std::string& s, ui::FontRole role) {
        return ui.measure(s, role, wrap).y + step;
    };
    float h = icon ? ui.em(4.5f) : 0;
    for (Lang l : {Lang::Vi, Lang::En}) {
        h += height(c.strings.get("safe.title", l), ui::FontRole::Title) +
             height(c.strings.get("safe.body", l), ui::FontRole::Body) + ui.gap();
    }
    h += height(fill(c.tr("safe.kiosk"), "id", c.kiosk.config().kioskId), ui::FontRole::Body);
    if (!c.kiosk.safeModeError().empty()) {
        h += height(fill(c.tr("safe.error"), "e", c.kiosk.safeModeError()), ui::FontRole::Body);
    }
    return h;
}

} // namespace

void safe(Context& c) {
    ui::Ui& ui = c.ui;
    ui.beginPage("##safe", c.pos, c.size);
    const float gap = ui.gap();
    const std::string staff = c.tr("safe.staff");
    const ImVec2 b = ui.buttonSize(staff);
    const float bottom = c.pos.y + c.size.y - gap * 2;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + (c.size.x - b.x) * 0.5f, bottom - b.y));
    if (ui.button(staff, b, ui::ButtonKind::Secondary)) {
        c.emit(intent::OpenStaffLogin{});
    }

    // The words in the height above the button: with the picture when there is room, at a
    // smaller size on a short screen, and scrolling only if even that is too tall.
    const float top = c.pos.y + gap * 2;
    const float avail = bottom - b.y - gap * 2 - top;
    const float wrap = std::min(c.size.x - gap * 4, ui.em(40.0f));
    const float left = c.pos.x + (c.size.x - wrap) * 0.5f;
    const int pushed = ui.shrinkTextWhile([&] { return wordsHeight(c, wrap, false) > avail; });
    const bool icon = wordsHeight(c, wrap, true) <= avail;
    const float h = wordsHeight(c, wrap, icon);
    if (h <= avail) {
        ImGui::SetCursorScreenPos(ImVec2(left, top + (avail - h) * 0.5f));
        words(c, wrap, left, icon);
    } else {
        ImGui::SetCursorScreenPos(ImVec2(left, top));
        ui.beginScroll("##safewords", ImVec2(c.size.x - (left - c.pos.x), avail));
        words(c, wrap, ImGui::GetCursorScreenPos().x, false);
        ui.endScroll();
    }
    ui.popTextSizes(pushed);
    ui.endPanel();
}

} // namespace tramso::screens
