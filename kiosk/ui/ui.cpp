// Widget implementations. Buttons use ImGui's InvisibleButton for behaviour (press on
// release, held state) and draw themselves so colours and sizes are ours to measure.
#include "ui.hpp"
#include "shapes.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace tramso::ui {

ImU32 toU32(Rgb c, float alpha) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
}

namespace {
const char* fontName(FontRole r) {
    return r == FontRole::Body ? "body" : r == FontRole::Title ? "title" : "huge";
}
ImVec2 clipMin() {
    return ImGui::GetCurrentWindow()->ClipRect.Min;
}
ImVec2 clipMax() {
    return ImGui::GetCurrentWindow()->ClipRect.Max;
}
bool contains(ImVec2 min, ImVec2 max, ImVec2 p) {
    return p.x >= min.x && p.y >= min.y && p.x < max.x && p.y < max.y;
}
} // namespace

void Ui::beginFrame(const FrameSetup& setup) {
    m_setup = setup;
    m_palette = &ui::palette(setup.contrast);
    m_registry.clear();
    m_surfaces.clear();
    m_sizes.clear();
    m_scrolls.clear();
    m_qrShown.clear();
    m_pageNext = false;
    m_animating = false;
    m_tickFps = 0;
    m_touch.setSwipeThreshold(mm(5.0f));
    if (!m_touch.fingerDown()) {
        m_holdFired = false;
    }

    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowPadding = ImVec2(0, 0);
    st.WindowBorderSize = 0;
    st.ChildBorderSize = 0;
    st.WindowRounding = 0;
    st.FrameRounding = em(0.3f);
    st.ItemSpacing = ImVec2(gap(), gap());
    st.ItemInnerSpacing = ImVec2(gap(), gap());
    st.ScrollbarSize = 0;
    st.TouchExtraPadding = ImVec2(0, 0);
    st.AntiAliasedFill = true;
    st.AntiAliasedLines = true;
    st.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(toU32(m_palette->background));
    st.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    st.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(toU32(m_palette->text));
}

float Ui::em(float n) const {
    return n * fontSize(FontRole::Body);
}

void Ui::beginPanel(const char* id, ImVec2 pos, ImVec2 size, Rgb bg) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, toU32(bg));
    ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing |
        ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav;
    // In software rendering every full-screen fill costs a frame's worth of pixels: the page's
    // own panel in the page colour lets the frame's clear (in that colour, clearColor()) show
    // instead of painting the same pixels twice. Panels over the page paint as before.
    if (m_pageNext && bg == m_palette->background) {
        flags |= ImGuiWindowFlags_NoBackground;
    }
    m_pageNext = false;
    ImGui::Begin(id, nullptr, flags);
    ImGui::PopStyleColor();
    pushSurface(bg);
}

void Ui::endPanel() {
    popSurface();
    ImGui::End();
}

std::vector<std::string> Ui::wrapLines(const std::string& s, ImFont* f, float wrap) const {
    std::vector<std::string> lines;
    size_t start = 0;
    while (true) {
        size_t nl = s.find('\n', start);
        size_t stop = nl == std::string::npos ? s.size() : nl;
        const char* p = s.c_str() + start;
        const char* end = s.c_str() + stop;
        if (wrap <= 0 || p == end) {
            lines.emplace_back(p, end);
        }
        while (wrap > 0 && p < end) {
            const char* lineEnd = f->CalcWordWrapPositionA(1.0f, p, end, wrap);
            if (lineEnd == p) {
                lineEnd = p + 1; // a single glyph wider than the line
            }
            std::string line(p, lineEnd);
            while (!line.empty() && line.back() == ' ') {
                line.pop_back();
            }
            lines.push_back(std::move(line));
            p = lineEnd;
            while (p < end && *p == ' ') {
                ++p;
            }
        }
        if (nl == std::string::npos) {
            break;
        }
        start = nl + 1;
    }
    return lines;
}

ImVec2 Ui::measure(const std::string& s, FontRole role, float wrap) const {
    ImFont* f = font(role);
    float w = 0;
    auto lines = wrapLines(s, f, wrap);
    for (const auto& l : lines) {
        w = std::max(w, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, l.c_str()).x);
    }
    return {w, f->FontSize * static_cast<float>(lines.size())};
}

void Ui::recordText(const std::string& s, FontRole role, Rgb color, ImVec2 min, ImVec2 max) {
    m_registry.addText({s, min, max, color, surface(), m_setup.fonts->capHeightPx(textSize(), role),
                        fontName(role)});
}

