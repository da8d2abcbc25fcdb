// One official address as a big QR code for the resident's own phone, with the address in
// large letters under it (so they can check it on the phone) and three pictured steps.
#include "screen.hpp"

namespace tramso::screens {

void portal(Context& c) {
    ui::Ui& ui = c.ui;
    const Portal* portal = c.content.portals.find(c.kiosk.route().id);
    const ui::Palette& p = ui.beginPage("##portal", c.pos, c.size);
    ui::Icon icon = ui::Icon::Portals;
    const Lang lang = c.lang();
    float y = header(c, portal ? portal->title.get(lang) : c.tr("home.portals.title"), &icon);
    const float gap = ui.gap();
    const float margin = gap * 2;
    if (!portal) {
        ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
        ui.text(c.tr("portal.missing"), ui::FontRole::Title, p.text, c.size.x - 2 * margin);
        ui.endPanel();
        return;
    }

    // Wide screens: the code and its address on the left, what it is and how to open it on
    // the right. Narrow screens (or big text): one column. Either way it scrolls if needed.
    const float top = y;
    const float areaH = std::max(ui.touchMin() * 2 + gap, c.pos.y + c.size.y - margin - top);
    const float areaW = c.size.x - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, top));
    ui.beginScroll("##portal-page", ImVec2(areaW, areaH));
    const float innerW = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool hasPath = portal->url.size() > 8 + portal->host.size();
    // Height of the address block under the code when it is `w` wide.
    auto addressHeight = [&](float w) {
        return gap + ui.measure(c.tr("portal.address"), ui::FontRole::Body, w).y +
               ui.measure(portal->host, ui::FontRole::Title, w).y +
               (hasPath ? ui.measure(portal->url, ui::FontRole::Body, w).y : 0.0f);
    };
    const float colW = std::max(innerW * 0.4f, ui.em(14.0f));
    // ImGui adds one item spacing after the last line: keep it inside the page
    float qrMax = std::clamp(areaH - addressHeight(colW) - gap * 3, ui.mm(55.0f), innerW * 0.4f);
    const bool twoColumns = innerW - std::max(qrMax, ui.em(14.0f)) - margin * 2 >= ui.em(16.0f);
    if (!twoColumns) {
        qrMax = std::clamp(areaH - addressHeight(innerW) - gap * 3, ui.mm(55.0f), innerW);
    }
    const float side = ui.qrSide(portal->url, qrMax);
    const float leftW = twoColumns ? std::max(side, ui.em(14.0f)) : innerW;
    const float leftX = origin.x;
    ImGui::SetCursorScreenPos(ImVec2(leftX + (leftW - side) * 0.5f, origin.y));
    ui.qrCode(portal->url, portal->id, qrMax);
    ImGui::SetCursorScreenPos(ImVec2(leftX, ImGui::GetCursorScreenPos().y + gap));
    ui.text(c.tr("portal.address"), ui::FontRole::Body, p.text, leftW, true);
    ImGui::SetCursorScreenPos(ImVec2(leftX, ImGui::GetCursorScreenPos().y));
    ui.text(portal->host, ui::FontRole::Title, p.text, leftW, true);
    if (hasPath) { // show the whole address, so it can be compared with the phone's
        ImGui::SetCursorScreenPos(ImVec2(leftX, ImGui::GetCursorScreenPos().y));
        ui.text(portal->url, ui::FontRole::Body, p.text, leftW, true);
    }

    const float rightX = twoColumns ? leftX + leftW + margin * 2 : leftX;
    const float rightW = twoColumns ? origin.x + innerW - rightX : innerW;
    ImGui::SetCursorScreenPos(
        ImVec2(rightX, twoColumns ? origin.y : ImGui::GetCursorScreenPos().y + gap * 2));
    ui.text(portal->description.get(lang), ui::FontRole::Body, p.text, rightW);
    ImGui::SetCursorScreenPos(ImVec2(rightX, ImGui::GetCursorScreenPos().y + gap));
    ui.text(c.tr("portal.how"), ui::FontRole::Title, p.text, rightW);
    const ui::Icon steps[] = {ui::Icon::PhoneCamera, ui::Icon::ScanQr, ui::Icon::TapLink};
    const char* keys[] = {"portal.step1", "portal.step2", "portal.step3"};
    const float pic = ui.em(3.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 3; ++i) {
        float sy = ImGui::GetCursorScreenPos().y + gap * 0.5f;
        // number badge, picture, words
        ImVec2 badge(rightX + ui.em(0.8f), sy + pic * 0.5f);
        dl->AddCircleFilled(badge, ui.em(0.8f), ui::toU32(p.primary));
        std::string num = std::to_string(i + 1);
        ImVec2 ns = ui.measure(num, ui::FontRole::Body);
        ui.pushSurface(p.primary);
        ui.textAt(num, ui::FontRole::Body, p.primaryText,
                  ImVec2(badge.x - ns.x * 0.5f, badge.y - ns.y * 0.5f));
        ui.popSurface();
        ui::drawIcon(dl, steps[i], ImVec2(rightX + ui.em(2.0f), sy), pic, ui::toU32(p.accent),
                     ui::toU32(p.accent2));
        float tx = rightX + ui.em(2.0f) + pic + gap;
        float tw = rightX + rightW - tx;
        float th = ui.measure(c.tr(keys[i]), ui::FontRole::Body, tw).y;
        ImGui::SetCursorScreenPos(ImVec2(tx, sy + std::max(0.0f, (pic - th) * 0.5f)));
        ui.text(c.tr(keys[i]), ui::FontRole::Body, p.text, tw);
        ImGui::SetCursorScreenPos(
            ImVec2(rightX, std::max(ImGui::GetCursorScreenPos().y, sy + pic)));
    }
    ImVec2 bsize = ui.buttonSize(c.tr("portal.done"), ui::FontRole::Title);
    bsize.x = std::min(std::max(bsize.x, ui.em(10.0f)), rightW);
    ImGui::SetCursorScreenPos(ImVec2(rightX, ImGui::GetCursorScreenPos().y + gap * 2));
    if (ui.button(c.tr("portal.done"), bsize, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::Back{});
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
