// The first-start setup (kiosk/core/setup.hpp), one step a screen: Back, the step's title,
// the language and Next in one band at the top; the value being typed; a hint or what is
// wrong; then the step's own input — an on-screen keyboard with Vietnamese letters and tone
// keys, a digit keypad, the list of provinces or the sound test. Everything is a big key; the
// whole step fits on the screen (the words shrink a size first on a short screen).
#include "screen.hpp"

#include "kiosk/core/staff/pin.hpp"
#include "kiosk/core/visit/setup.hpp"

#include <array>

namespace tramso::screens {
namespace {

using Action = intent::Setup::Action;

struct Key {
    std::string value; // what the flow gets: a letter, "erase", "shift", "tone:N", "space"
    std::string label; // what the key shows
    int units = 1;     // width in key widths
};
using KeyRow = std::vector<Key>;

// Ready-made beginnings of a name (the space after them is for what the technician adds).
const std::vector<std::string> kSites = {"Nhà văn hóa xã ", "Nhà văn hóa phường ",
                                         "Nhà văn hóa thôn ", "Nhà văn hóa "};
const std::vector<std::string> kCommunes = {"Xã ", "Phường ", "Đặc khu "};

const char* stepKey(SetupStep s) {
    static constexpr std::array<const char*, kSetupSteps> kKeys = {
        "rotation",     "site_name", "kiosk_id",  "province", "commune_code",
        "commune_name", "pin",       "pin_again", "sound"};
    return kKeys[static_cast<size_t>(s)];
}

KeyRow letters(const char* list, bool upper) {
    KeyRow row;
    std::string s(list);
    for (size_t i = 0; i < s.size();) {
        const unsigned char lead = static_cast<unsigned char>(s[i]);
        const size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        std::string ch = s.substr(i, n);
        row.push_back({ch, upper ? upperLetter(ch) : ch});
        i += n;
    }
    return row;
}

// The keyboard's rows as a person reads them; narrow screens fold a long row in two.
std::vector<KeyRow> keyboard(Context& c, SetupInput in, bool shift) {
    const std::string erase = c.tr("setup.erase");
    std::vector<KeyRow> rows;
    rows.push_back(letters("1234567890", false));
    if (in == SetupInput::IdLetters) {
        rows.push_back(letters("qwertyuiop", false));
        rows.push_back(letters("asdfghjkl-", false));
        KeyRow last = letters("zxcvbnm", false);
        last.push_back({"erase", erase, 2});
        rows.push_back(last);
        return rows;
    }
    rows.push_back(letters("qwertyuiop", shift));
    rows.push_back(letters("asdfghjklđ", shift));
    KeyRow fourth{{"shift", "Aa", 1}};
    for (Key& k : letters("zxcvbnm", shift)) {
        fourth.push_back(k);
    }
    fourth.push_back({"erase", erase, 2});
    rows.push_back(fourth);
    KeyRow fifth = letters("ăâêôơư", shift);
    fifth.push_back({"space", c.tr("setup.space"), 4});
    const char* tones[] = {"á", "à", "ả", "ã", "ạ"};
    for (int t = 0; t < 5; ++t) {
        fifth.push_back({"tone:" + std::to_string(t + 1), tones[t], 1});
    }
    fifth.push_back({"-", "-", 1});
    rows.push_back(fifth);
    return rows;
}

int unitsOf(const KeyRow& r) {
    int n = 0;
    for (const Key& k : r) {
        n += k.units;
    }
    return n;
}

// Splits rows wider than `cols` units into pieces that fit.
std::vector<KeyRow> fold(const std::vector<KeyRow>& rows, int cols) {
    std::vector<KeyRow> out;
    for (const KeyRow& r : rows) {
        KeyRow cur;
        int used = 0;
        for (const Key& k : r) {
            if (used + k.units > cols && !cur.empty()) {
                out.push_back(cur);
                cur.clear();
                used = 0;
            }
            cur.push_back(k);
            used += k.units;
        }
        out.push_back(cur);
    }
    return out;
}

// The rows of keys in `w` × at most `h` px from `top`; returns the height used.
float drawKeys(Context& c, const std::vector<KeyRow>& logical, float x0, float top, float w,
               float h, int minCols) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const int cols = std::max(minCols, static_cast<int>((w + gap) / (ui.touchMin() + gap)));
    const std::vector<KeyRow> rows = fold(logical, cols);
    int widest = 1;
    for (const KeyRow& r : rows) {
        widest = std::max(widest, unitsOf(r));
    }
    const float unit = std::min(
        (w - gap * static_cast<float>(widest - 1)) / static_cast<float>(widest), ui.em(4.0f));
    const float n = static_cast<float>(rows.size());
    const float keyH = std::max(ui.touchMin(), std::min(ui.em(3.2f), (h - gap * (n - 1)) / n));
    const float total = unit * static_cast<float>(widest) + gap * static_cast<float>(widest - 1);
    const float left = x0 + (w - total) * 0.5f;
    float y = top;
    for (const KeyRow& r : rows) {
        float x = left;
        for (const Key& k : r) {
            const float kw =
                unit * static_cast<float>(k.units) + gap * static_cast<float>(k.units - 1);
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            // the keys that type no character look apart from the letters
            const bool control = k.value == "erase" || k.value == "space" || k.value == "shift";
            const bool on = k.value == "shift" && c.kiosk.setup().shift();
            if (ui.button(k.label + "##key", ImVec2(kw, keyH),
                          control ? ui::ButtonKind::Secondary : ui::ButtonKind::Primary, on,
                          "button", nullptr, ui::FontRole::Body)) {
                c.emit(intent::Setup{Action::Key, k.value});
            }
            x += kw + gap;
        }
        y += keyH + gap;
    }
    return y - gap - top;
}

float drawKeypad(Context& c, float x0, float top, float w, float h) {
    std::vector<KeyRow> rows = {letters("123", false), letters("456", false), letters("789", false),
                                letters("0", false)};
    rows.back().push_back({"erase", c.tr("setup.erase"), 2});
    const float wide = std::min(w, c.ui.em(22.0f));
    return drawKeys(c, rows, x0 + (w - wide) * 0.5f, top, wide, h, 3);
}

float drawProvinces(Context& c, float x0, float top, float w, float h) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const SetupFlow& f = c.kiosk.setup();
    float widest = ui.touchMin();
    for (const Province& p : provinces()) {
        widest = std::max(widest, ui.buttonSize(p.name).x);
    }
    const int cols = std::max(1, static_cast<int>((w - ui.em(3.0f) + gap) / (widest + gap)));
    const float bw =
        (w - ui.em(3.0f) - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float bh = ui.buttonSize("Hà Nội").y;
    ImGui::SetCursorScreenPos(ImVec2(x0, top));
    ui.beginScroll("##provinces", ImVec2(w, h));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    int i = 0;
    for (const Province& p : provinces()) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + static_cast<float>(i % cols) * (bw + gap),
                                         origin.y + static_cast<float>(i / cols) * (bh + gap)));
        if (ui.button(p.name, ImVec2(bw, bh), ui::ButtonKind::Secondary, f.provinceCode() == p.code,
                      "toggle")) {
            c.emit(intent::Setup{Action::Province, p.code});
        }
        ++i;
    }
    ImGui::SetCursorScreenPos(
        ImVec2(origin.x, origin.y + static_cast<float>((i + cols - 1) / cols) * (bh + gap)));
    ImGui::Dummy(ImVec2(1, 1));
    ui.endScroll();
    return h;
}