void Ui::text(const std::string& s, FontRole role, Rgb color, float wrap, bool center) {
    ImFont* f = font(role);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    auto lines = wrapLines(s, f, wrap);
    float y = pos.y;
    float maxW = 0;
    for (const auto& l : lines) {
        float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, l.c_str()).x;
        float x = center && wrap > 0 ? pos.x + (wrap - w) * 0.5f : pos.x;
        dl->AddText(f, f->FontSize, ImVec2(std::floor(x), std::floor(y)), toU32(color), l.c_str());
        y += f->FontSize;
        maxW = std::max(maxW, w);
    }
    ImVec2 size(wrap > 0 && center ? wrap : maxW, y - pos.y);
    recordText(s, role, color, pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::Dummy(size);
}

void Ui::textAt(const std::string& s, FontRole role, Rgb color, ImVec2 pos) {
    ImFont* f = font(role);
    ImGui::GetWindowDrawList()->AddText(f, f->FontSize, pos, toU32(color), s.c_str());
    ImVec2 size = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str());
    recordText(s, role, color, pos, ImVec2(pos.x + size.x, pos.y + size.y));
}

ImVec2 Ui::buttonSize(const std::string& label, FontRole role, float iconEm) const {
    ImVec2 t = measure(label.substr(0, label.find("##")), role);
    float w = t.x + em(1.6f) + (iconEm > 0 ? em(iconEm + 0.5f) : 0);
    float h = t.y + em(1.0f);
    return {std::max(w, touchMin()), std::max(h, touchMin())};
}

float Ui::beginPageScroll(const char* id, ImVec2 pos, ImVec2 size, float top) {
    const float margin = gap() * 2;
    ImGui::SetCursorScreenPos(ImVec2(pos.x + margin, top));
    beginScroll(id, ImVec2(size.x - 2 * margin, pos.y + size.y - margin - top));
    return ImGui::GetContentRegionAvail().x - em(0.5f);
}

void Ui::beginCard(ImVec2 min, ImVec2 max, Rgb fill, Rgb border, float rounding, float thickness) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    fillRounded(*dl, min, max, toU32(fill), rounding);
    strokeRounded(*dl, min, max, toU32(border), rounding, thickness);
    pushSurface(fill);
}

int Ui::buttonStrip(ImVec2 pos, ImVec2 size, const std::vector<std::string>& labels,
                    float minWidthEm, float& top) {
    float bh = touchMin();
    for (const std::string& l : labels) {
        bh = std::max(bh, buttonSize(l).y);
    }
    top = pos.y + size.y - bh - gap() * 2;
    int pressed = -1;
    float x = pos.x + size.x - gap() * 2;
    for (size_t i = labels.size(); i-- > 0;) {
        ImVec2 sz = buttonSize(labels[i]);
        sz.x = std::max(sz.x, em(minWidthEm));
        sz.y = bh;
        x -= sz.x;
        ImGui::SetCursorScreenPos(ImVec2(x, top + gap()));
        if (button(labels[i], sz,
                   i + 1 == labels.size() ? ButtonKind::Primary : ButtonKind::Secondary)) {
            pressed = static_cast<int>(i);
        }
        x -= gap();
    }
    return pressed;
}

bool Ui::holdArea(const std::string& label, ImVec2 min, ImVec2 max, double seconds) {
    const Palette& p = *m_palette;
    m_registry.add({label, "hold", min, max, p.text, surface(), true, false, {}, {}}, clipMin(),
                   clipMax());
    if (!m_touch.fingerDown() || m_touch.swiping() || m_holdFired) {
        return false;
    }
    const ImVec2 s = m_touch.pressStart();
    if (s.x < min.x || s.y < min.y || s.x > max.x || s.y > max.y) {
        return false;
    }
    if (time() - m_touch.downAt() >= seconds) {
        m_holdFired = true;
        return true;
    }
    return false;
}

