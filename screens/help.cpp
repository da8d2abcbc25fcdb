// "Gọi tổ công nghệ số": the kiosk plays a chime in the hall (the app does, when the intent is
// applied) — that is all it can do, so the screen says exactly that: the chime has sounded;
// if a team member is in the building they will come; if nobody comes, call this number or
// scan this code (the team's phone and Zalo group from the config). With neither configured it
// tells the resident where to ask in the building instead of promising a visit. Big words,
// Back pinned at the bottom; the words scroll on a short screen, the QR code never does
// beside them on a wide one.
#include "screen.hpp"

namespace tramso::screens {

void help(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##help", c.pos, c.size);
    const Config& cfg = c.kiosk.config();
    const bool phone = !cfg.teamPhone.empty();
    const bool zalo = !cfg.teamZalo.empty();
    const std::string reach = c.tr(phone && zalo ? "help.reach_both"
                                   : phone       ? "help.reach_phone"
                                   : zalo        ? "help.reach_zalo"
                                                 : "help.ask");
    const float gap = ui.gap();
    const float margin = gap * 2;

    // Back is pinned at the bottom.
    ImVec2 bsize = ui.buttonSize(c.tr("common.back"), ui::FontRole::Title);
    bsize.x = std::max(bsize.x, ui.em(10.0f));
    const float by = c.pos.y + c.size.y - gap * 2 - bsize.y;
    const float areaTop = c.pos.y + gap;
    const float areaH = by - gap - areaTop;
    const float areaW = c.size.x - 2 * margin;

    // The Zalo code: beside the words when the screen is wide enough, else under them.
    float qrMax = 0, qr = 0;
    if (zalo) {
        qrMax = std::clamp(std::min(areaH - gap, areaW * 0.4f), ui.mm(40.0f), ui.mm(80.0f));
        qr = ui.qrSide(cfg.teamZalo, qrMax);
    }
    const bool twoColumns = zalo && areaW - qr - margin >= ui.em(16.0f);
    const float wrap =
        twoColumns ? std::min(areaW - qr - margin, ui.em(30.0f)) : std::min(areaW, ui.em(34.0f));
    const float blockW = twoColumns ? wrap + margin + qr : wrap;
    const float left = c.pos.x + (c.size.x - blockW) * 0.5f;

    const float words = ui.measure(c.tr("help.title"), ui::FontRole::Title, wrap).y +
                        ui.measure(c.tr("help.body"), ui::FontRole::Title, wrap).y +
                        ui.measure(reach, ui::FontRole::Title, wrap).y +
                        (phone ? ui.measure(cfg.teamPhone, ui::FontRole::Title, wrap).y : 0.0f) +
                        ui.measure(c.tr("help.note"), ui::FontRole::Body, wrap).y + gap * 4;
    const float below = zalo && !twoColumns ? qr + gap : 0.0f; // the code under the words
    // the picture only when nothing else needs the room
    float side = zalo ? 0.0f : std::min({c.size.y * 0.25f, ui.em(6.0f), areaH - words - gap});
    if (side < ui.em(2.0f)) {
        side = 0;
    }
    const float content =
        std::max(twoColumns ? qr : 0.0f, words + below) + (side > 0 ? side + gap : 0);
    float y = areaTop + std::max(0.0f, (areaH - content) * 0.5f);
    if (side > 0) {
        ui::drawIcon(ImGui::GetWindowDrawList(), ui::Icon::Help,
                     ImVec2(c.pos.x + (c.size.x - side) * 0.5f, y), side, ui::toU32(p.accent),
                     ui::toU32(p.accent2));
        y += side + gap;
    }
    const float wordsH = std::max(ui.touchMin() * 2 + gap, std::min(words + below, by - gap - y));
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ui.beginScroll("##helpwords", ImVec2(wrap, wordsH));
    const float w = ImGui::GetContentRegionAvail().x;
    ui.text(c.tr("help.title"), ui::FontRole::Title, p.text, w, true);
    ui.text(c.tr("help.body"), ui::FontRole::Title, p.text, w, true);
    ImGui::Dummy(ImVec2(0, gap));
    ui.text(reach, ui::FontRole::Title, p.text, w, true);
    if (phone) {
        ui.text(cfg.teamPhone, ui::FontRole::Title, p.text, w, true);
    }
    if (zalo && !twoColumns) {
        const float x0 = ImGui::GetCursorScreenPos().x;
        ImGui::SetCursorScreenPos(
            ImVec2(x0 + std::max(0.0f, (w - qr) * 0.5f), ImGui::GetCursorScreenPos().y + gap));
        ui.qrCode(cfg.teamZalo, {}, qrMax); // no portal id: not an official address's count
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
    }
    ImGui::Dummy(ImVec2(0, gap));
    ui.text(c.tr("help.note"), ui::FontRole::Body, p.text, w, true);
    ui.endScroll();
    if (twoColumns) {
        ImGui::SetCursorScreenPos(
            ImVec2(left + wrap + margin, y + std::max(0.0f, (wordsH - qr) * 0.5f)));
        ui.qrCode(cfg.teamZalo, {}, qrMax);
    }
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + (c.size.x - bsize.x) * 0.5f, by));
    if (ui.button(c.tr("common.back"), bsize, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::Back{});
    }
    ui.endPanel();
}

} // namespace tramso::screens
