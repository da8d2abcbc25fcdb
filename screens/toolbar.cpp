// The strip on every resident screen: Home and "call the team" at the left, then text size,
// contrast and language. Buttons wrap onto a second row on narrow screens or at A+.
#include "screen.hpp"

namespace tramso::screens {
namespace {

struct Slot {
    std::string label;
    ui::ButtonKind kind;
    bool selected;
    const ui::Icon* icon;
    Intent intent;
    ImVec2 size;
    ImVec2 pos;
};

constexpr ui::Icon kHome = ui::Icon::Home;
constexpr ui::Icon kHelp = ui::Icon::Help;

std::vector<Slot> layout(Context& c, float& height) {
    const VisitSettings& s = c.kiosk.settings();
    ui::Ui& ui = c.ui;
    std::vector<Slot> slots = {
        {c.tr("toolbar.home"), ui::ButtonKind::Secondary, false, &kHome, intent::GoHome{}, {}, {}},
        // in a session a team member started, the team is right there: the slot ends it
        c.kiosk.guided() ? Slot{c.tr("guided.end"),
                                ui::ButtonKind::Primary,
                                false,
                                &kHelp,
                                intent::EndGuided{},
                                {},
                                {}}
                         : Slot{c.tr("toolbar.help"),
                                ui::ButtonKind::Primary,
                                false,
                                &kHelp,
                                intent::CallTeam{},
                                {},
                                {}},
        {c.tr("toolbar.smaller"),
         ui::ButtonKind::Secondary,
         s.textSize == TextSize::Small,
         nullptr,
         intent::SetTextSize{TextSize::Small},
         {},
         {}},
        {c.tr("toolbar.normal"),
         ui::ButtonKind::Secondary,
         s.textSize == TextSize::Normal,
         nullptr,
         intent::SetTextSize{TextSize::Normal},
         {},
         {}},
        {c.tr("toolbar.larger"),
         ui::ButtonKind::Secondary,
         s.textSize == TextSize::Large,
         nullptr,
         intent::SetTextSize{TextSize::Large},
         {},
         {}},
        {c.tr("toolbar.high_contrast"),
         ui::ButtonKind::Secondary,
         s.contrast == Contrast::High,
         nullptr,
         intent::SetContrast{s.contrast == Contrast::High ? Contrast::Normal : Contrast::High},
         {},
         {}},
        {c.tr("toolbar.vietnamese"),
         ui::ButtonKind::Secondary,
         s.lang == Lang::Vi,
         nullptr,
         intent::SetLanguage{Lang::Vi},
         {},
         {}},
        {c.tr("toolbar.english"),
         ui::ButtonKind::Secondary,
         s.lang == Lang::En,
         nullptr,
         intent::SetLanguage{Lang::En},
         {},
         {}},
    };
    const float gap = ui.gap();
    const float margin = gap;
    float x = c.pos.x + margin;
    float y = c.pos.y + margin;
    float rowH = 0;
    const float right = c.pos.x + c.size.x - margin;
    for (size_t i = 0; i < slots.size(); ++i) {
        Slot& sl = slots[i];
        sl.size = ui.buttonSize(sl.label, ui::FontRole::Body, sl.icon ? 1.6f : 0.0f);
        // text-size buttons share one width so they read as a set
        if (i >= 2 && i <= 4) {
            sl.size.x = std::max(sl.size.x, ui.em(2.8f));
        }
        if (x + sl.size.x > right && x > c.pos.x + margin) {
            x = c.pos.x + margin;
            y += rowH + gap;
            rowH = 0;
        }
        sl.pos = ImVec2(x, y);
        x += sl.size.x + gap;
        rowH = std::max(rowH, sl.size.y);
    }
    // On one row, push the settings group to the right edge.
    if (slots.back().pos.y == slots.front().pos.y) {
        float shift = right - (slots.back().pos.x + slots.back().size.x);
        for (size_t i = 2; i < slots.size(); ++i) {
            slots[i].pos.x += shift;
        }
    }
    height = y + rowH + margin - c.pos.y;
    return slots;
}

} // namespace

// The toolbar may take at most this share of the screen's height; beyond it (a small screen
// at A+) its own words drop to a smaller size so the page keeps room.
constexpr float kMaxShare = 0.3f;

bool needsSmallerToolbar(Context& c) {
    float h = 0;
    layout(c, h);
    return h > c.size.y * kMaxShare && c.ui.textSize() != TextSize::Small;
}

float toolbar(Context& c) {
    bool shrink = needsSmallerToolbar(c);
    if (shrink) {
        c.ui.pushTextSize(TextSize::Small);
    }
    float h = 0;
    auto slots = layout(c, h);
    c.ui.beginPanel("##toolbar", c.pos, ImVec2(c.size.x, h), c.ui.palette().toolbar);
    for (auto& sl : slots) {
        ImGui::SetCursorScreenPos(sl.pos);
        if (c.ui.button(sl.label, sl.size, sl.kind, sl.selected, sl.icon ? "button" : "toggle",
                        sl.icon)) {
            c.emit(sl.intent);
        }
    }
    // a line under the strip separates it from the page
    ImGui::GetWindowDrawList()->AddLine(
        ImVec2(c.pos.x, c.pos.y + h - 1), ImVec2(c.pos.x + c.size.x, c.pos.y + h - 1),
        ui::toU32(c.ui.palette().surfaceBorder), std::max(2.0f, c.ui.mm(0.5f)));
    c.ui.endPanel();
    if (shrink) {
        c.ui.popTextSize();
    }
    return h;
}

float header(Context& c, const std::string& title, const ui::Icon* icon, const char* backKey) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    ImVec2 start(c.pos.x + gap * 2, c.pos.y + gap * 2);
    ImGui::SetCursorScreenPos(start);
    ImVec2 bsize = ui.buttonSize(c.tr(backKey), ui::FontRole::Body, 0);
    bsize.x = std::max(bsize.x, ui.em(6.0f));
    if (ui.button(c.tr(backKey), bsize, ui::ButtonKind::Secondary)) {
        c.emit(intent::Back{});
    }
    float x = start.x + bsize.x + gap * 2;
    float iconSide = ui.fontSize(ui::FontRole::Title) * 1.3f;
    if (icon) {
        ui::drawIcon(ImGui::GetWindowDrawList(), *icon,
                     ImVec2(x, start.y + (bsize.y - iconSide) * 0.5f), iconSide,
                     ui::toU32(ui.palette().accent), ui::toU32(ui.palette().accent2));
        x += iconSide + gap;
    }
    float wrap = c.pos.x + c.size.x - gap * 2 - x;
    ImVec2 t = ui.measure(title, ui::FontRole::Title, wrap);
    ImGui::SetCursorScreenPos(ImVec2(x, start.y + std::max(0.0f, (bsize.y - t.y) * 0.5f)));
    ui.text(title, ui::FontRole::Title, ui.palette().text, wrap);
    return start.y + std::max(bsize.y, t.y) + gap * 2;
}

} // namespace tramso::screens
