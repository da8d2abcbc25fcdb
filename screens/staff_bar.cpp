// The heading every staff screen shares, and the presenter view's strip: who is in (the
// role, never a name) and a Log out button always in the same place.
#include "screen.hpp"

namespace tramso::screens {
namespace {

// Buttons from the right edge leftwards; returns the x left of them.
float rightButtons(Context& c, std::vector<std::tuple<std::string, Intent, bool, bool>>& bs,
                   float y) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    float x = c.pos.x + c.size.x - gap * 2;
    for (auto it = bs.rbegin(); it != bs.rend(); ++it) {
        auto& [label, intent, selected, primary] = *it;
        ImVec2 sz = ui.buttonSize(label);
        x -= sz.x;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (ui.button(label, sz, primary ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary,
                      selected, primary ? "button" : "toggle")) {
            c.emit(intent);
        }
        x -= gap;
    }
    return x;
}

} // namespace

float staffHeader(Context& c, const std::string& title, bool home) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const float gap = ui.gap();
    const float y0 = c.pos.y + gap * 2;
    const Lang lang = c.lang();
    // one button names the other language, as on the residents' toolbar
    std::vector<std::tuple<std::string, Intent, bool, bool>> bs = {
        {c.tr(lang == Lang::Vi ? "toolbar.english" : "toolbar.vietnamese"),
         intent::SetLanguage{lang == Lang::Vi ? Lang::En : Lang::Vi}, false, false},
        {c.tr("staff.logout"), intent::Logout{}, false, true},
    };
    // The buttons and Back on one row; the title beside them if it has room, else under.
    auto rowWidth = [&] {
        float w = gap * 4;
        for (const auto& b : bs) {
            w += ui.buttonSize(std::get<0>(b)).x + gap;
        }
        if (!home) {
            w += std::max(ui.buttonSize(c.tr("common.back")).x, ui.em(6.0f)) + gap * 2;
        }
        return w;
    };
    const int pushed = ui.shrinkTextWhile([&] { return rowWidth() > c.size.x; });
    const bool titleBelow = rowWidth() + ui.em(8.0f) > c.size.x;
    float right = rightButtons(c, bs, y0);
    float x = c.pos.x + gap * 2;
    float rowH = ui.touchMin();
    if (!home) {
        ImVec2 b = ui.buttonSize(c.tr("common.back"));
        b.x = std::max(b.x, ui.em(6.0f));
        ImGui::SetCursorScreenPos(ImVec2(x, y0));
        if (ui.button(c.tr("common.back"), b, ui::ButtonKind::Secondary)) {
            c.emit(intent::Back{});
        }
        x += b.x + gap * 2;
        rowH = std::max(rowH, b.y);
    }
    for (const auto& b : bs) {
        rowH = std::max(rowH, ui.buttonSize(std::get<0>(b)).y);
    }
    ui.popTextSizes(pushed);
    float ty = y0;
    if (titleBelow) {
        x = c.pos.x + gap * 2;
        right = c.pos.x + c.size.x - gap;
        ty = y0 + rowH + gap;
    }
    const float wrap = std::max(ui.em(8.0f), right - x - gap);
    ImGui::SetCursorScreenPos(ImVec2(x, ty));
    ui.text(title, ui::FontRole::Title, p.text, wrap);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    const bool tech = c.kiosk.staff() && c.kiosk.staff()->role == Role::Technician;
    ui.text(c.tr(tech ? "staff.signed_in_technician" : "staff.signed_in_team"), ui::FontRole::Body,
            p.text, wrap);
    float y = std::max(ImGui::GetCursorScreenPos().y, y0 + rowH) + gap;
    ui::horizontalRule(*ImGui::GetWindowDrawList(), ImVec2(c.pos.x, y), c.pos.x + c.size.x,
                       ui::toU32(p.surfaceBorder), std::max(2.0f, ui.mm(0.5f)));
    return y + gap;
}

float presenterBar(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const GuidedSession& g = *c.kiosk.guided();
    const float gap = ui.gap();
    // the strip's own words stay at A so the lesson keeps the room
    ui.pushTextSize(TextSize::Normal);
    const float h = ui.touchMin() + gap * 2;
    ui.beginPanel("##presenter", c.pos, ImVec2(c.size.x, h), p.toolbar);
    const Lang lang = c.lang();
    std::vector<std::tuple<std::string, Intent, bool, bool>> bs = {
        {c.tr("toolbar.vietnamese"), intent::SetLanguage{Lang::Vi}, lang == Lang::Vi, false},
        {c.tr("toolbar.english"), intent::SetLanguage{Lang::En}, lang == Lang::En, false},
        {c.tr("guided.end"), intent::EndGuided{}, false, true},
    };
    float right = rightButtons(c, bs, c.pos.y + gap);
    std::string what = fill(c.tr("guided.presenter"), "n", std::to_string(g.groupSize));
    if (g.lessons.size() > 1) {
        what += " – " + fill(fill(c.tr("guided.lesson_of"), "i", std::to_string(g.index + 1)), "n",
                             std::to_string(g.lessons.size()));
    }
    ImVec2 t = ui.measure(what, ui::FontRole::Body, right - c.pos.x - gap * 3);
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + gap * 2, c.pos.y + (h - t.y) * 0.5f));
    ui.text(what, ui::FontRole::Body, p.text, right - c.pos.x - gap * 3);
    ui.endPanel();
    ui.popTextSize();
    return h;
}

} // namespace tramso::screens
