// The kiosk's widget kit on top of ImGui: sizes in em and mm, big buttons that fire on
// release and are at least 15 mm, text that records itself for tests, kinetic scroll areas
// with big up/down buttons. Screens draw only through this (and the draw list for icons).
#pragma once
#include "fonts.hpp"
#include "icons.hpp"
#include "registry.hpp"
#include "theme.hpp"
#include "touch.hpp"

#include <imgui.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tramso::ui {

// Accessibility targets (docs/accessibility.md), with a margin so rounding never fails them.
constexpr float kMinTouchMm = 16.0f; // target ≥ 15 mm
constexpr float kGapMm = 4.0f;       // target ≥ 3 mm

enum class ButtonKind { Primary, Secondary };

// Turns pixels into something ImGui can draw: GL textures on screen, fakes in tests.
class TextureProvider {
  public:
    virtual ~TextureProvider() = default;
    // Uploads an RGBA image to be drawn with nearest filtering (crisp QR modules).
    virtual ImTextureID upload(const std::vector<uint8_t>& rgba, int width, int height) = 0;
};

// A QR code ready to draw: a texture at one pixel per module, quiet zone included.
struct QrTexture {
    ImTextureID texture = nullptr;
    int modules = 0; // per side, with the quiet zone
};

// Smallest module on screen: 1 mm scans from 30–50 cm.
constexpr float kMinQrModuleMm = 1.0f;

ImU32 toU32(Rgb c, float alpha = 1.0f);

class Ui {
  public:
    struct FrameSetup {
        const FontSet* fonts = nullptr;
        TextSize textSize = TextSize::Normal;
        Contrast contrast = Contrast::Normal;
        float mmPerPx = 0.25f;
        double time = 0;
        float dt = 1.0f / 60.0f;
        const char* upLabel = "Up";
        const char* downLabel = "Down";
    };

    void beginFrame(const FrameSetup& setup);

    // Sizes. em(1) is the body text height at the resident's text size.
    float em(float n) const;
    ImVec2 em(float x, float y) const { return {em(x), em(y)}; }
    float mm(float n) const { return n / m_setup.mmPerPx; }
    float touchMin() const { return mm(kMinTouchMm); }
    float gap() const { return std::max(mm(kGapMm), em(0.5f)); }
    float mmPerPx() const { return m_setup.mmPerPx; }
    double time() const { return m_setup.time; }
    float dt() const { return m_setup.dt; }

    ImFont* font(FontRole r) const { return m_setup.fonts->get(textSize(), r); }
    float fontSize(FontRole r) const { return font(r)->FontSize; }
    const Palette& palette() const { return *m_palette; }
    // What the renderer clears the frame to: the page colour, which the page's own panel then
    // need not paint. The app calls beginPageNext() just before it draws the screen.
    Rgb clearColor() const { return m_palette->background; }
    void beginPageNext() { m_pageNext = true; }
    TextSize textSize() const { return m_sizes.empty() ? m_setup.textSize : m_sizes.back(); }
    // Draw what follows at another text size (the toolbar on a screen too small for it).
    void pushTextSize(TextSize s) { m_sizes.push_back(s); }
    void popTextSize() { m_sizes.pop_back(); }
    // Steps the text size down, not below A-, while `tooBig()` says so (words that must fit
    // a short screen); returns the steps taken, for popTextSizes().
    template <typename F> int shrinkTextWhile(F&& tooBig) {
        int pushed = 0;
        while (textSize() != TextSize::Small && tooBig()) {
            pushTextSize(static_cast<TextSize>(static_cast<int>(textSize()) - 1));
            ++pushed;
        }
        return pushed;
    }
    void popTextSizes(int n) {
        for (int i = 0; i < n; ++i) {
            popTextSize();
        }
    }

    Registry& registry() { return m_registry; }
    const Registry& registry() const { return m_registry; }
    TouchAdapter& touch() { return m_touch; }
    const TouchAdapter& touch() const { return m_touch; }

    // The colour behind what is drawn next (for contrast records).
    void pushSurface(Rgb bg) { m_surfaces.push_back(bg); }
    void popSurface() { m_surfaces.pop_back(); }
    Rgb surface() const { return m_surfaces.empty() ? m_palette->background : m_surfaces.back(); }

    // A rounded card on [min, max]: filled with `fill`, outlined in `border` (`thickness` px).
    // What is drawn until endCard() stands on `fill` (for contrast records).
    void beginCard(ImVec2 min, ImVec2 max, Rgb fill, Rgb border, float rounding, float thickness);
    void endCard() { popSurface(); }

    // A full-screen-area window without decorations, filled with `bg`.
    void beginPanel(const char* id, ImVec2 pos, ImVec2 size, Rgb bg);
    // A screen's page: a panel in the page colour. Returns the palette to draw it with.
    const Palette& beginPage(const char* id, ImVec2 pos, ImVec2 size) {
        beginPanel(id, pos, size, palette().background);
        return palette();
    }
    void endPanel();

