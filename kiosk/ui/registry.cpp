// Lookup and JSON output (nlohmann-json) of what is on screen.
#include "registry.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace tramso::ui {

void Registry::add(TappableItem item, ImVec2 clipMin, ImVec2 clipMax) {
    item.visMin = ImVec2(std::max(item.min.x, clipMin.x), std::max(item.min.y, clipMin.y));
    item.visMax = ImVec2(std::min(item.max.x, clipMax.x), std::min(item.max.y, clipMax.y));
    if (item.visMax.x < item.visMin.x || item.visMax.y < item.visMin.y) {
        item.visMax = item.visMin;
    }
    if (m_modal) {
        const auto& [mmin, mmax] = *m_modal;
        if (item.visMin.x < mmax.x && item.visMax.x > mmin.x && item.visMin.y < mmax.y &&
            item.visMax.y > mmin.y) {
            item.visMax = item.visMin; // under the panel: neither seen nor tapped
        }
    }
    item.inScroll = m_scrollDepth > 0;
    m_items.push_back(std::move(item));
}

const Region* Registry::region(const std::string& name) const {
    for (const auto& r : m_regions) {
        if (r.name == name) {
            return &r;
        }
    }
    return nullptr;
}

const TappableItem* Registry::find(const std::string& label) const {
    for (const auto& it : m_items) {
        if (it.label == label && it.enabled && it.visible()) {
            return &it;
        }
    }
    return nullptr;
}

bool Registry::showsText(const std::string& text) const {
    for (const auto& t : m_texts) {
        if (t.text.find(text) != std::string::npos) {
            return true;
        }
    }
    for (const auto& it : m_items) {
        if (it.label.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::string Registry::toJson(const std::string& screen, const std::string& overlay, float mmPerPx,
                             const std::string& lang, const std::string& textSize,
                             const std::string& contrast, float bodyCapMm) const {
    auto r2 = [](double v) { return std::round(v * 100.0) / 100.0; };
    // `o` with the place of the box [min, max] on the screen: x, y, w, h in pixels
    auto placed = [&](nlohmann::json o, ImVec2 min, ImVec2 max) {
        o["x"] = r2(min.x);
        o["y"] = r2(min.y);
        o["w"] = r2(max.x - min.x);
        o["h"] = r2(max.y - min.y);
        return o;
    };
    nlohmann::json j;
    j["screen"] = screen;
    j["overlay"] = overlay;
    j["mm_per_px"] = mmPerPx;
    j["language"] = lang;
    j["text_size"] = textSize;
    j["contrast"] = contrast;
    j["body_cap_height_mm"] = r2(bodyCapMm);
    j["items"] = nlohmann::json::array();
    for (const auto& it : m_items) {
        float w = it.max.x - it.min.x;
        float h = it.max.y - it.min.y;
        j["items"].push_back(placed({{"label", it.label},
                                     {"role", it.role},
                                     {"w_mm", r2(w * mmPerPx)},
                                     {"h_mm", r2(h * mmPerPx)},
                                     {"fg", toHex(it.fg)},
                                     {"bg", toHex(it.bg)},
                                     {"enabled", it.enabled},
                                     {"visible", it.visible()},
                                     {"in_scroll", it.inScroll},
                                     {"selected", it.selected}},
                                    it.min, it.max));
    }
    j["texts"] = nlohmann::json::array();
    for (const auto& t : m_texts) {
        j["texts"].push_back(placed({{"text", t.text},
                                     {"font", t.font},
                                     {"cap_height_mm", r2(t.capHeightPx * mmPerPx)},
                                     {"fg", toHex(t.fg)},
                                     {"bg", toHex(t.bg)}},
                                    t.min, t.max));
    }
    j["regions"] = nlohmann::json::array();
    for (const auto& r : m_regions) {
        j["regions"].push_back(placed({{"name", r.name}}, r.min, r.max));
    }
    j["qr_codes"] = nlohmann::json::array();
    for (const auto& q : m_qr) {
        j["qr_codes"].push_back({{"url", q.url},
                                 {"portal", q.portalId},
                                 {"x", r2(q.min.x)},
                                 {"y", r2(q.min.y)},
                                 {"side", r2(q.max.x - q.min.x)},
                                 {"modules", q.modules},
                                 {"px_per_module", q.pxPerModule},
                                 {"module_mm", r2(q.pxPerModule * mmPerPx)}});
    }
    return j.dump(2);
}

} // namespace tramso::ui
