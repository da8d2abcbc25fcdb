// PIN rules, hashing, the lock-out rule, the staff store (file-backed, reopened), lesson
// plans and the settings form's in-place config rewrite.
#include "db/staff_store.hpp"
#include "kiosk/core/config/config_edit.hpp"
#include "kiosk/core/content/plan.hpp"
#include "kiosk/core/content/portals.hpp"
#include "kiosk/core/visit/crash_guard.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace tramso;
namespace fs = std::filesystem;

namespace {
fs::path tempDir(const std::string& name) {
    return test::freshDir("unit-" + name);
}
} // namespace

TEST(Pin, RefusesShortRepeatedAndStraightPins) {
    EXPECT_EQ(pinProblem("246810"), "");
    EXPECT_EQ(pinProblem("902715"), "");
    EXPECT_NE(pinProblem("12345"), "");
    EXPECT_NE(pinProblem("1234567"), "");
    EXPECT_NE(pinProblem("12a456"), "");
    EXPECT_NE(pinProblem("000000"), "");
    EXPECT_NE(pinProblem("777777"), "");
    EXPECT_NE(pinProblem("123456"), "");
    EXPECT_NE(pinProblem("456789"), "");
    EXPECT_NE(pinProblem("987654"), "");
    EXPECT_NE(pinProblem(""), "");
}

TEST(Pin, HashIsArgon2idSaltedAndVerifies) {
    std::string a = hashPin("246810", PinCost::Minimum);
    std::string b = hashPin("246810", PinCost::Minimum);
    EXPECT_EQ(a.rfind("$argon2id$", 0), 0u);
    EXPECT_NE(a, b) << "salted";
    EXPECT_EQ(a.find("246810"), std::string::npos);
    EXPECT_TRUE(verifyPin(a, "246810"));
    EXPECT_FALSE(verifyPin(a, "246811"));
    EXPECT_FALSE(verifyPin("not a hash", "246810"));
}

TEST(PinLock, FiveWrongLockForFiveMinutesThenDoubling) {
    PinLock l;
    const int64_t t = 1'900'000'000;
    for (int i = 0; i < 4; ++i) {
        l = afterWrongPin(l, t);
        EXPECT_FALSE(isLocked(l, t));
    }
    l = afterWrongPin(l, t);
    EXPECT_TRUE(isLocked(l, t));
    EXPECT_EQ(l.lockedUntil, t + 300);
    EXPECT_FALSE(isLocked(l, t + 300));
    for (int i = 0; i < 5; ++i) {
        l = afterWrongPin(l, t + 400);
    }
    EXPECT_EQ(l.lockedUntil, t + 400 + 600) << "the second lock doubles";
    for (int n = 0; n < 30; ++n) {
        for (int i = 0; i < 5; ++i) {
            l = afterWrongPin(l, t);
        }
    }
    EXPECT_LE(l.lockedUntil - t, kMaxLockSeconds);
}

TEST(StaffStore, AddListRemoveAndRefusals) {
    auto s = db::StaffStore::memory();
    std::string why;
    EXPECT_FALSE(s->hasStaff());
    EXPECT_EQ(s->check("246810", 0).result, PinCheck::Result::NoStaff);
    EXPECT_EQ(s->add(Role::Team, "x", "123456", 0, why, PinCost::Minimum), 0);
    EXPECT_NE(why.find("sequence"), std::string::npos);
    int64_t a = s->add(Role::Technician, "Anh Minh", "246810", 100, why, PinCost::Minimum);
    ASSERT_NE(a, 0) << why;
    EXPECT_EQ(s->add(Role::Team, "dup", "246810", 0, why, PinCost::Minimum), 0);
    EXPECT_NE(why.find("already"), std::string::npos);
    int64_t b = s->add(Role::Team, "", "975310", 100, why, PinCost::Minimum);
    ASSERT_NE(b, 0);
    auto all = s->list();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].role, Role::Technician);
    EXPECT_EQ(all[0].label, "Anh Minh");
    PinCheck ok = s->check("975310", 200);
    ASSERT_EQ(ok.result, PinCheck::Result::Ok);
    EXPECT_EQ(ok.member->id, b);
    EXPECT_EQ(ok.member->role, Role::Team);
    EXPECT_TRUE(s->remove(b));
    EXPECT_FALSE(s->remove(b));
    EXPECT_EQ(s->check("975310", 200).result, PinCheck::Result::Wrong);
}

