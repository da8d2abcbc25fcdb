// Reads kiosk.toml with toml++, checking each key on its own so one bad value costs only
// that value.
#include "config.hpp"
#include "kiosk/core/base/atomic_file.hpp"
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"
#include "kiosk/core/base/url_check.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <regex>
#include <set>

namespace tramso {
namespace {

struct Reader {
    const toml::table& table;
    const std::string& file;
    Diagnostics& out;

    int lineOf(const toml::node& n) const { return static_cast<int>(n.source().begin.line); }

    void bad(const toml::node& n, const std::string& key, const std::string& what) {
        out.push_back({Diagnostic::Severity::Error, file, lineOf(n),
                       key + " " + what + "; using the default"});
    }

    template <typename F> void string(const char* key, F&& apply) {
        const toml::node* n = table.get(key);
        if (!n) {
            return;
        }
        if (auto v = n->value<std::string>(); v && n->is_string()) {
            if (auto err = apply(*v); !err.empty()) {
                bad(*n, key, err);
            }
        } else {
            bad(*n, key, "must be a text in quotes");
        }
    }

    // A text that `check` accepts (it says what is wrong, or returns "") goes to `target`.
    template <typename T, typename F> void text(const char* key, T& target, F&& check) {
        string(key, [&](const std::string& v) -> std::string {
            std::string err = check(v);
            if (err.empty()) {
                target = T(v);
            }
            return err;
        });
    }

    // One of a fixed set of names, read with `parse`; `expected` lists them.
    template <typename T, typename Parse>
    void choice(const char* key, Parse parse, T& target, const char* expected) {
        string(key, [&](const std::string& v) -> std::string {
            auto x = parse(v);
            if (!x) {
                return expected;
            }
            target = *x;
            return {};
        });
    }

