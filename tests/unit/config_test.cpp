// Config: defaults, good values, and bad values that cost only themselves.
#include "kiosk/core/config/config.hpp"

#include <gtest/gtest.h>

using namespace tramso;

TEST(Config, MissingFileMeansDefaults) {
    ConfigLoad c = loadConfig("/nonexistent/kiosk.toml");
    EXPECT_FALSE(c.fileFound);
    EXPECT_TRUE(c.diagnostics.empty());
    EXPECT_EQ(c.config.idleSeconds, 90);
    EXPECT_EQ(c.config.warningSeconds, 20);
    EXPECT_EQ(c.config.defaultLanguage, Lang::Vi);
    EXPECT_FALSE(c.config.mmPerPx.has_value());
}

TEST(Config, ReadsEveryKey) {
    ConfigLoad c = parseConfig(R"(site_name = "Nhà văn hóa thôn Bản Chang"
kiosk_id = "bac-kan-07"
default_language = "en"
default_text_size = "A+"
idle_seconds = 120
warning_seconds = 30
mm_per_px = 0.28
data_dir = "/srv/tramso"
)",
                               "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty()) << c.diagnostics.front().format();
    EXPECT_EQ(c.config.siteName, "Nhà văn hóa thôn Bản Chang");
    EXPECT_EQ(c.config.kioskId, "bac-kan-07");
    EXPECT_EQ(c.config.defaultLanguage, Lang::En);
    EXPECT_EQ(c.config.defaultTextSize, TextSize::Large);
    EXPECT_EQ(c.config.idleSeconds, 120);
    EXPECT_EQ(c.config.warningSeconds, 30);
    EXPECT_DOUBLE_EQ(*c.config.mmPerPx, 0.28);
    EXPECT_EQ(c.config.dataDir->string(), "/srv/tramso");
}

TEST(Config, BadValueNamesKeyAndLineAndKeepsDefault) {
    ConfigLoad c =
        parseConfig("site_name = \"A\"\nidle_seconds = \"abc\"\nwarning_seconds = 5\n"
                    "mm_per_px = 9.0\nkiosk_id = \"Bad Id!\"\ndefault_language = \"fr\"\n",
                    "kiosk.toml");
    ASSERT_EQ(c.diagnostics.size(), 5u);
    EXPECT_EQ(c.diagnostics[0].format(),
              "kiosk.toml:5: error: kiosk_id must be 1 to 40 lowercase letters, digits or '-'; "
              "using the default");
    bool sawIdle = false, sawWarn = false, sawMm = false;
    for (const auto& d : c.diagnostics) {
        sawIdle |= d.line == 2 && d.message.find("idle_seconds") != std::string::npos;
        sawWarn |= d.line == 3 && d.message.find("between 20 and 300") != std::string::npos;
        sawMm |= d.line == 4 && d.message.find("mm_per_px") != std::string::npos;
    }
    EXPECT_TRUE(sawIdle && sawWarn && sawMm);
    EXPECT_EQ(c.config.siteName, "A"); // the good key still counts
    EXPECT_EQ(c.config.idleSeconds, 90);
    EXPECT_EQ(c.config.warningSeconds, 20);
    EXPECT_FALSE(c.config.mmPerPx);
    EXPECT_EQ(c.config.kioskId, "tramso-01");
    EXPECT_EQ(c.config.defaultLanguage, Lang::Vi);
}

TEST(Config, BrokenTomlGivesLineAndDefaults) {
    ConfigLoad c = parseConfig("site_name = \"ok\"\nidle_seconds = = 3\n", "kiosk.toml");
    ASSERT_EQ(c.diagnostics.size(), 1u);
    EXPECT_EQ(c.diagnostics[0].line, 2);
    EXPECT_EQ(c.config.siteName, "Nhà văn hóa");
}

TEST(Config, UnknownKeyIsAWarning) {
    ConfigLoad c = parseConfig("idle_second = 30\n", "kiosk.toml");
    ASSERT_EQ(c.diagnostics.size(), 1u);
    EXPECT_EQ(c.diagnostics[0].severity, Diagnostic::Severity::Warning);
    EXPECT_NE(c.diagnostics[0].message.find("idle_second"), std::string::npos);
}

TEST(Config, SampleConfigInPackagingIsClean) {
    ConfigLoad c = loadConfig(std::string(TRAMSO_SOURCE_DIR) + "/packaging/kiosk.toml");
    EXPECT_TRUE(c.fileFound);
    for (const auto& d : c.diagnostics) {
        ADD_FAILURE() << d.format();
    }
}

