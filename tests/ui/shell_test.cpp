// Residents' paths through the shell, tapped by label like a finger would.
#include "harness.hpp"

#include <imgui_internal.h>

using namespace tramso;
using tramso::test::Harness;

namespace {

// Taps a text-size, contrast or language button: in the toolbar when it shows them, else
// in the panel its "Aa" button opens (then closed again).
bool tapSetting(Harness& h, const std::string& label) {
    if (h.item(label)) {
        return h.tap(label);
    }
    if (!h.tap(h.tr("toolbar.settings"))) {
        return false;
    }
    const bool ok = h.tap(label);
    h.tap(h.tr("toolbar.done"));
    return ok;
}

} // namespace

TEST(Shell, AttractTouchOpensHome) {
    Harness h;
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_TRUE(h.shows("Chạm vào màn hình để bắt đầu"));
    EXPECT_TRUE(h.shows("Touch the screen to start"));
    EXPECT_TRUE(h.shows(h.kiosk->config().siteName));
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    EXPECT_EQ(h.screen(), ScreenId::Home);
}

TEST(Shell, HomeHasFiveSkillsAndOfficialAddresses) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame(2);
    for (int s = 1; s <= 5; ++s) {
        const std::string& title = h.tr("skill." + std::to_string(s) + ".title");
        ASSERT_NE(h.item(title), nullptr) << title;
        EXPECT_TRUE(h.shows(h.tr("skill." + std::to_string(s) + ".desc")));
    }
    EXPECT_NE(h.item("Địa chỉ chính thức"), nullptr);
    EXPECT_NE(h.item("Gọi tổ công nghệ số"), nullptr);
}

TEST(Shell, SkillTileOpensItsLessonList) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame(2);
    ASSERT_TRUE(h.tap("Thanh toán trực tuyến"));
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 3}));
    EXPECT_NE(h.item("Trả tiền bằng mã QR (VietQR)"), nullptr);
    EXPECT_TRUE(h.shows("6 phút · 7 bước")); // VietQR: + the scam-account warning
    EXPECT_FALSE(h.shows("Bài học đang được chuẩn bị"));
    ASSERT_TRUE(h.tap("Quay lại"));
    EXPECT_EQ(h.screen(), ScreenId::Home);
}

TEST(Shell, SkillWithoutLessonsSaysSoPlainly) {
    Harness h;
    h.content.tutorials.tutorials.clear();
    h.rebuild(&h.recorder);
    h.app->open(Route{ScreenId::Skill, 2});
    h.frame(2);
    EXPECT_TRUE(h.shows("Bài học đang được chuẩn bị"));
    for (const auto& it : h.app->registry().items()) {
        EXPECT_NE(it.role, "tile") << "no fake entries: " << it.label;
    }
}

TEST(Shell, OfficialAddressesTileOpensItsPage) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame(2);
    ASSERT_TRUE(h.tap("Địa chỉ chính thức"));
    EXPECT_EQ(h.screen(), ScreenId::Portals);
}

TEST(Shell, CallTeamShowsHelpWithChime) {
    Harness h;
    h.app->open(Route{ScreenId::Skill, 4});
    h.frame(2);
    h.app->takeCues();
    ASSERT_TRUE(h.tap("Gọi tổ công nghệ số"));
    EXPECT_EQ(h.screen(), ScreenId::Help);
    EXPECT_TRUE(h.shows("Chuông đã reo trong nhà văn hóa"));
    auto cues = h.app->takeCues();
    ASSERT_EQ(cues.size(), 1u);
    EXPECT_EQ(cues[0], Cue::Chime);
    ASSERT_TRUE(h.tap("Quay lại"));
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 4}));
}