// The four turns of the screen as big choices, the saved one marked: one row, or two rows of
// two, or one column on a narrow screen (a label is never folded).
void drawRotations(Context& c, float x0, float top, float w) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const SetupFlow& f = c.kiosk.setup();
    std::vector<std::string> labels;
    float widest = ui.touchMin();
    for (int d : kScreenRotations) {
        labels.push_back(c.tr(std::string("setup.rotation_") + std::to_string(d)));
        widest = std::max(widest, ui.buttonSize(labels.back(), ui::FontRole::Title).x);
    }
    const int cols = widest * 4 + gap * 3 <= w ? 4 : widest * 2 + gap <= w ? 2 : 1;
    const float bw = (w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float bh = std::max(ui.buttonSize(labels[0], ui::FontRole::Title).y, ui.em(3.0f));
    for (size_t i = 0; i < kScreenRotations.size(); ++i) {
        ImGui::SetCursorScreenPos(
            ImVec2(x0 + static_cast<float>(static_cast<int>(i) % cols) * (bw + gap),
                   top + static_cast<float>(static_cast<int>(i) / cols) * (bh + gap)));
        if (ui.button(labels[i], ImVec2(bw, bh), ui::ButtonKind::Secondary,
                      f.rotation() == kScreenRotations[i], "toggle", nullptr,
                      ui::FontRole::Title)) {
            c.emit(intent::Setup{Action::Rotation, std::to_string(kScreenRotations[i])});
        }
    }
}

