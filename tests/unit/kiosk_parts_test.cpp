// The kiosk's parts on their own and the coordinator's staff state machine, without ImGui:
// PIN entry, wrong PINs and the lock, the 5-minute logout, team vs technician routes, guided
// sessions, the settings form, safe mode's retry and the visit closed at shutdown.
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/staff/pin.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <limits>
#include <map>
#include <thread>

using namespace tramso;

// A staff directory in memory with the real lock-out rule and real (cheap) hashes.
class FakeDirectory final : public StaffDirectory {
  public:
    bool hasStaff() override { return !members.empty(); }
    PinAttempt beginCheck(int64_t now) override {
        PinAttempt a;
        if (members.empty()) {
            a.decided = PinCheck{PinCheck::Result::NoStaff, {}, 0, 0, {}};
        } else if (isLocked(state, now)) {
            a.decided = PinCheck{PinCheck::Result::Locked, {}, 0, state.lockedUntil, {}};
        } else {
            for (const auto& [pin, m] : members) {
                a.candidates.push_back({m, hashPin(pin, PinCost::Minimum)});
            }
        }
        return a;
    }
    PinCheck finishCheck(std::optional<StaffMember> match, int64_t now) override {
        PinCheck r;
        if (match) {
            state = PinLock{};
            r.result = PinCheck::Result::Ok;
            r.member = std::move(match);
            return r;
        }
        state = afterWrongPin(state, now);
        r.result = isLocked(state, now) ? PinCheck::Result::Locked : PinCheck::Result::Wrong;
        r.lockedUntil = state.lockedUntil;
        r.triesLeft = kMaxWrongPins - state.failures;
        return r;
    }
    PinLock lock() override { return state; }

    std::map<std::string, StaffMember> members;
    PinLock state;
};

