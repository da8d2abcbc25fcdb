// Power cut during a content-pack install: `tramso content install` is killed with SIGKILL
// at random moments, over and over; after each kill the kiosk must find the complete old or
// the complete new content (check-content clean, with exactly one of the two new lessons).
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/pack_store.hpp"
#include "tests/support/pack_fixture.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>

using namespace tramso;
using namespace tramso::test;
namespace fs = std::filesystem;

namespace {

pid_t startInstall(const fs::path& config, const fs::path& data, const fs::path& pack) {
    pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execl(TRAMSO_BINARY, TRAMSO_BINARY, "--config", config.c_str(), "content", "--data-dir",
                data.c_str(), "install", pack.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

int runToEnd(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

} // namespace

TEST(PackFault, KilledInstallLeavesCompleteOldOrNewContent) {
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-packkill-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(makeMinisignKey(dir / "province", "province", dir / "keys"));
    writeText(dir / "kiosk.toml", "content_keys_dir = \"" + (dir / "keys").string() + "\"\n");
    const fs::path data = dir / "data";
    const fs::path bundled = fs::path(TRAMSO_SOURCE_DIR) / "assets";
    // the packs are the bundled lessons plus one of their own
    const size_t bundledLessons = loadContent(bundled, Config{}).tutorials.tutorials.size();
    // two packs, each with its own lesson and a few MB of voice so a kill lands mid-unpack
    fs::path packs[2];
    for (int i = 0; i < 2; ++i) {
        const std::string v = "2026.12." + std::to_string(i + 1);
        const fs::path assets = assetsCopy(dir / ("assets" + v), "bai-" + std::to_string(i + 1));
        std::mt19937 rng(static_cast<unsigned>(i));
        for (int f = 0; f < 8; ++f) {
            std::string voice(256 * 1024, '\0');
            for (char& c : voice) {
                c = static_cast<char>(rng());
            }
            writeText(assets / "voice" / ("buoc-" + std::to_string(f) + ".ogg"), voice);
        }
        packs[i] = dir / ("pack-" + v + ".tar.gz");
        ASSERT_EQ(packFolder(assets, v, packs[i]), "");
        ASSERT_TRUE(minisignSign(packs[i], dir / "province" / "province.key"));
    }
    ASSERT_EQ(runToEnd(startInstall(dir / "kiosk.toml", data, packs[0])), 0);
    // how long a whole install of the second takes, to spread the kills over it
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(runToEnd(startInstall(dir / "kiosk.toml", data, packs[1])), 0);
    const auto full =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    ContentStore store(data);
    ASSERT_TRUE(rollbackContent(store).ok);

    std::mt19937 rng(20261201);
    std::uniform_int_distribution<long> delay(0, full * 6 / 5);
    int oldSeen = 0, newSeen = 0;
    const int kRounds = 110;
    // a cap far above the usual minute (ASan on a busy machine is several times slower),
    // under ctest's 300 s: the test wants its 100 rounds, however long they take
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(220);
    // one install killed after `delayUs`, then what the kiosk would start with is checked
    auto killedRound = [&](int round, long delayUs) {
        const pid_t pid = startInstall(dir / "kiosk.toml", data, packs[1]);
        ::usleep(static_cast<useconds_t>(delayUs));
        ::kill(pid, SIGKILL);
        runToEnd(pid);
        const ActiveContent a = activeContent(data, bundled);
        ASSERT_EQ(a.problem, "") << "round " << round;
        ASSERT_TRUE(a.version == "2026.12.1" || a.version == "2026.12.2")
            << "round " << round << ": " << a.version;
        const Content c = loadContent(a.assets, Config{});
        for (const auto& d : c.diagnostics) {
            ADD_FAILURE() << "round " << round << ": " << d.format();
        }
        const bool isNew = a.version == "2026.12.2";
        EXPECT_EQ(c.tutorials.find("bai-1") != nullptr, !isNew) << "round " << round;
        EXPECT_EQ(c.tutorials.find("bai-2") != nullptr, isNew) << "round " << round;
        EXPECT_EQ(c.tutorials.tutorials.size(), bundledLessons + 1) << "round " << round;
        (isNew ? newSeen : oldSeen)++;
        if (isNew) {
            ASSERT_TRUE(rollbackContent(store).ok) << "round " << round;
        }
    };
    int round = 0;
    for (; round < kRounds && std::chrono::steady_clock::now() < deadline; ++round) {
        killedRound(round, delay(rng));
        if (HasFatalFailure()) {
            return;
        }
    }
    // On a loaded machine an install can take many times the one measured above, so that no
    // kill came after its end: later kills, each twice as late, until one does. The window
    // then spans both outcomes, and a kill after the switch must show the new content whole.
    for (long late = full * 2;
         newSeen == 0 && late < 60'000'000 &&
         std::chrono::steady_clock::now() < deadline + std::chrono::seconds(40);
         late *= 2, ++round) {
        killedRound(round, late);
        if (HasFatalFailure()) {
            return;
        }
    }
    // the real binary agrees, once at the end of the rounds
    const std::string check = std::string(TRAMSO_BINARY) + " --config '" +
                              (dir / "kiosk.toml").string() + "' --data-dir '" + data.string() +
                              "' check-content >/dev/null";
    EXPECT_EQ(std::system(check.c_str()), 0);
    std::printf("pack kill test: %d rounds, full install %ld ms; old content after %d kills, new "
                "after %d\n",
                round, full / 1000, oldSeen, newSeen);
    EXPECT_GE(round, 100);
    EXPECT_GT(oldSeen, 0);
    EXPECT_GT(newSeen, 0);
    fs::remove_all(dir);
}