TEST(StaffStore, LockAndCountsSurviveReopenAndASuccessClearsTheLock) {
    const fs::path dir = tempDir("store");
    const int64_t t = 1'900'000'000;
    {
        auto s = db::StaffStore::open(dir / "staff.sqlite");
        std::string why;
        ASSERT_NE(s->add(Role::Team, "", "246810", t, why, PinCost::Minimum), 0);
        for (int i = 0; i < 4; ++i) {
            PinCheck r = s->check("000111", t);
            EXPECT_EQ(r.result, PinCheck::Result::Wrong);
            EXPECT_EQ(r.triesLeft, 4 - i);
        }
        EXPECT_EQ(s->check("000111", t).result, PinCheck::Result::Locked);
    }
    auto s = db::StaffStore::open(dir / "staff.sqlite");
    EXPECT_TRUE(isLocked(s->lock(), t + 10));
    EXPECT_EQ(s->check("246810", t + 10).result, PinCheck::Result::Locked);
    EXPECT_EQ(s->wrongPins(20000101, 29991231), 5);
    EXPECT_EQ(s->check("246810", t + 301).result, PinCheck::Result::Ok);
    EXPECT_EQ(s->lock(), PinLock{});
    s->setLastExport(t, "TRAMSO/tramso-01/20261122-140000");
    EXPECT_EQ(s->lastExport().second, "TRAMSO/tramso-01/20261122-140000");
    fs::remove_all(dir);
}

// `tramso export` writes to the staff file (the last export) while the kiosk may be checking
// a PIN; a right PIN must still open, however the two interleave.
TEST(StaffStore, ARightPinOpensWhileAnotherProcessWrites) {
    const fs::path dir = tempDir("store-writer");
    const int64_t t = 1'900'000'000;
    auto kiosk = db::StaffStore::open(dir / "staff.sqlite");
    std::string why;
    ASSERT_NE(kiosk->add(Role::Team, "", "246810", t, why, PinCost::Interactive), 0) << why;
    auto exporter = db::StaffStore::open(dir / "staff.sqlite"); // its own connection
    std::atomic<bool> stop{false};
    std::atomic<int> writes{0};
    std::thread writer([&] {
        while (!stop) {
            exporter->setLastExport(t + writes, "TRAMSO/tramso-01/x");
            ++writes;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    for (int i = 0; i < 8; ++i) {
        PinCheck r = kiosk->check("246810", t);
        EXPECT_EQ(r.result, PinCheck::Result::Ok) << r.error;
    }
    stop = true;
    writer.join();
    EXPECT_GT(writes.load(), 8);
    kiosk.reset();
    exporter.reset();
    fs::remove_all(dir);
}

TEST(StaffStore, ADamagedFileIsMovedAsideAndANewOneStarted) {
    const fs::path dir = tempDir("damaged");
    std::ofstream(dir / "staff.sqlite") << "this is not a database at all, just some text....";
    std::string notice;
    auto s = db::StaffStore::open(dir / "staff.sqlite", &notice);
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->hasStaff());
    EXPECT_NE(notice.find("staff.corrupt-"), std::string::npos);
    bool aside = false;
    for (const auto& e : fs::directory_iterator(dir)) {
        aside |= e.path().filename().string().rfind("staff.corrupt-", 0) == 0;
    }
    EXPECT_TRUE(aside);
    fs::remove_all(dir);
}

TEST(Plan, ParsesAndReportsProblemsWithLines) {
    TutorialSet lessons;
    lessons.tutorials.push_back(Tutorial{});
    lessons.tutorials.back().id = "a";
    lessons.tutorials.push_back(Tutorial{});
    lessons.tutorials.back().id = "b";
    Diagnostics d;
    auto p = parsePlan("id = \"p1\"\ntitle = { vi = \"Kế hoạch\", en = \"Plan\" }\n"
                       "tutorials = [\"a\", \"b\"]\n",
                       "p.toml", lessons, d);
    ASSERT_TRUE(p) << (d.empty() ? "" : d[0].format());
    EXPECT_EQ(p->tutorials, (std::vector<std::string>{"a", "b"}));
    d.clear();
    EXPECT_FALSE(parsePlan("id = \"p1\"\ntitle = { vi = \"K\", en = \"P\" }\n"
                           "tutorials = [\"a\",\n  \"khong-co\"]\n",
                           "p.toml", lessons, d));
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d[0].line, 4);
    EXPECT_NE(d[0].message.find("khong-co"), std::string::npos);
    d.clear();
    EXPECT_FALSE(parsePlan("id = \"P 1\"\ntitle = { vi = \"K\" }\n", "p.toml", lessons, d));
    EXPECT_GE(d.size(), 3u);
}

TEST(Plan, BundledPlansLoadAndNameExistingLessons) {
    Diagnostics d;
    Config cfg;
    PortalRegistry portals = PortalRegistry::load(
        fs::path(TRAMSO_SOURCE_DIR) / "assets/portals.toml", cfg.allowedHosts, d);
    TutorialSet lessons = loadTutorials(fs::path(TRAMSO_SOURCE_DIR) / "assets", portals, d);
    PlanSet plans = loadPlans(fs::path(TRAMSO_SOURCE_DIR) / "assets", lessons, d);
    EXPECT_TRUE(d.empty()) << d[0].format();
    EXPECT_GE(plans.plans.size(), 3u);
}

TEST(ConfigEdit, RewritesKeysInPlaceKeepsCommentsAndRefusesBadValues) {
    const std::string original = "# Trạm Số\n# comment\nsite_name = \"Cũ\"  \n"
                                 "idle_seconds = 90 # per visit\n[extra]\nx = 1\n";
    ConfigEdit e = editOf(Config{});
    e.siteName = "Nhà văn hoá \"Tân Lập\"";
    e.idleSeconds = "120";
    e.kioskId = "xa-tan-lap-01";
    ConfigEditResult r = applyConfigEdit(original, e);
    ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors.begin()->second);
    EXPECT_EQ(r.config->siteName, "Nhà văn hoá \"Tân Lập\"");
    EXPECT_EQ(r.config->idleSeconds, 120);
    EXPECT_EQ(r.config->kioskId, "xa-tan-lap-01");
    EXPECT_EQ(r.text.rfind("# Trạm Số\n# comment\n", 0), 0u);
    EXPECT_NE(r.text.find("idle_seconds = 120\n"), std::string::npos);
    // new keys go before the first table, not inside it
    EXPECT_LT(r.text.find("kiosk_id"), r.text.find("[extra]"));

    e.idleSeconds = "5";
    e.kioskId = "Bad Id";
    e.mmPerPx = "abc";
    r = applyConfigEdit(original, e);
    EXPECT_FALSE(r.config);
    EXPECT_EQ(r.errors.count("mm_per_px"), 1u);
    e.mmPerPx = "";
    r = applyConfigEdit(original, e);
    EXPECT_FALSE(r.config);
    EXPECT_NE(r.errors["idle_seconds"].find("between 15 and 3600"), std::string::npos);
    EXPECT_EQ(r.errors.count("kiosk_id"), 1u);
    e = editOf(Config{});
    e.idleSeconds = "30";
    e.warningSeconds = "40";
    r = applyConfigEdit("", e);
    EXPECT_FALSE(r.config);
    EXPECT_EQ(r.errors.count("warning_seconds"), 1u);
}