// The value being typed, in a box as wide as the step, with a caret at its end.
// `dots`: a PIN, shown as that many filled circles.
void drawValue(Context& c, const std::string& shown, float x0, float y, float w, bool caret,
               int dots = -1) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const float h = ui.touchMin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 min(x0, y), max(x0 + w, y + h);
    dl->AddRectFilled(min, max, ui::toU32(p.surface), ui.em(0.3f));
    dl->AddRect(min, max, ui::toU32(p.surfaceBorder), ui.em(0.3f), 0, std::max(2.0f, ui.mm(0.5f)));
    ui.pushSurface(p.surface);
    const float th = ui.fontSize(ui::FontRole::Body);
    std::string text = shown;
    // a long name shows its end, where the typing is
    while (ui.measure(text + "|", ui::FontRole::Body).x > w - ui.em(1.2f) && text.size() > 1) {
        size_t cut = 1;
        while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            ++cut;
        }
        text.erase(0, cut);
    }
    if (dots >= 0) {
        const float r = ui.em(0.45f);
        for (int i = 0; i < static_cast<int>(kPinLength); ++i) {
            const ImVec2 centre(x0 + ui.em(0.6f) + r + static_cast<float>(i) * (r * 2 + ui.gap()),
                                y + h * 0.5f);
            if (i < dots) {
                dl->AddCircleFilled(centre, r, ui::toU32(p.surfaceText), 24);
            } else {
                dl->AddCircle(centre, r - 1, ui::toU32(p.surfaceText), 24,
                              std::max(2.0f, ui.mm(0.4f)));
            }
        }
    } else {
        ui.textAt(text + (caret ? "|" : ""), ui::FontRole::Body, p.surfaceText,
                  ImVec2(x0 + ui.em(0.6f), y + (h - th) * 0.5f));
    }
    ui.popSurface();
}

void setupPage(Context& c);

// Height of the band, the value, the hint and the ready-made names above the keyboard, with
// the margins, at this text size.
float wordsHeight(Context& c) {
    ui::Ui& ui = c.ui;
    const float w = c.size.x - ui.gap() * 2;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float band = std::max(ui.touchMin(), ui.fontSize(ui::FontRole::Body) +
                                                   ui.fontSize(ui::FontRole::Title) + spacing * 2);
    return band + ui.touchMin() * 2 +
           ui.measure(c.tr("setup.hint_site_name"), ui::FontRole::Body, w).y + spacing +
           ui.gap() * 6;
}

