// The longest UI frame when a team member opens the dashboard over a year's worth of
// statistics (1,000,000 generated events), headless, through the production wiring (kiosk/app's
// Services with the real recorder and the dashboard's own connection, and UiApp):
//   sync  — the figures read on the UI thread, as the kiosk did before: the frame that opened
//           the dashboard ran the queries (here Services::dashboard() called in that frame)
//   async — the figures counted on a worker (ScreenData::work): frames go on at 60 Hz, the
//           screen says it is counting, until they are in.
// Usage: dashboard_frame_bench [ROUNDS] [EVENTS]   (prints both, in ms; the goal is no frame
// over 50 ms)
#include "db/staff_store.hpp"
#include "db/stats_store.hpp"
#include "tests/bench/frame_rig.hpp"
#include "tests/support/fill_stats.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <unistd.h>

using namespace tramso;
namespace fs = std::filesystem;
using bench::Ms;

namespace {

constexpr const char* kPin = "205817";

struct Rig : bench::FrameRig {
    std::unique_ptr<db::StaffStore> staff = db::StaffStore::memory();
    ~Rig() { // the services use the store and the recorder above: they go first
        app.reset();
        services.reset();
    }

    // Frames at 60 Hz while `more` holds (at most a minute); returns the longest.
    double framesWhile(const std::function<bool()>& more, int* frames = nullptr) {
        double worst = 0;
        const auto t0 = std::chrono::steady_clock::now();
        while (more()) {
            const double f = frame();
            worst = std::max(worst, f);
            if (frames) {
                ++*frames;
            }
            if (Ms(std::chrono::steady_clock::now() - t0).count() > 60'000) {
                std::fprintf(stderr, "still waiting after a minute\n");
                std::exit(1);
            }
            std::this_thread::sleep_for(Ms(std::max(0.0, 1000.0 / 60 - f)));
        }
        return worst;
    }
};

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const int64_t events = argc > 2 ? std::max(1000LL, std::atoll(argv[2])) : 1'000'000;
    const fs::path data =
        fs::temp_directory_path() / ("tramso-dashboard-bench-" + std::to_string(getpid()));
    fs::create_directories(data);
    {
        auto opened = db::StatsStore::open(data / "stats.sqlite");
        if (!opened.store) {
            std::fprintf(stderr, "cannot make the statistics\n");
            return 1;
        }
        const auto t0 = std::chrono::steady_clock::now();
        const auto [made, visits] = test::fillStats(*opened.store, events, "bench", 7);
        std::printf("%lld events in %d visits generated in %.0f ms\n", static_cast<long long>(made),
                    visits, Ms(std::chrono::steady_clock::now() - t0).count());
    }
    Rig r;
    Config config;
    config.dataDir = data;
    ContentPtr content = std::make_shared<const Content>(
        loadContent(std::string(TRAMSO_SOURCE_DIR) + "/assets", config));
    std::string why;
    if (!r.staff->add(Role::Team, "bench", kPin, 0, why, PinCost::Minimum)) {
        std::fprintf(stderr, "cannot add a member: %s\n", why.c_str());
        return 1;
    }
    if (!r.buildFonts(*content, config)) {
        return 1;
    }
    app::ServiceOptions o;
    o.config = config;
    o.content = content;
    o.staffStore = r.staff.get(); // the recorder: the production one, on data/stats.sqlite
    r.wire(std::move(o));
    r.app->setWake([] {}); // the headless loop runs at 60 Hz anyway
    Kiosk& kiosk = r.services->kiosk();
    kiosk.apply(intent::Open{Route{ScreenId::Attract}});
    kiosk.apply(intent::OpenStaffLogin{});
    for (char d : std::string(kPin)) {
        kiosk.apply(intent::PinDigit{d});
    }
    r.framesWhile([&] { return !kiosk.staff(); });

    double syncWorst = 0, asyncWorst = 0, asyncTotal = 0, staffWorst = 0;
    int asyncFrames = 0;
    for (int round = 0; round < rounds; ++round) {
        kiosk.apply(intent::Open{Route{ScreenId::StaffHome}});
        int idle = 0;
        staffWorst = std::max(staffWorst, r.framesWhile([&] { return idle++ < 5; }));
        // sync: the queries inside the frame, as before
        db::DashboardData d;
        syncWorst = std::max(syncWorst, r.frame([&] { d = r.services->dashboard(""); }));
        if (d.monthSessions <= 0 && round == 0) {
            std::printf("(no visit falls in this month: the queries still read every row)\n");
        }
        // async: the dashboard opened, frames at 60 Hz until its figures are drawn
        const auto t0 = std::chrono::steady_clock::now();
        kiosk.apply(intent::Open{Route{ScreenId::Dashboard}});
        bool drawn = false;
        asyncWorst = std::max(asyncWorst, r.framesWhile(
                                              [&] {
                                                  if (r.app->loadingData()) {
                                                      return true;
                                                  }
                                                  return !std::exchange(drawn, true);
                                              },
                                              &asyncFrames));
        asyncTotal += Ms(std::chrono::steady_clock::now() - t0).count();
    }
    std::printf("longest frame, staff home:                                 %7.1f ms\n",
                staffWorst);
    std::printf("longest frame, dashboard read on the UI thread (before):   %7.1f ms\n", syncWorst);
    std::printf("longest frame, dashboard counted on a worker (after):      %7.1f ms (%d frames, "
                "%.0f ms until its figures are drawn on average)\n",
                asyncWorst, asyncFrames, asyncTotal / rounds);
    fs::remove_all(data);
    return 0;
}
