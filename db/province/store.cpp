// Loading exports into PostgreSQL. Rows travel by COPY into per-transaction staging tables
// (all text, named from the CSV header, so a column added by a later kiosk version does no
// harm), and from there into the store with one set-based statement per table.
#include "store.hpp"

#include "../plausible.hpp"
#include "export_reader.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "province_migrations.inc"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sodium.h>
#include <sstream>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace tramso::province {
namespace fs = std::filesystem;

namespace {

// Any number. Held alone: for migrations and for making partitions (short transactions of
// their own). With a kiosk id ($1): by the transaction loading one of its exports, so that
// two loaders (two connections, two runs) never load the same kiosk at the same time;
// exports of different kiosks load side by side. Every value below travels as a parameter
// ($1, $2 …) or through COPY: no SQL text is ever built from an export's content.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7301820)";
constexpr const char* kKioskLock = "SELECT pg_advisory_xact_lock(7301820, hashtext($1))";

// A text[] parameter's value for `items` (each quoted, '"' and '\\' escaped): the server
// parses it as an array literal, never as SQL.
template <class Items> std::string arrayOf(const Items& items) {
    std::string a = "{";
    for (const auto& item : items) {
        if (a.size() > 1) {
            a += ',';
        }
        a += '"';
        for (char c : std::string_view(item)) {
            if (c == '"' || c == '\\') {
                a += '\\';
            }
            a += c;
        }
        a += '"';
    }
    return a + "}";
}

// The staged events need months that have no partition yet: made outside the export's
// transaction (see ensurePartitions), then the export is loaded again.
struct NeedPartitions {
    std::vector<std::string> months;
};

// The partitions of `months` ('YYYY-MM-01'), each made in a short transaction of its own
// under the global lock: making one locks the whole events table, which a load transaction
// must never wait for while it holds rows.
void ensurePartitions(Pg& pg, const std::vector<std::string>& months) {
    if (months.empty()) {
        return;
    }
    const std::string list = arrayOf(months);
    if (pg.query("SELECT count(*) FILTER (WHERE to_regclass('events_' || to_char(m, "
                 "'YYYYMM')) IS NULL) FROM unnest($1::date[]) m",
                 {list})
            .integer(0, 0) == 0) {
        return;
    }
    pg.exec("BEGIN");
    try {
        pg.exec(kLock);
        pg.query("SELECT tramso_events_partition(m) FROM unnest($1::date[]) m", {list});
        pg.exec("COMMIT");
    } catch (...) {
        if (pg.alive()) {
            pg.exec("ROLLBACK");
        }
        throw;
    }
}

struct Csv {
    const char* file;
    const char* table;
    std::vector<std::string> needed;
    std::set<std::string> known;  // columns this tramso knows (staged under their names)
    std::set<std::string> asText; // columns staged as text whatever their name
};

const Csv kSessions{"sessions.csv",
                    "stg_sessions",
                    {"session_id", "kiosk_id", "started_hour", "duration_s", "mode", "group_size",
                     "language", "text_size", "contrast", "outcome"},
                    {"voice", "content_version"},
                    {}};
const Csv kEvents{"events.csv",
                  "stg_events",
                  {"session_id", "kiosk_id", "day", "type", "tutorial_id", "step", "portal_id",
                   "at_ms", "duration_ms", "result"},
                  {"tutorial_title", "portal_title"},
                  {}};
const Csv kDaily{"daily.csv",
                 "stg_daily",
                 {"kiosk_id", "day", "type", "tutorial_id", "step", "portal_id", "result", "count"},
                 {"tutorial_title", "portal_title"},
                 {}};
// Optional (kiosks from 2026-12). Its day is taken as yyyymmdd or YYYY-MM-DD.
const Csv kQuiz{"quiz.csv",
                "stg_quiz",
                {"kiosk_id", "day", "type", "quiz_id", "question", "questions", "result", "count"},
                {"quiz_title"},
                {"day", "question", "questions"}};

struct Staged {
    int64_t rows = 0;
    std::vector<std::string> cols;
    bool staged = false; // its staging table exists (not when `always` is off and no rows)
    bool has(const std::string& c) const {
        return std::find(cols.begin(), cols.end(), c) != cols.end();
    }
};

// COPYs one CSV (its text, already checked) into its staging table; `sent` is called with
// the bytes of each chunk. A file with a header and no rows makes no table unless `always`.
// The staging table's columns are this tramso's own names for the columns it knows and
// x1, x2 … for the others: no name from the file reaches the SQL.
Staged copyCsv(Pg& pg, const Text& text, const Csv& csv, const std::function<void(int64_t)>& sent,
               bool always) {
    if (!text) {
        throw Damaged(std::string(csv.file) + " cannot be read");
    }
    const std::string_view all(*text);
    const size_t nl = all.find('\n');
    const std::string_view first = all.substr(0, nl);
    const size_t bodyAt = nl == std::string_view::npos ? all.size() : nl + 1;
    Staged st;
    const std::vector<std::string> header = csvHeader(first, csv.file, csv.needed);
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string& c = header[i];
        const bool ours = std::find(csv.needed.begin(), csv.needed.end(), c) != csv.needed.end() ||
                          csv.known.count(c);
        st.cols.push_back(ours ? c : "x" + std::to_string(i + 1));
    }
    if (!always && bodyAt >= all.size()) {
        return st;
    }
    std::string create = std::string("CREATE TEMP TABLE ") + csv.table + " (";
    std::string list;
    // numbers and times typed here, so COPY parses them (a bad one is a data error: damaged)
    static const std::map<std::string, std::string> kTypes = {
        {"day", "int"},        {"step", "int"},
        {"at_ms", "bigint"},   {"duration_ms", "bigint"},
        {"group_size", "int"}, {"duration_s", "int"},
        {"count", "bigint"},   {"started_hour", "timestamp"}};
    for (size_t i = 0; i < st.cols.size(); ++i) {
        const std::string& c = st.cols[i];
        auto t = csv.asText.count(c) ? kTypes.end() : kTypes.find(c);
        create += (i ? ", " : "") + c + " " +
                  (t != kTypes.end()                      ? t->second
                   : c == "session_id" || c == "kiosk_id" ? "text COLLATE \"C\""
                                                          : "text");
        list += (i ? ", " : "") + c;
    }
    pg.exec(create + ") ON COMMIT DROP");
    st.staged = true;
    size_t served = bodyAt;
    st.rows =
        pg.copyIn(std::string("COPY ") + csv.table + " (" + list + ") FROM STDIN WITH (FORMAT csv)",
                  [&](char* buf, size_t cap) -> size_t {
                      const size_t n = std::min(cap, all.size() - served);
                      std::memcpy(buf, all.data() + served, n);
                      served += n;
                      if (n && sent) {
                          sent(static_cast<int64_t>(n));
                      }
                      return n;
                  });
    return st;
}

