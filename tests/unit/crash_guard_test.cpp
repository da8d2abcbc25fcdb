// The crash guard with injected time and boot ids: power cuts are not crashes, a crash loop in
// one boot still opens the safe screen, and the safe screen's retry delay doubles and resets.
#include "kiosk/core/visit/crash_guard.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace tramso;
namespace fs = std::filesystem;

namespace {
struct GuardDir {
    explicit GuardDir(const std::string& name)
        : path(fs::temp_directory_path() /
               ("tramso-guard-" + name + "-" + std::to_string(getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~GuardDir() { fs::remove_all(path); }
    fs::path path;
};
constexpr int64_t kT = 1'900'000'000;
} // namespace

TEST(CrashGuard, PowerCutsInARowAreNotACrashLoop) {
    GuardDir d("power");
    // five starts within a minute, each in a new boot (the power flickered), none clean
    for (int i = 0; i < 5; ++i) {
        CrashGuard g(d.path, kT + i * 10, "boot-" + std::to_string(i));
        EXPECT_FALSE(g.safeMode()) << i;
        EXPECT_EQ(g.recentCrashes(), 0) << i;
        EXPECT_EQ(g.lastEndWasPowerLoss(), i > 0) << i;
    }
}

TEST(CrashGuard, ACrashLoopInOneBootStillOpensTheSafeScreen) {
    GuardDir d("loop");
    for (int i = 0; i < 3; ++i) {
        CrashGuard g(d.path, kT + i * 10, "boot-a");
        EXPECT_FALSE(g.safeMode()) << i;
        EXPECT_FALSE(g.lastEndWasPowerLoss());
    }
    CrashGuard fourth(d.path, kT + 30, "boot-a");
    EXPECT_EQ(fourth.recentCrashes(), 3);
    EXPECT_TRUE(fourth.safeMode());
    EXPECT_EQ(fourth.retryAfterSeconds(), kFirstRetrySeconds);
}

TEST(CrashGuard, CrashesOfAnEarlierBootDoNotCount) {
    GuardDir d("earlier");
    for (int i = 0; i < 3; ++i) {
        CrashGuard g(d.path, kT + i * 10, "boot-a"); // two crashes counted in boot a
    }
    // the power went; in the new boot one crash is the only one that counts
    CrashGuard afterCut(d.path, kT + 30, "boot-b");
    EXPECT_TRUE(afterCut.lastEndWasPowerLoss());
    EXPECT_EQ(afterCut.recentCrashes(), 0);
    CrashGuard next(d.path, kT + 40, "boot-b");
    EXPECT_EQ(next.recentCrashes(), 1);
    EXPECT_FALSE(next.safeMode());
}

TEST(CrashGuard, TheRetryDelayDoublesEachFallBackAndSurvivesRestarts) {
    GuardDir d("retry");
    auto loop = [&](int64_t start) { // three crashes, then the start that sees them
        for (int i = 0; i < 3; ++i) {
            CrashGuard g(d.path, start + i * 10, "boot-a");
        }
        return start + 30;
    };
    int64_t t = loop(kT);
    {
        CrashGuard g(d.path, t, "boot-a");
        ASSERT_TRUE(g.safeMode());
        EXPECT_EQ(g.retryAfterSeconds(), 600);
        g.retry(t + 600); // the safe screen tried again ...
        EXPECT_FALSE(g.safeMode());
    }
    // ... and fell back: a new loop in the same boot, the delay doubled
    t = loop(t + 700);
    {
        CrashGuard g(d.path, t, "boot-a");
        ASSERT_TRUE(g.safeMode());
        EXPECT_EQ(g.retryAfterSeconds(), 1200);
        g.retry(t + 1200);
    }
    t = loop(t + 1300);
    {
        CrashGuard g(d.path, t, "boot-a");
        ASSERT_TRUE(g.safeMode());
        EXPECT_EQ(g.retryAfterSeconds(), 2400);
        g.clear(); // a technician fixed it: back to ten minutes
        g.cleanExit();
    }
    t = loop(t + 100);
    {
        CrashGuard g(d.path, t, "boot-a");
        ASSERT_TRUE(g.safeMode());
        EXPECT_EQ(g.retryAfterSeconds(), 600);
        g.retry(t + 600);
        g.cleanExit();
    }
    // the retry held for more than an hour: the next loop starts again at ten minutes
    CrashGuard held(d.path, t + 600 + kRetryHeldSeconds, "boot-a");
    EXPECT_FALSE(held.safeMode());
    held.cleanExit();
    t = loop(t + 2 * kRetryHeldSeconds);
    CrashGuard g(d.path, t, "boot-a");
    ASSERT_TRUE(g.safeMode());
    EXPECT_EQ(g.retryAfterSeconds(), 600);
}

TEST(CrashGuard, TheDelayStopsDoublingAtADay) {
    GuardDir d("cap");
    std::ofstream(d.path / "safe-retry") << kMaxRetrySeconds << " 0\n";
    CrashGuard g(d.path, kT, "boot-a");
    g.retry(kT);
    EXPECT_EQ(g.retryAfterSeconds(), kMaxRetrySeconds);
    std::ofstream(d.path / "safe-retry") << "garbage\n"; // a damaged file counts as empty
    EXPECT_EQ(CrashGuard(d.path, kT + 1, "boot-a").retryAfterSeconds(), kFirstRetrySeconds);
}

TEST(CrashGuard, BootIdComesFromTheFileTheEnvironmentNames) {
    GuardDir d("bootid");
    const fs::path f = d.path / "boot_id";
    std::ofstream(f) << "3f1c2d4e-aaaa-bbbb-cccc-0123456789ab\n";
    const char* old = std::getenv("TRAMSO_BOOT_ID_FILE");
    const std::string saved = old ? old : "";
    ::setenv("TRAMSO_BOOT_ID_FILE", f.c_str(), 1);
    EXPECT_EQ(currentBootId(), "3f1c2d4e-aaaa-bbbb-cccc-0123456789ab");
    // the two-argument guard reads it: a marker from another boot is a power cut
    std::ofstream(d.path / "running") << kT << " another-boot\n";
    EXPECT_TRUE(CrashGuard(d.path, kT + 5).lastEndWasPowerLoss());
    ::setenv("TRAMSO_BOOT_ID_FILE", (d.path / "missing").c_str(), 1);
    EXPECT_EQ(currentBootId(), "");
    ::unsetenv("TRAMSO_BOOT_ID_FILE");
    EXPECT_FALSE(currentBootId().empty()) << "this machine's /proc boot id";
    if (old) {
        ::setenv("TRAMSO_BOOT_ID_FILE", saved.c_str(), 1);
    }
}

TEST(CrashGuard, TheSafeScreenShowsTheErrorOfTheCrashNotAnOlderOne) {
    GuardDir d("error");
    {
        // a run days ago logged an error and ended cleanly
        CrashGuard g(d.path, kT - 5 * 24 * 3600, "boot-a");
        g.recordError("old: a damaged lesson file");
        g.cleanExit();
    }
    {
        CrashGuard g(d.path, kT, "boot-a"); // crashes without logging anything
    }
    {
        CrashGuard g(d.path, kT + 10, "boot-a"); // crashes after logging this
        EXPECT_EQ(g.recentCrashes(), 1);
        g.recordError("new: the font cannot be loaded");
    }
    CrashGuard second(d.path, kT + 20, "boot-a");
    EXPECT_EQ(second.lastError(), "new: the font cannot be loaded");
    // the next crash logged nothing: the error shown says so, not the previous run's line
    CrashGuard third(d.path, kT + 30, "boot-a");
    EXPECT_TRUE(third.safeMode());
    EXPECT_EQ(third.lastError().find("old:"), std::string::npos) << third.lastError();
    EXPECT_EQ(third.lastError().find("new:"), std::string::npos) << third.lastError();
    EXPECT_NE(third.lastError().find("without logging"), std::string::npos) << third.lastError();
}

TEST(CrashGuard, ACleanStopIsNotACrashEvenWithAnErrorLogged) {
    GuardDir d("clean");
    for (int i = 0; i < 5; ++i) {
        CrashGuard g(d.path, kT + i * 5, "boot-a");
        EXPECT_EQ(g.recentCrashes(), 0) << i;
        EXPECT_TRUE(g.lastError().empty()) << g.lastError();
        g.recordError("the display went away"); // e.g. cage stopping first
        // what the kiosk does on SIGTERM, even when it cannot finish its frame
        fs::remove(g.runningMarker());
    }
    CrashGuard after(d.path, kT + 30, "boot-a");
    EXPECT_FALSE(after.safeMode());
    EXPECT_EQ(after.recentCrashes(), 0);
}
