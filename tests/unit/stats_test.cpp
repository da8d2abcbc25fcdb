// The statistics store: migrations, damaged files moved aside (never deleted), a schema
// that cannot hold personal data, the recorder's rows, retention and dashboard numbers.
#include "db/stats_recorder.hpp"
#include "db/stats_store.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

using namespace tramso;
using namespace tramso::db;
namespace fs = std::filesystem;

namespace {
using test::filesIn;
using test::TempDir;

int64_t count(StatsStore& s, const std::string& sql) {
    return test::scalar(s.database(), sql);
}
} // namespace

TEST(Stats, EmptyToLatest) {
    TempDir d("stats-empty");
    auto r = StatsStore::open(d / "stats.sqlite");
    ASSERT_EQ(r.status, StatsStore::Opened::Created) << r.message;
    EXPECT_EQ(r.store->schemaVersion(), latestSchemaVersion());
    EXPECT_TRUE(r.store->recording());
    Statement st(r.store->database(), "PRAGMA journal_mode");
    st.step();
    EXPECT_EQ(st.text(0), "wal");
}

TEST(Stats, EachOlderVersionMigratesToLatest) {
    TempDir d("stats-older");
    {
        Database db((d / "stats.sqlite").string());
        // version 1 by hand, as an older kiosk left it, with a session in it
        db.exec(
            test::readText(fs::path(TRAMSO_SOURCE_DIR) / "db/migrations/0001_sessions_events.sql"));
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
    TempDir d("stats-newer");
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
    TempDir d("stats-notdb");
    std::ofstream(d / "stats.sqlite") << "these are not the statistics you are looking for";
    auto r = StatsStore::open(d / "stats.sqlite");
    EXPECT_EQ(r.status, StatsStore::Opened::MovedAside) << r.message;
    EXPECT_TRUE(r.store && r.store->recording());
    bool aside = false;
    for (const auto& f : filesIn(d)) {
        if (std::regex_match(f, std::regex(R"(stats\.corrupt-\d{8}-\d{6}\.sqlite)"))) {
            aside = true;
            EXPECT_EQ(test::readText(d / f).rfind("these are not", 0), 0u)
                << "moved, never deleted";
        }
    }
    EXPECT_TRUE(aside);
}

TEST(Stats, DamagedDatabaseIsMovedAside) {
    TempDir d("stats-damaged");
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
        if (i % 3 == 0) { // "call the team" tapped in 4 of the 10 visits
            rows.push_back(EventRow{sid(i), day, 8, "help_asked", "", "", "", -1, 0, -1});
        }
        rows.push_back(SessionEndRow{sid(i), 2, "timeout", i < 3 ? "assisted" : "self",
                                     i % 2 ? "en" : "vi", "A", "normal", 1});
    }
    // a call for help last month is not this month's
    const int lastMonth = addDays(today, -40);
    rows.push_back(SessionStartRow{sid(100), "k", localMidnight(lastMonth) + 3600 * 9});
    rows.push_back(EventRow{sid(100), lastMonth, 9, "help_asked", "", "", "", -1, 0, -1});
    rows.push_back(SessionEndRow{sid(100), 2, "timeout", "self", "vi", "A", "normal", 1});
    s->write(rows);
    DashboardData d = s->dashboard(today, "vssid");
    EXPECT_EQ(d.monthHelp, 4);
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

namespace {
// A statistics file at schema 3 (before 'shutdown' and 'interrupted'), as a kiosk of the
// previous release left it.
void makeVersion3(const fs::path& file) {
    Database db(file.string());
    db.exec("PRAGMA foreign_keys = ON");
    for (const char* m :
         {"0001_sessions_events.sql", "0002_daily_summary.sql", "0003_dashboard_indexes.sql"}) {
        db.exec(test::readText(fs::path(TRAMSO_SOURCE_DIR) / "db/migrations" / m));
    }
    db.setUserVersion(3);
}

std::set<std::string> indexes(Database& db) {
    std::set<std::string> out;
    Statement q(db, "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND "
                    "sql IS NOT NULL");
    while (q.step()) {
        out.insert(q.text(0));
    }
    return out;
}
} // namespace

// Migration 0004 rebuilds three tables to widen their CHECKs: every row, id and index
// survives, the foreign key still holds, and only the two new words are let in.
TEST(Stats, Migration4KeepsRowsAndIndexesAndAllowsShutdownAndInterrupted) {
    TempDir d("stats-m4");
    const fs::path file = d / "stats.sqlite";
    makeVersion3(file);
    std::set<std::string> before;
    {
        Database db(file.string());
        db.exec("INSERT INTO sessions (id, kiosk_id, started_at, ended_at, mode, outcome) VALUES "
                "('0123456789abcdef0123456789abcdef', 'k-1', 1790000000, 1790000100, "
                "'assisted', 'timeout')");
        db.exec("INSERT INTO events (id, session_id, day, hour, type, tutorial_id, step, at_ms, "
                "result) VALUES (77, '0123456789abcdef0123456789abcdef', 20260923, 9, "
                "'check_answered', 'vssid', 2, 5000, 'right')");
        db.exec("INSERT INTO daily VALUES (20250101, 'session_ended', '', -1, '', 'staff', 4)");
        before = indexes(db);
    }
    ASSERT_EQ(before.size(), 4u);
    auto r = StatsStore::open(file);
    ASSERT_EQ(r.status, StatsStore::Opened::Ready) << r.message;
    StatsStore& s = *r.store;
    EXPECT_EQ(s.schemaVersion(), latestSchemaVersion());
    auto after = indexes(s.database());
    std::erase_if(after, [](const std::string& i) { return i.rfind("quiz_events", 0) == 0; });
    EXPECT_EQ(after, before) << "the same indexes, by name and definition (0007 adds its own)";
    EXPECT_EQ(count(s, "SELECT count(*) FROM sessions WHERE mode = 'assisted' AND "
                       "outcome = 'timeout' AND ended_at = 1790000100"),
              1);
    EXPECT_EQ(count(s, "SELECT count(*) FROM events WHERE id = 77 AND result = 'right' AND "
                       "step = 2 AND at_ms = 5000"),
              1);
    EXPECT_EQ(count(s, "SELECT count FROM daily WHERE result = 'staff'"), 4);
    EXPECT_EQ(count(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(count(s, "PRAGMA foreign_keys"), 1) << "on again after migrating";
    EXPECT_EQ(s.integrityCheck(), "ok");
    // the new words are accepted in all three tables
    const std::string id = "00000000000000000000000000000001";
    s.write({SessionStartRow{id, "k-1", 1790001000},
             EventRow{id, 20260923, 9, "session_ended", "", "", "shutdown", -1, 100, -1},
             SessionEndRow{id, 1790001001, "shutdown", "self", "vi", "A", "normal", 1}});
    EXPECT_EQ(count(s, "SELECT count(*) FROM sessions WHERE outcome = 'shutdown'"), 1);
    s.database().exec("INSERT INTO daily VALUES (20250102, 'session_ended', '', -1, '', "
                      "'interrupted', 1)");
    // the CHECKs still bite, and the foreign key still holds
    EXPECT_THROW(
        s.write({SessionEndRow{id, 1790001002, "exploded", "self", "vi", "A", "normal", 1}}),
        Error);
    EXPECT_THROW(s.write({EventRow{"ffffffffffffffffffffffffffffffff", 20260923, 9, "qr_shown", "",
                                   "vneid", "", -1, 0, -1}}),
                 Error);
}

// Migration 0008 rebuilds sessions so a language pack's code (2–3 lowercase letters) can be
// recorded: every row and column (voice, content version), the index and the foreign key
// survive, and the CHECK still keeps anything else out.
TEST(Stats, Migration8KeepsSessionsAndAllowsALanguagePackCode) {
    TempDir d("stats-m8");
    const fs::path file = d / "stats.sqlite";
    const std::string old = "0123456789abcdef0123456789abcdef";
    std::set<std::string> before;
    {
        Database db(file.string());
        db.exec("PRAGMA foreign_keys = ON");
        for (const char* m :
             {"0001_sessions_events.sql", "0002_daily_summary.sql", "0003_dashboard_indexes.sql",
              "0004_shutdown_interrupted.sql", "0005_session_voice.sql", "0006_content_version.sql",
              "0007_quiz_events.sql"}) {
            db.exec(test::readText(fs::path(TRAMSO_SOURCE_DIR) / "db/migrations" / m));
        }
        db.setUserVersion(7);
        EXPECT_THROW(db.exec("INSERT INTO sessions (id, kiosk_id, started_at, language) VALUES "
                             "('00000000000000000000000000000009', 'k', 1, 'hmn')"),
                     Error)
            << "before 0008 only vi and en";
        db.exec("INSERT INTO sessions (id, kiosk_id, started_at, ended_at, mode, language, "
                "outcome, voice, content_version) VALUES ('" +
                old +
                "', 'k-1', 1790000000, 1790000100, 'assisted', 'en', 'left', 1, '2026.12.1')");
        db.exec("INSERT INTO events (id, session_id, day, hour, type, at_ms) VALUES (5, '" + old +
                "', 20260923, 9, 'session_started', 0)");
        before = indexes(db);
    }
    auto r = StatsStore::open(file);
    ASSERT_EQ(r.status, StatsStore::Opened::Ready) << r.message;
    StatsStore& s = *r.store;
    EXPECT_EQ(s.schemaVersion(), latestSchemaVersion());
    EXPECT_EQ(indexes(s.database()), before) << "the same indexes, by name and definition";
    EXPECT_EQ(count(s, "SELECT count(*) FROM sessions WHERE id = '" + old +
                           "' AND mode = 'assisted' AND language = 'en' AND outcome = 'left' AND "
                           "voice = 1 AND content_version = '2026.12.1' AND ended_at = 1790000100"),
              1);
    EXPECT_EQ(count(s, "SELECT count(*) FROM events WHERE id = 5 AND session_id = '" + old + "'"),
              1);
    EXPECT_EQ(count(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(count(s, "PRAGMA foreign_keys"), 1) << "on again after migrating";
    EXPECT_EQ(s.integrityCheck(), "ok");
    // a pack's code is recorded; anything else is still refused
    const std::string id = "00000000000000000000000000000001";
    s.write({SessionStartRow{id, "k-1", 1790001000},
             SessionEndRow{id, 1790001001, "left", "self", "hmn", "A", "normal", 1, true}});
    EXPECT_EQ(count(s, "SELECT count(*) FROM sessions WHERE language = 'hmn'"), 1);
    for (const char* bad : {"HMN", "h", "hmnx", "h1n", "", "vi-VN"}) {
        EXPECT_THROW(
            s.write({SessionEndRow{id, 1790001002, "left", "self", bad, "A", "normal", 1, true}}),
            Error)
            << bad;
    }
    EXPECT_THROW(s.write({EventRow{"ffffffffffffffffffffffffffffffff", 20260923, 9, "qr_shown", "",
                                   "vneid", "", -1, 0, -1}}),
                 Error)
        << "the foreign key still holds";
}

// After a power cut, visits left without an end are closed at the next start: outcome
// 'interrupted', ended at their last event (or their start), with a session_ended event.
TEST(Stats, OpenClosesVisitsLeftOpenByAPowerCut) {
    TempDir d("stats-interrupted");
    const std::string a = "000000000000000000000000000000aa";
    const std::string b = "000000000000000000000000000000bb";
    const std::string c = "000000000000000000000000000000cc";
    {
        auto r = StatsStore::open(d / "stats.sqlite");
        ASSERT_TRUE(r.store);
        r.store->write({SessionStartRow{a, "k", 1790000000},
                        EventRow{a, 20260923, 9, "session_started", "", "", "", -1, 0, -1},
                        EventRow{a, 20260923, 9, "step_shown", "vssid", "", "", 1, 42750, 900},
                        EventRow{a, 20260923, 9, "step_shown", "vssid", "", "", 0, 5000, -1},
                        SessionStartRow{b, "k", 1790000500}, SessionStartRow{c, "k", 1790000900},
                        SessionEndRow{c, 1790000950, "left", "self", "vi", "A", "normal", 1}});
    } // the power goes: nothing ends a or b
    auto r = StatsStore::open(d / "stats.sqlite");
    ASSERT_EQ(r.status, StatsStore::Opened::Ready) << r.message;
    StatsStore& s = *r.store;
    EXPECT_EQ(count(s, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 0);
    EXPECT_EQ(count(s, "SELECT ended_at FROM sessions WHERE id = '" + a +
                           "' AND outcome = 'interrupted'"),
              1790000042);
    EXPECT_EQ(count(s, "SELECT ended_at FROM sessions WHERE id = '" + b +
                           "' AND outcome = 'interrupted'"),
              1790000500);
    EXPECT_EQ(count(s, "SELECT ended_at FROM sessions WHERE id = '" + c + "' AND outcome = 'left'"),
              1790000950)
        << "a visit that ended is left alone";
    EXPECT_EQ(count(s, "SELECT count(*) FROM events WHERE type = 'session_ended' AND "
                       "result = 'interrupted'"),
              2);
    EXPECT_EQ(count(s, "SELECT at_ms FROM events WHERE type = 'session_ended' AND session_id = '" +
                           a + "'"),
              42750);
    EXPECT_EQ(s.closeInterruptedVisits(), 0) << "nothing left to close";
}

// The kiosk ends the open visit with 'shutdown' when it is stopped; the recorder stores it.
TEST(Stats, RecorderStoresAShutdownEnd) {
    auto s = StatsStore::memory();
    {
        StatsRecorder rec(s.get(), "k", [] { return int64_t{1'790'000'000}; });
        SessionEvent e;
        e.type = EventType::SessionStarted;
        rec.record(e);
        e.type = EventType::SessionEnded;
        e.result = "shutdown";
        e.atSeconds = 3;
        rec.record(e);
        rec.flush();
        EXPECT_EQ(rec.lastError(), "");
    }
    EXPECT_EQ(count(*s, "SELECT count(*) FROM sessions WHERE outcome = 'shutdown'"), 1);
    EXPECT_EQ(count(*s, "SELECT count(*) FROM events WHERE result = 'shutdown'"), 1);
}

// Retention folds the new words into the daily table like the old ones.
TEST(Stats, RetentionFoldsInterruptedAndShutdownEnds) {
    auto s = StatsStore::memory();
    const std::string id = "0123456789abcdef0123456789abcdef";
    s->write({SessionStartRow{id, "k", 1},
              EventRow{id, 20200101, 10, "session_ended", "", "", "interrupted", -1, 0, -1},
              EventRow{id, 20200101, 10, "session_ended", "", "", "shutdown", -1, 0, -1}});
    EXPECT_EQ(s->foldOldEvents(20230101, 100), 2);
    EXPECT_EQ(count(*s, "SELECT count(*) FROM daily WHERE result IN ('interrupted', "
                        "'shutdown')"),
              2);
}