int64_t one(Pg& pg, const std::string& sql, const std::vector<std::string>& params = {}) {
    PgResult r = pg.query(sql, params);
    return r.rows() && !r.isNull(0, 0) ? r.integer(0, 0) : 0;
}

// The monthly totals of kiosk `k` for `months` (first days, 'YYYY-MM-DD'), recomputed from
// its stored visits in those months: exact whatever was loaded before, and its cost is that
// of the kiosk-months touched, not of the store. No temporary tables (their catalogue rows,
// made and dropped per export, slowed long loads down). $1 the kiosk, $2 the months.
void recomputeMonths(Pg& pg, const std::string& k, const std::vector<std::string>& months) {
    const std::vector<std::string> p = {k, arrayOf(months)};
    const std::string ks =
        "ks AS MATERIALIZED (SELECT session_id, date_trunc('month', started_hour)::date AS "
        "month, group_size, mode, duration_s, voice FROM sessions WHERE kiosk_id = $1 "
        "AND started_hour >= (SELECT min(m) FROM unnest($2::date[]) m) "
        "AND started_hour < (SELECT max(m) FROM unnest($2::date[]) m) + interval '1 month' "
        "AND date_trunc('month', started_hour)::date = ANY ($2::date[]))";
    const std::string sl =
        "sl AS MATERIALIZED (SELECT x.session_id, x.lesson_id AS tutorial_id, x.started AS st, "
        "x.completed AS co FROM session_lessons x JOIN ks USING (session_id) WHERE x.kiosk_id = "
        "$1)";
    const std::string sq = "sq AS MATERIALIZED (SELECT x.session_id, x.portal_id, x.qr_shown AS "
                           "n FROM session_portals x JOIN ks USING (session_id) WHERE "
                           "x.kiosk_id = $1)";
    // Hash joins: right for a few thousand rows a side, and a freshly filled store has no
    // statistics yet, which makes the planner expect one row and loop over the CTEs (n²).
    pg.exec("SET LOCAL enable_nestloop = off");
    // the old totals go first (a statement of its own: the inserts below must not meet them)
    std::string del = "WITH ";
    const char* const kTables[] = {"kiosk_month", "kiosk_month_skill", "kiosk_month_lesson",
                                   "kiosk_month_portal"};
    for (int i = 0; i < 3; ++i) {
        del += std::string(i ? ", " : "") + "d" + std::to_string(i) + " AS (DELETE FROM " +
               kTables[i] + " WHERE kiosk_id = $1 AND month = ANY ($2::date[]))";
    }
    del += std::string(" DELETE FROM ") + kTables[3] +
           " WHERE kiosk_id = $1 AND month = ANY ($2::date[])";
    pg.query(del, p);
    // then the visits of those months are read once for all four tables
    pg.query("WITH " + ks + ", " + sl + ", " + sq +
                 ", m AS (INSERT INTO kiosk_month (month, kiosk_id, visits, residents, "
                 "assisted_visits, assisted_residents, self_visits, unfinished_visits, "
                 "lessons_started, lessons_completed, qr_shown, voice_visits, "
                 "voice_known_visits) SELECT ks.month, $1, count(*), sum(group_size), "
                 "count(*) FILTER (WHERE mode = 'assisted'), "
                 "coalesce(sum(group_size) FILTER (WHERE mode = 'assisted'), 0), "
                 "count(*) FILTER (WHERE mode IS DISTINCT FROM 'assisted'), "
                 "count(*) FILTER (WHERE duration_s IS NULL), coalesce(sum(a.st), 0), "
                 "coalesce(sum(a.co), 0), coalesce(sum(q.n), 0), count(*) FILTER (WHERE voice), "
                 "count(*) FILTER (WHERE voice IS NOT NULL) FROM ks "
                 "LEFT JOIN (SELECT session_id, sum(st) AS st, sum(co) AS co FROM sl GROUP BY 1) "
                 "a USING (session_id) "
                 "LEFT JOIN (SELECT session_id, sum(n) AS n FROM sq GROUP BY 1) q USING "
                 "(session_id) GROUP BY ks.month), "
                 "l AS (INSERT INTO kiosk_month_lesson SELECT ks.month, $1, sl.tutorial_id, "
                 "count(*) FILTER (WHERE sl.st > 0), "
                 "coalesce(sum(ks.group_size) FILTER (WHERE sl.st > 0), 0), sum(sl.st), "
                 "sum(sl.co) FROM sl JOIN ks USING (session_id) GROUP BY ks.month, "
                 "sl.tutorial_id), "
                 "s AS (INSERT INTO kiosk_month_skill SELECT ks.month, $1, x.skill, "
                 "count(*) FILTER (WHERE x.st > 0), "
                 "coalesce(sum(ks.group_size) FILTER (WHERE x.st > 0), 0), "
                 "count(*) FILTER (WHERE x.co > 0), "
                 "coalesce(sum(ks.group_size) FILTER (WHERE x.co > 0), 0) "
                 "FROM (SELECT sl.session_id, l.skill, sum(sl.st) AS st, sum(sl.co) AS co FROM "
                 "sl JOIN lessons l ON l.lesson_id = sl.tutorial_id GROUP BY 1, 2) x "
                 "JOIN ks USING (session_id) GROUP BY ks.month, x.skill) "
                 "INSERT INTO kiosk_month_portal SELECT ks.month, $1, sq.portal_id, sum(sq.n) "
                 "FROM sq JOIN ks USING (session_id) "
                 "WHERE sq.portal_id IS NOT NULL GROUP BY ks.month, sq.portal_id",
             p);
    pg.exec("RESET enable_nestloop");
}