    // Natural size of a button with this label: padded text, never under touchMin().
    ImVec2 buttonSize(const std::string& label, FontRole role = FontRole::Body,
                      float iconEm = 0) const;
    // A button at the cursor. Fires on release; shows the pressed colours while held.
    bool button(const std::string& label, ImVec2 size, ButtonKind kind = ButtonKind::Primary,
                bool selected = false, const char* role = "button", const Icon* icon = nullptr,
                FontRole fontRole = FontRole::Body, bool iconAbove = false);
    // A row of buttons pinned to the bottom of the area [pos, pos + size], from the right, the
    // last one primary, each at least `minWidthEm` wide and all as tall as the tallest.
    // `top` gets the row's top (a gap above the buttons); returns the one pressed, or -1.
    int buttonStrip(ImVec2 pos, ImVec2 size, const std::vector<std::string>& labels,
                    float minWidthEm, float& top);
    // The same for {label, action} pairs: the action of the button pressed, or nullptr.
    template <typename Action>
    const Action* buttonStrip(ImVec2 pos, ImVec2 size,
                              const std::vector<std::pair<std::string, Action>>& actions,
                              float minWidthEm, float& top) {
        std::vector<std::string> labels;
        for (const auto& a : actions) {
            labels.push_back(a.first);
        }
        const int i = buttonStrip(pos, size, labels, minWidthEm, top);
        return i < 0 ? nullptr : &actions[static_cast<size_t>(i)].second;
    }
    // A hidden press-and-hold area (the staff gesture): true once when a finger that went
    // down inside it has stayed, without swiping, for `seconds`. Nothing is drawn.
    bool holdArea(const std::string& label, ImVec2 min, ImVec2 max, double seconds);
    // A large tile: icon, title and a wrapped description.
    // A grid passes one title size for all its tiles (see tileTitleRole), so they match.
    bool tile(const std::string& title, const std::string& description, Icon icon, ImVec2 size,
              std::optional<FontRole> titleRole = std::nullopt);

    // Text at the cursor; wraps at `wrap` px (0: no wrap); centred in `wrap` when asked.
    void text(const std::string& s, FontRole role, Rgb color, float wrap = 0, bool center = false);
    // Text drawn at an absolute position (no layout), recorded like text().
    void textAt(const std::string& s, FontRole role, Rgb color, ImVec2 pos);
    ImVec2 measure(const std::string& s, FontRole role, float wrap = 0) const;

    // A kinetic scroll area; with content taller than it, big up/down buttons appear at its
    // right. Draw the content between begin and end.
    // `contentKey` names what is shown: when it changes (a new step) the area starts at the top.
    void beginScroll(const char* id, ImVec2 size, int contentKey = 0);
    void endScroll();
    // A page's body under its header: a scroll area from `top` to the bottom of the area
    // [pos, pos + size], inside a margin of two gaps. Returns the width its content has;
    // endScroll() ends it.
    float beginPageScroll(const char* id, ImVec2 pos, ImVec2 size, float top);
    // Ends such a page (and its panel) with only `message`, a title `w` wide: what a page
    // shows when what it is about is not there.
    void endPageWith(const std::string& message, float w) {
        text(message, FontRole::Title, palette().text, w);
        endScroll();
        endPanel();
    }

    // A QR code for `url`, as large as fits in `maxSide` px with a whole number of pixels per
    // module (at least 1 mm). Until its texture exists a white square stands in and the code
    // is requested; returns the side drawn.
    float qrCode(const std::string& url, const std::string& portalId, float maxSide);
    // Side a code for `url` will take in `maxSide` px (once known; else maxSide).
    float qrSide(const std::string& url, float maxSide) const;
    std::vector<std::string> takeQrRequests();
    const std::vector<std::string>& qrShownThisFrame() const { return m_qrShown; }
    void addQrTexture(const std::string& url, QrTexture t) { m_qr[url] = t; }

    // A picture from assets/images, fitted into `box` (aspect kept). Requested like QR codes.
    ImVec2 image(const std::string& path, ImVec2 box);
    std::vector<std::string> takeImageRequests();
    void addImage(const std::string& path, QrTexture t, ImVec2 size) { m_images[path] = {t, size}; }

    // Something is moving: keep rendering at full rate.
    void requestAnimation() { m_animating = true; }
    bool animating() const { return m_animating; }
    // A gentle animation that needs only `fps` frames a second.
    void requestTick(double fps) { m_tickFps = std::max(m_tickFps, fps); }
    double tickFps() const { return m_tickFps; }
    // Height a tile needs to show its title and description at `width`.
    float tileHeight(const std::string& title, const std::string& description, float width,
                     std::optional<FontRole> titleRole = std::nullopt) const;
    // The title size a tile `tileWidth` wide gives `title`: the title size, or the body size
    // for a compact tile (no description) whose title would take more than two lines.
    FontRole tileTitleRole(const std::string& title, float tileWidth, bool compact) const;
    // One title size for a grid of tiles: the body size as soon as one title needs it.
    FontRole tileTitleRole(const std::vector<std::string>& titles, float tileWidth,
                           bool compact) const;

  private:
    struct ScrollState {
        unsigned id;
        ImVec2 min, max;
        bool overflow;
    };
    float scrollButtonWidth() const;
    std::vector<std::string> wrapLines(const std::string& s, ImFont* f, float wrap) const;
    void recordText(const std::string& s, FontRole role, Rgb color, ImVec2 min, ImVec2 max);

    FrameSetup m_setup;
    const Palette* m_palette = &ui::palette(Contrast::Normal);
    Registry m_registry;
    TouchAdapter m_touch;
    std::vector<Rgb> m_surfaces;
    std::vector<TextSize> m_sizes;
    std::vector<ScrollState> m_scrolls;
    std::map<std::string, QrTexture> m_qr;
    std::vector<std::string> m_qrRequests;
    std::vector<std::string> m_qrShown;
    bool m_pageNext = false; // the next panel begun is the page itself (see beginPageNext)
    std::map<std::string, std::pair<QrTexture, ImVec2>> m_images;
    std::vector<std::string> m_imageRequests;
    bool m_animating = false;
    bool m_holdFired = false;
    double m_tickFps = 0;
};

} // namespace tramso::ui
