// Layout: status bar, the app's title bar, then the elements top to bottom. Element text
// uses the resident's body font; keys and buttons keep the 15 mm touch size.
#include "phone.hpp"
#include "shapes.hpp"

#include <imgui_internal.h>

#include <cmath>

namespace tramso::ui {
namespace {

Icon iconFor(const std::string& name) {
    if (name == "camera")
        return Icon::PhoneCamera;
    if (name == "qr")
        return Icon::ScanQr;
    if (name == "bank" || name == "bill")
        return Icon::Payment;
    if (name == "shield" || name == "lock" || name == "warning")
        return Icon::Protect;
    if (name == "chat")
        return Icon::Platforms;
    if (name == "cart")
        return Icon::Shopping;
    if (name == "health" || name == "person" || name == "id")
        return Icon::Help;
    if (name == "search" || name == "upload")
        return Icon::Portals;
    return Icon::PublicServices;
}

// Height the elements take at the Ui's current text size, laid out `innerW` wide.
float contentHeight(Ui& ui, const Mockup& m, Lang lang, float innerW) {
    float h = 0;
    for (const MockElement& e : m.elements) {
        const std::string& label = e.label.get(lang);
        switch (e.kind) {
        case MockElement::Kind::Text:
            h += ui.measure(label, FontRole::Body, innerW).y;
            break;
        case MockElement::Kind::Keypad:
            h += ui.em(1.6f) + ui.gap() + 4 * (ui.touchMin() + ui.gap());
            break;
        default: {
            const bool hasIcon = e.kind == MockElement::Kind::Icon || !e.icon.empty();
            float textW = innerW - ui.em(1.0f) - (hasIcon ? ui.em(2.0f) : 0) -
                          (e.kind == MockElement::Kind::Row ? ui.em(1.0f) : 0);
            const std::string& shown =
                e.kind == MockElement::Kind::Input ? e.value.get(lang) : label;
            if (e.kind == MockElement::Kind::Input) {
                h += ui.measure(label, FontRole::Body, innerW).y;
            }
            h += std::max(ui.touchMin(), ui.measure(shown, FontRole::Body, textW).y + ui.em(0.8f));
        }
        }
        h += ui.gap();
    }
    return h;
}

constexpr float kChin = 1.6f; // top and bottom bezels, in side-bezel widths

float bezelFor(Ui& ui, float width) {
    return std::max(ui.mm(3.0f), width * 0.04f);
}

TextSize phoneTextSize(TextSize page) {
    return page == TextSize::Large ? TextSize::Normal : TextSize::Small;
}

} // namespace

float phoneNeeds(Ui& ui, const Mockup& m, Lang lang, float width) {
    const float bezel = bezelFor(ui, width);
    ui.pushTextSize(TextSize::Small);
    const float pad = ui.em(0.5f);
    const float inner = width - 2 * bezel - 2 * pad;
    float h = bezel * 2 * kChin + ui.font(FontRole::Body)->FontSize * 1.8f + pad +
              contentHeight(ui, m, lang, inner) + pad;
    ui.popTextSize();
    return h;
}

float phoneMinWidth(Ui& ui, const Mockup& m) {
    bool keypad = false;
    for (const MockElement& e : m.elements) {
        keypad |= e.kind == MockElement::Kind::Keypad;
    }
    ui.pushTextSize(TextSize::Small);
    const float pad = ui.em(0.5f);
    ui.popTextSize();
    // three keys of a finger's width side by side, or one button with room for words
    const float inner = keypad ? 3 * ui.touchMin() + 2 * ui.gap() : ui.mm(45.0f);
    const float w = inner + 2 * pad + 2 * ui.mm(3.0f);
    return std::max(w, (inner + 2 * pad) / 0.92f); // the bezel grows with the width
}

ImVec2 fitPhone(Ui& ui, const Mockup& m, Lang lang, ImVec2 box, float maxWidth) {
    const float minW = phoneMinWidth(ui, m);
    float w = std::min({box.x, box.y / kMinPhoneAspect, maxWidth});
    w = std::max(w, minW);
    // a wider phone wraps its words less: widen it while the height does not allow them
    while (phoneNeeds(ui, m, lang, w) > box.y && w + ui.em(1.0f) <= box.x &&
           (w + ui.em(1.0f)) * kMinPhoneAspect <= box.y) {
        w += ui.em(1.0f);
    }
    w = std::floor(w); // whole pixels, measured as drawn: a wrap can turn on a fraction
    const float need = std::ceil(phoneNeeds(ui, m, lang, w));
    const float h = std::max(need, std::floor(std::min(box.y, w * kPhoneAspect)));
    return {w, h};
}

float phoneHeight(Ui& ui, const Mockup& m, Lang lang, float width, float minAspect) {
    const float bezel = bezelFor(ui, width);
    ui.pushTextSize(phoneTextSize(ui.textSize()));
    const float pad = ui.em(0.5f);
    const float inner = width - 2 * bezel - 2 * pad;
    float h = bezel * 2 * kChin + ui.font(FontRole::Body)->FontSize * 1.8f + pad +
              contentHeight(ui, m, lang, inner) + pad;
    ui.popTextSize();
    return std::max(h, width * minAspect);
}

PhoneTap drawPhone(Ui& ui, const Mockup& m, const PhoneOptions& opt, ImVec2 pos, ImVec2 size) {
    PhoneTap result;
    const Palette& p = ui.palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bezel = bezelFor(ui, size.x);
    const float radius = size.x * 0.1f;
    ImVec2 end(pos.x + size.x, pos.y + size.y);
    ui.registry().addRegion({"replica", pos, end});
    dl->AddRectFilled(pos, end, toU32(p.text), radius);
    ImVec2 smin(pos.x + bezel, pos.y + bezel * kChin);
    ImVec2 smax(end.x - bezel, end.y - bezel * kChin);
    dl->AddRectFilled(smin, smax, toU32(p.surface), radius * 0.5f);
    dl->AddRectFilled(ImVec2(pos.x + size.x * 0.4f, pos.y + bezel * 0.5f),
                      ImVec2(pos.x + size.x * 0.6f, pos.y + bezel * 0.95f), toU32(p.surface),
                      bezel);

    // The phone is a picture: its words are at most one size below the page's, smaller
    // still if that is what makes every element fit its screen; nothing it holds is drawn
    // (or can be tapped) outside the screen.
    const TextSize pageSize = ui.textSize();
    TextSize phoneSize = phoneTextSize(pageSize);
    ui.pushTextSize(phoneSize);
    {
        const float available =
            (smax.y - smin.y) - ui.font(FontRole::Body)->FontSize * 1.8f - ui.em(0.5f);
        const float width = smax.x - smin.x - 2 * ui.em(0.5f);
        if (phoneSize != TextSize::Small && contentHeight(ui, m, opt.lang, width) > available) {
            ui.popTextSize();
            phoneSize = TextSize::Small;
            ui.pushTextSize(phoneSize);
        }
    }
    ImGui::PushClipRect(smin, smax, true);
    dl->PushClipRect(smin, smax, true);

    // A tap anywhere on the screen that is not an element still counts (as a miss).
    ImGui::SetCursorScreenPos(smin);
    ImGui::PushID("phone");
    if (ImGui::InvisibleButton("##screen", ImVec2(smax.x - smin.x, smax.y - smin.y))) {
        result.element = "";
    }
    ImGui::SetItemAllowOverlap();

    const float pad = ui.em(0.5f);
    const float innerW = smax.x - smin.x - 2 * pad;
    // App title bar
    ImFont* bf = ui.font(FontRole::Body);
    const std::string& app = m.app.get(opt.lang);
    float barH = bf->FontSize * 1.8f;
    dl->AddRectFilled(smin, ImVec2(smax.x, smin.y + barH), toU32(p.primary), radius * 0.5f,
                      ImDrawFlags_RoundCornersTop);
    ui.pushSurface(p.primary);
    ImVec2 ts = ui.measure(app, FontRole::Body);
    ui.textAt(app, FontRole::Body, p.primaryText,
              ImVec2(smin.x + (smax.x - smin.x - ts.x) * 0.5f, smin.y + (barH - ts.y) * 0.5f));
    ui.popSurface();

    float y = smin.y + barH + pad;
    const float x = smin.x + pad;
    const float touch = ui.touchMin();
    ImVec2 targetMin(-1, -1), targetMax(-1, -1);
    ui.pushSurface(p.surface);
    for (size_t i = 0; i < m.elements.size(); ++i) {
        const MockElement& e = m.elements[i];
        const std::string& label = e.label.get(opt.lang);
        const bool isTarget = !e.id.empty() && e.id == m.target;
        ImGui::PushID(static_cast<int>(i));
        switch (e.kind) {
        case MockElement::Kind::Text: {
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            ui.text(label, FontRole::Body, p.surfaceText, innerW);
            y = ImGui::GetCursorScreenPos().y;
            break;
        }
        case MockElement::Kind::Button:
        case MockElement::Kind::Row:
        case MockElement::Kind::Icon:
        case MockElement::Kind::Input: {
            float labelH = 0;
            if (e.kind == MockElement::Kind::Input) { // the field's name above its box
                ImGui::SetCursorScreenPos(ImVec2(x, y));
                ui.text(label, FontRole::Body, p.surfaceText, innerW);
                labelH = ImGui::GetCursorScreenPos().y - y - ui.gap();
                y += labelH;
            }
            const std::string& shown =
                e.kind == MockElement::Kind::Input ? e.value.get(opt.lang) : label;
            const bool hasIcon = e.kind == MockElement::Kind::Icon || !e.icon.empty();
            float iconSide = hasIcon ? ui.em(1.6f) : 0;
            float textW = innerW - ui.em(1.0f) - (hasIcon ? iconSide + ui.em(0.4f) : 0) -
                          (e.kind == MockElement::Kind::Row ? ui.em(1.0f) : 0);
            float h = std::max(touch, ui.measure(shown, FontRole::Body, textW).y + ui.em(0.8f));
            ImVec2 a(x, y), b(x + innerW, y + h);
            ImGui::SetCursorScreenPos(a);
            bool clicked = ImGui::InvisibleButton("##el", ImVec2(innerW, h));
            bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
            Rgb bg = p.surface, fg = p.surfaceText;
            if (e.kind == MockElement::Kind::Button) {
                bg = held ? p.primaryPressed : p.primary;
                fg = p.primaryText;
            } else if (held) {
                bg = p.secondaryPressed;
                fg = p.secondaryPressedText;
            }
            fillRounded(*dl, a, b, toU32(bg), ui.em(0.3f));
            if (e.kind != MockElement::Kind::Button) {
                strokeRounded(*dl, a, b, toU32(p.surfaceBorder), ui.em(0.3f),
                              std::max(1.5f, ui.mm(0.4f)));
            }
            float cx = a.x + ui.em(0.5f);
            if (hasIcon) {
                drawIcon(dl, iconFor(e.icon), ImVec2(cx, a.y + (h - iconSide) * 0.5f), iconSide,
                         toU32(e.kind == MockElement::Kind::Button ? fg : p.accent),
                         toU32(e.kind == MockElement::Kind::Button ? bg : p.accent2));
                cx += iconSide + ui.em(0.4f);
            }
            ui.pushSurface(bg);
            ImVec2 tsz = ui.measure(shown, FontRole::Body, textW);
            ImGui::SetCursorScreenPos(ImVec2(e.kind == MockElement::Kind::Button && !hasIcon
                                                 ? a.x + (innerW - tsz.x) * 0.5f
                                                 : cx,
                                             a.y + (h - tsz.y) * 0.5f));
            ui.text(shown, FontRole::Body, fg, textW);
            ui.popSurface();
            if (e.kind == MockElement::Kind::Row) {
                float c = ui.em(0.35f);
                ImVec2 m0(b.x - ui.em(0.9f), a.y + h * 0.5f);
                dl->AddLine(ImVec2(m0.x - c, m0.y - c), m0, toU32(fg), 2.0f);
                dl->AddLine(ImVec2(m0.x - c, m0.y + c), m0, toU32(fg), 2.0f);
            }
            ui.registry().add({label, "replica", a, b, fg, bg, true, false, {}, {}},
                              ImGui::GetCurrentWindow()->ClipRect.Min,
                              ImGui::GetCurrentWindow()->ClipRect.Max);
            if (clicked) {
                result.element = e.id.empty() ? std::string("#").append(std::to_string(i)) : e.id;
            }
            if (isTarget) {
                targetMin = a;
                targetMax = b;
            }
            if (held) {
                ui.requestAnimation();
            }
            y += h + ui.gap();
            break;
        }
        case MockElement::Kind::Keypad: {
            // The code to type, shown on screen: only these demo digits are ever accepted.
            const std::string& code = e.digits;
            float box =
                std::min(ui.em(1.6f), (innerW - ui.em(0.3f) * static_cast<float>(code.size())) /
                                          static_cast<float>(code.size()));
            float rowW = box * static_cast<float>(code.size()) +
                         ui.em(0.3f) * static_cast<float>(code.size() - 1);
            float bx = x + (innerW - rowW) * 0.5f;
            for (size_t d = 0; d < code.size(); ++d) {
                ImVec2 a(bx + static_cast<float>(d) * (box + ui.em(0.3f)), y);
                ImVec2 b(a.x + box, a.y + box);
                strokeRounded(*dl, a, b, toU32(p.surfaceBorder), ui.em(0.2f), 2.0f);
                if (d < opt.typed.size()) {
                    dl->AddCircleFilled(ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), box * 0.2f,
                                        toU32(p.surfaceText));
                }
            }
            y += box + ui.gap();
            const float kgap = ui.gap(); // ≥ 3 mm between keys, as everywhere
            const float kw = (innerW - kgap * 2) / 3.0f;
            const float kh = touch;
            const char* keys = "123456789 0 ";
            ImVec2 firstKey(-1, -1);
            for (int k = 0; k < 12; ++k) {
                char ch = keys[k];
                ImVec2 a(x + static_cast<float>(k % 3) * (kw + kgap),
                         y + static_cast<float>(k / 3) * (kh + kgap));
                if (ch == ' ') {
                    continue;
                }
                ImVec2 b(a.x + kw, a.y + kh);
                ImGui::SetCursorScreenPos(a);
                ImGui::PushID(k);
                bool clicked = ImGui::InvisibleButton("##key", ImVec2(kw, kh));
                bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
                ImGui::PopID();
                Rgb bg = held ? p.secondaryPressed : p.secondary;
                Rgb fg = held ? p.secondaryPressedText : p.secondaryText;
                fillRounded(*dl, a, b, toU32(bg), ui.em(0.3f));
                strokeRounded(*dl, a, b, toU32(p.surfaceBorder), ui.em(0.3f), 1.5f);
                std::string digit(1, ch);
                ui.pushSurface(bg);
                ImVec2 tsz = ui.measure(digit, FontRole::Title);
                ui.textAt(digit, FontRole::Title, fg,
                          ImVec2(a.x + (kw - tsz.x) * 0.5f, a.y + (kh - tsz.y) * 0.5f));
                ui.popSurface();
                ui.registry().add({digit, "key", a, b, fg, bg, true, false, {}, {}},
                                  ImGui::GetCurrentWindow()->ClipRect.Min,
                                  ImGui::GetCurrentWindow()->ClipRect.Max);
                if (clicked) {
                    result.key = ch;
                }
                // the finger points at the next digit to type
                if (isTarget && opt.typed.size() < code.size() && ch == code[opt.typed.size()]) {
                    targetMin = a;
                    targetMax = b;
                }
            }
            y += 4 * (kh + kgap);
            break;
        }
        }
        ImGui::PopID();
    }
    ui.popSurface();
    ImGui::PopID();