TEST(Shell, ToolbarChangesApplyAtOnceToEveryWord) {
    Harness h;
    h.app->open(Route{ScreenId::Skill, 1});
    h.frame(2);
    ASSERT_TRUE(h.tap("English"));
    EXPECT_EQ(h.kiosk->settings().lang, Lang::En);
    // no text on screen is still a Vietnamese one
    std::vector<std::string> vietnamese;
    for (const auto& [k, v] : h.strings.all()) {
        if (v.vi != v.en) {
            vietnamese.push_back(v.vi);
        }
    }
    for (const auto& t : h.content.tutorials.tutorials) {
        vietnamese.push_back(t.title.vi);
        vietnamese.push_back(t.summary.vi);
    }
    for (const auto& t : h.app->registry().texts()) {
        for (const auto& vi : vietnamese) {
            EXPECT_EQ(t.text.find(vi), std::string::npos) << t.text;
        }
    }
    EXPECT_TRUE(h.shows("Online public services"));
    ASSERT_TRUE(tapSetting(h, "A+"));
    EXPECT_EQ(h.kiosk->settings().textSize, TextSize::Large);
    float big = h.app->registry().texts().front().capHeightPx;
    ASSERT_TRUE(tapSetting(h, "A–"));
    EXPECT_EQ(h.kiosk->settings().textSize, TextSize::Small);
    float small = h.app->registry().texts().front().capHeightPx;
    EXPECT_GE(big / small, 1.5f);
    ASSERT_TRUE(tapSetting(h, "A"));
    EXPECT_EQ(h.kiosk->settings().textSize, TextSize::Normal);
    ASSERT_TRUE(tapSetting(h, "High contrast"));
    EXPECT_EQ(h.kiosk->settings().contrast, Contrast::High);
    EXPECT_TRUE(h.item("High contrast")->selected);
    ASSERT_TRUE(tapSetting(h, "High contrast"));
    EXPECT_EQ(h.kiosk->settings().contrast, Contrast::Normal);
    ASSERT_TRUE(tapSetting(h, "Tiếng Việt"));
    EXPECT_EQ(h.kiosk->settings().lang, Lang::Vi);
    ASSERT_TRUE(h.tap("Trang chủ"));
    EXPECT_EQ(h.screen(), ScreenId::Home);
}

TEST(Shell, IdleWarningCountsDownAndMoreTimeKeepsTheVisit) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame();
    ASSERT_TRUE(tapSetting(h, "English"));
    h.clock.advance(90);
    h.frame(2);
    ASSERT_TRUE(h.kiosk->idleWarningShown());
    EXPECT_TRUE(h.shows("Are you still there?"));
    EXPECT_TRUE(h.shows("20"));
    // the modal layer hides the toolbar from taps
    EXPECT_EQ(h.item("Home"), nullptr);
    h.clock.advance(5);
    h.frame();
    EXPECT_TRUE(h.shows("in 15 seconds"));
    ASSERT_TRUE(h.tap("I need more time"));
    EXPECT_FALSE(h.kiosk->idleWarningShown());
    EXPECT_EQ(h.screen(), ScreenId::Home);
    EXPECT_EQ(h.kiosk->settings().lang, Lang::En);
}

TEST(Shell, IdleResetForgetsTheVisit) {
    Harness h;
    h.app->open(Route{ScreenId::Skill, 2});
    h.frame();
    ASSERT_TRUE(tapSetting(h, "A+"));
    ASSERT_TRUE(tapSetting(h, "Tương phản cao"));
    ASSERT_TRUE(tapSetting(h, "English"));
    h.clock.advance(90);
    h.frame();
    h.clock.advance(20);
    h.frame(2);
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_EQ(h.kiosk->settings(), h.kiosk->defaultSettings());
}

TEST(Shell, TouchAnywhereDuringWarningCountsAsPresence) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame();
    h.clock.advance(95);
    h.frame();
    ASSERT_TRUE(h.kiosk->idleWarningShown());
    h.app->pointerDown(ImVec2(10, 1070));
    h.frame();
    EXPECT_TRUE(h.kiosk->idleWarningShown()); // still showing while the finger is down
    h.app->pointerUp(ImVec2(10, 1070));
    h.frame(2);
    EXPECT_FALSE(h.kiosk->idleWarningShown());
    EXPECT_EQ(h.screen(), ScreenId::Home);
}

TEST(Touch, PressedStateShowsAtOnceAndFiresOnRelease) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame();
    const ui::TappableItem* it = h.item("Mua sắm trực tuyến");
    ASSERT_NE(it, nullptr);
    Rgb before = it->bg;
    ImVec2 c((it->min.x + it->max.x) * 0.5f, (it->min.y + it->max.y) * 0.5f);
    h.app->pointerDown(c);
    h.frame();
    EXPECT_NE(h.item("Mua sắm trực tuyến")->bg, before); // pressed colour in the same frame
    h.frame(5);
    EXPECT_EQ(h.screen(), ScreenId::Home); // nothing fires while held
    h.app->pointerUp(c);
    h.frame();
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 2}));
    h.frame();
    EXPECT_LT(ImGui::GetIO().MousePos.x, -1e30f); // the finger left: nothing stays hovered
    EXPECT_EQ(ImGui::GetCurrentContext()->HoveredId, 0u);
}

TEST(Touch, QuickTapWithinOneFrameStillCounts) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame();
    const ui::TappableItem* it = h.item("Mua sắm trực tuyến");
    ImVec2 c((it->min.x + it->max.x) * 0.5f, (it->min.y + it->max.y) * 0.5f);
    h.app->pointerDown(c);
    h.app->pointerUp(c); // both before the next frame
    h.frame(3);
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 2}));
}

