// The technician's settings form: the values being edited, what is wrong with them, and
// saving through the config file's writer. The kiosk applies a saved config.
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/config/config_edit.hpp"
#include "kiosk/core/nav/intent.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace tramso {

// The settings form while a technician edits it.
struct SettingsForm {
    ConfigEdit edit;
    std::map<std::string, std::string> errors; // key → what is wrong
    bool saved = false;
};
// Writes the edited settings to the config file; returns what the form should show.
using SettingsSaver = std::function<ConfigEditResult(const ConfigEdit&, std::string& ioError)>;

class SettingsEditor {
  public:
    const SettingsForm& form() const { return m_form; }
    void open(const Config& c) { m_form = SettingsForm{editOf(c), {}, false}; }
    void reset() { m_form = SettingsForm{}; }
    void edit(intent::SettingField field, const std::string& value);
    // Saves through `saver`; the new config when it was written, else the form shows why.
    std::optional<Config> save(const SettingsSaver& saver);
    // The kiosk applied the saved config: the form shows it, marked saved.
    void saved(const Config& c);

  private:
    SettingsForm m_form;
};

} // namespace tramso