    if (opt.finger && targetMin.x >= 0) {
        // A thick outline around the place to tap (its words stay readable) and a finger
        // whose tip bobs gently at its lower edge.
        float t = static_cast<float>(ui.time() - opt.fingerSince);
        float bob = (0.5f + 0.5f * std::sin(t * 5.0f)) * ui.em(0.5f);
        float ring = std::max(3.0f, ui.mm(1.0f));
        dl->AddRect(ImVec2(targetMin.x - ring, targetMin.y - ring),
                    ImVec2(targetMax.x + ring, targetMax.y + ring), toU32(p.accent2), ui.em(0.4f),
                    0, ring);
        float side = ui.em(2.4f);
        ImVec2 tip(targetMin.x + (targetMax.x - targetMin.x) * 0.72f,
                   targetMax.y - ui.em(0.3f) + bob);
        ImVec2 o(tip.x - side * 0.48f, tip.y - side * 0.08f);
        drawIcon(dl, Icon::Touch, ImVec2(o.x - 3, o.y - 3), side + 6, toU32(p.surface),
                 toU32(p.surface));
        drawIcon(dl, Icon::Touch, o, side, toU32(p.accent2), toU32(p.surface));
        ui.requestTick(15.0);
    }
    dl->PopClipRect();
    ImGui::PopClipRect();
    ui.popTextSize();
    ImGui::SetCursorScreenPos(ImVec2(pos.x, end.y));
    ImGui::Dummy(ImVec2(size.x, 0));
    return result;
}

} // namespace tramso::ui
