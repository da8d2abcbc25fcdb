// The trust anchors stay in root's kiosk.toml; the Settings screen's keys live in the kiosk's
// own <data_dir>/settings.toml, which overrides only those keys, refuses any other, and is
// made from kiosk.toml's values on the first start of an upgraded kiosk.
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/config/config_edit.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

const char* kRootConfig = "# root's\n"
                          "site_name = \"Nhà văn hóa thôn Đông\"\n"
                          "kiosk_id = \"xa-dong-01\"\n"
                          "default_language = \"en\"\n"
                          "idle_seconds = 120\n"
                          "mm_per_px = 0.28\n"
                          "allowed_hosts = [\"gov.vn\"]\n"
                          "content_keys_dir = \"/etc/tramso/keys\"\n"
                          "province_code = \"22\"\n";

std::string all(const Diagnostics& d) {
    std::string s;
    for (const Diagnostic& x : d) {
        s += x.format() + "\n";
    }
    return s;
}

} // namespace

TEST(SettingsSplit, TheSettingsFileOverridesOnlyTheScreensKeys) {
    ConfigLoad cfg = parseConfig(kRootConfig, "kiosk.toml");
    overlaySettings(cfg,
                    "site_name = \"Nhà văn hóa mới\"\nidle_seconds = 200\n"
                    "allowed_hosts = [\"evil.example\"]\ncontent_keys_dir = \"/tmp/keys\"\n",
                    "settings.toml");
    EXPECT_EQ(cfg.config.siteName, "Nhà văn hóa mới");
    EXPECT_EQ(cfg.config.idleSeconds, 200);
    EXPECT_EQ(cfg.config.kioskId, "xa-dong-01"); // not in settings.toml: kiosk.toml's
    EXPECT_EQ(cfg.config.allowedHosts, std::vector<std::string>{"gov.vn"});
    EXPECT_EQ(cfg.config.contentKeysDir, "/etc/tramso/keys");
    const std::string d = all(cfg.diagnostics);
    EXPECT_NE(d.find("settings.toml:3: error: key 'allowed_hosts' cannot be set here"),
              std::string::npos)
        << d;
    EXPECT_NE(d.find("settings.toml:4: error: key 'content_keys_dir' cannot be set here"),
              std::string::npos)
        << d;
}

TEST(SettingsSplit, ABadValueInTheSettingsFileKeepsKioskTomlsAndSaysWhich) {
    ConfigLoad cfg = parseConfig(kRootConfig, "kiosk.toml");
    overlaySettings(cfg, "idle_seconds = \"soon\"\n", "settings.toml");
    EXPECT_EQ(cfg.config.idleSeconds, 120);
    EXPECT_NE(all(cfg.diagnostics).find("settings.toml:1: error: idle_seconds"), std::string::npos);
}

TEST(SettingsSplit, AnUpgradeCopiesEveryEditableValueOnceAndKeepsTheTrustAnchorsOut) {
    test::TempDir tmp("settings-split");
    const fs::path config = tmp / "kiosk.toml";
    std::ofstream(config) << kRootConfig << "[extra]\nsite_name = \"not top-level\"\n";
    ConfigLoad cfg = loadConfig(config);
    loadSettings(cfg, config, tmp.path(), true);
    const auto text = readFile(settingsFileIn(tmp.path()));
    ASSERT_TRUE(text);
    for (const char* line :
         {"site_name = \"Nhà văn hóa thôn Đông\"\n", "kiosk_id = \"xa-dong-01\"\n",
          "default_language = \"en\"\n", "idle_seconds = 120\n", "mm_per_px = 0.28\n",
          // the setup screen's place keys are the technician's too
          "province_code = \"22\"\n"}) {
        EXPECT_NE(text->find(line), std::string::npos) << line << *text;
    }
    for (const char* key : {"allowed_hosts", "content_keys_dir", "not top-level"}) {
        EXPECT_EQ(text->find(key), std::string::npos) << key << *text;
    }
    EXPECT_EQ(cfg.config.siteName, "Nhà văn hóa thôn Đông");
    EXPECT_EQ(cfg.config.defaultLanguage, Lang::En);
    EXPECT_FALSE(hasErrors(cfg.diagnostics)) << all(cfg.diagnostics);
    // the screen saves into it; the next start reads the saved value over kiosk.toml's
    ConfigEdit e = editOf(cfg.config);
    e.idleSeconds = "300";
    ConfigEditResult r = applyConfigEdit(*text, e);
    ASSERT_TRUE(r.config);
    std::ofstream(settingsFileIn(tmp.path())) << r.text;
    ConfigLoad again = loadConfig(config);
    loadSettings(again, config, tmp.path(), true);
    EXPECT_EQ(again.config.idleSeconds, 300);
    EXPECT_EQ(again.config.allowedHosts, std::vector<std::string>{"gov.vn"});
    EXPECT_EQ(readFile(config)->rfind("# root's\n", 0), 0u) << "kiosk.toml is never written";
}

TEST(SettingsSplit, AKioskRunWithItsOwnConfigIsNotMigrated) {
    test::TempDir tmp("settings-nomigrate");
    const fs::path config = tmp / "kiosk.toml";
    std::ofstream(config) << kRootConfig;
    ConfigLoad cfg = loadConfig(config);
    loadSettings(cfg, config, tmp.path()); // not /etc/tramso/kiosk.toml
    EXPECT_FALSE(fs::exists(settingsFileIn(tmp.path())));
    EXPECT_EQ(cfg.config.idleSeconds, 120);
}

