// The production service wiring (kiosk/app) as the binary runs it, headless: the visit closed
// at shutdown, the crash guard's safe screen and its retry, a power cut that is not a crash,
// and the settings form writing the real config file.
#include "harness.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/visit/crash_guard.hpp"

#include <ctime>
#include <fstream>

using namespace tramso;
using tramso::test::Harness;
namespace fs = std::filesystem;

namespace {
// A data folder left as a crashing kiosk leaves it: two crashes just now and a run that never
// said goodbye, in the boot `markerBoot`.
fs::path crashedDataDir(const std::string& name, const std::string& markerBoot) {
    const fs::path d =
        fs::temp_directory_path() / ("tramso-services-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    const int64_t now = std::time(nullptr);
    const std::string boot = currentBootId();
    std::ofstream(d / "crashes") << now - 60 << " " << boot << "\n"
                                 << now - 30 << " " << boot << "\n";
    std::ofstream(d / "running") << now - 5 << " " << markerBoot << "\n";
    // logged by the run that crashed (stamped with its start, as the crash guard writes it)
    std::ofstream(d / "last-error") << "run " << now - 5 << " " << markerBoot << "\n"
                                    << "cannot create an OpenGL 3.2 window\n";
    return d;
}
} // namespace

TEST(Services, AVisitOpenAtShutdownEndsAsShutdown) {
    Harness h;
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap("Thanh toán trực tuyến"));
    ASSERT_TRUE(h.kiosk->inVisit());
    h.services->shutdown(); // what runKiosk does on SIGTERM, a closed window or `quit`
    const auto ended = h.recorder.ofType(EventType::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].result, "shutdown");
    EXPECT_FALSE(h.kiosk->inVisit());
}

TEST(Services, ACrashLoopInThisBootShowsTheSafeScreenThenTriesAgainAfterTenMinutes) {
    const fs::path d = crashedDataDir("loop", currentBootId());
    Harness h;
    Config cfg;
    cfg.dataDir = d;
    h.rebuild(&h.recorder, cfg);
    h.settle();
    ASSERT_EQ(h.screen(), ScreenId::Safe);
    EXPECT_TRUE(h.shows("Lỗi gần nhất (cho kỹ thuật viên): cannot create an OpenGL 3.2 window"));
    EXPECT_LE(h.app->secondsUntilNextFrame(), 600.0) << "the loop wakes for the retry";
    h.clock.advance(599);
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Safe);
    h.clock.advance(2);
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Attract) << "the normal screens, tried again";
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    EXPECT_EQ(h.screen(), ScreenId::Home);
    // the next fall-back waits twice as long (kept for the next start)
    auto retry = readFile(d / "safe-retry");
    ASSERT_TRUE(retry);
    EXPECT_EQ(retry->substr(0, retry->find(' ')), "1200");
    h.rebuild(&h.recorder);
    EXPECT_FALSE(fs::exists(d / "running")) << "an orderly end is not a crash";
    fs::remove_all(d);
}

TEST(Services, APowerCutAfterTwoCrashesIsNotTheThird) {
    const fs::path d = crashedDataDir("power", "an-earlier-boot");
    Harness h;
    Config cfg;
    cfg.dataDir = d;
    h.rebuild(&h.recorder, cfg);
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_FALSE(h.kiosk->safeMode());
    EXPECT_EQ(h.services->crashGuard().recentCrashes(), 2);
    EXPECT_TRUE(h.services->crashGuard().lastEndWasPowerLoss());
    h.rebuild(&h.recorder);
    fs::remove_all(d);
}

TEST(Services, TheSettingsFormRewritesTheKiosksSettingsFileInPlace) {
    Harness h;
    // the screen writes <data_dir>/settings.toml; kiosk.toml (root's) is never touched
    std::ofstream(h.configFile) << "# root's\nidle_seconds = 50\n";
    std::ofstream(settingsFileIn(h.dataDir)) << "# Cấu hình thử\nidle_seconds = 60\n";
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap("Cài đặt máy"));
    ASSERT_EQ(h.screen(), ScreenId::Settings);
    h.kiosk->apply(intent::EditSetting{intent::SettingField::IdleSeconds, "75"});
    h.kiosk->apply(intent::SaveSettings{});
    h.settle();
    EXPECT_TRUE(h.kiosk->settingsForm().saved);
    auto text = readFile(settingsFileIn(h.dataDir));
    ASSERT_TRUE(text);
    EXPECT_EQ(text->rfind("# Cấu hình thử\n", 0), 0u) << *text;
    EXPECT_NE(text->find("idle_seconds = 75\n"), std::string::npos) << *text;
    EXPECT_EQ(h.kiosk->config().idleSeconds, 75);
    EXPECT_EQ(readFile(h.configFile), std::optional<std::string>("# root's\nidle_seconds = 50\n"));
}
