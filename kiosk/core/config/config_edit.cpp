// Rewrites top-level keys line by line; toml++ would drop the file's comments on output.
#include "config_edit.hpp"

#include <regex>
#include <sstream>
#include <vector>

namespace tramso {

ConfigEdit editOf(const Config& c) {
    ConfigEdit e;
    e.siteName = c.siteName;
    e.kioskId = c.kioskId;
    e.idleSeconds = std::to_string(c.idleSeconds);
    e.warningSeconds = std::to_string(c.warningSeconds);
    if (c.mmPerPx) {
        std::ostringstream s;
        s << *c.mmPerPx;
        e.mmPerPx = s.str();
    }
    e.provinceCode = c.provinceCode;
    e.provinceName = c.provinceName;
    e.communeCode = c.communeCode;
    e.communeName = c.communeName;
    e.teamPhone = c.teamPhone;
    e.teamZalo = c.teamZalo;
    e.allowedHosts = c.allowedHosts;
    e.language = c.defaultLanguage;
    e.textSize = c.defaultTextSize;
    e.screenRotation = c.screenRotation;
    return e;
}

namespace {

std::string quoted(const std::string& v) {
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += ' '; // no control characters in a one-line value
        } else {
            out += c;
        }
    }
    return out + "\"";
}

bool isNumber(const std::string& v, bool decimal) {
    static const std::regex kInt("[0-9]{1,9}");
    static const std::regex kDec("[0-9]{1,3}(\\.[0-9]{1,6})?");
    return std::regex_match(v, decimal ? kDec : kInt);
}

} // namespace

ConfigEditResult applyConfigEdit(std::string_view original, const ConfigEdit& edit) {
    ConfigEditResult r;
    // key → new value text ("" removes the key: mm_per_px left empty means "ask the monitor")
    std::vector<std::pair<std::string, std::string>> values = {
        {"site_name", quoted(edit.siteName)},
        {"kiosk_id", quoted(edit.kioskId)},
        {"default_language", quoted(std::string(toString(edit.language)))},
        {"default_text_size", quoted(std::string(toString(edit.textSize)))},
        {"idle_seconds", edit.idleSeconds},
        {"warning_seconds", edit.warningSeconds},
        {"mm_per_px", edit.mmPerPx},
        {"screen_rotation", std::to_string(edit.screenRotation)},
    };
    for (const auto& [key, v] :
         {std::pair<const char*, const std::string&>{"province_code", edit.provinceCode},
          {"province_name", edit.provinceName},
          {"commune_code", edit.communeCode},
          {"commune_name", edit.communeName}}) {
        values.emplace_back(key, v.empty() ? std::string() : quoted(v));
    }
    // always written, "" included: a cleared number must not fall back to kiosk.toml's
    values.emplace_back("team_phone", quoted(edit.teamPhone));
    values.emplace_back("team_zalo", quoted(edit.teamZalo));
    for (auto& [key, v] : values) {
        if (key == "idle_seconds" || key == "warning_seconds") {
            if (!isNumber(v, false)) {
                r.errors[key] = "must be a whole number";
            }
        } else if (key == "mm_per_px" && !v.empty() && !isNumber(v, true)) {
            r.errors[key] = "must be a number such as 0.28";
        }
    }
    if (!r.errors.empty()) {
        return r;
    }

    std::vector<std::string> lines;
    {
        std::string cur;
        for (char c : original) {
            if (c == '\n') {
                lines.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) {
            lines.push_back(cur);
        }
    }
    size_t firstTable = lines.size();
    for (size_t i = 0; i < lines.size(); ++i) {
        size_t p = lines[i].find_first_not_of(" \t");
        if (p != std::string::npos && lines[i][p] == '[') {
            firstTable = i;
            break;
        }
    }
    std::vector<std::string> added;
    for (const auto& [key, v] : values) {
        bool found = false;
        for (size_t i = 0; i < firstTable; ++i) {
            if (configLineKey(lines[i]) == key) {
                lines[i] = !v.empty()           ? key + " = " + v
                           : key == "mm_per_px" ? "# " + key + " = (measured from the monitor)"
                                                : "# " + key + " = (not set)";
                found = true;
            }
        }
        if (!found && !v.empty()) {
            added.push_back(key + " = " + v);
        }
    }
    lines.insert(lines.begin() + static_cast<long>(firstTable), added.begin(), added.end());
    for (const auto& l : lines) {
        r.text += l;
        r.text += '\n';
    }

    ConfigLoad parsed = parseConfig(r.text, "settings", &edit.allowedHosts);
    for (const Diagnostic& d : parsed.diagnostics) {
        if (d.severity != Diagnostic::Severity::Error) {
            continue;
        }
        std::string msg = d.message;
        if (size_t cut = msg.find("; using the default"); cut != std::string::npos) {
            msg.erase(cut);
        }
        bool matched = false;
        for (const auto& [key, v] : values) {
            if (msg.rfind(key + " ", 0) == 0) {
                r.errors[key] = msg.substr(key.size() + 1);
                matched = true;
            }
        }
        if (!matched) {
            r.errors["file"] = d.format();
        }
    }
    if (r.errors.empty()) {
        r.config = parsed.config;
        if (parsed.config.warningSeconds >= parsed.config.idleSeconds) {
            r.errors["warning_seconds"] = "must be shorter than the idle time";
            r.config.reset();
        }
    }
    return r;
}

} // namespace tramso