// The team's phone and Zalo group are Settings-screen keys: settings.toml sets or clears them
// ("" clears, so kiosk.toml's value does not come back), and a Zalo link there is checked
// against kiosk.toml's allowed_hosts (settings.toml cannot hold any).
TEST(SettingsSplit, TheTeamsPhoneAndZaloAreSetOrClearedInTheSettingsFile) {
    const std::string root = std::string(kRootConfig) + "team_phone = \"0912 345 678\"\n";
    ConfigLoad cfg = parseConfig(root, "kiosk.toml");
    ASSERT_EQ(cfg.config.teamPhone, "0912 345 678");
    overlaySettings(cfg, "team_phone = \"\"\n", "settings.toml");
    EXPECT_EQ(cfg.config.teamPhone, "") << all(cfg.diagnostics);
    EXPECT_FALSE(hasErrors(cfg.diagnostics)) << all(cfg.diagnostics);

    // zalo.me allowed in kiosk.toml: the link in settings.toml is taken
    ConfigLoad withZalo = parseConfig("allowed_hosts = [\"gov.vn\", \"zalo.me\"]\n", "kiosk.toml");
    overlaySettings(withZalo, "team_zalo = \"https://zalo.me/g/abc123\"\n", "settings.toml");
    EXPECT_EQ(withZalo.config.teamZalo, "https://zalo.me/g/abc123") << all(withZalo.diagnostics);
    // not allowed there: refused, with the key named
    ConfigLoad without = parseConfig(kRootConfig, "kiosk.toml");
    overlaySettings(without, "team_zalo = \"https://zalo.me/g/abc123\"\n", "settings.toml");
    EXPECT_EQ(without.config.teamZalo, "");
    EXPECT_NE(all(without.diagnostics).find("settings.toml:1: error: team_zalo"), std::string::npos)
        << all(without.diagnostics);
}

// The form writes the phone with the config loader's own rule and clears with "".
TEST(SettingsSplit, TheFormChecksThePhoneWithTheLoadersRuleAndWritesAClearedOne) {
    ConfigLoad base = parseConfig("allowed_hosts = [\"gov.vn\", \"zalo.me\"]\n"
                                  "team_phone = \"0912 345 678\"\n"
                                  "team_zalo = \"https://zalo.me/g/abc123\"\n",
                                  "kiosk.toml");
    ConfigEdit e = editOf(base.config);
    EXPECT_EQ(e.teamPhone, "0912 345 678");
    ConfigEditResult kept = applyConfigEdit("", e);
    ASSERT_TRUE(kept.config) << (kept.errors.empty() ? "" : kept.errors.begin()->second);
    EXPECT_EQ(kept.config->teamZalo, "https://zalo.me/g/abc123");

    e.teamPhone = "12"; // too short for the loader's rule
    ConfigEditResult bad = applyConfigEdit("", e);
    EXPECT_FALSE(bad.config);
    ASSERT_EQ(bad.errors.count("team_phone"), 1u);
    EXPECT_NE(bad.errors["team_phone"].find("3 to 15 digits"), std::string::npos);

    e.teamPhone = "";
    e.teamZalo = "";
    ConfigEditResult cleared = applyConfigEdit("team_phone = \"0912 345 678\"\n", e);
    ASSERT_TRUE(cleared.config);
    EXPECT_EQ(cleared.config->teamPhone, "");
    EXPECT_NE(cleared.text.find("team_phone = \"\"\n"), std::string::npos) << cleared.text;
    EXPECT_NE(cleared.text.find("team_zalo = \"\"\n"), std::string::npos) << cleared.text;
    EXPECT_EQ(cleared.text.find("0912"), std::string::npos) << cleared.text;
}

TEST(SettingsSplit, TheScreensTurnIsOneOfFourAndTheSettingsFileMayHoldIt) {
    ConfigLoad cfg = parseConfig(kRootConfig, "kiosk.toml");
    EXPECT_EQ(cfg.config.screenRotation, 0);
    overlaySettings(cfg, "screen_rotation = 270\n", "settings.toml");
    EXPECT_EQ(cfg.config.screenRotation, 270);
    EXPECT_TRUE(cfg.diagnostics.empty()) << all(cfg.diagnostics);
    for (const char* bad :
         {"screen_rotation = 45\n", "screen_rotation = \"90\"\n", "screen_rotation = -90\n"}) {
        ConfigLoad c = parseConfig(kRootConfig, "kiosk.toml");
        overlaySettings(c, bad, "settings.toml");
        EXPECT_EQ(c.config.screenRotation, 0) << bad;
        EXPECT_NE(all(c.diagnostics)
                      .find("settings.toml:1: error: screen_rotation must be 0, 90, "
                            "180 or 270"),
                  std::string::npos)
            << bad << all(c.diagnostics);
    }
    // the form keeps it through an unrelated save
    ConfigEdit e = editOf(cfg.config);
    e.siteName = "Nhà văn hóa thôn Nà Làng";
    ConfigEditResult r = applyConfigEdit("screen_rotation = 270\n", e);
    ASSERT_TRUE(r.config);
    EXPECT_EQ(r.config->screenRotation, 270);
}
