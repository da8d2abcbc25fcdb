// The technician's settings form. Text goes in with a plugged-in keyboard (ImGui's text
// field); numbers also have big −/+ steps and the team's phone number a digit keypad, so a
// finger alone can change them (the team's Zalo link can only be cleared here). Every field is
// checked on Save with the rules the config file is read with; nothing is saved unless all
// are right.
#include "screen.hpp"

#include <charconv>

namespace tramso::screens {
namespace {

using intent::SettingField;

// A text field; the form's value lives in the kiosk, ImGui edits a copy and each change is
// sent back as an intent.
void field(Context& c, const char* id, const std::string& label, const std::string& value,
           SettingField f, float w, ImGuiInputTextFlags flags = 0) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    ImGui::PushStyleVar(
        ImGuiStyleVar_FramePadding,
        ImVec2(ui.em(0.5f), std::max(ui.em(0.3f), (ui.touchMin() - ui.em(1.0f)) * 0.5f)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(2.0f, ui.mm(0.5f)));
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ui::toU32(p.surface));
    ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, ui::toU32(p.surface));
    ImGui::PushStyleColor(ImGuiCol_FrameBgActive, ui::toU32(p.surface));
    ImGui::PushStyleColor(ImGuiCol_Border, ui::toU32(p.surfaceBorder));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::toU32(p.surfaceText));
    ImGui::SetNextItemWidth(w);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    if (ImGui::InputText(id, buf, sizeof buf, flags | ImGuiInputTextFlags_AutoSelectAll)) {
        c.emit(intent::EditSetting{f, buf});
    }
    const ImVec2 max = ImGui::GetItemRectMax();
    ImGui::PopStyleColor(5);
    ImGui::PopStyleVar(2);
    ui.registry().add({label, "field", min, max, p.surfaceText, p.surface, true, false, {}, {}},
                      ImGui::GetWindowDrawList()->GetClipRectMin(),
                      ImGui::GetWindowDrawList()->GetClipRectMax());
    ui.registry().addText({value, min, max, p.surfaceText, p.surface, 0, "body"});
}

void error(Context& c, const char* key, float w) {
    const auto& errors = c.kiosk.settingsForm().errors;
    auto it = errors.find(key);
    if (it != errors.end()) {
        c.ui.text(it->second, ui::FontRole::Body, c.ui.palette().text, w);
    }
}

// A number field with −/+ steps of `step` (bounded by lo..hi).
void numberField(Context& c, const char* id, const std::string& label, const std::string& value,
                 SettingField f, int step, int lo, int hi, float w) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const float x0 = ImGui::GetCursorScreenPos().x;
    const float y0 = ImGui::GetCursorScreenPos().y;
    ImVec2 bs = ui.buttonSize("– 15");
    bs.x = std::max(bs.x, ui.em(4.0f));
    const float fw = std::max(ui.em(6.0f), std::min(w - 2 * (bs.x + gap), ui.em(10.0f)));
    int v = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    const bool number = ec == std::errc() && ptr == value.data() + value.size();
    ImGui::SetCursorScreenPos(ImVec2(x0, y0));
    if (ui.button("– " + std::to_string(step) + id, bs, ui::ButtonKind::Secondary) && number) {
        c.emit(intent::EditSetting{f, std::to_string(std::clamp(v - step, lo, hi))});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0 + bs.x + gap, y0 + (bs.y - ui.touchMin()) * 0.5f));
    field(c, id, label, value, f, fw, ImGuiInputTextFlags_CharsDecimal);
    ImGui::SetCursorScreenPos(ImVec2(x0 + bs.x + gap + fw + gap, y0));
    if (ui.button("+ " + std::to_string(step) + id, bs, ui::ButtonKind::Secondary) && number) {
        c.emit(intent::EditSetting{f, std::to_string(std::clamp(v + step, lo, hi))});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, y0 + bs.y + gap));
}

// The team's phone number, typed on a digit keypad (no keyboard needed): each key sends the
// whole new value; Save checks it with the config file's own rule for team_phone.
void phoneKeypad(Context& c, const std::string& value, float w) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const float x0 = ImGui::GetCursorScreenPos().x;
    const float y0 = ImGui::GetCursorScreenPos().y;
    const std::string keys[11] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0"};
    const float keyW = std::min((w - 2 * gap) / 3, ui.em(4.0f));
    const float keyH = ui.touchMin();
    constexpr size_t kMaxTyped = 20; // more than any number the rule lets through
    for (int i = 0; i < 11; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(x0 + static_cast<float>(i % 3) * (keyW + gap),
                                         y0 + static_cast<float>(i / 3) * (keyH + gap)));
        const bool digit = i != 9;
        if (ui.button(keys[i] + "##phone", ImVec2(keyW, keyH),
                      digit ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary) &&
            value.size() < kMaxTyped && (digit || value.empty())) { // '+' leads only
            c.emit(intent::EditSetting{SettingField::TeamPhone, value + keys[i]});
        }
    }
    // "delete last" on a row of its own: its words never squeezed into a digit's key
    const std::string erase = c.tr("settings.erase_digit");
    const ImVec2 es(std::min(w, std::max(keyW, ui.buttonSize(erase).x)), keyH);
    ImGui::SetCursorScreenPos(ImVec2(x0, y0 + 4 * (keyH + gap)));
    if (ui.button(erase, es, ui::ButtonKind::Secondary) && !value.empty()) {
        c.emit(intent::EditSetting{SettingField::TeamPhone, value.substr(0, value.size() - 1)});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, y0 + 5 * (keyH + gap)));
}

} // namespace

