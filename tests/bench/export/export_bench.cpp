// Export of 1,000,000 events: wall time and the process's peak RSS (goal ≤ 20 s, ≤ 100 MB:
// the export streams rows, it never holds them all). Two steps so the data generation does
// not count in the export's memory:
//   export_bench make DIR   — DIR/stats.sqlite with ~1,000,000 events (kept if present)
//   export_bench run DIR    — export it to DIR/stick and print the figures
#include "db/export.hpp"
#include "db/stats_store.hpp"
#include "tests/support/fill_stats.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>

using namespace tramso;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc != 3 || (std::strcmp(argv[1], "make") != 0 && std::strcmp(argv[1], "run") != 0)) {
        std::fprintf(stderr, "usage: export_bench make|run DIR\n");
        return 2;
    }
    const fs::path dir = argv[2];
    fs::create_directories(dir);
    if (std::strcmp(argv[1], "make") == 0) {
        if (fs::exists(dir / "stats.sqlite")) {
            return 0;
        }
        auto opened = db::StatsStore::open(dir / "stats.sqlite");
        auto [events, sessions] = test::fillStats(*opened.store, 1'000'000, "bench", 7);
        std::printf("generated %lld events in %d visits\n", static_cast<long long>(events),
                    sessions);
        return 0;
    }
    const Content content = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", Config{});
    fs::remove_all(dir / "stick");
    fs::create_directories(dir / "stick");
    db::ExportOptions o;
    o.statsFile = dir / "stats.sqlite";
    o.to = dir / "stick";
    o.scratchDir = dir;
    o.kioskId = "bench";
    o.now = std::time(nullptr);
    o.content = &content;
    const auto t0 = std::chrono::steady_clock::now();
    db::ExportResult r = db::exportStats(o);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok) {
        std::fprintf(stderr, "export failed: %s\n", r.error.c_str());
        return 1;
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::uintmax_t bytes = 0;
    for (const auto& e : fs::directory_iterator(r.folder)) {
        bytes += e.file_size();
    }
    std::printf("export of %lld events (%lld visits): %.1f s, peak RSS %.0f MB, %.0f MB "
                "written (goal: <= 20 s, <= 100 MB)\n",
                static_cast<long long>(r.events), static_cast<long long>(r.sessions), s,
                static_cast<double>(ru.ru_maxrss) / 1024.0, static_cast<double>(bytes) / 1e6);
    return 0;
}