TEST(Config, VoiceKeys) {
    ConfigLoad d = parseConfig("", "kiosk.toml");
    EXPECT_TRUE(d.config.voice);
    EXPECT_EQ(d.config.voiceVolume, 2);
    EXPECT_EQ(d.config.voiceDevice, "default");
    ConfigLoad c = parseConfig("voice = false\nvoice_volume = 3\nvoice_device = \"plughw:1,0\"\n",
                               "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty()) << c.diagnostics.front().format();
    EXPECT_FALSE(c.config.voice);
    EXPECT_EQ(c.config.voiceVolume, 3);
    EXPECT_EQ(c.config.voiceDevice, "plughw:1,0");
    ConfigLoad bad =
        parseConfig("voice = \"yes\"\nvoice_volume = 4\nvoice_device = \"a b\"\n", "kiosk.toml");
    ASSERT_EQ(bad.diagnostics.size(), 3u);
    EXPECT_EQ(bad.diagnostics[0].line, 2); // voice_volume is read first
    EXPECT_TRUE(bad.config.voice);
    EXPECT_EQ(bad.config.voiceVolume, 2);
    EXPECT_EQ(bad.config.voiceDevice, "default");
}

TEST(Config, IdentityForTheProvince) {
    ConfigLoad c = parseConfig(R"(province_code = "22"
province_name = "Quảng Ninh"
commune_code = "06667"
commune_name = "Xã Quảng Tân"
)",
                               "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty()) << c.diagnostics.front().format();
    EXPECT_EQ(c.config.provinceCode, "22");
    EXPECT_EQ(c.config.provinceName, "Quảng Ninh");
    EXPECT_EQ(c.config.communeCode, "06667");
    EXPECT_EQ(c.config.communeName, "Xã Quảng Tân");

    ConfigLoad bad = parseConfig("province_code = 22\ncommune_code = \"6667\"\n"
                                 "province_name = \"\"\ncommune_name = \"a\\nb\"\n",
                                 "kiosk.toml");
    ASSERT_EQ(bad.diagnostics.size(), 4u);
    EXPECT_EQ(bad.diagnostics[0].format(),
              "kiosk.toml:1: error: province_code must be a text in quotes; using the default");
    EXPECT_NE(bad.diagnostics[2].message.find("5 digits"), std::string::npos)
        << bad.diagnostics[2].message;
    EXPECT_EQ(bad.diagnostics[2].line, 2);
    EXPECT_TRUE(bad.config.provinceCode.empty());
    EXPECT_TRUE(bad.config.communeCode.empty());
    EXPECT_TRUE(bad.config.provinceName.empty());
    EXPECT_TRUE(bad.config.communeName.empty());
}

// "Call the team": the team's phone (digits, spaces, a leading '+') and its Zalo group (https,
// on allowed_hosts); a bad value costs only itself.
TEST(Config, TeamPhoneAndZaloGroup) {
    ConfigLoad c = parseConfig(R"(allowed_hosts = ["gov.vn", "zalo.me"]
team_phone = "+84 912 345 678"
team_zalo = "https://zalo.me/g/abcdef123"
)",
                               "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty()) << c.diagnostics.front().format();
    EXPECT_EQ(c.config.teamPhone, "+84 912 345 678");
    EXPECT_EQ(c.config.teamZalo, "https://zalo.me/g/abcdef123");
    EXPECT_TRUE(parseConfig("", "k.toml").config.teamPhone.empty());

    for (const char* bad : {"0912-345-678", "call 113", "12", "0912  345", "+", "1234567890123456",
                            " 0912", "09+12"}) {
        ConfigLoad b = parseConfig(std::string("team_phone = \"") + bad + "\"\n", "kiosk.toml");
        ASSERT_EQ(b.diagnostics.size(), 1u) << bad;
        EXPECT_NE(b.diagnostics[0].format().find("kiosk.toml:1: error: team_phone must be a phone"),
                  std::string::npos)
            << b.diagnostics[0].format();
        EXPECT_TRUE(b.config.teamPhone.empty()) << bad;
    }
    // not on the allowlist (the default has no zalo.me), or not https: refused, named
    ConfigLoad off = parseConfig("team_zalo = \"https://zalo.me/g/abc\"\n", "kiosk.toml");
    ASSERT_EQ(off.diagnostics.size(), 1u);
    EXPECT_NE(off.diagnostics[0].format().find("kiosk.toml:1: error: team_zalo is refused"),
              std::string::npos)
        << off.diagnostics[0].format();
    EXPECT_TRUE(off.config.teamZalo.empty());
    ConfigLoad http = parseConfig(
        "allowed_hosts = [\"zalo.me\"]\nteam_zalo = \"http://zalo.me/g/abc\"\n", "kiosk.toml");
    EXPECT_EQ(http.diagnostics.size(), 1u);
    EXPECT_TRUE(http.config.teamZalo.empty());
}
