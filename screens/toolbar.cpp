// The strip on every resident screen: Home and "call the team" at the left, text size,
// contrast, the other language and the voice (on/off, volume) at the right — always ONE band, at
// most 15 % of the screen's height. When the words do not fit, the band changes shape instead of
// wrapping: the settings fold into one "Aa · Tiếng Việt" button that opens a large panel over the
// page (its open state is view state, like a scroll position, kept in ImGui's storage for the
// current visit only).
#include "screen.hpp"

#include <imgui_internal.h>

namespace tramso::screens {
namespace {

// The band's share of the screen's height, at most.
constexpr float kMaxShare = 0.15f;

struct Slot {
    std::string label;
    ui::ButtonKind kind;
    bool selected;
    const ui::Icon* icon;
    Intent intent; // what a tap asks for (the panel button opens the panel instead)
    bool opensPanel = false;
    ImVec2 size{};
    ImVec2 pos{};
};

constexpr ui::Icon kHome = ui::Icon::Home;

// The words of the three volume steps (1 quiet, 2 medium, 3 loud).
const char* volumeKey(int v) {
    return v <= 1 ? "voice.volume_1" : v == 2 ? "voice.volume_2" : "voice.volume_3";
}
constexpr ui::Icon kHelp = ui::Icon::Help;

enum class Shape { Full, Compact, CompactTwoLines };

// How a language is named on its button: vi and en each in its own words; a pack by its own
// name with its Vietnamese name under it ("Hmoob" over "Tiếng Mông").
std::string languageLabel(const Context& c, const speech::LanguageChoice& l) {
    if (!l.pack()) {
        return c.tr(l.code == "en" ? "toolbar.english" : "toolbar.vietnamese");
    }
    return l.name + "\n" + l.nameVi;
}

Intent languageIntent(const speech::LanguageChoice& l) {
    if (!l.pack()) {
        return intent::SetLanguage{l.text};
    }
    return intent::SetLanguagePack{l.code, l.text};
}

// The languages a resident may choose: those of the content (vi and en at least).
std::vector<speech::LanguageChoice> languageChoices(const Context& c) {
    if (!c.content.languageChoices.empty()) {
        return c.content.languageChoices;
    }
    return {{"vi", "Tiếng Việt", "Tiếng Việt", Lang::Vi}, {"en", "English", "Tiếng Anh", Lang::En}};
}

struct Layout {
    std::vector<Slot> slots;
    float height = 0;
    TextSize textSize = TextSize::Normal;
    Shape shape = Shape::Full;
};

std::vector<Slot> slotsFor(Context& c, Shape shape) {
    const VisitSettings& s = c.kiosk.settings();
    std::vector<Slot> slots;
    slots.push_back(
        {c.tr("toolbar.home"), ui::ButtonKind::Secondary, false, &kHome, intent::GoHome{}});
    // in a session a team member started, the team is right there: the slot ends it
    if (c.kiosk.guided()) {
        slots.push_back(
            {c.tr("guided.end"), ui::ButtonKind::Primary, false, &kHelp, intent::EndGuided{}});
    } else {
        slots.push_back(
            {c.tr("toolbar.help"), ui::ButtonKind::Primary, false, &kHelp, intent::CallTeam{}});
    }
    const std::string current = s.languageCode();
    if (shape != Shape::Full) {
        // names the resident's language: a pack's own name when they chose one
        std::string label = c.tr("toolbar.settings");
        for (const speech::LanguageChoice& l : languageChoices(c)) {
            if (l.pack() && l.code == current) {
                label = fill(c.tr("toolbar.settings_pack"), "l", l.name);
            }
        }
        Slot panel{label, ui::ButtonKind::Secondary, false, nullptr, intent::GoHome{}};
        panel.opensPanel = true;
        slots.push_back(panel);
        return slots;
    }
    slots.push_back({c.tr("toolbar.smaller"), ui::ButtonKind::Secondary,
                     s.textSize == TextSize::Small, nullptr, intent::SetTextSize{TextSize::Small}});
    slots.push_back({c.tr("toolbar.normal"), ui::ButtonKind::Secondary,
                     s.textSize == TextSize::Normal, nullptr,
                     intent::SetTextSize{TextSize::Normal}});
    slots.push_back({c.tr("toolbar.larger"), ui::ButtonKind::Secondary,
                     s.textSize == TextSize::Large, nullptr, intent::SetTextSize{TextSize::Large}});
    slots.push_back(
        {c.tr("toolbar.high_contrast"), ui::ButtonKind::Secondary, s.contrast == Contrast::High,
         nullptr,
         intent::SetContrast{s.contrast == Contrast::High ? Contrast::Normal : Contrast::High}});
    // one button for each other language (each in its own words), one tap away
    for (const speech::LanguageChoice& l : languageChoices(c)) {
        if (l.code != current) {
            slots.push_back({languageLabel(c, l), ui::ButtonKind::Secondary, false, nullptr,
                             languageIntent(l)});
        }
    }
    // the loudspeaker, one button saying its state: each tap a step louder, after loud off,
    // after off quiet (the panel shows the four at once)
    const std::string state = s.voice ? c.tr(volumeKey(s.voiceVolume)) : c.tr("voice.off");
    Intent step = !s.voice             ? Intent{intent::SetVoiceVolume{1}}
                  : s.voiceVolume >= 3 ? Intent{intent::SetVoice{false}}
                                       : Intent{intent::SetVoiceVolume{s.voiceVolume + 1}};
    slots.push_back(
        {fill(c.tr("voice.state"), "v", state), ui::ButtonKind::Secondary, s.voice, nullptr, step});
    return slots;
}

float vMargin(const ui::Ui& ui) {
    return std::max(ui.mm(1.5f), ui.em(0.15f));
}

// Lays the slots out in one row at the Ui's current text size; false if they do not fit.
bool fit(Context& c, Shape shape, Layout& out, bool force = false) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const float lineH = ui.fontSize(ui::FontRole::Body);
    // as ui.button lays its words out: 1.2 em of padding, the icon and its gap
    const float pad = ui.em(1.4f);
    const float iconW = ui.em(1.6f + 0.4f);
    std::vector<Slot> slots = slotsFor(c, shape);
    int lines = 1;
    float total = 0;
    for (size_t i = 0; i < slots.size(); ++i) {
        Slot& sl = slots[i];
        const ImVec2 measured = ui.measure(sl.label, ui::FontRole::Body);
        const float words = measured.x;
        float w = words + pad + (sl.icon ? iconW : 0);
        // a language pack's two names, one over the other
        lines = std::max(lines, static_cast<int>(measured.y / lineH + 0.5f));
        if (shape == Shape::CompactTwoLines) {
            // the words on two lines: as wide as the longer of them
            const float icon = sl.icon ? iconW : 0.0f;
            float half = words * 0.55f;
            while (ui.measure(sl.label, ui::FontRole::Body, half).y > lineH * 2.5f) {
                half += ui.em(0.5f);
            }
            w = std::min(w, ui.measure(sl.label, ui::FontRole::Body, half).x + pad + icon +
                                ui.em(0.2f));
            lines = std::max(
                lines,
                static_cast<int>(
                    ui.measure(sl.label, ui::FontRole::Body, w - pad - icon).y / lineH + 0.5f));
        }
        // the text sizes share one width so they read as a set
        if (shape == Shape::Full && i >= 2 && i <= 4) {
            w = std::max(w, ui.em(2.6f));
        }
        sl.size.x = std::max(w, ui.touchMin());
        total += sl.size.x + (i ? gap : 0);
    }
    const float buttonH = std::max(ui.touchMin(), lineH * static_cast<float>(lines) + ui.em(0.5f));
    const float height = buttonH + 2 * vMargin(ui);
    const float room = c.size.x - 2 * gap;
    if (!force && (total > room || height > c.size.y * kMaxShare)) {
        return false;
    }
    // Home and help at the left; the settings at the right edge.
    float x = c.pos.x + gap;
    const float y = c.pos.y + vMargin(ui);
    for (size_t i = 0; i < slots.size(); ++i) {
        slots[i].size.y = buttonH;
        slots[i].pos = ImVec2(x, y);
        x += slots[i].size.x + gap;
    }
    const float shift = c.pos.x + c.size.x - gap - (slots.back().pos.x + slots.back().size.x);
    for (size_t i = 2; i < slots.size(); ++i) {
        slots[i].pos.x += shift;
    }
    out = {std::move(slots), height, ui.textSize(), shape};
    return true;
}

// The resident's text size first and the full set of buttons if they fit; else the folded
// shape; only then smaller words.
Layout layout(Context& c) {
    Layout out;
    const TextSize asked = c.ui.textSize();
    for (int s = static_cast<int>(asked); s >= 0; --s) {
        c.ui.pushTextSize(static_cast<TextSize>(s));
        bool done = false;
        for (Shape shape : {Shape::Full, Shape::Compact, Shape::CompactTwoLines}) {
            if (fit(c, shape, out)) {
                done = true;
                break;
            }
        }
        c.ui.popTextSize();
        if (done) {
            return out;
        }
    }
    // No supported screen gets here; a tiny window still gets one band of small buttons.
    c.ui.pushTextSize(TextSize::Small);
    fit(c, Shape::Compact, out, true);
    c.ui.popTextSize();
    return out;
}

ImGuiID panelId() {
    return ImHashStr("##toolbar-panel-open");
}

// The panel of text size, contrast, language and voice, over the page under the band.
// `st` is the toolbar window's storage, where the open state lives.
void settingsPanel(Context& c, float top, ImGuiStorage* st) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const VisitSettings& s = c.kiosk.settings();
    const ImVec2 pos(c.pos.x, top);
    const ImVec2 size(c.size.x, c.pos.y + c.size.y - top);
    ui.beginPanel("##toolbar-panel", pos, size, p.background);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ui.registry().addRegion({"settings panel", pos, ImVec2(pos.x + size.x, pos.y + size.y)});