TEST(Touch, AFingerThatMovesScrollsInsteadOfTapping) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame();
    ASSERT_TRUE(h.swipe("Mua sắm trực tuyến", ImVec2(0, -h.app->ui().mm(12))));
    h.frame(3);
    EXPECT_EQ(h.screen(), ScreenId::Home);
    // a wobble under the threshold is still a tap
    ASSERT_TRUE(h.swipe("Mua sắm trực tuyến", ImVec2(0, h.app->ui().mm(2)), 2));
    h.frame(2);
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 2}));
}

TEST(Touch, KineticScrollWithInertiaAndBigButtons) {
    // A 15.6" 1366×768 touchscreen at A+: the list of official addresses no longer fits.
    Config cfg;
    cfg.defaultTextSize = TextSize::Large;
    Harness h(ImVec2(1366, 768), 0.252f, cfg);
    h.app->open(Route{ScreenId::Portals, 0});
    h.frame(4);
    ASSERT_NE(h.item("Xuống"), nullptr) << "overflowing lists get big up/down buttons";
    ASSERT_NE(h.item("Lên"), nullptr);
    const std::string first = h.content.portals.all().front().title.vi;
    float y0 = h.item(first)->min.y;
    // fling upwards: the list keeps moving after the finger lifts, then stops
    ASSERT_TRUE(h.swipe(first, ImVec2(0, -120), 4));
    float y1 = h.item(first)->min.y;
    EXPECT_LT(y1, y0);
    EXPECT_TRUE(h.app->wantsFullRate());
    h.frame(3);
    float y2 = h.item(first)->min.y;
    EXPECT_LT(y2, y1) << "inertia";
    h.frame(300);
    EXPECT_FALSE(h.app->wantsFullRate()) << "inertia ends";
    EXPECT_EQ(h.screen(), ScreenId::Portals);
    // the Up button brings it back
    for (int i = 0; i < 5; ++i) {
        h.tap("Lên");
    }
    ASSERT_NE(h.item(first), nullptr);
    EXPECT_NEAR(h.item(first)->min.y, y0, 1.0f);
    h.tap("Xuống");
    const ui::TappableItem* after = nullptr;
    for (const auto& it : h.app->registry().items()) {
        after = it.label == first ? &it : after;
    }
    ASSERT_NE(after, nullptr);
    EXPECT_LT(after->min.y, y0);
}

TEST(Pacing, StaticScreenWaitsForTheIdleDeadline) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    h.frame(5);
    EXPECT_FALSE(h.app->wantsFullRate());
    EXPECT_NEAR(h.app->secondsUntilNextFrame(), 90.0, 0.2);
    h.app->pointerDown(ImVec2(5, 5));
    EXPECT_TRUE(h.app->wantsFullRate());
}

TEST(Pacing, AttractAnimatesAtALowRate) {
    Harness h;
    h.frame(5);
    EXPECT_FALSE(h.app->wantsFullRate());
    EXPECT_NEAR(h.app->secondsUntilNextFrame(), 1.0 / 12.0, 1e-6);
}

TEST(Shell, TinyScreenAtLargestTextKeepsThePageUsable) {
    // a 10" 1024×600 panel at A+: the toolbar stays one band, the tiles page with big arrows
    Config cfg;
    cfg.defaultTextSize = TextSize::Large;
    Harness h(ImVec2(1024, 600), 0.22f, cfg);
    h.app->open(Route{ScreenId::Home, 0});
    h.frame(4);
    EXPECT_LT(h.item("Trang chủ")->max.y, 600 * 0.2f); // the toolbar leaves room for the page
    EXPECT_TRUE(h.shows("1/")) << "the tiles page";
    for (int i = 0; i < 6 && !h.item("Dịch vụ công trực tuyến"); ++i) {
        ASSERT_TRUE(h.tap(h.tr("home.next_page")));
    }
    ASSERT_TRUE(h.tap("Dịch vụ công trực tuyến"));
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 1}));
}

TEST(Pacing, SettingTheSameDisplayEveryFrameDoesNotKeepRendering) {
    Harness h;
    h.app->open(Route{ScreenId::Home, 0});
    for (int i = 0; i < 6; ++i) {
        h.app->setDisplay(h.display, h.mmPerPx); // what the platform does before each frame
        h.frame();
    }
    EXPECT_FALSE(h.app->wantsFullRate());
    h.app->setDisplay(ImVec2(1280, 800), h.mmPerPx); // a real change does
    EXPECT_TRUE(h.app->wantsFullRate());
}
