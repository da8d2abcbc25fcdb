// What is on screen this frame, as data: every tappable item (label, rect, colours) and every
// piece of text. Scripts tap by label, `expect` reads the texts, and `--dump-ui` writes both
// so tests can measure sizes in mm and contrast without reading pixels.
#pragma once
#include "kiosk/core/base/color.hpp"

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

namespace tramso::ui {

struct TappableItem {
    std::string label;
    std::string role; // button, tile, toggle, scroll
    ImVec2 min, max;
    Rgb fg, bg;
    bool enabled = true;
    bool selected = false;
    ImVec2 visMin{}, visMax{}; // the part not scrolled out of view
    bool inScroll = false;     // drawn inside a scroll area (may be partly scrolled away)
    bool visible() const { return visMax.x - visMin.x >= 1 && visMax.y - visMin.y >= 1; }
    ImVec2 tapPoint() const { return {(visMin.x + visMax.x) * 0.5f, (visMin.y + visMax.y) * 0.5f}; }
};

struct TextItem {
    std::string text;
    ImVec2 min, max;
    Rgb fg, bg;
    float capHeightPx = 0;
    std::string font; // body, title, huge
};

// A named part of the layout (the toolbar band, a lesson's actions, its phone), so tests
// can check that it is on screen as a whole.
struct Region {
    std::string name;
    ImVec2 min, max;
};

struct QrItem {
    std::string url;
    std::string portalId;
    ImVec2 min, max; // including the quiet zone
    int modules = 0; // per side, with the quiet zone
    int pxPerModule = 0;
};

class Registry {
  public:
    void clear() {
        m_items.clear();
        m_texts.clear();
        m_qr.clear();
        m_regions.clear();
        m_scrollDepth = 0;
        m_modal.reset();
    }
    void addRegion(Region r) { m_regions.push_back(std::move(r)); }
    const std::vector<Region>& regions() const { return m_regions; }
    const Region* region(const std::string& name) const;
    // Items added between these lie in a scroll area.
    void enterScroll() { ++m_scrollDepth; }
    void leaveScroll() { --m_scrollDepth; }
    // A panel that covers [min, max] for the rest of the frame (drawn before the page):
    // items drawn later, under it, in that rectangle can be neither seen nor tapped.
    void setModal(ImVec2 min, ImVec2 max) { m_modal = std::make_pair(min, max); }
    void addQr(QrItem q) { m_qr.push_back(std::move(q)); }
    const std::vector<QrItem>& qrCodes() const { return m_qr; }
    // A modal layer hides what is under it from taps.
    void clearItems() { m_items.clear(); }
    // Records an item; `clipMin`/`clipMax` bound what can be seen of it.
    void add(TappableItem item, ImVec2 clipMin, ImVec2 clipMax);
    void addText(TextItem t) { m_texts.push_back(std::move(t)); }
    const std::vector<TappableItem>& items() const { return m_items; }
    const std::vector<TextItem>& texts() const { return m_texts; }
    const TappableItem* find(const std::string& label) const;
    bool showsText(const std::string& text) const;

    // The JSON document of `--dump-ui`.
    std::string toJson(const std::string& screen, const std::string& overlay, float mmPerPx,
                       const std::string& lang, const std::string& textSize,
                       const std::string& contrast, float bodyCapMm) const;

  private:
    std::vector<TappableItem> m_items;
    std::vector<TextItem> m_texts;
    std::vector<QrItem> m_qr;
    std::vector<Region> m_regions;
    int m_scrollDepth = 0;
    std::optional<std::pair<ImVec2, ImVec2>> m_modal;
};

} // namespace tramso::ui