    struct Row {
        std::string label;
        std::vector<std::tuple<std::string, bool, std::vector<Intent>>> buttons;
    };
    // the voice: off, or on at one of the three volumes (one tap turns it on at that volume)
    auto volume = [&](int v) {
        return std::tuple<std::string, bool, std::vector<Intent>>{
            c.tr(volumeKey(v)), s.voice && s.voiceVolume == v,
            std::vector<Intent>{intent::SetVoice{true}, intent::SetVoiceVolume{v}}};
    };
    std::vector<std::tuple<std::string, bool, std::vector<Intent>>> languageButtons;
    for (const speech::LanguageChoice& l : languageChoices(c)) {
        languageButtons.emplace_back(languageLabel(c, l), l.code == s.languageCode(),
                                     std::vector<Intent>{languageIntent(l)});
    }
    const std::vector<Row> rows = {
        {c.tr("toolbar.text_size"),
         {{c.tr("toolbar.smaller"),
           s.textSize == TextSize::Small,
           {intent::SetTextSize{TextSize::Small}}},
          {c.tr("toolbar.normal"),
           s.textSize == TextSize::Normal,
           {intent::SetTextSize{TextSize::Normal}}},
          {c.tr("toolbar.larger"),
           s.textSize == TextSize::Large,
           {intent::SetTextSize{TextSize::Large}}}}},
        {c.tr("toolbar.colours"),
         {{c.tr("toolbar.high_contrast"),
           s.contrast == Contrast::High,
           {intent::SetContrast{s.contrast == Contrast::High ? Contrast::Normal
                                                             : Contrast::High}}}}},
        {c.tr("toolbar.language"), languageButtons},
        {c.tr("voice.title"),
         {{c.tr("voice.off"), !s.voice, {intent::SetVoice{false}}},
          volume(1),
          volume(2),
          volume(3)}},
    };
    // Each row: its name, then its buttons; the name goes above them when the row is
    // narrow. If the whole panel would not fit, its title goes (the rows name themselves),
    // and only then the words shrink a size.
    // A row's buttons are as tall as its longest label (a pack's two names) needs.
    auto buttonHeight = [&](const Row& r) {
        float words = ui.fontSize(ui::FontRole::Body);
        for (const auto& b : r.buttons) {
            words = std::max(words, ui.measure(std::get<0>(b), ui::FontRole::Body).y);
        }
        return std::max(ui.touchMin(), words) + ui.em(0.6f);
    };
    auto measureRows = [&](bool stacked, bool titled) {
        const float gap = ui.gap();
        float h =
            titled ? ui.measure(c.tr("toolbar.panel_title"), ui::FontRole::Title).y + gap : 0.0f;
        h += gap;
        // rows one gap apart (every gap is at least the 3 mm between targets)
        for (const Row& r : rows) {
            h += buttonHeight(r) + gap +
                 (stacked ? ui.fontSize(ui::FontRole::Body) + gap * 0.5f : 0);
        }
        return h + ui.buttonSize(c.tr("toolbar.done"), ui::FontRole::Title).y + gap * 2;
    };
    auto rowWidth = [&](const Row& r) {
        float w = 0;
        for (const auto& b : r.buttons) {
            w += std::max(ui.buttonSize(std::get<0>(b)).x, ui.em(4.0f)) + ui.gap();
        }
        return w;
    };
    // exactly one text size stays pushed after this loop (popped at the end)
    bool stacked = false;
    bool titled = true;
    for (int sz = static_cast<int>(ui.textSize());; --sz) {
        ui.pushTextSize(static_cast<TextSize>(sz));
        float labelW = 0, buttonsW = 0;
        for (const Row& r : rows) {
            labelW = std::max(labelW, ui.measure(r.label, ui::FontRole::Body).x);
            buttonsW = std::max(buttonsW, rowWidth(r));
        }
        stacked = labelW + buttonsW + ui.gap() * 6 > size.x;
        // the widest row (the voice's four buttons) must fit across as well
        const bool across = buttonsW + ui.gap() * 4 <= size.x;
        titled = measureRows(stacked, true) <= size.y;
        if ((across && (titled || measureRows(stacked, false) <= size.y)) || sz == 0) {
            break;
        }
        ui.popTextSize();
    }
    const float gap = ui.gap();
    const float x0 = pos.x + gap * 2;
    float y = pos.y + gap * 2;
    float labelW = 0;
    for (const Row& r : rows) {
        labelW = std::max(labelW, ui.measure(r.label, ui::FontRole::Body).x);
    }
    if (titled) {
        ImGui::SetCursorScreenPos(ImVec2(x0, y));
        ui.text(c.tr("toolbar.panel_title"), ui::FontRole::Title, p.text, size.x - gap * 4);
        y = ImGui::GetCursorScreenPos().y + gap;
    }
    for (const Row& r : rows) {
        const float bh = buttonHeight(r);
        float bx = x0;
        if (stacked) {
            ImGui::SetCursorScreenPos(ImVec2(x0, y));
            ui.text(r.label, ui::FontRole::Body, p.text);
            y += ui.fontSize(ui::FontRole::Body) + gap * 0.5f;
        } else {
            ImGui::SetCursorScreenPos(
                ImVec2(x0, y + (bh - ui.fontSize(ui::FontRole::Body)) * 0.5f));
            ui.text(r.label, ui::FontRole::Body, p.text);
            bx = x0 + labelW + gap * 2;
        }
        for (const auto& [label, selected, intents] : r.buttons) {
            ImVec2 bs = ui.buttonSize(label);
            bs.x = std::max(bs.x, ui.em(4.0f));
            bs.y = bh;
            ImGui::SetCursorScreenPos(ImVec2(bx, y));
            if (ui.button(label + "##panel", bs, ui::ButtonKind::Secondary, selected, "toggle")) {
                for (const Intent& in : intents) {
                    c.emit(in);
                }
            }
            bx += bs.x + gap;
        }
        y += bh + gap;
    }
    const std::string done = c.tr("toolbar.done");
    ImVec2 ds = ui.buttonSize(done, ui::FontRole::Title);
    ds.x = std::max(ds.x, ui.em(8.0f));
    ImGui::SetCursorScreenPos(ImVec2(x0, y));
    if (ui.button(done, ds, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        st->SetInt(panelId(), 0);
    }
    ui.popTextSize();
    ui.endPanel();
    // what the page draws under the panel can be neither seen nor tapped
    ui.registry().setModal(pos, ImVec2(pos.x + size.x, pos.y + size.y));
}

} // namespace

