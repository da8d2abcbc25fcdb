// The statistics store: migrations, damaged files moved aside (never deleted), a schema
// that cannot hold personal data, the recorder's rows, retention and dashboard numbers.
#include "db/stats_recorder.hpp"
#include "db/stats_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace tramso;
using namespace tramso::db;
namespace fs = std::filesystem;

namespace {
fs::path freshDir(const char* name) {
    fs::path d = fs::temp_directory_path() /
                 (std::string("tramso-") + name + "-" + std::to_string(getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::vector<std::string> filesIn(const fs::path& d) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(d)) {
        out.push_back(e.path().filename().string());
    }
    return out;
}

int64_t count(StatsStore& s, const char* sql) {
    Statement st(s.database(), sql);
    st.step();
    return st.integer(0);
}
} // namespace

TEST(Stats, EmptyToLatest) {
    fs::path d = freshDir("empty");
    auto r = StatsStore::open(d / "stats.sqlite");
    ASSERT_EQ(r.status, StatsStore::Opened::Created) << r.message;
    EXPECT_EQ(r.store->schemaVersion(), latestSchemaVersion());
    EXPECT_TRUE(r.store->recording());
    Statement st(r.store->database(), "PRAGMA journal_mode");
    st.step();
    EXPECT_EQ(st.text(0), "wal");
}

TEST(Stats, EachOlderVersionMigratesToLatest) {
    fs::path d = freshDir("older");
    {
        Database db((d / "stats.sqlite").string());
        // version 1 by hand, as an older kiosk left it, with a session in it
        std::ifstream in(fs::path(TRAMSO_SOURCE_DIR) / "db/migrations/0001_sessions_events.sql");
        std::string sql((std::istreambuf_iterator<char>(in)), {});
        db.exec(sql);
        db.setUserVersion(1);
        db.exec("INSERT INTO sessions (id, kiosk_id, started_at) VALUES "
                "('0123456789abcdef0123456789abcdef', 'k-1', 1700000000)");
    }
    auto r = StatsStore::open(d / "stats.sqlite");
    ASSERT_EQ(r.status, StatsStore::Opened::Ready) << r.message;
    EXPECT_EQ(r.store->schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(count(*r.store, "SELECT count(*) FROM sessions"), 1); // kept
    EXPECT_EQ(count(*r.store, "SELECT count(*) FROM daily"), 0);    // the new table exists
}

TEST(Stats, NewerDatabaseIsKeptButNotWritten) {
    fs::path d = freshDir("newer");
    {
        auto r = StatsStore::open(d / "stats.sqlite");
        r.store->database().setUserVersion(latestSchemaVersion() + 5);
    }
    auto r = StatsStore::open(d / "stats.sqlite");
    EXPECT_EQ(r.status, StatsStore::Opened::TooNew);
    ASSERT_TRUE(r.store);
    EXPECT_FALSE(r.store->recording());
    EXPECT_NE(r.message.find("newer"), std::string::npos);
    r.store->write({SessionStartRow{"0123456789abcdef0123456789abcdef", "k", 1}}); // ignored
    EXPECT_EQ(r.store->database().userVersion(), latestSchemaVersion() + 5);
}

TEST(Stats, NotADatabaseIsMovedAsideAndAFreshOneStarted) {
    fs::path d = freshDir("notdb");
    std::ofstream(d / "stats.sqlite") << "these are not the statistics you are looking for";
    auto r = StatsStore::open(d / "stats.sqlite");
    EXPECT_EQ(r.status, StatsStore::Opened::MovedAside) << r.message;
    EXPECT_TRUE(r.store && r.store->recording());
    bool aside = false;
    for (const auto& f : filesIn(d)) {
        if (std::regex_match(f, std::regex(R"(stats\.corrupt-\d{8}-\d{6}\.sqlite)"))) {
            aside = true;
            std::ifstream in(d / f);
            std::string kept((std::istreambuf_iterator<char>(in)), {});
            EXPECT_EQ(kept.rfind("these are not", 0), 0u) << "moved, never deleted";
        }
    }
    EXPECT_TRUE(aside);
}

TEST(Stats, DamagedDatabaseIsMovedAside) {
    fs::path d = freshDir("damaged");
    {
        auto r = StatsStore::open(d / "stats.sqlite");
        std::vector<Row> rows;
        for (int i = 0; i < 2000; ++i) {
            char id[33];
            std::snprintf(id, sizeof id, "%032x", i);
            rows.push_back(SessionStartRow{id, "k", 1700000000 + i});
        }
        r.store->write(rows);
        r.store->database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    {
        // scribble over the middle of the file, where index and table pages are
        std::fstream f(d / "stats.sqlite", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 3);
        std::string junk(4096 * 4, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto r = StatsStore::open(d / "stats.sqlite");
    EXPECT_EQ(r.status, StatsStore::Opened::MovedAside) << r.message;
    EXPECT_EQ(count(*r.store, "SELECT count(*) FROM sessions"), 0);
    EXPECT_EQ(r.store->integrityCheck(), "ok");
}

// Privacy by construction: every text column is held to fixed words or ids by a CHECK, and
// no column is named like something personal.
TEST(Stats, SchemaCannotHoldPersonalData) {
    auto s = StatsStore::memory();
    Statement tables(s->database(), "SELECT name, sql FROM sqlite_master WHERE type = 'table'");
    int textColumns = 0;
    while (tables.step()) {
        std::string table = tables.text(0);
        std::string sql = tables.text(1);
        Statement cols(s->database(), "SELECT name, type FROM pragma_table_info(?1)");
        cols.bind(1, table);
        while (cols.step()) {
            std::string name = cols.text(0);
            std::string type = cols.text(1);
            // whole words of the column name (language is not "age")
            static const std::regex personal(
                "(^|_)(name|phone|tel|cccd|cmnd|number|address|email|note|comment|free|message|"
                "ip|mac|imei|device|input|typed|age|gender|birth|dob)(_|$)",
                std::regex::icase);
            EXPECT_FALSE(std::regex_search(name, personal)) << table << "." << name;
            if (type == "TEXT") {
                ++textColumns;
                // the column's own definition carries a CHECK
                std::regex def("\\b" + name + "\\s+TEXT[^,]*CHECK", std::regex::icase);
                EXPECT_TRUE(std::regex_search(sql, def)) << table << "." << name << " has no CHECK";
            } else {
                EXPECT_TRUE(type == "INTEGER") << table << "." << name << " is " << type;
            }
        }
    }
    EXPECT_GE(textColumns, 15);
    // and the CHECKs bite: free text is refused
    EXPECT_THROW(s->write({EventRow{"0123456789abcdef0123456789abcdef", 20260101, 9,
                                    "session_started", "Nguyễn Văn A", "", "", -1, 0, -1}}),
                 Error);
}

TEST(Stats, RecorderWritesSessionsAndEvents) {
    auto s = StatsStore::memory();
    int64_t wall = 1'790'000'000; // a fixed moment
    {
        StatsRecorder rec(s.get(), "bac-kan-07", [&] { return wall; });
        auto ev = [&](EventType t, double at, std::string tut = {}, int step = -1) {
            SessionEvent e;
            e.type = t;
            e.atSeconds = at;
            e.tutorialId = std::move(tut);
            e.step = step;
            return e;
        };
        rec.record(ev(EventType::SessionStarted, 100.0));
        rec.record(ev(EventType::TutorialStarted, 101.5, "vneid-kich-hoat"));
        rec.record(ev(EventType::StepShown, 101.5, "vneid-kich-hoat", 0));
        SessionEvent qr;
        qr.type = EventType::QrShown;
        qr.portalId = "vneid";
        qr.atSeconds = 120;
        rec.record(qr);
        SessionEvent end = ev(EventType::SessionEnded, 190.0);
        end.result = "timeout";
        end.language = "en";
        end.textSize = "A+";
        end.contrast = "high";
        rec.record(end);
        rec.flush();
        EXPECT_EQ(rec.lastError(), "");
    }
    EXPECT_EQ(count(*s, "SELECT count(*) FROM sessions WHERE kiosk_id = 'bac-kan-07' AND "
                        "outcome = 'timeout' AND language = 'en' AND text_size = 'A+' AND "
                        "contrast = 'high' AND ended_at IS NOT NULL"),
              1);
    EXPECT_EQ(count(*s, "SELECT count(*) FROM events"), 5);
    EXPECT_EQ(count(*s, "SELECT at_ms FROM events WHERE type = 'qr_shown' AND portal_id = 'vneid'"),
              20000);
    EXPECT_EQ(count(*s, "SELECT count(DISTINCT day) FROM events"), 1);
    Statement day(s->database(), "SELECT day, hour FROM events LIMIT 1");
    day.step();
    EXPECT_EQ(day.integer(0), localDay(wall));
    EXPECT_EQ(day.integer(1), localHour(wall));
}

TEST(Stats, RetentionFoldsOldEventsIntoDailyInBatches) {
    auto s = StatsStore::memory();
    std::vector<Row> rows{SessionStartRow{"0123456789abcdef0123456789abcdef", "k", 1}};
    for (int i = 0; i < 250; ++i) {
        rows.push_back(EventRow{"0123456789abcdef0123456789abcdef", 20200101 + (i % 3), 10,
                                "qr_shown", "", "vneid", "", -1, i, -1});
    }
    rows.push_back(EventRow{"0123456789abcdef0123456789abcdef", 20260101, 10, "qr_shown", "",
                            "vneid", "", -1, 0, -1});
    s->write(rows);
    int total = 0, calls = 0;
    while (int n = s->foldOldEvents(20230101, 100)) {
        EXPECT_LE(n, 100);
        total += n;
        ++calls;
    }
    EXPECT_EQ(total, 250);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(count(*s, "SELECT count(*) FROM events"), 1); // the recent one stays
    EXPECT_EQ(count(*s, "SELECT sum(count) FROM daily WHERE type = 'qr_shown'"), 250);
    EXPECT_EQ(count(*s, "SELECT count(*) FROM daily"), 3); // one row per day
}

TEST(Stats, DashboardNumbers) {
    auto s = StatsStore::memory();
    const int today = 20261122;
    std::vector<Row> rows;
    auto sid = [](int i) {
        char id[33];
        std::snprintf(id, sizeof id, "%032x", i);
        return std::string(id);
    };
    for (int i = 0; i < 10; ++i) {
        int day = addDays(today, -(i % 5)); // five days, two visits each
        rows.push_back(SessionStartRow{sid(i), "k", localMidnight(day) + 3600 * 9});
        rows.push_back(EventRow{sid(i), day, 8 + i % 3, "session_started", "", "", "", -1, 0, -1});
        rows.push_back(EventRow{sid(i), day, 8, "tutorial_started", "vssid", "", "", -1, 0, -1});
        for (int st = 0; st <= i % 4; ++st) {
            rows.push_back(EventRow{sid(i), day, 8, "step_shown", "vssid", "", "", st, 0, -1});
        }
        if (i % 4 == 3) {
            rows.push_back(
                EventRow{sid(i), day, 8, "tutorial_completed", "vssid", "", "", -1, 0, -1});
        }
        rows.push_back(SessionEndRow{sid(i), 2, "timeout", i < 3 ? "assisted" : "self",
                                     i % 2 ? "en" : "vi", "A", "normal", 1});
    }
    s->write(rows);
    DashboardData d = s->dashboard(today, "vssid");
    EXPECT_EQ(d.monthSessions, 10);
    EXPECT_EQ(d.monthStarted, 10);
    EXPECT_EQ(d.monthCompleted, 2);
    ASSERT_EQ(d.sessionsPerDay.size(), 30u);
    EXPECT_EQ(d.sessionsPerDay.back().first, today);
    EXPECT_EQ(d.sessionsPerDay.back().second, 2);
    ASSERT_EQ(d.funnel.size(), 4u);
    EXPECT_EQ(d.funnel[0], 10);
    EXPECT_EQ(d.funnel[3], 2);
    ASSERT_EQ(d.tutorials.size(), 1u);
    EXPECT_EQ(d.tutorials[0].completed, 2);
    EXPECT_EQ(d.hours[8] + d.hours[9] + d.hours[10], 10);
    int64_t assisted = 0;
    for (const auto& c : d.modes) {
        assisted += c.key == "assisted" ? c.value : 0;
    }
    EXPECT_EQ(assisted, 3);
    EXPECT_EQ(addDays(20260301, -1), 20260228);
}
