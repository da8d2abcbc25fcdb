// "Gọi tổ công nghệ số" says what really happens: the chime has sounded in the hall; if nobody
// comes, the team's phone number and Zalo group (from the config) — or, with neither set,
// where to ask in the building. No promise of a visit the kiosk cannot keep. The dashboard
// counts the call as before.
#include "harness.hpp"

#include "kiosk/core/base/text.hpp"

using namespace tramso;
using tramso::test::Harness;

namespace {

Config withTeam(const std::string& phone, const std::string& zalo) {
    Config cfg;
    cfg.allowedHosts = {"gov.vn", "tinnhiemmang.vn", "zalo.me"};
    cfg.teamPhone = phone;
    cfg.teamZalo = zalo;
    return cfg;
}

} // namespace

TEST(HelpUi, ShowsTheTeamsPhoneAndZaloCodeAfterTheChime) {
    for (const auto& [size, mmPerPx] :
         {std::pair{ImVec2(1920, 1080), 0.265f}, std::pair{ImVec2(1366, 768), 0.252f},
          std::pair{ImVec2(1080, 1920), 0.265f}}) {
        Harness h(size, mmPerPx, withTeam("0912 345 678", "https://zalo.me/g/abcdef123"));
        h.settle();
        ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
        h.app->takeCues();
        ASSERT_TRUE(h.tap("Gọi tổ công nghệ số"));
        ASSERT_EQ(h.screen(), ScreenId::Help);
        h.settle();
        EXPECT_EQ(h.app->takeCues(), std::vector<Cue>{Cue::Chime});
        EXPECT_TRUE(h.shows(h.tr("help.title")));
        EXPECT_TRUE(h.shows(h.tr("help.reach_both")));
        EXPECT_TRUE(h.shows("0912 345 678"));
        EXPECT_FALSE(h.shows(h.tr("help.ask")));
        const auto& qrs = h.app->registry().qrCodes();
        ASSERT_EQ(qrs.size(), 1u) << size.x;
        EXPECT_EQ(qrs[0].url, "https://zalo.me/g/abcdef123");
        EXPECT_LE(qrs[0].max.y, size.y) << "the code is wholly on screen at " << size.x;
        EXPECT_GE(qrs[0].min.y, 0.0f);
        ASSERT_NE(h.item(h.tr("common.back")), nullptr);
        EXPECT_LE(h.item(h.tr("common.back"))->max.y, size.y);
    }
}

TEST(HelpUi, PhoneAloneOrZaloAloneSayOnlyWhatIsThere) {
    {
        Harness h({1920, 1080}, 0.265f, withTeam("+84 912 345 678", ""));
        h.app->open(Route{ScreenId::Help});
        h.settle();
        EXPECT_TRUE(h.shows(h.tr("help.reach_phone")));
        EXPECT_TRUE(h.shows("+84 912 345 678"));
        EXPECT_TRUE(h.app->registry().qrCodes().empty());
    }
    {
        Harness h({1920, 1080}, 0.265f, withTeam("", "https://zalo.me/g/xyz"));
        h.app->open(Route{ScreenId::Help});
        h.settle();
        EXPECT_TRUE(h.shows(h.tr("help.reach_zalo")));
        ASSERT_EQ(h.app->registry().qrCodes().size(), 1u);
    }
}

// Neither key: no promise that someone is coming; where to ask in the building, in both
// languages.
TEST(HelpUi, WithoutTeamContactsItTellsWhereToAskInTheBuilding) {
    Harness h;
    h.app->open(Route{ScreenId::Help});
    h.settle();
    EXPECT_TRUE(h.shows("Chuông đã reo trong nhà văn hóa"));
    EXPECT_TRUE(h.shows(h.tr("help.ask")));
    EXPECT_NE(h.tr("help.ask").find("bàn tiếp đón của nhà văn hóa"), std::string::npos);
    EXPECT_FALSE(
        h.shows("Một thành viên trong tổ sẽ đến giúp bạn. Xin mời bạn chờ ở đây một chút."));
    EXPECT_TRUE(h.app->registry().qrCodes().empty());
    h.kiosk->apply(intent::SetLanguage{Lang::En});
    h.settle();
    EXPECT_TRUE(h.shows("The chime has sounded in the hall"));
    EXPECT_NE(h.tr("help.ask").find("reception desk"), std::string::npos);
    EXPECT_TRUE(h.shows(h.tr("help.ask")));
}

