// The staff keypad: six dots, big digit keys (no system keyboard), what went wrong in plain
// words, and the lock countdown. The typed digits live only in the kiosk's memory.
#include "screen.hpp"

#include "../kiosk/core/pin.hpp"

#include <cstdio>

namespace tramso::screens {
namespace {

std::string minutesSeconds(int64_t seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return buf;
}

} // namespace

void staffLogin(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const Kiosk& k = c.kiosk;
    ui.beginPanel("##login", c.pos, c.size, p.background);
    const float gap = ui.gap();
    const float key = std::max(ui.mm(20.0f), ui.em(3.2f));
    const float colW = std::min(c.size.x - gap * 4, std::max(key * 3 + gap * 2, ui.em(24.0f)));
    const float x = c.pos.x + (c.size.x - colW) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, c.pos.y + gap * 2));
    ui.beginScroll("##loginpage", ImVec2(colW, c.size.y - gap * 4));
    const float w = ImGui::GetContentRegionAvail().x;
    const float x0 = ImGui::GetCursorScreenPos().x;
    ui.text(c.tr("login.title"), ui::FontRole::Title, p.text, w, true);

    const LoginNotice notice = k.loginNotice();
    if (notice == LoginNotice::NoStaff || notice == LoginNotice::Unavailable) {
        ui.text(c.tr(notice == LoginNotice::NoStaff ? "login.no_staff" : "login.unavailable"),
                ui::FontRole::Body, p.text, w);
        if (notice == LoginNotice::NoStaff) {
            ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));
            ui.text("sudo tramso staff add --role technician", ui::FontRole::Title, p.text, w);
        }
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));
        if (ui.button(c.tr("login.cancel"), ImVec2(w, ui.buttonSize(c.tr("login.cancel")).y),
                      ui::ButtonKind::Primary)) {
            c.emit(intent::Back{});
        }
        ui.endScroll();
        ui.endPanel();
        return;
    }
    ui.text(c.tr("login.hint"), ui::FontRole::Body, p.text, w, true);

    // Six dots: filled for each digit typed.
    const float dot = ui.em(1.1f);
    const float dotsW = dot * 6 + gap * 5;
    ImVec2 d0(x0 + (w - dotsW) * 0.5f, ImGui::GetCursorScreenPos().y + gap);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < kPinLength; ++i) {
        ImVec2 centre(d0.x + dot * 0.5f + static_cast<float>(i) * (dot + gap), d0.y + dot * 0.5f);
        if (i < k.pinLength()) {
            dl->AddCircleFilled(centre, dot * 0.5f, ui::toU32(p.text), 24);
        } else {
            dl->AddCircle(centre, dot * 0.5f - 1, ui::toU32(p.text), 24,
                          std::max(2.0f, ui.mm(0.5f)));
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, d0.y + dot + gap));

    const bool locked = notice == LoginNotice::Locked;
    std::string message;
    if (notice == LoginNotice::Wrong) {
        message = fill(c.tr("login.wrong"), "n", std::to_string(k.triesLeft()));
    } else if (locked) {
        message = fill(c.tr("login.locked"), "t",
                       minutesSeconds(std::max<int64_t>(0, k.lockedUntil() - k.wallNow())));
    } else if (notice == LoginNotice::NeedsTechnician) {
        message = c.tr("staff.needs_technician");
    }
    // the line is kept even when empty so the keys never jump
    ui.text(message.empty() ? " " : message, ui::FontRole::Body, p.text, w, true);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));

    const float kx = x0 + (w - (key * 3 + gap * 2)) * 0.5f;
    float ky = ImGui::GetCursorScreenPos().y;
    const std::string keys[12] = {"1", "2",
                                  "3", "4",
                                  "5", "6",
                                  "7", "8",
                                  "9", c.tr("login.cancel"),
                                  "0", c.tr("login.erase")};
    for (int i = 0; i < 12; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(kx + static_cast<float>(i % 3) * (key + gap),
                                         ky + static_cast<float>(i / 3) * (key + gap)));
        const bool digit = i != 9 && i != 11;
        if (digit && locked) {
            // locked keys are drawn but do nothing: the countdown says why
            ui.button(keys[i], ImVec2(key, key), ui::ButtonKind::Secondary, false, "button",
                      nullptr, ui::FontRole::Huge);
            continue;
        }
        if (ui.button(keys[i], ImVec2(key, key),
                      digit ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary, false, "button",
                      nullptr, digit ? ui::FontRole::Huge : ui::FontRole::Body)) {
            if (i == 9) {
                c.emit(intent::Back{});
            } else if (i == 11) {
                c.emit(intent::PinErase{});
            } else {
                c.emit(intent::PinDigit{keys[i][0]});
            }
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ky + key * 4 + gap * 3));
    ImGui::Dummy(ImVec2(w, 0));
    ui.endScroll();
    if (locked) {
        ui.requestTick(1.0); // the countdown
    }
    ui.endPanel();
}

} // namespace tramso::screens
