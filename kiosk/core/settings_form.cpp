// Editing one field at a time, then saving all of them through the config writer.
#include "settings_form.hpp"

namespace tramso {

void SettingsEditor::edit(intent::SettingField field, const std::string& value) {
    ConfigEdit& e = m_form.edit;
    m_form.saved = false;
    switch (field) {
    case intent::SettingField::SiteName:
        e.siteName = value;
        break;
    case intent::SettingField::KioskId:
        e.kioskId = value;
        break;
    case intent::SettingField::Language:
        e.language = parseLang(value).value_or(e.language);
        break;
    case intent::SettingField::TextSize:
        e.textSize = parseTextSize(value).value_or(e.textSize);
        break;
    case intent::SettingField::IdleSeconds:
        e.idleSeconds = value;
        break;
    case intent::SettingField::WarningSeconds:
        e.warningSeconds = value;
        break;
    case intent::SettingField::MmPerPx:
        e.mmPerPx = value;
        break;
    case intent::SettingField::TeamPhone:
        e.teamPhone = value;
        break;
    case intent::SettingField::TeamZalo:
        if (value.empty()) { // a link is set in settings.toml, never typed here
            e.teamZalo.clear();
        }
        break;
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