bool Ui::button(const std::string& label, ImVec2 size, ButtonKind kind, bool selected,
                const char* role, const Icon* icon, FontRole fontRole, bool iconAbove) {
    size.x = std::max(size.x, touchMin());
    size.y = std::max(size.y, touchMin());
    ImVec2 min = ImGui::GetCursorScreenPos();
    ImVec2 max(min.x + size.x, min.y + size.y);
    bool clicked = ImGui::InvisibleButton(label.c_str(), size);
    // "Text##id": the part after ## only keeps two equal words apart for ImGui
    const std::string shown = label.substr(0, label.find("##"));
    bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
    const Palette& p = *m_palette;
    Rgb bg, fg;
    if (held) {
        bg = kind == ButtonKind::Primary ? p.primaryPressed : p.secondaryPressed;
        fg = kind == ButtonKind::Primary ? p.primaryPressedText : p.secondaryPressedText;
    } else if (selected) {
        bg = p.selected;
        fg = p.selectedText;
    } else if (kind == ButtonKind::Primary) {
        bg = p.primary;
        fg = p.primaryText;
    } else {
        bg = p.secondary;
        fg = p.secondaryText;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float rounding = em(0.35f);
    fillRounded(*dl, min, max, toU32(bg), rounding);
    float border = std::max(2.0f, mm(0.6f));
    strokeRounded(
        *dl, min, max,
        toU32(selected ? p.surfaceBorder : (kind == ButtonKind::Primary ? bg : p.surfaceBorder)),
        rounding, border);
    if (selected) {
        // a second, inner ring so "this is on" does not rely on colour alone
        float inset = border * 2.0f;
        strokeRounded(*dl, ImVec2(min.x + inset, min.y + inset),
                      ImVec2(max.x - inset, max.y - inset), toU32(fg), rounding * 0.7f, border);
    }

    ImFont* f = font(fontRole);
    if (icon && iconAbove) {
        // a tall narrow button: the arrow above the word, if there is room for both
        const float side = std::min({size.x - em(0.6f), size.y - f->FontSize - em(1.2f), em(2.0f)});
        float textY = min.y + (size.y - f->FontSize) * 0.5f;
        if (side >= em(0.8f)) {
            const float blockH = side + em(0.3f) + f->FontSize;
            const float top = min.y + (size.y - blockH) * 0.5f;
            drawIcon(dl, *icon, ImVec2(min.x + (size.x - side) * 0.5f, top), side, toU32(fg),
                     toU32(bg));
            textY = top + side + em(0.3f);
        }
        const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, shown.c_str()).x;
        dl->AddText(f, f->FontSize,
                    ImVec2(std::floor(min.x + (size.x - w) * 0.5f), std::floor(textY)), toU32(fg),
                    shown.c_str());
        m_registry.add({shown, role, min, max, fg, bg, true, selected, {}, {}}, clipMin(),
                       clipMax());
        if (held) {
            requestAnimation();
        }
        return clicked;
    }
    float iconSide = icon ? std::min(size.y - em(0.8f), em(1.6f)) : 0;
    float textWrap = size.x - em(1.2f) - (icon ? iconSide + em(0.4f) : 0);
    auto lines = wrapLines(shown, f, textWrap);
    float textW = 0;
    for (const auto& l : lines) {
        textW = std::max(textW, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, l.c_str()).x);
    }
    float blockW = textW + (icon ? iconSide + em(0.4f) : 0);
    float x = min.x + (size.x - blockW) * 0.5f;
    if (icon) {
        drawIcon(dl, *icon, ImVec2(x, min.y + (size.y - iconSide) * 0.5f), iconSide, toU32(fg),
                 toU32(bg));
        x += iconSide + em(0.4f);
    }
    if (f->FontSize * static_cast<float>(lines.size()) > size.y + 0.5f ||
        textW > size.x - em(0.2f)) {
        m_registry.addRegion({"overflow:" + shown, min, max}); // words wider than the button
    }
    float y = min.y + (size.y - f->FontSize * static_cast<float>(lines.size())) * 0.5f;
    for (const auto& l : lines) {
        float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, l.c_str()).x;
        float lx = icon ? x : min.x + (size.x - w) * 0.5f;
        dl->AddText(f, f->FontSize, ImVec2(std::floor(lx), std::floor(y)), toU32(fg), l.c_str());
        y += f->FontSize;
    }
    m_registry.add({shown, role, min, max, fg, bg, true, selected, {}, {}}, clipMin(), clipMax());
    if (held) {
        requestAnimation();
    }
    return clicked;
}

// A compact tile's title takes the body size rather than more than two lines.
FontRole Ui::tileTitleRole(const std::string& title, float tileWidth, bool compact) const {
    if (!compact) {
        return FontRole::Title;
    }
    const float titleW = tileWidth - 2 * em(0.6f) - em(2.2f) - em(0.6f);
    const float lines = measure(title, FontRole::Title, titleW).y / fontSize(FontRole::Title);
    return lines > 2.5f ? FontRole::Body : FontRole::Title;
}