void settings(Context& c) {
    ui::Ui& ui = c.ui;
    const SettingsForm& form = c.kiosk.settingsForm();
    const ConfigEdit& e = form.edit;
    const ui::Palette& p = ui.beginPage("##settings", c.pos, c.size);
    const float y = staffHeader(c, c.tr("settings.title"));
    const float w = std::min(ui.beginPageScroll("##settingsform", c.pos, c.size, y), ui.em(36.0f));
    const float gap = ui.gap();
    const float x0 = ImGui::GetCursorScreenPos().x;
    auto label = [&](const char* key) {
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 0.5f));
        ui.text(c.tr(key), ui::FontRole::Body, p.text, w);
    };
    ui.text(c.tr("settings.keyboard"), ui::FontRole::Body, p.text, w);

    label("settings.site_name");
    field(c, "##site", c.tr("settings.site_name"), e.siteName, SettingField::SiteName, w);
    error(c, "site_name", w);
    label("settings.kiosk_id");
    field(c, "##kioskid", c.tr("settings.kiosk_id"), e.kioskId, SettingField::KioskId, w);
    error(c, "kiosk_id", w);

    auto toggles = [&](const std::vector<std::pair<std::string, std::string>>& options,
                       const std::string& current, SettingField f) {
        float x = x0;
        const float ty = ImGui::GetCursorScreenPos().y;
        for (const auto& [shown, value] : options) {
            ImVec2 sz = ui.buttonSize(shown);
            sz.x = std::max(sz.x, ui.em(4.0f));
            ImGui::SetCursorScreenPos(ImVec2(x, ty));
            if (ui.button(shown, sz, ui::ButtonKind::Secondary, current == value, "toggle")) {
                c.emit(intent::EditSetting{f, value});
            }
            x += sz.x + gap;
        }
        ImGui::SetCursorScreenPos(ImVec2(x0, ty + ui.touchMin() + gap));
    };
    label("settings.language");
    toggles({{"Tiếng Việt##lang", "vi"}, {"English##lang", "en"}},
            std::string(toString(e.language)), SettingField::Language);
    label("settings.text_size");
    toggles({{"A–##size", "A-"}, {"A##size", "A"}, {"A+##size", "A+"}},
            std::string(toString(e.textSize)), SettingField::TextSize);

    label("settings.idle");
    numberField(c, "##idle", c.tr("settings.idle"), e.idleSeconds, SettingField::IdleSeconds, 15,
                Config::kMinIdleSeconds, Config::kMaxIdleSeconds, w);
    error(c, "idle_seconds", w);
    label("settings.warning");
    numberField(c, "##warning", c.tr("settings.warning"), e.warningSeconds,
                SettingField::WarningSeconds, 5, Config::kMinWarningSeconds,
                Config::kMaxWarningSeconds, w);
    error(c, "warning_seconds", w);
    label("settings.mm_per_px");
    field(c, "##mmpx", c.tr("settings.mm_per_px"), e.mmPerPx, SettingField::MmPerPx,
          std::min(w, ui.em(10.0f)), ImGuiInputTextFlags_CharsDecimal);
    error(c, "mm_per_px", w);

    // How the "call the team" help screen tells a resident to reach the team.
    const std::string notSet = c.tr("settings.not_set");
    label("settings.team_phone");
    ui.text(e.teamPhone.empty() ? notSet : e.teamPhone, ui::FontRole::Title, p.text, w);
    if (form.errors.count("team_phone")) {
        ui.text(c.tr("settings.team_phone_bad"), ui::FontRole::Body, p.text, w);
    }
    const std::string clearPhone = c.tr("settings.clear_phone");
    if (ui.button(clearPhone, ui.buttonSize(clearPhone), ui::ButtonKind::Secondary)) {
        c.emit(intent::EditSetting{SettingField::TeamPhone, ""});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 0.5f));
    phoneKeypad(c, e.teamPhone, w);
    label("settings.team_zalo");
    ui.text(e.teamZalo.empty() ? notSet : e.teamZalo, ui::FontRole::Body, p.text, w);
    error(c, "team_zalo", w);
    ui.text(c.tr("settings.zalo_how"), ui::FontRole::Body, p.text, w);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 0.5f));
    const std::string clearZalo = c.tr("settings.clear_zalo");
    if (ui.button(clearZalo, ui.buttonSize(clearZalo), ui::ButtonKind::Secondary)) {
        c.emit(intent::EditSetting{SettingField::TeamZalo, ""});
    }
    error(c, "file", w);

    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));
    if (ui.button(c.tr("settings.save"), ui.buttonSize(c.tr("settings.save"), ui::FontRole::Title),
                  ui::ButtonKind::Primary, false, "button", nullptr, ui::FontRole::Title)) {
        c.emit(intent::SaveSettings{});
    }
    if (form.saved) {
        ui.text(c.tr("settings.saved"), ui::FontRole::Title, p.text, w);
    } else if (!form.errors.empty()) {
        ui.text(c.tr("settings.not_saved"), ui::FontRole::Title, p.text, w);
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
