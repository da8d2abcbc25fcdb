// One owner per SQLite connection, under load: the UI thread records visits (the recorder's
// writer thread commits them on its own connection) while the dashboard is read thousands
// of times through its own read-only connection. Run in the ThreadSanitizer build by CI;
// here it also checks that every read sees a consistent, growing picture.
#include "db/stats_reader.hpp"
#include "db/stats_recorder.hpp"
#include "db/stats_store.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <ctime>

using namespace tramso;
using namespace tramso::db;

namespace {
constexpr int kVisits = 1000;
constexpr int kReadsPerVisit = 3; // 3,000 dashboard reads

void visit(StatsRecorder& rec, double at) {
    SessionEvent e;
    e.type = EventType::SessionStarted;
    e.atSeconds = at;
    rec.record(e);
    e.type = EventType::TutorialStarted;
    e.tutorialId = "vneid-kich-hoat";
    rec.record(e);
    for (int step = 0; step < 3; ++step) {
        e.type = EventType::StepShown;
        e.step = step;
        e.atSeconds = at + step;
        rec.record(e);
    }
    e = SessionEvent{};
    e.type = EventType::QrShown;
    e.portalId = "vneid";
    e.atSeconds = at + 4;
    rec.record(e);
    e = SessionEvent{};
    e.type = EventType::SessionEnded;
    e.result = "timeout";
    e.atSeconds = at + 5;
    rec.record(e);
}
} // namespace

TEST(StatsStress, VisitsRecordedWhileTheDashboardIsReadThousandsOfTimes) {
    test::TempDir d("stats-stress");
    auto opened = StatsStore::open(d / "stats.sqlite");
    ASSERT_TRUE(opened.store && opened.store->recording()) << opened.message;
    const int startMonth = localDay(std::time(nullptr)) / 100;
    int reads = 0;
    DashboardData last;
    {
        StatsRecorder rec(opened.store.get(), "stress-kiosk");
        // what the kiosk wires: the dashboard source, called on the UI thread
        auto dashboard = dashboardSource(d / "stats.sqlite", rec, nullptr);
        int64_t lastSessions = 0, lastQr = 0;
        for (int i = 0; i < kVisits; ++i) {
            visit(rec, i * 10.0);
            for (int k = 0; k < kReadsPerVisit; ++k) {
                DashboardData data = dashboard(k == 0 ? "vneid-kich-hoat" : "");
                ++reads;
                // one snapshot: never more QR codes than visits, never fewer than last time
                ASSERT_GE(data.monthSessions, lastSessions);
                ASSERT_GE(data.monthQr, lastQr);
                ASSERT_LE(data.monthQr, data.monthSessions);
                ASSERT_LE(data.monthSessions, i + 1);
                lastSessions = data.monthSessions;
                lastQr = data.monthQr;
            }
        }
        rec.flush();
        EXPECT_EQ(rec.lastError(), "");
        last = dashboard("vneid-kich-hoat");
    } // the writer thread has stopped: its connection may be read here
    EXPECT_EQ(reads, kVisits * kReadsPerVisit);
    if (localDay(std::time(nullptr)) / 100 == startMonth) { // not run across a month's end
        EXPECT_EQ(last.monthSessions, kVisits);
        EXPECT_EQ(last.monthQr, kVisits);
        ASSERT_EQ(last.funnel.size(), 3u);
        EXPECT_EQ(last.funnel[2], kVisits);
    }
    EXPECT_EQ(test::scalar(opened.store->database(),
                           "SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL"),
              kVisits);
    std::printf("%d visits recorded while the dashboard was read %d times\n", kVisits, reads);
}