FontRole Ui::tileTitleRole(const std::vector<std::string>& titles, float tileWidth,
                           bool compact) const {
    for (const std::string& t : titles) {
        if (tileTitleRole(t, tileWidth, compact) == FontRole::Body) {
            return FontRole::Body;
        }
    }
    return FontRole::Title;
}

bool Ui::tile(const std::string& title, const std::string& description, Icon icon, ImVec2 size,
              std::optional<FontRole> titleRole) {
    ImVec2 min = ImGui::GetCursorScreenPos();
    ImVec2 max(min.x + size.x, min.y + size.y);
    bool clicked = ImGui::InvisibleButton(title.c_str(), size);
    bool held = ImGui::IsItemActive() && ImGui::IsItemHovered();
    const Palette& p = *m_palette;
    Rgb bg = held ? p.secondaryPressed : p.surface;
    Rgb fg = held ? p.secondaryPressedText : p.surfaceText;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float rounding = em(0.6f);
    fillRounded(*dl, min, max, toU32(bg), rounding);
    strokeRounded(*dl, min, max, toU32(p.surfaceBorder), rounding, std::max(2.0f, mm(0.6f)));

    // without a description (a grid short of room) the tile is compact: a smaller icon
    const bool compact = description.empty();
    float pad = em(compact ? 0.6f : 0.8f);
    float iconSide =
        compact ? std::min(em(2.2f), size.y - 2 * pad) : std::min(em(3.2f), size.y * 0.4f);
    // Title beside the icon, description under both.
    float titleX = min.x + pad + iconSide + em(0.6f);
    const FontRole role = titleRole ? *titleRole : tileTitleRole(title, size.x, compact);
    ImFont* tf = font(role);
    auto titleLines = wrapLines(title, tf, max.x - pad - titleX);
    float titleH = tf->FontSize * static_cast<float>(titleLines.size());
    // a compact tile centres its icon and title; a full one keeps them at the top
    const float blockH = std::max(iconSide, titleH);
    const float blockTop = compact ? min.y + std::max(pad, (size.y - blockH) * 0.5f) : min.y + pad;
    drawIcon(dl, icon,
             ImVec2(min.x + pad, blockTop + (compact ? (blockH - iconSide) * 0.5f : 0.0f)),
             iconSide, toU32(held ? fg : p.accent), toU32(held ? bg : p.accent2));
    pushSurface(bg);
    float ty = blockTop + std::max(0.0f, (iconSide - titleH) * 0.5f);
    float titleW = 0;
    for (const auto& l : titleLines) {
        dl->AddText(tf, tf->FontSize, ImVec2(std::floor(titleX), std::floor(ty)), toU32(fg),
                    l.c_str());
        titleW = std::max(titleW, tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, l.c_str()).x);
        ty += tf->FontSize;
    }
    recordText(title, role, fg, ImVec2(titleX, ty - titleH), ImVec2(titleX + titleW, ty));
    ImFont* bf = font(FontRole::Body);
    if (description.empty()) {
        if (ty > max.y - pad * 0.5f) {
            m_registry.addRegion({"overflow:" + title, min, max});
        }
        popSurface();
        m_registry.add({title, "tile", min, max, fg, bg, true, false, {}, {}}, clipMin(),
                       clipMax());
        if (held) {
            requestAnimation();
        }
        return clicked;
    }
    float dy = std::max(min.y + pad + iconSide, ty) + em(0.5f);
    float dWrap = size.x - 2 * pad;
    auto descLines = wrapLines(description, bf, dWrap);
    float dStart = dy;
    for (const auto& l : descLines) {
        dl->AddText(bf, bf->FontSize, ImVec2(std::floor(min.x + pad), std::floor(dy)), toU32(fg),
                    l.c_str());
        dy += bf->FontSize;
    }
    recordText(description, FontRole::Body, fg, ImVec2(min.x + pad, dStart),
               ImVec2(min.x + pad + dWrap, dy));
    if (dy > max.y - pad * 0.5f) {
        m_registry.addRegion({"overflow:" + title, min, max});
    }
    popSurface();
    m_registry.add({title, "tile", min, max, fg, bg, true, false, {}, {}}, clipMin(), clipMax());
    if (held) {
        requestAnimation();
    }
    return clicked;
}

