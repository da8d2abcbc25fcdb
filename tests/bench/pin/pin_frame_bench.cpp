// The longest UI frame while a PIN is checked against 10 staff members (argon2id at the
// kiosk's interactive cost, 64 MiB per hash), headless, through the production wiring
// (kiosk/app's Services and UiApp; the staff store in memory):
//   sync  — the check on the UI thread, as the kiosk did before: the frame that applied the
//           sixth digit ran StaffDirectory::check() (here called in that frame, then the frame)
//   async — the check on a worker (StaffSession): frames go on at 60 Hz until it is in.
// Usage: pin_frame_bench [ROUNDS]   (prints both, in ms; the goal is no frame over 50 ms)
#include "db/staff_store.hpp"
#include "kiosk/core/visit/session.hpp"
#include "tests/bench/frame_rig.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace tramso;
namespace fs = std::filesystem;
using bench::Ms;

namespace {

constexpr int kStaff = 10;

std::string pinOf(int i) {
    // six digits, none a repeat or a straight run
    return std::to_string(205817 + i * 7919);
}

struct Rig : bench::FrameRig {
    MemoryRecorder recorder;
    std::unique_ptr<db::StaffStore> staff = db::StaffStore::memory();
    ~Rig() { // the services use the store and the recorder above: they go first
        app.reset();
        services.reset();
    }

    void openKeypad() {
        services->kiosk().apply(intent::Open{Route{ScreenId::Attract}});
        services->kiosk().apply(intent::OpenStaffLogin{});
        for (int i = 0; i < 3; ++i) {
            frame();
        }
    }
};

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const fs::path data =
        fs::temp_directory_path() / ("tramso-pin-bench-" + std::to_string(getpid()));
    fs::create_directories(data);
    Rig r;
    Config config;
    config.dataDir = data;
    ContentPtr content = std::make_shared<const Content>(
        loadContent(std::string(TRAMSO_SOURCE_DIR) + "/assets", config));
    std::string why;
    const auto tAdd = std::chrono::steady_clock::now();
    for (int i = 0; i < kStaff; ++i) {
        if (!r.staff->add(Role::Team, "bench", pinOf(i), 0, why, PinCost::Interactive)) {
            std::fprintf(stderr, "cannot add a member: %s\n", why.c_str());
            return 1;
        }
    }
    std::printf("%d staff members added (argon2id, interactive) in %.0f ms\n", kStaff,
                Ms(std::chrono::steady_clock::now() - tAdd).count());
    if (!r.buildFonts(*content, config)) {
        return 1;
    }
    app::ServiceOptions o;
    o.config = config;
    o.content = content;
    o.recorder = &r.recorder;
    o.staffStore = r.staff.get();
    r.wire(std::move(o));
    Kiosk& kiosk = r.services->kiosk();
    const std::string pin = pinOf(kStaff - 1); // the last member: every hash is computed

    double syncWorst = 0, asyncWorst = 0, asyncTotal = 0, plainWorst = 0;
    int asyncFrames = 0;
    for (int round = 0; round < rounds; ++round) {
        // sync: the check inside the frame, as before
        r.openKeypad();
        PinCheck check;
        const double sync = r.frame([&] { check = r.staff->check(pin, kiosk.wallNow()); });
        if (check.result != PinCheck::Result::Ok) {
            std::fprintf(stderr, "the PIN was not accepted\n");
            return 1;
        }
        syncWorst = std::max(syncWorst, sync);
        // async: the six digits typed, frames at 60 Hz until signed in
        r.openKeypad();
        for (int i = 0; i < 3; ++i) {
            plainWorst = std::max(plainWorst, r.frame());
        }
        for (char d : pin) {
            kiosk.apply(intent::PinDigit{d});
        }
        const auto t0 = std::chrono::steady_clock::now();
        while (!kiosk.staff()) {
            const double f = r.frame();
            asyncWorst = std::max(asyncWorst, f);
            ++asyncFrames;
            if (Ms(std::chrono::steady_clock::now() - t0).count() > 60'000) {
                std::fprintf(stderr, "no result after a minute\n");
                return 1;
            }
            std::this_thread::sleep_for(Ms(std::max(0.0, 1000.0 / 60 - f)));
        }
        asyncTotal += Ms(std::chrono::steady_clock::now() - t0).count();
        kiosk.apply(intent::Logout{});
    }
    std::printf("longest frame, keypad idle:                       %7.1f ms\n", plainWorst);
    std::printf("longest frame, PIN checked on the UI thread (before): %7.1f ms\n", syncWorst);
    std::printf("longest frame, PIN checked on a worker (after):       %7.1f ms (%d frames, "
                "%.0f ms to sign in on average)\n",
                asyncWorst, asyncFrames, asyncTotal / rounds);
    fs::remove_all(data);
    return 0;
}