float toolbar(Context& c) {
    ui::Ui& ui = c.ui;
    Layout l = layout(c);
    ui.pushTextSize(l.textSize);
    ui.beginPanel("##toolbar", c.pos, ImVec2(c.size.x, l.height), ui.palette().toolbar);
    ui.registry().addRegion({"toolbar", c.pos, ImVec2(c.pos.x + c.size.x, c.pos.y + l.height)});
    // The panel belongs to this visit and this shape of band only.
    ImGuiStorage* st = ImGui::GetStateStorage();
    const int visitKey = c.kiosk.visitsEnded() + 1;
    bool panelOpen = l.shape != Shape::Full && st->GetInt(panelId(), 0) == visitKey;
    for (auto& sl : l.slots) {
        ImGui::SetCursorScreenPos(sl.pos);
        const bool on = sl.opensPanel && panelOpen;
        if (ui.button(sl.label, sl.size, sl.kind, sl.selected || on,
                      sl.icon || sl.opensPanel ? "button" : "toggle", sl.icon)) {
            if (sl.opensPanel) {
                panelOpen = !panelOpen;
                st->SetInt(panelId(), panelOpen ? visitKey : 0);
            } else {
                st->SetInt(panelId(), 0);
                c.emit(sl.intent);
            }
        }
    }
    // a line under the strip separates it from the page
    ui::horizontalRule(*ImGui::GetWindowDrawList(), ImVec2(c.pos.x, c.pos.y + l.height - 1),
                       c.pos.x + c.size.x, ui::toU32(ui.palette().surfaceBorder),
                       std::max(2.0f, ui.mm(0.5f)));
    ui.endPanel();
    ui.popTextSize();
    if (panelOpen && !c.kiosk.idleWarningShown()) {
        settingsPanel(c, c.pos.y + l.height, st);
        ui.requestTick(4.0); // the page under it may not ask for frames
    }
    return l.height;
}