float Ui::qrSide(const std::string& url, float maxSide) const {
    auto it = m_qr.find(url);
    if (it == m_qr.end()) {
        return maxSide;
    }
    int minPpm = static_cast<int>(std::ceil(mm(kMinQrModuleMm)));
    int ppm = std::max(minPpm, static_cast<int>(maxSide) / it->second.modules);
    return static_cast<float>(ppm * it->second.modules);
}

float Ui::qrCode(const std::string& url, const std::string& portalId, float maxSide) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    pos = ImVec2(std::floor(pos.x), std::floor(pos.y)); // whole pixels: crisp modules
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto it = m_qr.find(url);
    if (it != m_qr.end() && it->second.texture == nullptr) {
        // no code could be made: an empty square rather than anything misleading
        dl->AddRectFilled(pos, ImVec2(pos.x + maxSide, pos.y + maxSide), IM_COL32_WHITE);
        ImGui::Dummy(ImVec2(maxSide, maxSide));
        return maxSide;
    }
    if (it == m_qr.end()) {
        if (std::find(m_qrRequests.begin(), m_qrRequests.end(), url) == m_qrRequests.end()) {
            m_qrRequests.push_back(url);
        }
        dl->AddRectFilled(pos, ImVec2(pos.x + maxSide, pos.y + maxSide), IM_COL32_WHITE);
        ImGui::Dummy(ImVec2(maxSide, maxSide));
        requestAnimation(); // the code arrives next frame
        return maxSide;
    }
    const QrTexture& q = it->second;
    int minPpm = static_cast<int>(std::ceil(mm(kMinQrModuleMm)));
    int ppm = std::max(minPpm, static_cast<int>(maxSide) / q.modules);
    float side = static_cast<float>(ppm * q.modules);
    ImVec2 end(pos.x + side, pos.y + side);
    dl->AddImage(q.texture, pos, end);
    // a thin frame so the white quiet zone reads as part of the code on a white card
    dl->AddRect(ImVec2(pos.x - 2, pos.y - 2), ImVec2(end.x + 2, end.y + 2),
                toU32(m_palette->surfaceBorder), 0, 0, 2.0f);
    ImGui::Dummy(ImVec2(side, side));
    m_registry.addQr({url, portalId, pos, end, q.modules, ppm});
    if (!portalId.empty()) {
        m_qrShown.push_back(portalId);
    }
    return side;
}

ImVec2 Ui::image(const std::string& path, ImVec2 box) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    auto it = m_images.find(path);
    if (it == m_images.end()) {
        if (std::find(m_imageRequests.begin(), m_imageRequests.end(), path) ==
            m_imageRequests.end()) {
            m_imageRequests.push_back(path);
        }
        requestAnimation();
        ImGui::Dummy(ImVec2(box.x, 1));
        return ImVec2(box.x, 1);
    }
    const auto& [tex, size] = it->second;
    if (!tex.texture || size.x <= 0 || size.y <= 0) {
        ImGui::Dummy(ImVec2(box.x, 1)); // could not be loaded: logged once, nothing drawn
        return ImVec2(box.x, 1);
    }
    float scale = std::min(box.x / size.x, box.y / size.y);
    ImVec2 drawn(std::floor(size.x * scale), std::floor(size.y * scale));
    ImGui::GetWindowDrawList()->AddImage(tex.texture, pos,
                                         ImVec2(pos.x + drawn.x, pos.y + drawn.y));
    ImGui::Dummy(drawn);
    return drawn;
}

std::vector<std::string> Ui::takeImageRequests() {
    std::vector<std::string> out;
    out.swap(m_imageRequests);
    return out;
}

std::vector<std::string> Ui::takeQrRequests() {
    std::vector<std::string> out;
    out.swap(m_qrRequests);
    return out;
}

float Ui::tileHeight(const std::string& title, const std::string& description, float width,
                     std::optional<FontRole> titleRole) const {
    const bool compact = description.empty();
    float pad = em(compact ? 0.6f : 0.8f);
    float iconSide = em(compact ? 2.2f : 3.2f);
    float titleW = width - 2 * pad - iconSide - em(0.6f);
    const FontRole role = titleRole ? *titleRole : tileTitleRole(title, width, compact);
    float titleH = measure(title, role, titleW).y;
    if (description.empty()) { // icon and title only (a grid short of room)
        return pad + std::max(iconSide, titleH) + pad;
    }
    float descH = measure(description, FontRole::Body, width - 2 * pad).y;
    return pad + std::max(iconSide, titleH) + em(0.5f) + descH + pad;
}