struct KioskFixture : ::testing::Test {
    KioskFixture() : kiosk(Config(), clock, &rec, &test::bundledContent().tutorials) {
        dir.members["246810"] = StaffMember{1, Role::Team, "team", 0};
        dir.members["135790"] = StaffMember{2, Role::Technician, "tech", 0};
        kiosk.setStaffDirectory(&dir);
        kiosk.setPlans(&test::bundledContent().plans);
        kiosk.setWallClock([this] { return int64_t{1'900'000'000} + int64_t(clock.now()); });
    }
    void type(const std::string& pin) {
        for (char d : pin) {
            kiosk.apply(intent::PinDigit{d});
        }
        // the check runs on a worker; each frame's tick() looks for its result
        while (kiosk.pinChecking()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            kiosk.tick();
        }
    }
    void login(const std::string& pin) {
        kiosk.apply(intent::OpenStaffLogin{});
        ASSERT_EQ(kiosk.route().screen, ScreenId::StaffLogin);
        type(pin);
    }
    std::vector<SessionEvent> ended() const { return rec.ofType(EventType::SessionEnded); }

    ManualClock clock;
    MemoryRecorder rec;
    FakeDirectory dir;
    Kiosk kiosk;
};

TEST(StaffSession, SignsInOnTheSixthDigitAndErases) {
    FakeDirectory dir;
    dir.members["246810"] = StaffMember{1, Role::Team, "team", 0};
    StaffSession s;
    s.setDirectory(&dir);
    s.setWallClock([] { return int64_t{1'900'000'000}; });
    s.openKeypad(std::nullopt);
    EXPECT_EQ(s.notice(), LoginNotice::None);
    s.digit('2');
    s.digit('x'); // not a digit: ignored
    EXPECT_EQ(s.pinLength(), 1u);
    s.erase();
    s.erase(); // nothing left to erase
    EXPECT_EQ(s.pinLength(), 0u);
    for (char d : std::string("246810")) {
        s.digit(d);
    }
    EXPECT_EQ(s.pinLength(), 0u) << "the PIN is forgotten at once";
    EXPECT_TRUE(s.checking());
    EXPECT_EQ(s.notice(), LoginNotice::Checking);
    s.digit('1');
    EXPECT_EQ(s.pinLength(), 0u) << "no typing while a PIN is checked";
    std::optional<StaffMember> m = s.poll(true);
    ASSERT_TRUE(m);
    EXPECT_FALSE(s.checking());
    EXPECT_EQ(m->role, Role::Team);
    EXPECT_EQ(s.pinLength(), 0u) << "the PIN is forgotten at once";
    EXPECT_FALSE(s.signedIn()) << "signing in is the kiosk's step";
    EXPECT_FALSE(s.signIn(*m, 10.0));
    EXPECT_TRUE(s.signedIn());
    EXPECT_TRUE(s.mayOpen(ScreenId::Dashboard));
    EXPECT_FALSE(s.mayOpen(ScreenId::Settings));
}

// The frame loop sleeps until nextChange() unless woken; woken by the check's end, it must
// find something due, or it goes back to sleep (in the appliance the keypad then waited for
// its 60 s timeout before signing the technician in).
TEST(StaffSession, TheChecksWakeComesWhenItsResultIsInAndMakesItDue) {
    FakeDirectory dir;
    dir.members["246810"] = StaffMember{1, Role::Technician, "tech", 0};
    StaffSession s;
    s.setDirectory(&dir);
    s.setWallClock([] { return int64_t{1'900'000'000}; });
    std::promise<void> woken;
    std::future<void> wake = woken.get_future();
    std::atomic<bool> readyAtWake{false};
    s.setWake([&] {
        readyAtWake = s.nextChange(100.0, true) <= 100.0;
        woken.set_value();
    });
    s.openKeypad(std::nullopt);
    s.touched(99.0);
    for (char d : std::string("246810")) {
        s.digit(d);
    }
    ASSERT_TRUE(s.checking());
    ASSERT_EQ(wake.wait_for(std::chrono::seconds(60)), std::future_status::ready);
    EXPECT_TRUE(readyAtWake) << "the result is in before the wake";
    EXPECT_EQ(s.nextChange(100.0, true), 100.0) << "a woken loop draws at once";
    std::optional<StaffMember> m = s.poll();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->role, Role::Technician);
    EXPECT_GT(s.nextChange(100.0, true), 100.0) << "nothing due once the result is taken";
}

TEST(StaffSession, WithoutADirectoryOrStaffTheKeypadSaysSo) {
    StaffSession s;
    s.openKeypad(std::nullopt);
    EXPECT_EQ(s.notice(), LoginNotice::Unavailable);
    FakeDirectory empty;
    s.setDirectory(&empty);
    s.openKeypad(std::nullopt);
    EXPECT_EQ(s.notice(), LoginNotice::NoStaff);
    EXPECT_TRUE(s.directoryEmpty());
    s.digit('1');
    EXPECT_EQ(s.pinLength(), 0u) << "no typing when there is nobody to sign in";
}

TEST_F(KioskFixture, WrongPinsCountDownThenLockTheKeypadUntilTheLockRunsOut) {
    login("111111");
    EXPECT_EQ(kiosk.loginNotice(), LoginNotice::Wrong);
    EXPECT_EQ(kiosk.triesLeft(), kMaxWrongPins - 1);
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffLogin);
    for (int i = 1; i < kMaxWrongPins; ++i) {
        type("111111");
    }
    EXPECT_EQ(kiosk.loginNotice(), LoginNotice::Locked);
    EXPECT_GT(kiosk.lockedUntil(), kiosk.wallNow());
    type("246810"); // the right PIN while locked: not even typed
    EXPECT_FALSE(kiosk.staff());
    EXPECT_EQ(kiosk.pinLength(), 0u);
    // the keypad stays open while someone keeps touching it; the lock runs out
    for (int i = 0; i < 11; ++i) {
        clock.advance(30);
        kiosk.touched();
        kiosk.tick();
    }
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffLogin);
    EXPECT_EQ(kiosk.loginNotice(), LoginNotice::None);
    type("246810");
    ASSERT_TRUE(kiosk.staff());
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffHome);
}

TEST_F(KioskFixture, AnUntouchedKeypadGoesBackAfterAMinute) {
    kiosk.apply(intent::StartVisit{});
    login("2468"); // four digits, then nothing
    EXPECT_EQ(kiosk.pinLength(), 4u);
    clock.advance(kKeypadIdleSeconds - 1);
    kiosk.tick();
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffLogin);
    clock.advance(2);
    kiosk.tick();
    EXPECT_EQ(kiosk.route().screen, ScreenId::Attract);
    EXPECT_EQ(kiosk.pinLength(), 0u);
    ASSERT_EQ(ended().size(), 1u);
    EXPECT_EQ(ended()[0].result, "timeout");
}

TEST_F(KioskFixture, StaffAreLoggedOutAfterFiveMinutesWithoutATouch) {
    login("246810");
    ASSERT_EQ(kiosk.route().screen, ScreenId::StaffHome);
    EXPECT_LE(kiosk.nextTimedChange(), clock.now() + kStaffIdleSeconds);
    clock.advance(kStaffIdleSeconds - 1);
    kiosk.tick();
    EXPECT_TRUE(kiosk.staff());
    kiosk.touched(); // a touch starts the five minutes again
    clock.advance(kStaffIdleSeconds - 1);
    kiosk.tick();
    EXPECT_TRUE(kiosk.staff());
    clock.advance(2);
    kiosk.tick();
    EXPECT_FALSE(kiosk.staff());
    EXPECT_EQ(kiosk.route().screen, ScreenId::Attract);
}

TEST_F(KioskFixture, TeamAndTechnicianRoutes) {
    // a team member asked for the settings before the PIN: the team screen says why not
    kiosk.apply(intent::Open{Route{ScreenId::Settings}});
    ASSERT_EQ(kiosk.route().screen, ScreenId::StaffLogin);
    type("246810");
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffHome);
    EXPECT_EQ(kiosk.loginNotice(), LoginNotice::NeedsTechnician);
    for (ScreenId s : {ScreenId::Settings, ScreenId::Health, ScreenId::Export}) {
        kiosk.apply(intent::Open{Route{s}});
        EXPECT_EQ(kiosk.route().screen, ScreenId::StaffHome) << screenName(s);
    }
    kiosk.apply(intent::Open{Route{ScreenId::Dashboard}});
    EXPECT_EQ(kiosk.route().screen, ScreenId::Dashboard);
    kiosk.apply(intent::SaveSettings{}); // not a technician: nothing happens
    EXPECT_FALSE(kiosk.settingsForm().saved);
    kiosk.apply(intent::Logout{});
    EXPECT_EQ(kiosk.route().screen, ScreenId::Attract);
    // a technician asked for the settings: they open right after the PIN
    kiosk.apply(intent::Open{Route{ScreenId::Settings}});
    type("135790");
    EXPECT_EQ(kiosk.route().screen, ScreenId::Settings);
    EXPECT_EQ(kiosk.staff()->role, Role::Technician);
    EXPECT_EQ(kiosk.settingsForm().edit.siteName, Config().siteName);
}

TEST_F(KioskFixture, AGuidedPlanPlaysItsLessonsInOrderThenReturnsToTheTeamScreen) {
    login("246810");
    const Plan* plan = test::bundledContent().plans.find("thanh-toan-an-toan");
    ASSERT_TRUE(plan);
    kiosk.apply(intent::LaunchStart{}); // nothing chosen: nothing starts
    EXPECT_FALSE(kiosk.guided());
    kiosk.apply(intent::LaunchSelect{plan->id, true});
    kiosk.apply(intent::LaunchPresenter{true}); // not for one resident
    EXPECT_FALSE(kiosk.launch().presenter);
    kiosk.apply(intent::LaunchGroup{500});
    EXPECT_EQ(kiosk.launch().groupSize, kMaxGroupSize);
    kiosk.apply(intent::LaunchGroup{4});
    kiosk.apply(intent::LaunchPresenter{true});
    kiosk.apply(intent::LaunchStart{});
    ASSERT_TRUE(kiosk.guided());
    EXPECT_TRUE(kiosk.inVisit());
    EXPECT_EQ(kiosk.settings().textSize, TextSize::Large) << "the presenter view reads far";
    for (size_t i = 0; i < plan->tutorials.size(); ++i) {
        ASSERT_EQ(kiosk.route().screen, ScreenId::Tutorial) << i;
        EXPECT_EQ(kiosk.route().id, plan->tutorials[i]);
        ASSERT_TRUE(kiosk.player());
        EXPECT_EQ(kiosk.player()->tutorial().id, plan->tutorials[i]);
        kiosk.apply(intent::NextLesson{});
    }
    EXPECT_FALSE(kiosk.guided());
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffHome);
    ASSERT_EQ(ended().size(), 1u);
    EXPECT_EQ(ended()[0].result, "staff");
    EXPECT_EQ(ended()[0].mode, "assisted");
    EXPECT_EQ(ended()[0].groupSize, 4);
    // one lesson, ended early by the team member
    kiosk.apply(intent::LaunchSelect{plan->tutorials[1], false});
    kiosk.apply(intent::LaunchStart{});
    ASSERT_TRUE(kiosk.guided());
    EXPECT_EQ(kiosk.guided()->lessons.size(), 1u);
    kiosk.apply(intent::EndGuided{});
    EXPECT_FALSE(kiosk.guided());
    EXPECT_FALSE(kiosk.player());
    EXPECT_EQ(kiosk.route().screen, ScreenId::StaffHome);
    EXPECT_EQ(ended().size(), 2u);
}

TEST(GuidedSessions, AdvanceGivesEachLessonOnceThenNothing) {
    GuidedSessions g;
    g.select("thanh-toan-an-toan", true);
    EXPECT_FALSE(g.start(test::bundledContent().tutorials, nullptr))
        << "a plan without plans loaded";
    ASSERT_TRUE(g.start(test::bundledContent().tutorials, &test::bundledContent().plans));
    const auto lessons = g.session()->lessons;
    ASSERT_EQ(lessons.size(), 3u);
    EXPECT_EQ(*g.advance(), lessons[1]);
    EXPECT_EQ(*g.advance(), lessons[2]);
    EXPECT_EQ(g.advance(), nullptr);
    g.select("no-such-lesson", false);
    EXPECT_FALSE(g.start(test::bundledContent().tutorials, &test::bundledContent().plans));
}

TEST_F(KioskFixture, TheSettingsFormSavesThroughTheSaverAndAppliesAtOnce) {
    ConfigEdit written;
    kiosk.setSettingsSaver([&](const ConfigEdit& e, std::string& ioError) {
        written = e;
        if (e.siteName == "disk full") {
            ioError = "cannot write kiosk.toml";
            return ConfigEditResult{};
        }
        return applyConfigEdit("", e);
    });
    kiosk.apply(intent::Open{Route{ScreenId::Settings}});
    type("135790");
    ASSERT_EQ(kiosk.route().screen, ScreenId::Settings);
    kiosk.apply(intent::EditSetting{intent::SettingField::IdleSeconds, "abc"});
    kiosk.apply(intent::SaveSettings{});
    EXPECT_FALSE(kiosk.settingsForm().saved);
    EXPECT_EQ(kiosk.settingsForm().errors.count("idle_seconds"), 1u);
    kiosk.apply(intent::EditSetting{intent::SettingField::SiteName, "disk full"});
    kiosk.apply(intent::EditSetting{intent::SettingField::IdleSeconds, "75"});
    kiosk.apply(intent::SaveSettings{});
    EXPECT_EQ(kiosk.settingsForm().errors.at("file"), "cannot write kiosk.toml");
    kiosk.apply(intent::EditSetting{intent::SettingField::SiteName, "Nhà văn hóa xã Tân Lập"});
    kiosk.apply(intent::EditSetting{intent::SettingField::Language, "en"});
    kiosk.apply(intent::EditSetting{intent::SettingField::Language, "klingon"}); // ignored
    kiosk.apply(intent::SaveSettings{});
    EXPECT_TRUE(kiosk.settingsForm().saved);
    EXPECT_TRUE(kiosk.settingsForm().errors.empty());
    EXPECT_EQ(written.idleSeconds, "75");
    EXPECT_EQ(kiosk.config().siteName, "Nhà văn hóa xã Tân Lập");
    EXPECT_EQ(kiosk.config().idleSeconds, 75);
    EXPECT_EQ(kiosk.config().defaultLanguage, Lang::En);
}

TEST_F(KioskFixture, TheSafeScreenTriesTheNormalScreensAgainAfterItsDelay) {
    int left = 0, retried = 0;
    kiosk.setSafeMode(
        "display: cannot open", [&] { ++left; }, 600, [&] { ++retried; });
    EXPECT_EQ(kiosk.route().screen, ScreenId::Safe);
    EXPECT_LE(kiosk.nextTimedChange(), clock.now() + 600);
    kiosk.apply(intent::StartVisit{}); // a resident's touch does not start a visit
    EXPECT_FALSE(kiosk.inVisit());
    clock.advance(599);
    kiosk.tick();
    EXPECT_EQ(kiosk.route().screen, ScreenId::Safe);
    EXPECT_EQ(retried, 0);
    clock.advance(2);
    kiosk.tick();
    EXPECT_EQ(retried, 1);
    EXPECT_EQ(left, 0);
    EXPECT_FALSE(kiosk.safeMode());
    EXPECT_EQ(kiosk.route().screen, ScreenId::Attract);
    kiosk.apply(intent::StartVisit{});
    EXPECT_TRUE(kiosk.inVisit());
    clock.advance(3600);
    kiosk.tick();
    EXPECT_EQ(retried, 1) << "once";
}

TEST_F(KioskFixture, OnlyATechnicianLeavesSafeMode) {
    int left = 0;
    kiosk.setSafeMode("x", [&] { ++left; });
    kiosk.apply(intent::OpenStaffLogin{});
    type("246810");
    kiosk.apply(intent::LeaveSafeMode{});
    EXPECT_TRUE(kiosk.safeMode());
    kiosk.apply(intent::Logout{});
    EXPECT_EQ(kiosk.route().screen, ScreenId::Safe);
    kiosk.apply(intent::OpenStaffLogin{});
    type("135790");
    kiosk.apply(intent::LeaveSafeMode{});
    EXPECT_FALSE(kiosk.safeMode());
    EXPECT_EQ(left, 1);
    kiosk.apply(intent::Logout{});
    EXPECT_EQ(kiosk.route().screen, ScreenId::Attract);
}

TEST_F(KioskFixture, AVisitOpenAtShutdownEndsWithOutcomeShutdown) {
    kiosk.shutdown(); // nobody there: nothing to close
    EXPECT_TRUE(ended().empty());
    kiosk.apply(intent::StartVisit{});
    kiosk.apply(intent::SetLanguage{Lang::En});
    kiosk.apply(intent::Open{Route{ScreenId::Tutorial, 0, "tien-dien-nuoc"}});
    ASSERT_TRUE(kiosk.player());
    kiosk.shutdown();
    ASSERT_EQ(ended().size(), 1u);
    EXPECT_EQ(ended()[0].result, "shutdown");
    EXPECT_EQ(ended()[0].language, "en");
    EXPECT_EQ(rec.ofType(EventType::TutorialLeft).size(), 1u) << "the lesson is left first";
    EXPECT_FALSE(kiosk.inVisit());
    kiosk.shutdown();
    EXPECT_EQ(ended().size(), 1u) << "closed once";
}

TEST(Visit, WarnsOnceThenExpires) {
    ManualClock clock;
    Config cfg;
    cfg.idleSeconds = 60;
    cfg.warningSeconds = 20;
    MemoryRecorder rec;
    Visit v(cfg, clock, &rec);
    v.begin();
    clock.advance(61); // the warning comes after idle_seconds, for warning_seconds
    EXPECT_FALSE(v.idleExpired());
    EXPECT_TRUE(v.warningShown());
    EXPECT_FALSE(v.idleExpired());
    EXPECT_EQ(v.takeCues(), std::vector<Cue>{Cue::IdleWarning}) << "one cue per warning";
    v.touch();
    EXPECT_FALSE(v.warningShown());
    clock.advance(60 + 20);
    EXPECT_TRUE(v.idleExpired());
    v.end("timeout", 0);
    ASSERT_EQ(rec.ofType(EventType::SessionEnded).size(), 1u);
    EXPECT_EQ(rec.ofType(EventType::SessionEnded)[0].mode, "self");
    EXPECT_EQ(v.ended(), 1);
}

TEST(SettingsEditor, EditsOneFieldAtATimeAndSavesOnlyWhatTheSaverAccepted) {
    SettingsEditor f;
    f.open(Config());
    f.edit(intent::SettingField::KioskId, "xa-tan-lap");
    f.edit(intent::SettingField::TextSize, "A+");
    f.edit(intent::SettingField::TextSize, "huge"); // not a size: kept as it was
    EXPECT_EQ(f.form().edit.kioskId, "xa-tan-lap");
    EXPECT_EQ(f.form().edit.textSize, TextSize::Large);
    EXPECT_FALSE(f.save(SettingsSaver{}));
    EXPECT_EQ(f.form().errors.at("file"), "settings cannot be saved on this kiosk");
    std::optional<Config> c =
        f.save([](const ConfigEdit& e, std::string&) { return applyConfigEdit("", e); });
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kioskId, "xa-tan-lap");
    EXPECT_FALSE(f.form().saved) << "saved once the kiosk applied it";
    f.saved(*c);
    EXPECT_TRUE(f.form().saved);
    f.edit(intent::SettingField::SiteName, "x");
    EXPECT_FALSE(f.form().saved) << "an edit after saving is not saved yet";
}

TEST(SafeMode, RetriesOnceWhenItsDelayRunsOutAndNeverWithoutOne) {
    int left = 0, retried = 0;
    SafeMode s;
    EXPECT_FALSE(s.retryDue(1e9));
    s.enter(
        "e", 100, 600, [&] { ++left; }, [&] { ++retried; });
    EXPECT_EQ(s.nextChange(), 700);
    EXPECT_FALSE(s.retryDue(699));
    EXPECT_TRUE(s.retryDue(700));
    EXPECT_FALSE(s.active());
    EXPECT_FALSE(s.retryDue(800));
    EXPECT_EQ(retried, 1);
    EXPECT_EQ(left, 0);
    s.enter("e", 0, std::numeric_limits<Seconds>::infinity(), [&] { ++left; }, {});
    EXPECT_FALSE(s.retryDue(1e12)) << "without a delay only a technician leaves it";
    s.leave();
    EXPECT_EQ(left, 1);
}
