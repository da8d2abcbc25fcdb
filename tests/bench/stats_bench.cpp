// Statistics: what recording costs the UI thread (per event, p50/p99), how fast the writer
// commits, and the dashboard's queries over 1,000,000 generated events.
#include "db/stats_recorder.hpp"
#include "db/stats_store.hpp"
#include "tests/support/fill_stats.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

using namespace tramso;
using namespace tramso::db;
namespace fs = std::filesystem;

namespace {

// Enqueue cost as the UI thread sees it, with the writer thread committing to a real file.
void BM_EventEnqueue(benchmark::State& state) {
    fs::path dir = fs::temp_directory_path() / "tramso-bench-enqueue";
    fs::remove_all(dir);
    auto opened = StatsStore::open(dir / "stats.sqlite");
    StatsRecorder rec(opened.store.get(), "bench");
    SessionEvent start;
    start.type = EventType::SessionStarted;
    rec.record(start);
    SessionEvent e;
    e.type = EventType::StepShown;
    e.tutorialId = "vneid-kich-hoat";
    e.step = 3;
    e.durationMs = 4200;
    std::vector<double> ns;
    ns.reserve(1 << 20);
    for (auto _ : state) {
        auto t0 = std::chrono::steady_clock::now();
        rec.record(e);
        auto t1 = std::chrono::steady_clock::now();
        ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    std::sort(ns.begin(), ns.end());
    state.counters["p50_us"] = ns[ns.size() / 2] / 1000.0;
    state.counters["p99_us"] = ns[ns.size() * 99 / 100] / 1000.0;
    state.counters["max_us"] = ns.back() / 1000.0;
    rec.flush();
}
BENCHMARK(BM_EventEnqueue)->Iterations(200000);

// Rows committed per second by the writer's batches (WAL, synchronous=FULL).
void BM_CommitThroughput(benchmark::State& state) {
    fs::path dir = fs::temp_directory_path() / "tramso-bench-commit";
    fs::remove_all(dir);
    auto opened = StatsStore::open(dir / "stats.sqlite");
    const int batch = static_cast<int>(state.range(0));
    int session = 0;
    for (auto _ : state) {
        char id[33];
        std::snprintf(id, sizeof id, "%032x", ++session);
        std::vector<Row> rows{SessionStartRow{id, "bench", 1}};
        for (int i = 0; i < batch; ++i) {
            rows.push_back(
                EventRow{id, 20261122, 10, "step_shown", "vssid", "", "", i % 8, i, 900});
        }
        opened.store->write(rows);
    }
    state.SetItemsProcessed(state.iterations() * (batch + 1));
}
BENCHMARK(BM_CommitThroughput)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// A year of busy use: 1,000,000 events over 30 days, 14 lessons, 8 portals.
StatsStore& millionEvents() {
    static std::unique_ptr<StatsStore> store = [] {
        fs::path dir = fs::temp_directory_path() / "tramso-bench-million";
        fs::remove_all(dir);
        auto opened = StatsStore::open(dir / "stats.sqlite");
        const auto [events, sessionNo] = test::fillStats(*opened.store, 1'000'000, "bench", 7);
        std::fprintf(stderr, "generated %lld events in %d sessions\n",
                     static_cast<long long>(events), sessionNo);
        return std::move(opened.store);
    }();
    return *store;
}

void BM_DashboardOneMillionEvents(benchmark::State& state) {
    StatsStore& s = millionEvents();
    const int today = localDay(std::time(nullptr));
    for (auto _ : state) {
        DashboardData d = s.dashboard(today, "vneid-kich-hoat");
        benchmark::DoNotOptimize(d.monthSessions);
    }
}
BENCHMARK(BM_DashboardOneMillionEvents)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Each chart's query alone, so the slowest one is visible.
void BM_DashboardChart(benchmark::State& state) {
    StatsStore& s = millionEvents();
    const int from = addDays(localDay(std::time(nullptr)), -29);
    static const char* queries[] = {
        "SELECT day, count(*) FROM events WHERE day >= ?1 AND type = 'session_started' GROUP BY "
        "day",
        "SELECT tutorial_id, count(*) FROM events WHERE day >= ?1 AND type = 'tutorial_started' "
        "GROUP BY tutorial_id",
        "SELECT step, count(DISTINCT session_id) FROM events WHERE tutorial_id = 'vneid-kich-hoat' "
        "AND type = 'step_shown' AND day >= ?1 GROUP BY step",
        "SELECT portal_id, count(*) FROM events WHERE day >= ?1 AND type = 'qr_shown' GROUP BY "
        "portal_id",
        "SELECT mode, count(*) FROM sessions WHERE started_at >= ?1 GROUP BY mode",
        "SELECT hour, count(*) FROM events WHERE day >= ?1 AND type = 'session_started' GROUP BY "
        "hour",
    };
    const char* sql = queries[state.range(0)];
    for (auto _ : state) {
        Statement st(s.database(), sql);
        st.bind(1, state.range(0) == 4 ? localMidnight(from) : static_cast<int64_t>(from));
        while (st.step()) {
        }
    }
}
BENCHMARK(BM_DashboardChart)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

} // namespace
