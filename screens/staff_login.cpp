// The staff keypad: six dots, big digit keys (no system keyboard), what went wrong in plain
// words, and the lock countdown. The typed digits live only in the kiosk's memory. The keys
// shrink (never under 15 mm) to keep the whole keypad in view on a short screen.
#include "screen.hpp"

#include "kiosk/core/staff/pin.hpp"

#include <cstdio>

namespace tramso::screens {
namespace {

std::string minutesSeconds(int64_t seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return buf;
}

// Height of everything above and around the keys (the message counted as two lines).
float keypadWords(Context& c) {
    ui::Ui& ui = c.ui;
    const float w = std::min(c.size.x - ui.gap() * 4, ui.em(24.0f));
    return ui.measure(c.tr("login.title"), ui::FontRole::Title, w).y +
           ui.measure(c.tr("login.hint"), ui::FontRole::Body, w).y + ui.em(1.1f) +
           ui.fontSize(ui::FontRole::Body) * 2 + ui.gap() * 13;
}

void keypadPage(Context& c);

} // namespace

// The keys are as big as the screen's height allows (never under the touch size), so the
// whole keypad is always in view: it never scrolls. On a short screen at big text the words
// take a smaller size first.
void staffLogin(Context& c) {
    ui::Ui& ui = c.ui;
    const int pushed =
        ui.shrinkTextWhile([&] { return keypadWords(c) + 4 * ui.touchMin() > c.size.y; });
    keypadPage(c);
    ui.popTextSizes(pushed);
}

namespace {

void keypadPage(Context& c) {
    ui::Ui& ui = c.ui;
    const Kiosk& k = c.kiosk;
    const ui::Palette& p = ui.beginPage("##login", c.pos, c.size);
    const float gap = ui.gap();
    const float fit = (c.size.y - keypadWords(c)) / 4.0f;
    const float keyWanted =
        std::max(ui.touchMin(), std::min(std::max(ui.mm(20.0f), ui.em(3.2f)), fit));
    const float colW =
        std::min(c.size.x - gap * 4, std::max(keyWanted * 3 + gap * 2, ui.em(24.0f)));
    const float x = c.pos.x + (c.size.x - colW) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, c.pos.y + gap * 2));
    ImGui::BeginGroup();
    const float w = colW;
    const float x0 = x;
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
        ImGui::EndGroup();
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
        // all six filled while the PIN typed is being checked
        if (i < k.pinLength() || notice == LoginNotice::Checking) {
            dl->AddCircleFilled(centre, dot * 0.5f, ui::toU32(p.text), 24);
        } else {
            dl->AddCircle(centre, dot * 0.5f - 1, ui::toU32(p.text), 24,
                          std::max(2.0f, ui.mm(0.5f)));
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, d0.y + dot + gap));

    const bool locked = notice == LoginNotice::Locked;
    const bool checking = notice == LoginNotice::Checking;
    std::string message;
    if (checking) {
        message = c.tr("login.checking");
    } else if (notice == LoginNotice::Wrong) {
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

    float ky = ImGui::GetCursorScreenPos().y;
    // what is left of the height decides the keys' final size
    const float keyFits = (c.pos.y + c.size.y - gap * 2 - ky - gap * 3) / 4.0f;
    const float key = std::max(ui.touchMin(), std::min(keyWanted, keyFits));
    // keys as wide as "Cancel" and "Erase" need (square when they fit)
    const float keyW = std::min(
        (w - gap * 2) / 3.0f,
        std::max({key, ui.measure(c.tr("login.cancel"), ui::FontRole::Body).x + ui.em(1.4f),
                  ui.measure(c.tr("login.erase"), ui::FontRole::Body).x + ui.em(1.4f)}));
    const float kx = x0 + (w - (keyW * 3 + gap * 2)) * 0.5f;
    const std::string keys[12] = {"1", "2",
                                  "3", "4",
                                  "5", "6",
                                  "7", "8",
                                  "9", c.tr("login.cancel"),
                                  "0", c.tr("login.erase")};
    // digits as big as the key holds
    const ui::FontRole digitRole =
        ui.fontSize(ui::FontRole::Huge) <= key * 0.75f ? ui::FontRole::Huge : ui::FontRole::Title;
    for (int i = 0; i < 12; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(kx + static_cast<float>(i % 3) * (keyW + gap),
                                         ky + static_cast<float>(i / 3) * (key + gap)));
        const bool digit = i != 9 && i != 11;
        if (digit && (locked || checking)) {
            // locked keys are drawn but do nothing: the countdown (or "checking") says why
            ui.button(keys[i], ImVec2(keyW, key), ui::ButtonKind::Secondary, false, "button",
                      nullptr, digitRole);
            continue;
        }
        if (ui.button(keys[i], ImVec2(keyW, key),
                      digit ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary, false, "button",
                      nullptr, digit ? digitRole : ui::FontRole::Body)) {
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
    ImGui::EndGroup();
    if (locked) {
        ui.requestTick(1.0); // the countdown
    } // while checking, the check wakes the loop when its result is in (StaffSession)
    ui.endPanel();
}

} // namespace
} // namespace tramso::screens