// Whether a key of the keyboard is wide enough for its letter at this text size.
bool keysWideEnough(Context& c) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const float w = c.size.x - gap * 2;
    const int cols = std::max(10, static_cast<int>((w + gap) / (ui.touchMin() + gap)));
    const int widest = cols >= 16 ? 16 : 10;
    const float unit = (w - gap * static_cast<float>(widest - 1)) / static_cast<float>(widest);
    return unit >= ui.measure("Aa", ui::FontRole::Body).x + ui.em(1.4f);
}

} // namespace

void setup(Context& c) {
    ui::Ui& ui = c.ui;
    // the keyboard needs five rows of keys under the words: on a short screen at big text the
    // words take a smaller size first
    // (a technician's screen: never larger than the default size A, whatever the residents'
    // default is, so the keyboard keeps its rows on a 1366x768 screen)
    const int pushed = ui.shrinkTextWhile([&] {
        return ui.textSize() == TextSize::Large ||
               wordsHeight(c) + 5 * ui.touchMin() + 8 * ui.gap() > c.size.y || !keysWideEnough(c);
    });
    setupPage(c);
    ui.popTextSizes(pushed);
}

namespace {

void setupPage(Context& c) {
    ui::Ui& ui = c.ui;
    const SetupFlow& f = c.kiosk.setup();
    const ui::Palette& p = ui.beginPage("##setup", c.pos, c.size);
    const float gap = ui.gap();
    const float x0 = c.pos.x + gap;
    const float w = c.size.x - gap * 2;
    float y = c.pos.y + gap;
    const SetupStep step = f.step();
    const std::string key = stepKey(step);
    const SetupInput in = inputOf(step);

    // The band: Back, the title, the language, Next.
    const std::string back = c.tr("setup.back");
    const std::string next = c.tr(step == SetupStep::Sound ? "setup.finish" : "setup.next");
    const bool english = c.lang() == Lang::En;
    const std::string lang = c.tr(english ? "toolbar.vietnamese" : "toolbar.english");
    const bool canBack = f.stepNumber() > 1 && step != SetupStep::Sound;
    const ImVec2 backSize = ui.buttonSize(back);
    const ImVec2 langSize = ui.buttonSize(lang);
    const ImVec2 nextSize = ui.buttonSize(next, ui::FontRole::Title);
    const float titleX = x0 + (canBack ? backSize.x + gap : 0);
    const float titleW =
        std::max(ui.em(6.0f), w - (titleX - x0) - langSize.x - nextSize.x - gap * 3);
    const std::string stepLine = fill(fill(c.tr("setup.step"), "n", std::to_string(f.stepNumber())),
                                      "m", std::to_string(f.stepCount()));
    const std::string title = c.tr(std::string("setup.title_") + key);
    const float titleH = ui.measure(stepLine, ui::FontRole::Body, titleW).y +
                         ui.measure(title, ui::FontRole::Title, titleW).y +
                         ImGui::GetStyle().ItemSpacing.y * 2; // each text steps below itself
    const float band = std::max(nextSize.y, titleH);
    if (canBack) {
        ImGui::SetCursorScreenPos(ImVec2(x0, y + (band - backSize.y) * 0.5f));
        if (ui.button(back, backSize, ui::ButtonKind::Secondary)) {
            c.emit(intent::Setup{Action::Back, {}});
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(titleX, y + (band - titleH) * 0.5f));
    ui.text(stepLine, ui::FontRole::Body, p.text, titleW);
    ImGui::SetCursorScreenPos(ImVec2(titleX, ImGui::GetCursorScreenPos().y));
    ui.text(title, ui::FontRole::Title, p.text, titleW);
    ImGui::SetCursorScreenPos(
        ImVec2(x0 + w - nextSize.x - gap - langSize.x, y + (band - langSize.y) * 0.5f));
    if (ui.button(lang, langSize, ui::ButtonKind::Secondary)) {
        c.emit(intent::SetLanguage{english ? Lang::Vi : Lang::En});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0 + w - nextSize.x, y + (band - nextSize.y) * 0.5f));
    if (ui.button(next, nextSize, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::Setup{Action::Next, {}});
    }
    y += band + gap;

    // The value.
    if (in != SetupInput::None && in != SetupInput::Rotations) {
        std::string shown;
        bool caret = true;
        int dots = -1;
        if (step == SetupStep::Pin || step == SetupStep::PinAgain) {
            dots = static_cast<int>(f.pinLength());
        } else if (step == SetupStep::Province) {
            shown = f.provinceCode().empty() ? c.tr("setup.none")
                                             : f.provinceName() + " (" + f.provinceCode() + ")";
            caret = false;
        } else {
            shown = f.text();
        }
        drawValue(c, shown, x0, y, w, caret, dots);
        y += ui.touchMin() + gap;
    }

    // The hint, or what is wrong.
    std::string line = c.tr(std::string("setup.hint_") + key);
    if (c.kiosk.restartForScreen()) {
        line = c.tr("setup.rotation_restarting");
    } else if (const int left = c.kiosk.rotationTrialSecondsLeft(); left > 0) {
        line = fill(c.tr("setup.rotation_trial"), "s", std::to_string(left));
    }
    if (!f.error().empty()) {
        line = f.error() == "setup.err_save" ? fill(c.tr("setup.err_save"), "e", f.errorDetail())
                                             : c.tr(f.error());
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, y));
    ui.text(line, ui::FontRole::Body, p.text, w);
    y += ui.measure(line, ui::FontRole::Body, w).y + gap; // not ImGui's step, sized for A+