// COPY of `data` (CSV rows) in chunks; `sent` hears of each chunk's bytes and rows.
int64_t copyText(Pg& pg, const std::string& sql, const std::string& data,
                 const std::function<void(int64_t, int64_t)>& sent) {
    size_t served = 0;
    return pg.copyIn(sql + " FROM STDIN WITH (FORMAT csv)", [&](char* buf, size_t cap) -> size_t {
        const size_t n = std::min(cap, data.size() - served);
        std::memcpy(buf, data.data() + served, n);
        if (n && sent) {
            sent(static_cast<int64_t>(n), std::count(buf, buf + n, '\n'));
        }
        served += n;
        return n;
    });
}

// The general path, for an export that touches visits already stored (a later export of the
// same days) or that is not plain: its CSVs are staged, each visit kept once (a later,
// longer copy of a visit replaces an earlier one; an equal or shorter one changes nothing;
// an unverified export never replaces a verified visit). Returns the months (first days) of
// the visits it added or changed. $1 is always the kiosk.
std::vector<std::string> loadStaged(Pg& pg, ExportLoad& out, const CheckedExport& e,
                                    const std::function<void(int64_t, int64_t)>& sent) {
    const std::string& kiosk = e.id.kioskId;
    const std::vector<std::string> k = {kiosk};
    const Staged ses = copyCsv(
        pg, e.sessions, kSessions, [&](int64_t b) { sent(b, 0); }, true);
    out.sessions = ses.rows;
    if (one(pg, "SELECT count(*) FROM stg_sessions WHERE kiosk_id IS DISTINCT FROM $1", k) != 0) {
        throw Damaged("it holds rows of another kiosk than " + kiosk);
    }
    // events are counted as their bytes go: about 60 bytes a row
    out.events = copyCsv(
                     pg, e.events, kEvents, [&](int64_t b) { sent(b, b / 60); }, true)
                     .rows;
    if (one(pg, "SELECT count(*) FROM stg_events WHERE kiosk_id IS DISTINCT FROM $1", k) != 0) {
        throw Damaged("it holds rows of another kiosk than " + kiosk);
    }
    {
        PgResult missing =
            pg.query("SELECT m::text FROM (SELECT DISTINCT date_trunc('month', make_date(day / "
                     "10000, day / 100 % 100, day % 100))::date AS m FROM stg_events) x WHERE "
                     "to_regclass('events_' || to_char(m, 'YYYYMM')) IS NULL ORDER BY 1");
        if (missing.rows() > 0) {
            NeedPartitions need;
            for (int i = 0; i < missing.rows(); ++i) {
                need.months.push_back(missing.text(i, 0));
            }
            throw need;
        }
    }
    pg.exec("CREATE TEMP TABLE stg_counts ON COMMIT DROP AS SELECT session_id, "
            "count(*)::int AS n FROM stg_events GROUP BY session_id");
    const std::string voice = ses.has("voice") ? "s.voice::boolean" : "NULL::boolean";
    const std::string version = ses.has("content_version") ? "s.content_version" : "NULL::text";
    // the visits this export adds or completes; an equal or shorter copy changes nothing
    pg.exec("CREATE TEMP TABLE chg (session_id text COLLATE \"C\", started_hour timestamp, "
            "duration_s int, mode text, group_size int, language text, text_size text, "
            "contrast text, outcome text, voice boolean, content_version text, n int, existed "
            "boolean) ON COMMIT DROP");
    pg.query("INSERT INTO chg SELECT DISTINCT ON (s.session_id) "
             "s.session_id, s.started_hour::timestamp AS started_hour, "
             "s.duration_s::int AS duration_s, s.mode, coalesce(s.group_size::int, 1) AS "
             "group_size, s.language, s.text_size, s.contrast, s.outcome, " +
                 voice + " AS voice, " + version +
                 " AS content_version, coalesce(c.n, 0) AS n, "
                 "(o.session_id IS NOT NULL) AS existed FROM stg_sessions s "
                 "LEFT JOIN stg_counts c USING (session_id) "
                 "LEFT JOIN sessions o ON o.kiosk_id = $1 AND o.session_id = s.session_id "
                 "WHERE o.session_id IS NULL OR ((o.events < coalesce(c.n, 0) "
                 "OR (o.duration_s IS NULL AND s.duration_s IS NOT NULL)) "
                 "AND (NOT o.verified OR $2::boolean)) "
                 "ORDER BY s.session_id, coalesce(c.n, 0) DESC, s.duration_s IS NULL",
             {kiosk, e.verified ? "true" : "false"});
    const int64_t replaced = one(pg, "SELECT count(*) FROM chg WHERE existed");
    if (replaced > 0) {
        pg.query("DELETE FROM events e USING chg c WHERE c.existed AND e.kiosk_id = $1 AND "
                 "e.session_id = c.session_id",
                 k);
        for (const char* t : {"session_lessons", "session_portals"}) {
            pg.query(std::string("DELETE FROM ") + t +
                         " x USING chg c WHERE c.existed AND x.kiosk_id = $1 AND x.session_id = "
                         "c.session_id",
                     k);
        }
    }
    pg.query("INSERT INTO session_lessons SELECT $1, e.session_id, e.tutorial_id, count(*) "
             "FILTER (WHERE e.type = 'tutorial_started'), count(*) FILTER (WHERE e.type = "
             "'tutorial_completed') FROM stg_events e JOIN chg c ON c.session_id = e.session_id "
             "WHERE e.type IN ('tutorial_started', 'tutorial_completed') AND e.tutorial_id IS "
             "NOT NULL GROUP BY 2, 3",
             k);
    pg.query("INSERT INTO session_portals SELECT $1, e.session_id, e.portal_id, count(*) FROM "
             "stg_events e JOIN chg c ON c.session_id = e.session_id WHERE e.type = 'qr_shown' "
             "AND e.portal_id IS NOT NULL GROUP BY 2, 3",
             k);
    pg.query("INSERT INTO events (kiosk_id, session_id, day, type, tutorial_id, step, portal_id, "
             "at_ms, duration_ms, result) SELECT $1, e.session_id, make_date(e.day / 10000, "
             "e.day / 100 % 100, e.day % 100), e.type, e.tutorial_id, e.step::int, "
             "e.portal_id, e.at_ms::bigint, e.duration_ms::bigint, e.result "
             "FROM stg_events e JOIN chg c ON c.session_id = e.session_id",
             k);
    PgResult ins = pg.query(
        "INSERT INTO sessions (kiosk_id, session_id, started_hour, duration_s, mode, group_size, "
        "language, text_size, contrast, outcome, events, voice, content_version, verified) "
        "SELECT $1, session_id, started_hour, duration_s, mode, group_size, language, "
        "text_size, contrast, outcome, n, voice, content_version, $2::boolean FROM chg "
        "ON CONFLICT (kiosk_id, session_id) DO UPDATE SET started_hour = EXCLUDED.started_hour, "
        "duration_s = EXCLUDED.duration_s, mode = EXCLUDED.mode, group_size = "
        "EXCLUDED.group_size, language = EXCLUDED.language, text_size = EXCLUDED.text_size, "
        "contrast = EXCLUDED.contrast, outcome = EXCLUDED.outcome, events = EXCLUDED.events, "
        "voice = EXCLUDED.voice, content_version = EXCLUDED.content_version, verified = "
        "EXCLUDED.verified",
        {kiosk, e.verified ? "true" : "false"});
    out.newSessions = ins.affected() - replaced;
    PgResult months = pg.query("SELECT DISTINCT date_trunc('month', started_hour)::date::text "
                               "FROM chg ORDER BY 1");
    std::vector<std::string> ms;
    for (int i = 0; i < months.rows(); ++i) {
        ms.push_back(months.text(i, 0));
    }
    return ms;
}