float Ui::scrollButtonWidth() const {
    // the arrow stands above the word, so the column keeps its width for the words
    float words = std::max(measure(m_setup.upLabel, FontRole::Body).x,
                           measure(m_setup.downLabel, FontRole::Body).x);
    return std::max(touchMin(), words + em(1.2f));
}

void Ui::beginScroll(const char* id, ImVec2 size, int contentKey) {
    ImGuiStorage* st = ImGui::GetStateStorage();
    ImGuiID sid = ImGui::GetID(id);
    bool overflow = st->GetBool(sid + 1, false);
    float arrows = overflow ? scrollButtonWidth() + gap() : 0;
    ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::BeginChild(id, ImVec2(size.x - arrows, size.y), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoNav);
    ImVec2 max(min.x + size.x - arrows, min.y + size.y);
    m_scrolls.push_back({sid, min, max, overflow});
    m_registry.enterScroll();

    // Finger scrolling and inertia; velocity lives in ImGui's per-window storage.
    ImGuiStorage* cst = ImGui::GetStateStorage();
    float vel = cst->GetFloat(sid + 2, 0.0f);
    if (cst->GetInt(sid + 3, 0) != contentKey) { // new content: back to the top
        cst->SetInt(sid + 3, contentKey);
        ImGui::SetScrollY(0.0f);
        vel = 0;
    }
    bool mine = contains(min, max, m_touch.pressStart());
    float scroll = ImGui::GetScrollY();
    float maxScroll = ImGui::GetScrollMaxY();
    if (mine && m_touch.swiping()) {
        scroll -= m_touch.swipeDelta().y;
        vel = 0;
        requestAnimation();
    }
    if (mine && m_touch.flung()) {
        vel = -m_touch.flingVelocity().y;
    }
    if (vel != 0.0f) {
        scroll += vel * dt();
        vel *= std::exp(-dt() / 0.35f);
        if (std::fabs(vel) < 20.0f || scroll <= 0 || scroll >= maxScroll) {
            vel = 0;
        }
        requestAnimation();
    }
    scroll = std::clamp(scroll, 0.0f, std::max(0.0f, maxScroll));
    if (scroll != ImGui::GetScrollY()) {
        ImGui::SetScrollY(scroll);
    }
    cst->SetFloat(sid + 2, vel);
}

void Ui::endScroll() {
    ScrollState s = m_scrolls.back();
    m_scrolls.pop_back();
    ImGuiWindow* child = ImGui::GetCurrentWindow();
    // This frame's content height (ImGui's own scroll limit lags a frame behind, and is
    // stale when a page comes back after a while).
    const float visible = s.max.y - s.min.y;
    const float content = child->DC.CursorMaxPos.y - child->DC.CursorStartPos.y;
    float maxScroll = std::max(0.0f, content - visible);
    float scroll = ImGui::GetScrollY();
    m_registry.leaveScroll();
    ImGui::EndChild();
    ImGuiStorage* st = ImGui::GetStateStorage();
    bool overflow = maxScroll > 0.5f;
    if (overflow != s.overflow) {
        st->SetBool(s.id + 1, overflow);
        requestAnimation(); // lay out again with (or without) the arrow column
    }
    if (!s.overflow) {
        return;
    }
    ImGui::SameLine(0, gap());
    ImGui::BeginGroup();
    ImGui::PushID(static_cast<int>(s.id));
    float w = scrollButtonWidth();
    float h = (visible - gap()) * 0.5f;
    const Icon upIcon = Icon::ArrowUp;
    const Icon downIcon = Icon::ArrowDown;
    bool up = button(m_setup.upLabel, ImVec2(w, h), ButtonKind::Secondary, false, "scroll", &upIcon,
                     FontRole::Body, true);
    bool down = button(m_setup.downLabel, ImVec2(w, h), ButtonKind::Secondary, false, "scroll",
                       &downIcon, FontRole::Body, true);
    ImGui::PopID();
    ImGui::EndGroup();
    if (up || down) {
        float step = visible * 0.7f;
        float target = std::clamp(scroll + (up ? -step : step), 0.0f, maxScroll);
        ImGui::SetScrollY(child, target);
        requestAnimation();
    }
}

} // namespace tramso::ui
