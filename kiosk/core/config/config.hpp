// The kiosk's configuration. Two files:
// - /etc/tramso/kiosk.toml, written only by root: every key, including the trust anchors
//   (allowed_hosts, content_keys_dir, province_app_url, data_dir, …) the kiosk's own account
//   must never be able to change;
// - <data_dir>/settings.toml, written by the kiosk (the technician's Settings screen): only the
//   keys in kEditableKeys, which override kiosk.toml's. Any other key there is refused with an
//   error naming it. On the first start without it, it is made from kiosk.toml's values for
//   those keys (an upgrade keeps every value the technician had set).
// A missing file means defaults; a bad value is reported with its key and line and replaced by
// the default, so the kiosk starts.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/qr.hpp"
#include "kiosk/core/base/settings.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tramso {

// The turns screen_rotation may take, in degrees clockwise (the setup offers these four).
inline constexpr std::array<int, 4> kScreenRotations = {0, 90, 180, 270};
inline bool isScreenRotation(long long degrees) {
    return std::find(kScreenRotations.begin(), kScreenRotations.end(), degrees) !=
           kScreenRotations.end();
}

struct Config {
    std::string siteName = "Nhà văn hóa";
    std::string kioskId = "tramso-01";
    // Where the kiosk stands, for the province's aggregation: the official administrative-unit
    // codes after the 2025 reorganisation (province 2 digits, commune 5 digits) and names, as
    // the technician wrote them. Empty: not declared (the province report lists it apart).
    std::string provinceCode, provinceName, communeCode, communeName;
    // "Gọi tổ công nghệ số" plays a chime in the hall; when nobody comes, the help screen shows
    // how to reach the team: a phone number (digits, spaces, a leading '+') and the team's Zalo
    // group (an https address on allowed_hosts, as a QR code). Empty: the screen says where to
    // ask in the building instead. Both are Settings-screen keys; "" in a file means unset.
    std::string teamPhone;
    std::string teamZalo;
    static constexpr size_t kMinTeamPhoneDigits = 3; // a short hotline such as 113 is fine
    static constexpr size_t kMaxTeamPhoneDigits = 15;
    Lang defaultLanguage = Lang::Vi;
    TextSize defaultTextSize = TextSize::Normal;
    int idleSeconds = 90;
    int quizSeconds = 30; // a group quiz's countdown per question (quiz_seconds, 10–120)
    int warningSeconds = 20;
    std::optional<double> mmPerPx; // overrides what the monitor reports
    std::optional<std::filesystem::path> dataDir;
    // Hosts whose addresses may be shown as QR codes (each with its subdomains).
    std::vector<std::string> allowedHosts = {"gov.vn", "tinnhiemmang.vn"};
    QrEcc qrEcc = QrEcc::M;
    // The province's own citizen app (e.g. "C-ThaiNguyen") and its official address, on the
    // allowlist; both or neither. Unset, its lesson stays hidden.
    std::string provinceAppName;
    std::string provinceAppUrl;
    static constexpr size_t kMaxProvinceAppNameBytes = 40;
    // Where USB sticks appear (besides /media and /run/media) for the technician's export.
    std::vector<std::filesystem::path> usbMountRoots;
    // Minisign public keys (*.pub) whose signature a content pack must carry.
    std::filesystem::path contentKeysDir = "/etc/tramso/keys";
    // Events older than this are folded into daily totals (never during a visit).
    int retentionDays = 3 * 365;
    // Narration: on by default at the middle of three volumes; ALSA device name.
    bool voice = true;
    int voiceVolume = 2;
    std::string voiceDevice = "default";
    // How the screen hangs, turned this many degrees clockwise (0, 90, 180, 270): on its side
    // or upside down; the picture is turned back the other way to stand upright on it. The
    // kiosk's session launcher turns cage's output and the touch input to match when it starts
    // (packaging/session/); the setup's first step sets it.
    int screenRotation = 0;
    static constexpr int kMinRetentionDays = 90;
    static constexpr int kMaxRetentionDays = 10 * 365;

    static constexpr int kMinIdleSeconds = 15;
    static constexpr int kMaxIdleSeconds = 3600;
    static constexpr int kMinWarningSeconds = 20; // accessibility: warning ≥ 20 s
    static constexpr int kMaxWarningSeconds = 300;
    static constexpr double kMinMmPerPx = 0.05;
    static constexpr double kMaxMmPerPx = 2.0;
};

struct ConfigLoad {
    Config config;
    Diagnostics diagnostics;
    bool fileFound = false;
};

inline const std::filesystem::path kDefaultConfigPath = "/etc/tramso/kiosk.toml";

ConfigLoad loadConfig(const std::filesystem::path& file);
// `allowedHosts`: the hosts a QR address (team_zalo, province_app_url) is checked against when
// the text has no allowed_hosts of its own (settings.toml, checked against kiosk.toml's).
ConfigLoad parseConfig(std::string_view text, const std::string& fileName,
                       const std::vector<std::string>* allowedHosts = nullptr);

// The keys the Settings screen edits: the only ones settings.toml may hold.
inline const std::vector<std::string> kEditableKeys = {
    "site_name",       "kiosk_id",   "default_language", "default_text_size", "idle_seconds",
    "warning_seconds", "mm_per_px",  "province_code",    "province_name",     "commune_code",
    "commune_name",    "team_phone", "team_zalo",        "screen_rotation"};
inline constexpr const char* kSettingsFileName = "settings.toml";
inline std::filesystem::path settingsFileIn(const std::filesystem::path& dataDir) {
    return dataDir / kSettingsFileName;
}

// Overlays settings file `text` (named `fileName` in messages) on `cfg`: each editable key
// that is valid replaces kiosk.toml's value; any other key is an error naming it, ignored.
void overlaySettings(ConfigLoad& cfg, std::string_view text, const std::string& fileName);
// Copies the value of one key of kEditableKeys from `from` to `to` (any other key: nothing).
void copyEditableKey(std::string_view key, const Config& from, Config& to);
// The key of a top-level `key = value` line (lowercase letters and '_', as every key of the
// kiosk's is; spaces, tabs and a Windows line end's \r around it), else empty. What the
// settings file keeps of kiosk.toml and the Settings screen rewrites in place.
std::string_view configLineKey(std::string_view line);
// The settings file's first text, made from `configText` (kiosk.toml): its lines for the
// editable keys, verbatim, under a header that says what the file is.
std::string settingsFromConfig(std::string_view configText);
// What the kiosk and every command do once the data folder is known: overlay settings.toml.
// With `migrate` (the installed kiosk: its config is /etc/tramso/kiosk.toml), a missing
// settings.toml is first made from kiosk.toml's editable lines (a warning in `cfg` when that
// cannot be written). A kiosk run with --config FILE (development, tests) is never migrated,
// so editing that FILE keeps working until the Settings screen saves.
void loadSettings(ConfigLoad& cfg, const std::filesystem::path& configFile,
                  const std::filesystem::path& dataDir, bool migrate);
inline void loadSettings(ConfigLoad& cfg, const std::filesystem::path& configFile,
                         const std::filesystem::path& dataDir) {
    loadSettings(cfg, configFile, dataDir, configFile == kDefaultConfigPath);
}

} // namespace tramso
