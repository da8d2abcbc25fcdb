// Editing one field at a time, then saving all of them through the config writer.
#include "settings_form.hpp"

#include <utility>

namespace tramso {

namespace {

using intent::SettingField;

// The fields kept as typed; saving checks them.
constexpr std::pair<SettingField, std::string ConfigEdit::*> kTypedFields[] = {
    {SettingField::SiteName, &ConfigEdit::siteName},
    {SettingField::KioskId, &ConfigEdit::kioskId},
    {SettingField::IdleSeconds, &ConfigEdit::idleSeconds},
    {SettingField::WarningSeconds, &ConfigEdit::warningSeconds},
    {SettingField::MmPerPx, &ConfigEdit::mmPerPx},
    {SettingField::TeamPhone, &ConfigEdit::teamPhone},
};

} // namespace

void SettingsEditor::edit(SettingField field, const std::string& value) {
    ConfigEdit& e = m_form.edit;
    m_form.saved = false;
    for (const auto& [f, member] : kTypedFields) {
        if (f == field) {
            e.*member = value;
            return;
        }
    }
    if (field == SettingField::Language) {
        e.language = parseLang(value).value_or(e.language);
    } else if (field == SettingField::TextSize) {
        e.textSize = parseTextSize(value).value_or(e.textSize);
    } else if (field == SettingField::TeamZalo && value.empty()) {
        e.teamZalo.clear(); // a link is set in settings.toml, never typed here
    }
}

std::optional<Config> SettingsEditor::save(const SettingsSaver& saver) {
    m_form.saved = false;
    m_form.errors.clear();
    if (!saver) {
        m_form.errors["file"] = "settings cannot be saved on this kiosk";
        return std::nullopt;
    }
    std::string ioError;
    ConfigEditResult r = saver(m_form.edit, ioError);
    m_form.errors = r.errors;
    if (!ioError.empty()) {
        m_form.errors["file"] = ioError;
    }
    if (!m_form.errors.empty() || !r.config) {
        return std::nullopt;
    }
    return r.config;
}

void SettingsEditor::saved(const Config& c) {
    m_form.edit = editOf(c);
    m_form.saved = true;
}

} // namespace tramso
