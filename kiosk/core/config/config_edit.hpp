// The technician's settings form: the editable keys as typed, checked by the same rules as
// loading, and written back into the config file in place (comments and other keys kept).
#pragma once
#include "config.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tramso {

struct ConfigEdit {
    std::string siteName, kioskId, idleSeconds, warningSeconds, mmPerPx; // as typed
    // Where the kiosk stands (the setup screen chooses them); "" leaves the key unset.
    std::string provinceCode, provinceName, communeCode, communeName;
    // How the help screen tells a resident to reach the team; "" clears it (written as "", so
    // kiosk.toml's value does not come back). The phone is typed on the screen's digit keypad;
    // the Zalo link can only be cleared there (it is set in settings.toml, see settings.zalo_how).
    std::string teamPhone, teamZalo;
    // Not edited: the hosts a Zalo link is checked against (kiosk.toml's allowed_hosts).
    std::vector<std::string> allowedHosts = Config{}.allowedHosts;
    Lang language = Lang::Vi;
    TextSize textSize = TextSize::Normal;
    int screenRotation = 0; // degrees clockwise: 0, 90, 180 or 270 (the setup's first step)
};

ConfigEdit editOf(const Config& c);

struct ConfigEditResult {
    std::optional<Config> config;              // the new values, when every field is valid
    std::string text;                          // the file's new text
    std::map<std::string, std::string> errors; // key ("idle_seconds") → what is wrong
};

// Applies `edit` to the config file's text `original` (may be empty): each edited key is
// replaced on its own line, or added before the first [table]; then the whole text is
// parsed again and any problem with an edited key is reported against that key.
ConfigEditResult applyConfigEdit(std::string_view original, const ConfigEdit& edit);

} // namespace tramso
