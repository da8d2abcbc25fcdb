// One owner per SQLite connection, under load, through the production wiring (kiosk/app's
// Services: the real recorder and the dashboard the staff screen reads): visits are played on
// the kiosk (the recorder's writer thread commits them on its own connection) while the
// dashboard is read thousands of times through its own read-only connection. Run in the
// ThreadSanitizer build by CI; here it also checks that every read sees a consistent, growing
// picture.
#include "db/sqlite.hpp"
#include "db/stats_store.hpp"
#include "kiosk/app/services.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <ctime>

using namespace tramso;
using namespace tramso::db;

namespace {
constexpr int kVisits = 1000;
constexpr int kReadsPerVisit = 3; // 3,000 dashboard reads
constexpr const char* kStressLesson = "vneid-kich-hoat";

// A resident's visit on the kiosk: a lesson's first three steps, a QR code, then away.
void visit(Kiosk& k) {
    k.apply(intent::StartVisit{});
    k.apply(intent::Open{Route{ScreenId::Tutorial, 0, kStressLesson}});
    k.apply(intent::NextStep{});
    k.apply(intent::NextStep{});
    k.qrShown("vneid");
    k.apply(intent::Open{Route{ScreenId::Attract}});
}
} // namespace

TEST(StatsStress, VisitsRecordedWhileTheDashboardIsReadThousandsOfTimes) {
    test::TempDir d("stats-stress");
    ManualClock clock;
    const int startMonth = localDay(std::time(nullptr)) / 100;
    int reads = 0;
    DashboardData last;
    {
        app::ServiceOptions o;
        o.config.dataDir = d.path();
        o.config.kioskId = "stress-kiosk";
        o.content = std::make_shared<const Content>(
            loadContent(std::string(TRAMSO_SOURCE_DIR) + "/assets", o.config));
        o.clock = &clock;
        app::Services services(std::move(o)); // the production recorder and stores
        int64_t lastSessions = 0, lastQr = 0;
        for (int i = 0; i < kVisits; ++i) {
            clock.advance(10);
            visit(services.kiosk());
            for (int k = 0; k < kReadsPerVisit; ++k) {
                // what the dashboard screen reads, on the UI thread
                DashboardData data = services.dashboard(k == 0 ? kStressLesson : "");
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
        services.shutdown(); // everything recorded is committed
        last = services.dashboard(kStressLesson);
    } // the writer thread has stopped
    EXPECT_EQ(reads, kVisits * kReadsPerVisit);
    if (localDay(std::time(nullptr)) / 100 == startMonth) { // not run across a month's end
        EXPECT_EQ(last.monthSessions, kVisits);
        EXPECT_EQ(last.monthQr, kVisits);
        ASSERT_GE(last.funnel.size(), 3u);
        EXPECT_EQ(last.funnel[2], kVisits);
    }
    Database db((d / "stats.sqlite").string(), false, true);
    EXPECT_EQ(test::scalar(db, "SELECT count(*) FROM sessions WHERE ended_at IS NOT NULL"),
              kVisits);
    std::printf("%d visits recorded while the dashboard was read %d times\n", kVisits, reads);
}