    void integer(const char* key, int lo, int hi, int& target) {
        const toml::node* n = table.get(key);
        if (!n) {
            return;
        }
        auto v = n->value<int64_t>();
        if (!n->is_integer() || !v) {
            bad(*n, key, "must be a whole number");
        } else if (*v < lo || *v > hi) {
            bad(*n, key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
        } else {
            target = static_cast<int>(*v);
        }
    }
};

} // namespace

ConfigLoad parseConfig(std::string_view text, const std::string& fileName,
                       const std::vector<std::string>* allowedHosts) {
    ConfigLoad result;
    if (allowedHosts) {
        result.config.allowedHosts = *allowedHosts; // the file's own allowed_hosts still wins
    }
    result.fileFound = true;
    auto parsed = parseToml(text, fileName, result.diagnostics,
                            "; the whole file is ignored and defaults are used");
    if (!parsed) {
        return result;
    }
    const toml::table& table = *parsed;

    Config& c = result.config;
    Reader r{table, fileName, result.diagnostics};
    r.text("site_name", c.siteName, [](const std::string& v) -> std::string {
        return v.empty() || v.size() > 120 ? "must be 1 to 120 bytes long" : "";
    });
    r.text("kiosk_id", c.kioskId, [](const std::string& v) -> std::string {
        return text::isId(v, text::kMaxShortIdChars)
                   ? ""
                   : "must be 1 to 40 lowercase letters, digits or '-'";
    });
    auto code = [](size_t digits, const char* example) {
        return [digits, example](const std::string& v) -> std::string {
            if (v.size() != digits || v.find_first_not_of("0123456789") != std::string::npos) {
                return "must be the official code of " + std::to_string(digits) +
                       " digits in quotes, such as \"" + example + "\"";
            }
            return {};
        };
    };
    auto name = [](const std::string& v) -> std::string {
        if (v.empty() || v.size() > 120) {
            return "must be 1 to 120 bytes long";
        }
        for (unsigned char ch : v) {
            if (ch < 0x20 || ch == 0x7f) {
                return "must be one line of text";
            }
        }
        return {};
    };
    r.text("province_code", c.provinceCode, code(2, "22"));
    r.text("province_name", c.provinceName, name);
    r.text("commune_code", c.communeCode, code(5, "06667"));
    r.text("commune_name", c.communeName, name);
    r.choice("default_language", parseLang, c.defaultLanguage, "must be \"vi\" or \"en\"");
    r.choice("default_text_size", parseTextSize, c.defaultTextSize,
             "must be \"A-\", \"A\" or \"A+\"");
    r.text("data_dir", c.dataDir, [](const std::string& v) -> std::string {
        return v.empty() ? "must not be empty" : "";
    });
    r.text("content_keys_dir", c.contentKeysDir, [](const std::string& v) -> std::string {
        return v.empty() || v[0] != '/' ? "must be an absolute folder such as \"/etc/tramso/keys\""
                                        : "";
    });
    r.integer("idle_seconds", Config::kMinIdleSeconds, Config::kMaxIdleSeconds, c.idleSeconds);
    r.integer("warning_seconds", Config::kMinWarningSeconds, Config::kMaxWarningSeconds,
              c.warningSeconds);
    r.integer("retention_days", Config::kMinRetentionDays, Config::kMaxRetentionDays,
              c.retentionDays);
    r.integer("voice_volume", 1, 3, c.voiceVolume);
    r.integer("quiz_seconds", 10, 120, c.quizSeconds);
    if (const toml::node* n = table.get("screen_rotation")) {
        const auto v = n->value<int64_t>();
        if (!n->is_integer() || !v || !isScreenRotation(*v)) {
            r.bad(*n, "screen_rotation", "must be 0, 90, 180 or 270 (degrees clockwise)");
        } else {
            c.screenRotation = static_cast<int>(*v);
        }
    }
    if (const toml::node* n = table.get("voice")) {
        if (!n->is_boolean()) {
            r.bad(*n, "voice", "must be true or false (without quotes)");
        } else {
            c.voice = *n->value<bool>();
        }
    }
    r.text("voice_device", c.voiceDevice, [](const std::string& v) -> std::string {
        static const std::regex kDevice("[A-Za-z0-9_:,.=-]{1,64}");
        return std::regex_match(v, kDevice)
                   ? ""
                   : "must be an ALSA device name such as \"default\" or \"plughw:1,0\"";
    });
    if (const toml::node* n = table.get("mm_per_px")) {
        std::optional<double> v;
        if (n->is_floating_point()) {
            v = n->value<double>();
        } else if (n->is_integer()) {
            v = static_cast<double>(*n->value<int64_t>());
        }
        if (!v) {
            r.bad(*n, "mm_per_px", "must be a number such as 0.28");
        } else if (*v < Config::kMinMmPerPx || *v > Config::kMaxMmPerPx) {
            r.bad(*n, "mm_per_px", "must be between 0.05 and 2.0 (millimetres per pixel)");
        } else {
            c.mmPerPx = *v;
        }
    }

    r.choice("qr_ecc", parseQrEcc, c.qrEcc, "must be \"L\", \"M\", \"Q\" or \"H\"");
    if (const toml::node* n = table.get("allowed_hosts")) {
        static const std::regex kHost(
            "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
        const toml::array* arr = n->as_array();
        std::vector<std::string> hosts;
        bool ok = arr != nullptr && !arr->empty();
        if (ok) {
            for (const toml::node& h : *arr) {
                auto v = h.value<std::string>();
                if (!h.is_string() || !v || !std::regex_match(*v, kHost) ||
                    v->find('.') == std::string::npos) {
                    ok = false;
                    break;
                }
                hosts.push_back(*v);
            }
        }
        if (!ok) {
            r.bad(
                *n, "allowed_hosts",
                "must be a list of lowercase host names such as [\"gov.vn\", \"tinnhiemmang.vn\"]");
        } else {
            c.allowedHosts = hosts;
        }
    }

    if (const toml::node* n = table.get("usb_mount_roots")) {
        const toml::array* arr = n->as_array();
        std::vector<std::filesystem::path> roots;
        bool ok = arr != nullptr;
        if (ok) {
            for (const toml::node& h : *arr) {
                auto v = h.value<std::string>();
                if (!h.is_string() || !v || v->empty() || (*v)[0] != '/') {
                    ok = false;
                    break;
                }
                roots.emplace_back(*v);
            }
        }
        if (!ok) {
            r.bad(*n, "usb_mount_roots",
                  "must be a list of absolute folders such as [\"/mnt/usb\"]");
        } else {
            c.usbMountRoots = roots;
        }
    }

    r.text("team_phone", c.teamPhone, [](const std::string& v) -> std::string {
        if (v.empty()) { // "" says "no number" (the Settings screen clears it so)
            return {};
        }
        // a leading '+', then digits and single spaces (as people write them: 0912 345 678)
        static const std::regex kPhone("\\+?[0-9]+( [0-9]+)*");
        const auto digits = static_cast<size_t>(
            std::count_if(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
        if (!std::regex_match(v, kPhone) || digits < Config::kMinTeamPhoneDigits ||
            digits > Config::kMaxTeamPhoneDigits) {
            return "must be a phone number of 3 to 15 digits, spaces and a leading '+' allowed, "
                   "such as \"0912 345 678\"";
        }
        return {};
    });
    // after allowed_hosts: these addresses must pass the same rules as any QR code
    r.text("team_zalo", c.teamZalo, [&c](const std::string& v) -> std::string {
        if (v.empty()) { // "" says "no Zalo group" (the Settings screen clears it so)
            return {};
        }
        if (std::string why = checkPortalUrl(v, c.allowedHosts); !why.empty()) {
            return "is refused: " + why +
                   " (a Zalo group link such as https://zalo.me/g/… "
                   "needs \"zalo.me\" in allowed_hosts)";
        }
        return {};
    });
    // after allowed_hosts: the app's address must pass the same rules as any QR code
    r.string("province_app_name", [&](const std::string& v) -> std::string {
        auto nfc = text::toNfc(v);
        if (!nfc || nfc->empty() || nfc->size() > Config::kMaxProvinceAppNameBytes ||
            nfc->find_first_of("{}\n") != std::string::npos) {
            return "must be the app's name, 1 to 40 bytes, such as \"C-ThaiNguyen\"";
        }
        c.provinceAppName = *nfc;
        return {};
    });
    r.text("province_app_url", c.provinceAppUrl, [&c](const std::string& v) -> std::string {
        std::string why = checkPortalUrl(v, c.allowedHosts);
        return why.empty() ? why : "is refused: " + why;
    });
    if (c.provinceAppName.empty() != c.provinceAppUrl.empty()) {
        const char* set = c.provinceAppName.empty() ? "province_app_url" : "province_app_name";
        const char* missing = c.provinceAppName.empty() ? "province_app_name" : "province_app_url";
        result.diagnostics.push_back(
            {Diagnostic::Severity::Error, fileName, r.lineOf(*table.get(set)),
             std::string(set) + " needs " + missing +
                 " too; the province app lesson stays hidden until both are set"});
        c.provinceAppName.clear();
        c.provinceAppUrl.clear();
    }

    static const std::set<std::string> kKnown = {
        "site_name",       "kiosk_id",          "default_language", "default_text_size",
        "idle_seconds",    "quiz_seconds",      "warning_seconds",  "mm_per_px",
        "data_dir",        "allowed_hosts",     "qr_ecc",           "retention_days",
        "usb_mount_roots", "province_app_name", "province_app_url", "voice",
        "voice_volume",    "voice_device",      "content_keys_dir", "province_code",
        "province_name",   "commune_code",      "commune_name",     "team_phone",
        "team_zalo",       "screen_rotation"};
    for (const auto& [key, node] : table) {
        if (!kKnown.count(std::string(key.str()))) {
            result.diagnostics.push_back(
                {Diagnostic::Severity::Warning, fileName,
                 static_cast<int>(node.source().begin.line),
                 "unknown key '" + std::string(key.str()) + "' is ignored"});
        }
    }
    return result;
}

ConfigLoad loadConfig(const std::filesystem::path& file) {
    auto contents = readFile(file);
    if (!contents) {
        ConfigLoad result;
        if (std::filesystem::exists(file)) {
            result.diagnostics.push_back({Diagnostic::Severity::Error, file.string(), 0,
                                          "cannot be read; defaults are used"});
        }
        return result;
    }
    return parseConfig(*contents, file.string());
}

namespace {

bool editable(std::string_view key) {
    return std::find(kEditableKeys.begin(), kEditableKeys.end(), key) != kEditableKeys.end();
}

} // namespace

void copyEditableKey(std::string_view key, const Config& from, Config& to) {
    if (key == "site_name") {
        to.siteName = from.siteName;
    } else if (key == "kiosk_id") {
        to.kioskId = from.kioskId;
    } else if (key == "default_language") {
        to.defaultLanguage = from.defaultLanguage;
    } else if (key == "default_text_size") {
        to.defaultTextSize = from.defaultTextSize;
    } else if (key == "idle_seconds") {
        to.idleSeconds = from.idleSeconds;
    } else if (key == "warning_seconds") {
        to.warningSeconds = from.warningSeconds;
    } else if (key == "mm_per_px") {
        to.mmPerPx = from.mmPerPx;
    } else if (key == "province_code") { // the place: set on the setup screen
        to.provinceCode = from.provinceCode;
    } else if (key == "province_name") {
        to.provinceName = from.provinceName;
    } else if (key == "commune_code") {
        to.communeCode = from.communeCode;
    } else if (key == "commune_name") {
        to.communeName = from.communeName;
    } else if (key == "team_phone") { // how to reach the team (the help screen)
        to.teamPhone = from.teamPhone;
    } else if (key == "team_zalo") {
        to.teamZalo = from.teamZalo;
    } else if (key == "screen_rotation") { // the setup's first step
        to.screenRotation = from.screenRotation;
    }
}

void overlaySettings(ConfigLoad& cfg, std::string_view text, const std::string& fileName) {
    auto settings = parseToml(text, fileName, cfg.diagnostics, "; the settings file is ignored");
    if (!settings) {
        return;
    }
    const toml::table& table = *settings;
    // a Zalo link here is checked against kiosk.toml's allowed_hosts (this file cannot hold them)
    const ConfigLoad parsed = parseConfig(text, fileName, &cfg.config.allowedHosts);
    std::set<std::string> bad; // editable keys whose value was refused
    for (const Diagnostic& d : parsed.diagnostics) {
        const size_t space = d.message.find(' ');
        const std::string key = d.message.substr(0, space);
        if (d.severity == Diagnostic::Severity::Error && editable(key)) {
            bad.insert(key);
            cfg.diagnostics.push_back(d);
        }
    }
    for (const auto& [k, node] : table) {
        const std::string key(k.str());
        if (!editable(key)) {
            cfg.diagnostics.push_back(
                {Diagnostic::Severity::Error, fileName, static_cast<int>(node.source().begin.line),
                 "key '" + key +
                     "' cannot be set here: only the Settings screen's keys may (site_name, "
                     "kiosk_id, default_language, default_text_size, idle_seconds, "
                     "warning_seconds, mm_per_px, province_code, province_name, "
                     "commune_code, commune_name, team_phone, team_zalo, screen_rotation); "
                     "security settings stay "
                     "in the root-owned "
                     "kiosk.toml; ignored"});
        } else if (!bad.count(key)) {
            copyEditableKey(key, parsed.config, cfg.config);
        }
    }
    if ((table.contains("idle_seconds") || table.contains("warning_seconds")) &&
        cfg.config.warningSeconds >= cfg.config.idleSeconds) {
        cfg.diagnostics.push_back({Diagnostic::Severity::Error, fileName, 0,
                                   "warning_seconds must be shorter than idle_seconds; using the "
                                   "defaults for both"});
        cfg.config.idleSeconds = Config{}.idleSeconds;
        cfg.config.warningSeconds = Config{}.warningSeconds;
    }
}

std::string_view configLineKey(std::string_view line) {
    // by hand, not std::regex: that took milliseconds a line, and recursed on long ones
    const auto blank = [&](size_t i) {
        return i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r');
    };
    size_t p = 0;
    while (blank(p)) {
        ++p;
    }
    const size_t start = p;
    while (p < line.size() && ((line[p] >= 'a' && line[p] <= 'z') || line[p] == '_')) {
        ++p;
    }
    const size_t end = p;
    while (blank(p)) {
        ++p;
    }
    if (end == start || p >= line.size() || line[p] != '=') {
        return {};
    }
    return line.substr(start, end - start);
}

std::string settingsFromConfig(std::string_view configText) {
    std::string out = "# Trạm Số: the settings the technician's Settings screen edits (written "
                      "by the kiosk).\n# They override the same keys in /etc/tramso/kiosk.toml; "
                      "no other key is read from here.\n";
    std::string line;
    auto take = [&](const std::string& l) {
        const std::string_view key = configLineKey(l);
        if (!key.empty() && editable(key)) {
            out += l + "\n";
        }
    };
    for (char c : configText) {
        if (c == '\n') {
            const size_t p = line.find_first_not_of(" \t");
            if (p != std::string::npos && line[p] == '[') {
                return out; // keys below a [table] are not top-level
            }
            take(line);
            line.clear();
        } else {
            line += c;
        }
    }
    const size_t p = line.find_first_not_of(" \t");
    if (!(p != std::string::npos && line[p] == '[')) {
        take(line);
    }
    return out;
}

void loadSettings(ConfigLoad& cfg, const std::filesystem::path& configFile,
                  const std::filesystem::path& dataDir, bool migrate) {
    const std::filesystem::path file = settingsFileIn(dataDir);
    std::error_code ec;
    if (migrate && !std::filesystem::exists(file, ec)) {
        std::string configText;
        if (auto t = readFile(configFile)) {
            configText = *t;
        }
        if (std::filesystem::is_directory(dataDir, ec)) {
            if (std::string e = writeFileAtomically(file, settingsFromConfig(configText));
                !e.empty()) {
                cfg.diagnostics.push_back(
                    {Diagnostic::Severity::Warning, file.string(), 0,
                     "cannot be created (" + e + "); the Settings screen cannot save"});
            }
        }
    }
    if (auto text = readFile(file)) {
        overlaySettings(cfg, *text, file.string());
    }
}

} // namespace tramso