// A technician sets the team's number on the Settings screen's keypad (a finger alone): a
// number too short is refused with a clear message and nothing is saved; a good one is saved
// into the settings file and the help screen shows it at once. The Zalo link, which cannot be
// typed by touch, can be removed there; the screen says how it is set.
TEST(HelpUi, ATechnicianSetsTheTeamsNumberByTouchAndTheHelpScreenShowsIt) {
    Harness h({1366, 768}, 0.252f, withTeam("0912 345 678", "https://zalo.me/g/abcdef123"));
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap("Cài đặt máy"));
    ASSERT_EQ(h.screen(), ScreenId::Settings);
    h.settle();
    EXPECT_TRUE(h.shows("0912 345 678"));
    EXPECT_TRUE(h.shows(h.tr("settings.zalo_how")));
    auto typed = [&] { return h.kiosk->settingsForm().edit.teamPhone; };
    // a finger scrolls the form up or down to the key it wants
    auto press = [&](const std::string& label) {
        for (int i = 0; i < 12 && !h.item(label) && h.tap(h.tr("common.up")); ++i) {
        }
        return h.tapScrolled(label);
    };
    // the settings file the screen writes (atomically) in the data folder
    auto fileText = [&] { return readFile(settingsFileIn(h.dataDir)).value_or(""); };

    // too short: refused, said in plain words, nothing written or applied
    ASSERT_TRUE(press(h.tr("settings.clear_phone")));
    EXPECT_EQ(typed(), "");
    ASSERT_TRUE(press("1"));
    ASSERT_TRUE(press("2"));
    EXPECT_EQ(typed(), "12");
    const std::string before = fileText();
    ASSERT_TRUE(press(h.tr("settings.save")));
    EXPECT_TRUE(h.shows(h.tr("settings.team_phone_bad")));
    EXPECT_TRUE(h.shows(h.tr("settings.not_saved")));
    EXPECT_EQ(fileText(), before);
    EXPECT_EQ(h.kiosk->config().teamPhone, "0912 345 678");

    // corrected on the keypad: "Delete last" twice, then a whole number
    ASSERT_TRUE(press(h.tr("settings.erase_digit")));
    ASSERT_TRUE(press(h.tr("settings.erase_digit")));
    EXPECT_EQ(typed(), "");
    for (const char d : std::string("0987654321")) {
        ASSERT_TRUE(press(std::string(1, d))) << d;
    }
    EXPECT_EQ(typed(), "0987654321");
    ASSERT_TRUE(press(h.tr("settings.clear_zalo")));
    ASSERT_TRUE(press(h.tr("settings.save")));
    EXPECT_TRUE(h.shows(h.tr("settings.saved")));
    EXPECT_FALSE(h.shows(h.tr("settings.team_phone_bad")));
    EXPECT_EQ(h.kiosk->config().teamPhone, "0987654321");
    EXPECT_EQ(h.kiosk->config().teamZalo, "");
    EXPECT_NE(fileText().find("team_phone = \"0987654321\"\n"), std::string::npos) << fileText();
    EXPECT_NE(fileText().find("team_zalo = \"\"\n"), std::string::npos) << fileText();

    // a resident's "call the team" now shows the new number and no Zalo code
    h.app->open(Route{ScreenId::Attract});
    h.settle();
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap("Gọi tổ công nghệ số"));
    ASSERT_EQ(h.screen(), ScreenId::Help);
    h.settle();
    EXPECT_TRUE(h.shows("0987654321"));
    EXPECT_FALSE(h.shows("0912 345 678"));
    EXPECT_TRUE(h.shows(h.tr("help.reach_phone")));
    EXPECT_TRUE(h.app->registry().qrCodes().empty());
}