// The common case, a plain export whose visits are all new to the store: its rows go by
// COPY straight into the store's tables (no staging copy, no INSERT … SELECT).
std::vector<std::string> loadPlain(Pg& pg, ExportLoad& out, const Plain& p,
                                   const std::function<void(int64_t, int64_t)>& sent) {
    out.sessions = copyText(pg,
                            "COPY sessions (kiosk_id, session_id, started_hour, duration_s, "
                            "mode, group_size, language, text_size, contrast, outcome, events, "
                            "voice, content_version, verified)",
                            p.sessions, [&](int64_t b, int64_t) { sent(b, 0); });
    out.newSessions = out.sessions;
    {
        size_t served = 0;
        const auto per = static_cast<double>(p.eventRows) / static_cast<double>(p.events.size());
        out.events = pg.copyIn("COPY events (session_id, kiosk_id, day, type, tutorial_id, step, "
                               "portal_id, at_ms, duration_ms, result) FROM STDIN WITH (FORMAT "
                               "binary)",
                               [&](char* buf, size_t cap) -> size_t {
                                   const size_t n = std::min(cap, p.events.size() - served);
                                   std::memcpy(buf, p.events.data() + served, n);
                                   served += n;
                                   sent(static_cast<int64_t>(n),
                                        static_cast<int64_t>(per * static_cast<double>(n)));
                                   return n;
                               });
    }
    copyText(pg, "COPY session_lessons (kiosk_id, session_id, lesson_id, started, completed)",
             p.lessons, nullptr);
    copyText(pg, "COPY session_portals (kiosk_id, session_id, portal_id, qr_shown)", p.portals,
             nullptr);
    return p.visitMonths;
}

