// A stop is not a crash: `systemctl stop/restart` sends SIGTERM to cage and the kiosk at once,
// and the display goes away under the kiosk. Here the kiosk runs in its own Xvfb; the server
// is killed and the kiosk sent SIGTERM together, three times in a row, and the fourth start
// must count no crash (the old kiosk died in Xlib with its run marker left: three restarts
// opened the safe screen). A real crash (SIGKILL, the display still there) still counts.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// An Xvfb of its own; `display` is ":N".
struct Xvfb {
    pid_t pid = -1;
    std::string display;
    Xvfb() {
        int fds[2];
        if (pipe(fds) != 0) {
            return;
        }
        pid = fork();
        if (pid == 0) {
            close(fds[0]);
            const std::string fd = std::to_string(fds[1]);
            execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1280x800x24",
                   "-nolisten", "tcp", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        char buf[32] = {};
        ssize_t n = read(fds[0], buf, sizeof buf - 1);
        close(fds[0]);
        if (n > 0) {
            display = ":" + std::string(buf, static_cast<size_t>(n));
            display.erase(display.find_last_not_of("\n ") + 1);
        }
    }
    void kill(int sig) {
        if (pid > 0) {
            ::kill(pid, sig);
            waitpid(pid, nullptr, 0);
            pid = -1;
        }
    }
    ~Xvfb() { kill(SIGKILL); }
};

// Starts the kiosk on `display` with its data in `dir`, on a still screen (the keypad: it waits
// up to 2 s between frames, as a kiosk nobody touches does); returns its pid once its first
// frame is shown (from its log), or -1.
pid_t startKiosk(const std::string& display, const fs::path& dir) {
    const fs::path log = dir / "stderr.txt";
    fs::remove(log);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("DISPLAY", display.c_str(), 1);
        FILE* f = std::freopen(log.c_str(), "w", stderr);
        (void)f;
        const std::string cfg = (dir / "kiosk.toml").string();
        const std::string data = (dir / "var").string();
        execl(TRAMSO_BINARY, TRAMSO_BINARY, "--config", cfg.c_str(), "--data-dir", data.c_str(),
              "--windowed", "800x600", "--open", "staff", static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 600; ++i) {
        if (slurp(log).find("first frame shown") != std::string::npos) {
            return pid;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

} // namespace

TEST(Stop, TheDisplayGoingWithSigtermIsAStopNotACrash) {
    const fs::path dir = fs::temp_directory_path() / ("tramso-stop-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "kiosk.toml") << "mm_per_px = 0.265\n";
    for (int round = 0; round < 3; ++round) {
        Xvfb x;
        ASSERT_FALSE(x.display.empty()) << "Xvfb did not start";
        const pid_t kiosk = startKiosk(x.display, dir);
        ASSERT_GT(kiosk, 0) << slurp(dir / "stderr.txt");
        ASSERT_TRUE(fs::exists(dir / "var" / "running"));
        // systemd signals cage and the kiosk together; cage aborts and the display is gone
        // while the kiosk waits for its next frame
        ::kill(kiosk, SIGTERM);
        x.kill(SIGKILL);
        int st = 0;
        waitpid(kiosk, &st, 0);
        EXPECT_FALSE(fs::exists(dir / "var" / "running"))
            << "round " << round << ": the stop was taken for a crash\n"
            << slurp(dir / "stderr.txt");
    }
    {
        Xvfb x;
        const pid_t kiosk = startKiosk(x.display, dir);
        ASSERT_GT(kiosk, 0);
        EXPECT_EQ(slurp(dir / "stderr.txt").find("safe screen"), std::string::npos);
        EXPECT_TRUE(slurp(dir / "var" / "crashes").empty()) << slurp(dir / "var" / "crashes");
        // a real crash still counts
        ::kill(kiosk, SIGKILL);
        waitpid(kiosk, nullptr, 0);
        EXPECT_TRUE(fs::exists(dir / "var" / "running"));
    }
    fs::remove_all(dir);
}
