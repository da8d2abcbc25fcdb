// Statistics carry the content version each visit used (issue 16): the recorder stamps the
// version set when the visit started, and the schema keeps anything but digits and dots out.
#include "db/sqlite.hpp"
#include "db/stats_recorder.hpp"
#include "db/stats_store.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

using namespace tramso;
using namespace tramso::db;

namespace {
SessionEvent event(EventType t) {
    SessionEvent e;
    e.type = t;
    return e;
}
} // namespace

TEST(StatsContentVersion, EachVisitRecordsTheContentItStartedWith) {
    test::TempDir d("stats-content-version");
    auto r = StatsStore::open(d / "stats.sqlite");
    ASSERT_TRUE(r.store) << r.message;
    {
        StatsRecorder rec(r.store.get(), "k-1", [] { return int64_t{1790000000}; });
        rec.record(event(EventType::SessionStarted));
        rec.record(event(EventType::SessionEnded));
        rec.setContentVersion("2026.12.1");
        rec.record(event(EventType::SessionStarted));
        rec.setContentVersion("2026.12.2"); // switched after that visit began: not its version
        rec.record(event(EventType::SessionEnded));
        rec.flush();
    }
    Database& db = r.store->database();
    EXPECT_EQ(test::scalar(db, "SELECT count(*) FROM sessions WHERE content_version = ''"), 1);
    EXPECT_EQ(test::scalar(db, "SELECT count(*) FROM sessions WHERE content_version = '2026.12.1'"),
              1);
    EXPECT_EQ(test::scalar(db, "SELECT count(*) FROM sessions"), 2);
}

TEST(StatsContentVersion, TheSchemaRefusesAnythingButAVersion) {
    test::TempDir d("stats-content-version-check");
    auto r = StatsStore::open(d / "stats.sqlite");
    ASSERT_TRUE(r.store) << r.message;
    const std::string id = "0123456789abcdef0123456789abcdef";
    // the recorder's INSERT OR IGNORE drops a row its CHECKs refuse: the row is not stored
    for (const std::string bad :
         {"Nguyễn Văn A", "0912345678 ", "2026.12.1-beta", "1.2.3.4.5.6.7.8.9.10.11"}) {
        r.store->write({SessionStartRow{id, "k", 1, bad}});
        EXPECT_EQ(test::scalar(r.store->database(), "SELECT count(*) FROM sessions"), 0) << bad;
    }
    EXPECT_THROW(r.store->database().exec("INSERT INTO sessions (id, kiosk_id, started_at, "
                                          "content_version) VALUES ('" +
                                          id + "', 'k', 1, 'abc')"),
                 std::exception);
    r.store->write({SessionStartRow{id, "k", 1, "2026.12.10"}});
    EXPECT_EQ(test::scalar(r.store->database(),
                           "SELECT count(*) FROM sessions WHERE content_version = '2026.12.10'"),
              1);
}