// One export, inside the caller's transaction. `plain`: the export read for the direct path
// (null when it is not plain). Returns false, having changed nothing, when another loader
// stored the same export meanwhile.
bool loadOne(Pg& pg, ExportLoad& out, const CheckedExport& e, const Plain* plain,
             const std::function<void(int64_t, int64_t)>& sent) {
    const Identity& id = e.id;
    const std::vector<std::string> k = {id.kioskId};
    pg.query(kKioskLock, k);
    if (one(pg, "SELECT count(*) FROM exports WHERE manifest_sha256 = $1", {e.sha}) > 0) {
        return false;
    }
    // The kiosk's place: set by a verified export of that kiosk (which says one); an
    // unverified one only names a kiosk the store has never seen, marked as unverified.
    if (e.verified) {
        pg.query("INSERT INTO kiosks (kiosk_id, province_code, province_name, commune_code, "
                 "commune_name, place_verified) VALUES ($1, $2, $3, $4, $5, true) "
                 "ON CONFLICT (kiosk_id) DO UPDATE SET province_code = EXCLUDED.province_code, "
                 "province_name = EXCLUDED.province_name, commune_code = EXCLUDED.commune_code, "
                 "commune_name = EXCLUDED.commune_name, place_verified = true, "
                 "updated_at = now() "
                 "WHERE EXCLUDED.province_code <> '' OR EXCLUDED.commune_code <> ''",
                 {id.kioskId, id.provinceCode, id.provinceName, id.communeCode, id.communeName});
    } else {
        pg.query("INSERT INTO kiosks (kiosk_id, province_code, province_name, commune_code, "
                 "commune_name, place_verified) VALUES ($1, $2, $3, $4, $5, false) "
                 "ON CONFLICT (kiosk_id) DO NOTHING",
                 {id.kioskId, id.provinceCode, id.provinceName, id.communeCode, id.communeName});
    }
    // plain and none of its visits stored yet (the primary key answers, one probe a visit)
    const bool fresh =
        plain && pg.query("SELECT EXISTS (SELECT 1 FROM sessions WHERE kiosk_id = $1 AND "
                          "session_id = ANY($2::text[]))",
                          {id.kioskId, arrayOf(plain->ids)})
                         .text(0, 0) == "f";
    const std::vector<std::string> months =
        fresh ? loadPlain(pg, out, *plain, sent) : loadStaged(pg, out, e, sent);

    // daily.csv (required) and quiz.csv (optional): totals per day, the larger count kept
    const Staged daily = copyCsv(
        pg, e.daily, kDaily, [&](int64_t b) { sent(b, 0); }, false);
    out.dailyRows = daily.rows;
    if (daily.staged) {
        if (one(pg, "SELECT count(*) FROM stg_daily WHERE kiosk_id IS DISTINCT FROM $1", k) != 0) {
            throw Damaged("it holds rows of another kiosk than " + id.kioskId);
        }
        pg.query("INSERT INTO daily SELECT $1, make_date(day / 10000, day / 100 % 100, day % "
                 "100), type, coalesce(tutorial_id, ''), coalesce(step::int, -1), "
                 "coalesce(portal_id, ''), coalesce(result, ''), max(count::bigint) FROM "
                 "stg_daily GROUP BY 2, 3, 4, 5, 6, 7 "
                 "ON CONFLICT (kiosk_id, day, type, tutorial_id, step, portal_id, result) DO "
                 "UPDATE SET count = GREATEST(daily.count, EXCLUDED.count)",
                 k);
    }
    if (e.quiz) { // checked against the manifest like the others
        const Staged quiz = copyCsv(
            pg, e.quiz, kQuiz, [&](int64_t b) { sent(b, 0); }, false);
        out.quizRows = quiz.rows;
        if (quiz.staged) {
            if (one(pg, "SELECT count(*) FROM stg_quiz WHERE kiosk_id IS DISTINCT FROM $1", k) !=
                0) {
                throw Damaged("it holds rows of another kiosk than " + id.kioskId);
            }
            pg.query("INSERT INTO quiz_daily SELECT $1, CASE WHEN day ~ '^[0-9]{8}$' THEN "
                     "make_date(left(day, 4)::int, substr(day, 5, 2)::int, right(day, 2)::int) "
                     "ELSE day::date END, type, coalesce(quiz_id, ''), coalesce(question, ''), "
                     "coalesce(questions, ''), coalesce(result, ''), max(count) FROM stg_quiz "
                     "GROUP BY 2, 3, 4, 5, 6, 7 "
                     "ON CONFLICT (kiosk_id, day, type, quiz_id, question, questions, result) "
                     "DO UPDATE SET count = GREATEST(quiz_daily.count, EXCLUDED.count)",
                     k);
            if (quiz.has("quiz_title") && e.verified) { // titles everyone sees: verified only
                pg.exec("INSERT INTO quizzes SELECT DISTINCT ON (quiz_id) quiz_id, quiz_title "
                        "FROM stg_quiz WHERE quiz_id <> '' AND quiz_title <> '' ORDER BY "
                        "quiz_id ON CONFLICT (quiz_id) DO UPDATE SET title = EXCLUDED.title");
            }
        }
    }
    if (!months.empty()) {
        recomputeMonths(pg, id.kioskId, months);
    }
    pg.query("INSERT INTO exports (manifest_sha256, kiosk_id, folder, sessions, events, "
             "daily_rows, new_sessions, verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {e.sha, id.kioskId, out.folder.string(), std::to_string(out.sessions),
              std::to_string(out.events), std::to_string(out.dailyRows),
              std::to_string(out.newSessions), e.verified ? "true" : "false"});
    return true;
}

} // namespace