    // Ready-made names: tapped, then added to with the keys.
    if (step == SetupStep::SiteName || step == SetupStep::CommuneName) {
        float x = x0;
        for (const std::string& s : step == SetupStep::SiteName ? kSites : kCommunes) {
            const std::string label = s.substr(0, s.size() - 1);
            ImVec2 sz = ui.buttonSize(label);
            if (x + sz.x > x0 + w) {
                break; // a narrow screen shows the first ones
            }
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            if (ui.button(label, sz, ui::ButtonKind::Secondary)) {
                c.emit(intent::Setup{Action::Preset, s});
            }
            x += sz.x + gap;
        }
        y += ui.touchMin() + gap;
    }

    const float h = c.pos.y + c.size.y - gap - y;
    switch (in) {
    case SetupInput::Letters:
    case SetupInput::IdLetters:
        drawKeys(c, keyboard(c, in, f.shift()), x0, y, w, h, 10);
        break;
    case SetupInput::Digits:
        drawKeypad(c, x0, y, w, h);
        break;
    case SetupInput::Provinces:
        drawProvinces(c, x0, y, w, h);
        break;
    case SetupInput::Rotations:
        drawRotations(c, x0, y, w);
        break;
    case SetupInput::None: {
        const std::string play = c.tr("setup.sound_play");
        ImVec2 sz = ui.buttonSize(play, ui::FontRole::Title);
        sz.x = std::max(sz.x, std::min(w, ui.em(16.0f)));
        sz.y = std::max(sz.y, ui.em(3.0f));
        ImGui::SetCursorScreenPos(ImVec2(x0 + (w - sz.x) * 0.5f, y + gap));
        if (ui.button(play, sz, ui::ButtonKind::Primary, false, "button", nullptr,
                      ui::FontRole::Title)) {
            c.emit(intent::Setup{Action::SoundTest, {}});
        }
        if (f.soundTests() > 0) {
            ImGui::SetCursorScreenPos(ImVec2(x0, y + gap * 2 + sz.y));
            ui.text(fill(c.tr("setup.sound_played"), "n", std::to_string(f.soundTests())),
                    ui::FontRole::Body, p.text, w, true);
        }
        break;
    }
    }
    ui.endPanel();
}

} // namespace
} // namespace tramso::screens
