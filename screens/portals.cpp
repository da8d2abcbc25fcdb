// "Địa chỉ chính thức": every official address in the registry as a big row; a tap shows its
// QR code. Only addresses that passed the allowlist at load are here.
#include "screen.hpp"

namespace tramso::screens {

void portals(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##portals", c.pos, c.size);
    ui::Icon icon = ui::Icon::Portals;
    float y = header(c, c.tr("home.portals.title"), &icon);
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float innerW = c.size.x - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.text(c.tr("portals.hint"), ui::FontRole::Body, p.text, innerW);
    const auto& all = c.content.portals.all();
    if (all.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, ImGui::GetCursorScreenPos().y + gap));
        ui.text(c.tr("portals.empty"), ui::FontRole::Title, p.text, innerW);
        ui.endPanel();
        return;
    }
    float top = ImGui::GetCursorScreenPos().y + gap;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, top));
    ui.beginScroll("##portal-list", ImVec2(innerW, std::max(ui.touchMin() * 2 + gap,
                                                            c.pos.y + c.size.y - margin - top)));
    float avail = ImGui::GetContentRegionAvail().x;
    int cols = avail > ui.em(36.0f) ? 2 : 1;
    float w = (avail - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const Lang lang = c.lang();
    for (size_t i = 0; i < all.size(); ++i) {
        const Portal& portal = all[i];
        std::string desc = portal.host + "\n" + portal.description.get(lang);
        float h = ui.tileHeight(portal.title.get(lang), desc, w);
        // rows of a pair share a height so the grid stays tidy
        if (cols == 2) {
            size_t other = i % 2 == 0 ? i + 1 : i - 1;
            if (other < all.size()) {
                const Portal& o = all[other];
                h = std::max(h, ui.tileHeight(o.title.get(lang),
                                              o.host + "\n" + o.description.get(lang), w));
            }
        }
        if (i % static_cast<size_t>(cols) != 0) {
            ImGui::SameLine(0, gap);
        }
        if (ui.tile(portal.title.get(lang), desc, ui::Icon::Portals, ImVec2(w, h))) {
            c.emit(intent::Open{Route{ScreenId::Portal, 0, portal.id}});
        }
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