int latestSchemaVersion() {
    return kMigrations.back().version;
}

int schemaVersion(Pg& pg) {
    if (one(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                "tablename = 'schema_version'") == 0) {
        return 0;
    }
    return static_cast<int>(one(pg, "SELECT coalesce(max(version), 0) FROM schema_version"));
}

void migrate(Pg& pg) {
    pg.exec("BEGIN");
    pg.exec(kLock);
    pg.exec("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, name text NOT "
            "NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    pg.exec("COMMIT");
    const int have = schemaVersion(pg);
    if (have > latestSchemaVersion()) {
        throw PgError(PgFailure::Other, "the database's schema is version " + std::to_string(have) +
                                            ", newer than this tramso knows (" +
                                            std::to_string(latestSchemaVersion()) +
                                            "); use a newer tramso");
    }
    for (const auto& m : kMigrations) {
        if (m.version <= have) {
            continue;
        }
        pg.exec("BEGIN");
        pg.exec(kLock);
        if (one(pg, "SELECT count(*) FROM schema_version WHERE version = $1",
                {std::to_string(m.version)}) == 0) {
            pg.exec(std::string(m.sql));
            pg.query("INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                     {std::to_string(m.version), std::string(m.name)});
        }
        pg.exec("COMMIT");
    }
}

void storeCatalogue(Pg& pg, const Content& content) {
    pg.exec("BEGIN");
    for (int s = 1; s <= 5; ++s) {
        const std::string key = "skill." + std::to_string(s) + ".title";
        pg.query("INSERT INTO skills VALUES ($1, $2, $3) ON CONFLICT (skill) DO UPDATE SET "
                 "name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en",
                 {std::to_string(s), content.strings.get(key, Lang::Vi),
                  content.strings.get(key, Lang::En)});
    }
    for (const Tutorial& t : content.tutorials.tutorials) {
        pg.query("INSERT INTO lessons VALUES ($1, $2, $3, $4) ON CONFLICT (lesson_id) DO UPDATE "
                 "SET skill = EXCLUDED.skill, title_vi = EXCLUDED.title_vi, "
                 "title_en = EXCLUDED.title_en",
                 {t.id, std::to_string(t.skill), t.title.vi, t.title.en});
    }
    pg.exec("COMMIT");
}

std::vector<fs::path> findExports(const std::vector<fs::path>& inputs,
                                  std::vector<std::string>* problems) {
    // Links are never followed below what the official named, and each folder's entries
    // are counted: a stick with a million folders or a loop of links ends the walk quickly.
    constexpr size_t kMaxEntries = 100000;
    std::vector<fs::path> out;
    std::function<void(const fs::path&, int)> walk = [&](const fs::path& dir, int depth) {
        std::error_code ec;
        const auto is = [&](const char* name) {
            return fs::symlink_status(dir / name, ec).type() != fs::file_type::not_found;
        };
        if (is("MANIFEST.sha256") || is("sessions.csv")) {
            out.push_back(dir);
            return;
        }
        if (depth == 0) {
            return;
        }
        // sub-folders only (never a link, nothing hidden), the walk bounded in entries
        std::string why;
        const Stick folder = Stick::open(dir, why, "");
        const StickFd self = folder.valid() ? folder.openRoot(why) : StickFd();
        const std::vector<StickEntry> entries =
            self ? folder.entries(self, why, kMaxEntries) : std::vector<StickEntry>();
        if (!why.empty() && problems) {
            problems->push_back(dir.string() + ": " + why);
        }
        for (const StickEntry& e : entries) {
            if (e.type == StickEntry::Type::Dir && e.name[0] != '.') {
                walk(dir / e.name, depth - 1);
            }
        }
    };
    for (const fs::path& in : inputs) {
        walk(in, 4);
    }
    return out;
}

void registerKiosk(Pg& pg, const std::string& kioskId, const std::string& publicKey, bool replace) {
    if (!db::checkKioskId(kioskId).empty()) {
        throw std::invalid_argument(kioskId + " is not a kiosk id (a-z, 0-9 and '-', at most 40)");
    }
    std::string b64 = publicKey;
    while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r' || b64.back() == ' ')) {
        b64.pop_back();
    }
    // a .pub file's text (two lines) or its key line alone
    if (const size_t nl = b64.rfind('\n'); nl != std::string::npos) {
        b64 = b64.substr(nl + 1);
    }
    std::string why;
    const std::optional<MinisignKey> key =
        parseMinisignKey("untrusted comment: kiosk key\n" + b64 + "\n", why);
    if (!key) {
        throw std::invalid_argument("the public key " + why);
    }
    pg.exec("BEGIN");
    try {
        PgResult had =
            pg.query("SELECT key_id FROM kiosk_keys WHERE kiosk_id = $1 FOR UPDATE", {kioskId});
        if (had.rows() > 0 && had.text(0, 0) != key->idHex() && !replace) {
            throw std::invalid_argument("kiosk " + kioskId + " is already registered with key " +
                                        had.text(0, 0) +
                                        "; to change it (a replaced kiosk, a new disk) add "
                                        "--replace");
        }
        pg.query("INSERT INTO kiosk_keys (kiosk_id, key_id, public_key) VALUES ($1, $2, $3) "
                 "ON CONFLICT (kiosk_id) DO UPDATE SET key_id = EXCLUDED.key_id, public_key = "
                 "EXCLUDED.public_key, added_at = now()",
                 {kioskId, key->idHex(), b64});
        pg.exec("COMMIT");
    } catch (...) {
        if (pg.alive()) {
            pg.exec("ROLLBACK");
        }
        throw;
    }
}

std::vector<RegisteredKiosk> registeredKiosks(Pg& pg) {
    std::vector<RegisteredKiosk> out;
    PgResult r = pg.query("SELECT kiosk_id, key_id, public_key, added_at::text FROM kiosk_keys "
                          "ORDER BY kiosk_id");
    for (int i = 0; i < r.rows(); ++i) {
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
    }
    return out;
}

namespace {

KioskKeys loadKeys(Pg& pg) {
    KioskKeys keys;
    for (const RegisteredKiosk& k : registeredKiosks(pg)) {
        std::string why;
        if (auto key =
                parseMinisignKey("untrusted comment: kiosk key\n" + k.publicKey + "\n", why)) {
            keys.emplace(k.kioskId, *key);
        }
    }
    return keys;
}

// What can be done with an export before the server is asked anything: its files read
// (untrusted ground), its manifest, signature and every field checked, and (when plain) its
// rows made ready. Done on a second thread for the next export while the server loads the
// current one.
struct Prepared {
    std::optional<CheckedExport> checked;
    std::optional<Plain> plain;
    std::exception_ptr failure; // Damaged, or whatever else went wrong
};

Prepared prepare(const fs::path& folder, const KioskKeys& keys, int64_t now, bool acceptUnsigned) {
    Prepared p;
    try {
        const ExportFiles files = readExportFiles(folder);
        p.checked = checkExport(files, keys, now, acceptUnsigned);
        p.plain = readPlain(*p.checked, p.checked->verified);
    } catch (...) {
        p.failure = std::current_exception();
    }
    return p;
}

} // namespace

namespace {

// One prepared export loaded by `pg` (its own transaction). A PgError that is not the
// export's fault (connection lost, …) is stored in `fatal`, the export reported NotLoaded.
ExportLoad loadPrepared(Pg& pg, const fs::path& folder, const Prepared& ready,
                        const std::function<void(int64_t, int64_t)>& sent,
                        std::exception_ptr& fatal) {
    ExportLoad out;
    out.folder = folder;
    try {
        if (ready.failure) {
            std::rethrow_exception(ready.failure);
        }
        const CheckedExport& e = *ready.checked;
        out.kioskId = e.id.kioskId;
        out.verified = e.verified;
        out.unverified = e.unverified;
        if (one(pg, "SELECT count(*) FROM exports WHERE manifest_sha256 = $1", {e.sha}) > 0) {
            out.status = LoadStatus::AlreadyLoaded;
            return out;
        }
        if (ready.plain) {
            ensurePartitions(pg, ready.plain->eventMonths);
        }
        for (int attempt = 0;; ++attempt) {
            ExportLoad tried = out;
            pg.exec("BEGIN");
            try {
                const bool stored =
                    loadOne(pg, tried, e, ready.plain ? &*ready.plain : nullptr, sent);
                pg.exec(stored ? "COMMIT" : "ROLLBACK");
                tried.status = stored ? LoadStatus::Loaded : LoadStatus::AlreadyLoaded;
                return tried;
            } catch (const NeedPartitions& need) {
                pg.exec("ROLLBACK");
                if (attempt > 0) {
                    throw PgError(PgFailure::Other, "the events partitions cannot be made");
                }
                ensurePartitions(pg, need.months);
            } catch (...) {
                if (pg.alive()) {
                    pg.exec("ROLLBACK");
                }
                throw;
            }
        }
    } catch (const Damaged& d) {
        out.status = LoadStatus::Damaged;
        out.message = d.what();
    } catch (const PgError& e) {
        if (e.kind() != PgFailure::Data) {
            out.status = LoadStatus::NotLoaded;
            out.message = e.what();
            fatal = std::current_exception();
            return out;
        }
        out.status = LoadStatus::Damaged;
        out.message = std::string("the server refused its rows: ") + e.what();
    }
    return out;
}

} // namespace

std::vector<ExportLoad> loadExports(Pg& pg, const LoadOptions& opt) {
    if (sodium_init() < 0) {
        throw PgError(PgFailure::Other, "libsodium cannot start");
    }
    const KioskKeys keys = loadKeys(pg);
    const int64_t now = opt.now ? opt.now : static_cast<int64_t>(std::time(nullptr));
    const size_t n = opt.exports.size();
    LoadProgress prog;
    prog.exports = n;
    std::vector<int64_t> sizes(n, 0);
    for (size_t i = 0; i < n; ++i) {
        for (const Csv* c : {&kSessions, &kEvents, &kDaily, &kQuiz}) {
            std::error_code ec; // plain files only: a link or a FIFO counts nothing
            const fs::directory_entry f(opt.exports[i] / c->file, ec);
            if (!ec && f.is_regular_file(ec) && !f.is_symlink(ec)) {
                sizes[i] += static_cast<int64_t>(f.file_size(ec));
            }
        }
        prog.bytes += sizes[i];
    }
    // the caller's connection and, for parallel loading, more to the same server
    std::vector<std::unique_ptr<Pg>> more;
    std::vector<Pg*> conns{&pg};
    for (int j = 1; j < opt.jobs && !opt.conninfo.empty() && static_cast<size_t>(j) < n; ++j) {
        more.push_back(std::make_unique<Pg>(opt.conninfo));
        conns.push_back(more.back().get());
    }

    // One thread reads and checks the exports in order (the client's work); each connection
    // loads the next one ready (the server's work), so the two overlap.
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::pair<size_t, Prepared>> ready;
    bool allRead = false, stop = false;
    std::exception_ptr fatal;
    std::vector<ExportLoad> results(n);
    std::vector<bool> finished(n, false);
    int64_t doneBytes = 0, doneEvents = 0;
    std::vector<int64_t> flightBytes(conns.size(), 0), flightEvents(conns.size(), 0);
    size_t started = 0;
    auto report = [&] { // under mu
        prog.bytesDone = doneBytes;
        prog.events = doneEvents;
        for (size_t w = 0; w < conns.size(); ++w) {
            prog.bytesDone += flightBytes[w];
            prog.events += flightEvents[w];
        }
        if (opt.progress) {
            opt.progress(prog);
        }
    };
    auto reader = [&] {
        for (size_t i = 0; i < n; ++i) {
            Prepared p = prepare(opt.exports[i], keys, now, opt.acceptUnsigned);
            std::unique_lock lk(mu);
            cv.wait(lk, [&] { return stop || ready.empty(); }); // one ahead is enough
            if (stop) {
                return;
            }
            ready.emplace_back(i, std::move(p));
            cv.notify_all();
        }
        std::lock_guard lk(mu);
        allRead = true;
        cv.notify_all();
    };
    auto loader = [&](size_t w) {
        for (;;) {
            std::pair<size_t, Prepared> item;
            {
                std::unique_lock lk(mu);
                cv.wait(lk, [&] { return stop || !ready.empty() || allRead; });
                if (stop || ready.empty()) {
                    return;
                }
                item = std::move(ready.front());
                ready.pop_front();
                cv.notify_all();
                started = std::max(started, item.first + 1);
                prog.exportIndex = started - 1;
                prog.folder = opt.exports[item.first].string();
                report();
            }
            const size_t i = item.first;
            std::exception_ptr failed;
            ExportLoad out;
            try {
                out = loadPrepared(
                    *conns[w], opt.exports[i], item.second,
                    [&](int64_t bytes, int64_t events) {
                        std::lock_guard lk(mu);
                        flightBytes[w] += bytes;
                        flightEvents[w] += events;
                        report();
                    },
                    failed);
            } catch (...) { // not the export's fault, nor the server's: ends the run
                out.folder = opt.exports[i];
                out.status = LoadStatus::NotLoaded;
                failed = std::current_exception();
            }
            std::lock_guard lk(mu);
            flightBytes[w] = flightEvents[w] = 0;
            doneBytes += sizes[i];
            doneEvents += out.status == LoadStatus::Loaded ? out.events : 0;
            results[i] = out;
            finished[i] = true;
            if (opt.done) {
                opt.done(out);
            }
            if (failed) { // the others finish the export they hold, then stop
                if (!fatal) {
                    fatal = failed;
                }
                stop = true;
                cv.notify_all();
                return;
            }
        }
    };
    {
        std::vector<std::thread> threads;
        threads.emplace_back(reader);
        for (size_t w = 1; w < conns.size(); ++w) {
            threads.emplace_back(loader, w);
        }
        loader(0);
        for (std::thread& t : threads) {
            t.join();
        }
    }
    if (fatal) {
        std::rethrow_exception(fatal);
    }
    prog.exportIndex = n;
    if (opt.progress) {
        opt.progress(prog);
    }
    return results;
}

} // namespace tramso::province
