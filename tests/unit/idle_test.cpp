// The idle reset, with a clock the test moves.
#include "kiosk/core/visit/kiosk.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace tramso;

TEST(IdleTimer, Phases) {
    IdleTimer t(90, 20);
    t.touch(0);
    EXPECT_EQ(t.phase(89.9), IdleTimer::Phase::Active);
    EXPECT_EQ(t.phase(90), IdleTimer::Phase::Warning);
    EXPECT_EQ(t.secondsLeft(90), 20);
    EXPECT_EQ(t.secondsLeft(90.5), 20);
    EXPECT_EQ(t.secondsLeft(109.2), 1);
    EXPECT_EQ(t.phase(110), IdleTimer::Phase::Expired);
    EXPECT_DOUBLE_EQ(t.nextChange(10), 90);
    EXPECT_NEAR(t.nextChange(95.25), 96, 1e-9);
}

struct KioskTest : ::testing::Test {
    ManualClock clock;
    Config config;
    std::unique_ptr<Kiosk> kiosk;
    void SetUp() override { kiosk = std::make_unique<Kiosk>(config, clock); }
    void startVisit() { kiosk->apply(intent::StartVisit{}); }
};

TEST_F(KioskTest, AttractNeverTimesOut) {
    clock.advance(10000);
    kiosk->tick();
    EXPECT_EQ(kiosk->route().screen, ScreenId::Attract);
    EXPECT_FALSE(kiosk->idleWarningShown());
    EXPECT_EQ(kiosk->visitsEnded(), 0);
}

TEST_F(KioskTest, WarnsThenResetsAndForgetsTheVisit) {
    startVisit();
    kiosk->apply(intent::SetLanguage{Lang::En});
    kiosk->apply(intent::SetTextSize{TextSize::Large});
    kiosk->apply(intent::SetContrast{Contrast::High});
    kiosk->apply(intent::Open{Route{ScreenId::Skill, 4}});
    clock.advance(89);
    kiosk->tick();
    EXPECT_FALSE(kiosk->idleWarningShown());
    clock.advance(1.5);
    kiosk->tick();
    EXPECT_TRUE(kiosk->idleWarningShown());
    EXPECT_EQ(kiosk->idleSecondsLeft(), 20);
    auto cues = kiosk->takeCues();
    ASSERT_EQ(cues.size(), 1u);
    EXPECT_EQ(cues[0], Cue::IdleWarning);
    kiosk->tick();
    EXPECT_TRUE(kiosk->takeCues().empty()); // one sound per warning
    clock.advance(20);
    kiosk->tick();
    EXPECT_EQ(kiosk->route().screen, ScreenId::Attract);
    EXPECT_EQ(kiosk->navDepth(), 1u);
    EXPECT_EQ(kiosk->settings(), kiosk->defaultSettings());
    EXPECT_EQ(kiosk->visitsEnded(), 1);
}

TEST_F(KioskTest, MoreTimeKeepsTheVisit) {
    startVisit();
    kiosk->apply(intent::SetLanguage{Lang::En});
    clock.advance(100);
    kiosk->tick();
    ASSERT_TRUE(kiosk->idleWarningShown());
    kiosk->apply(intent::MoreTime{});
    kiosk->tick();
    EXPECT_FALSE(kiosk->idleWarningShown());
    clock.advance(89);
    kiosk->tick();
    EXPECT_EQ(kiosk->route().screen, ScreenId::Home);
    EXPECT_EQ(kiosk->settings().lang, Lang::En);
}

TEST_F(KioskTest, AnyTouchCountsAsPresence) {
    startVisit();
    clock.advance(80);
    kiosk->touched();
    clock.advance(80);
    kiosk->tick();
    EXPECT_FALSE(kiosk->idleWarningShown());
    EXPECT_EQ(kiosk->route().screen, ScreenId::Home);
}

TEST_F(KioskTest, ConfiguredTimes) {
    config.idleSeconds = 30;
    config.warningSeconds = 25;
    kiosk = std::make_unique<Kiosk>(config, clock);
    startVisit();
    clock.advance(30);
    kiosk->tick();
    EXPECT_EQ(kiosk->idleSecondsLeft(), 25);
    clock.advance(25);
    kiosk->tick();
    EXPECT_EQ(kiosk->route().screen, ScreenId::Attract);
}

TEST_F(KioskTest, CallTeamChimesAndOpensHelp) {
    startVisit();
    kiosk->apply(intent::CallTeam{});
    EXPECT_EQ(kiosk->route().screen, ScreenId::Help);
    auto cues = kiosk->takeCues();
    ASSERT_EQ(cues.size(), 1u);
    EXPECT_EQ(cues[0], Cue::Chime);
    kiosk->apply(intent::Back{});
    EXPECT_EQ(kiosk->route().screen, ScreenId::Home);
}

TEST_F(KioskTest, DeepLinkStartsAVisit) {
    kiosk->apply(intent::Open{Route{ScreenId::Skill, 2}});
    EXPECT_EQ(kiosk->route(), (Route{ScreenId::Skill, 2}));
    kiosk->apply(intent::Back{});
    EXPECT_EQ(kiosk->route().screen, ScreenId::Home); // back from a deep link lands home
    kiosk->apply(intent::Open{Route{ScreenId::Attract, 0}});
    EXPECT_EQ(kiosk->route().screen, ScreenId::Attract);
}

TEST_F(KioskTest, NextTimedChangeForPacing) {
    EXPECT_TRUE(std::isinf(kiosk->nextTimedChange())); // attract: nothing timed
    startVisit();
    EXPECT_NEAR(kiosk->nextTimedChange() - clock.now(), 90, 1e-9);
}