// A kiosk.toml saved with Windows line ends (a technician's editor): its lines are still
// found, so the form rewrites site_name in place instead of adding a second one (a TOML
// error), and the settings file made from it keeps the editable lines.
TEST(ConfigEdit, WindowsLineEndsAreRewrittenInPlaceAndCopiedToTheSettingsFile) {
    const std::string original = "# Trạm Số\r\nsite_name = \"Cũ\"\r\n  idle_seconds\t= 90\r\n"
                                 "content_keys_dir = \"/etc/tramso/keys\"\r\n";
    ConfigEdit e = editOf(parseConfig(original, "kiosk.toml").config);
    EXPECT_EQ(e.siteName, "Cũ");
    e.siteName = "Mới";
    ConfigEditResult r = applyConfigEdit(original, e);
    ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors.begin()->second);
    EXPECT_EQ(r.config->siteName, "Mới");
    EXPECT_EQ(r.config->idleSeconds, 90);
    EXPECT_EQ(r.text.find("site_name"), r.text.rfind("site_name")) << r.text;
    const std::string settings = settingsFromConfig(original);
    EXPECT_NE(settings.find("site_name = \"Cũ\""), std::string::npos) << settings;
    EXPECT_NE(settings.find("idle_seconds\t= 90"), std::string::npos) << settings;
    EXPECT_EQ(settings.find("content_keys_dir"), std::string::npos) << settings; // a trust anchor
    EXPECT_EQ(configLineKey("  site_name = 1"), "site_name");
    EXPECT_EQ(configLineKey("# site_name = 1"), "");
    EXPECT_EQ(configLineKey("[site_name]"), "");
    EXPECT_EQ(configLineKey("site_name"), "");
    EXPECT_EQ(configLineKey("Site = 1"), "");
}

TEST(CrashGuard, ThreeUncleanEndsWithinTwoMinutesMeanSafeMode) {
    const fs::path dir = tempDir("crash");
    const int64_t t = 1'900'000'000;
    {
        CrashGuard g(dir, t);
        EXPECT_FALSE(g.safeMode());
        g.cleanExit(); // a normal stop is not a crash
    }
    EXPECT_FALSE(CrashGuard(dir, t + 5).safeMode());  // started, then "crashed"
    EXPECT_FALSE(CrashGuard(dir, t + 10).safeMode()); // 1 crash seen
    CrashGuard third(dir, t + 20);                    // 2 crashes seen
    EXPECT_EQ(third.recentCrashes(), 2);
    EXPECT_FALSE(third.safeMode());
    third.recordError("display: cannot open");
    CrashGuard fourth(dir, t + 30); // 3 crashes within two minutes
    EXPECT_TRUE(fourth.safeMode());
    EXPECT_EQ(fourth.lastError(), "display: cannot open"); // the crashed run's own error
    fourth.clear();
    fourth.cleanExit();
    EXPECT_FALSE(CrashGuard(dir, t + 40).safeMode()) << "a technician cleared them";
    // crashes spread over more than two minutes do not trip it
    const fs::path dir2 = tempDir("crash2");
    for (int i = 0; i < 6; ++i) {
        CrashGuard g(dir2, t + i * 100);
        EXPECT_FALSE(g.safeMode()) << i;
    }
    fs::remove_all(dir);
    fs::remove_all(dir2);
}