float header(Context& c, const std::string& title, const ui::Icon* icon, const char* backKey) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    ImVec2 start(c.pos.x + gap, c.pos.y + gap);
    ImGui::SetCursorScreenPos(start);
    ImVec2 bsize = ui.buttonSize(c.tr(backKey), ui::FontRole::Body, 0);
    bsize.x = std::max(bsize.x, ui.em(5.0f));
    bsize.y = std::max(ui.touchMin(), ui.fontSize(ui::FontRole::Body) + ui.em(0.6f));
    if (ui.button(c.tr(backKey), bsize, ui::ButtonKind::Secondary)) {
        c.emit(intent::Back{});
    }
    float x = start.x + bsize.x + gap * 2;
    float iconSide = std::min(ui.fontSize(ui::FontRole::Title) * 1.3f, bsize.y);
    if (icon) {
        ui::drawIcon(ImGui::GetWindowDrawList(), *icon,
                     ImVec2(x, start.y + (bsize.y - iconSide) * 0.5f), iconSide,
                     ui::toU32(ui.palette().accent), ui::toU32(ui.palette().accent2));
        x += iconSide + gap;
    }
    float wrap = c.pos.x + c.size.x - gap - x;
    if (wrap < ui.em(8.0f)) { // a narrow column: the title under the button, full width
        x = start.x;
        wrap = c.size.x - 2 * gap;
        start.y += bsize.y + gap;
        bsize.y = 0;
    }
    // a long title takes the body size rather than several lines (two on a tall page)
    const float titleLines =
        ui.measure(title, ui::FontRole::Title, wrap).y / ui.fontSize(ui::FontRole::Title);
    const bool tall = c.size.y > ui.em(24.0f);
    ui::FontRole role =
        titleLines < 1.5f || (tall && titleLines < 2.5f) ? ui::FontRole::Title : ui::FontRole::Body;
    ImVec2 t = ui.measure(title, role, wrap);
    ImGui::SetCursorScreenPos(ImVec2(x, start.y + std::max(0.0f, (bsize.y - t.y) * 0.5f)));
    ui.text(title, role, ui.palette().text, wrap);
    return start.y + std::max(bsize.y, t.y) + gap;
}

} // namespace tramso::screens
