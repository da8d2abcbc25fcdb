// Loading exports into PostgreSQL. Rows travel by COPY into per-transaction staging tables
// (all text, named from the CSV header, so a column added by a later kiosk version does no
// harm), and from there into the store with one set-based statement per table.
#include "store.hpp"

#include "../export.hpp"
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

std::string quote(const std::string& v) {
    std::string o = "'";
    for (char c : v) {
        o += c;
        if (c == '\'') {
            o += '\'';
        }
    }
    return o + "'";
}

// Any number. Held alone: for migrations and for making partitions (short transactions of
// their own). With a kiosk id: by the transaction loading one of its exports, so that two
// loaders (two connections, two runs) never load the same kiosk at the same time; exports
// of different kiosks load side by side.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7301820)";
std::string kioskLock(const std::string& quotedKiosk) {
    return "SELECT pg_advisory_xact_lock(7301820, hashtext(" + quotedKiosk + "))";
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
    std::string missing;
    for (const std::string& m : months) {
        if (!missing.empty()) {
            missing += ',';
        }
        missing += quote(m) + "::date";
    }
    if (missing.empty() ||
        pg.query("SELECT count(*) FILTER (WHERE to_regclass('events_' || to_char(m, "
                 "'YYYYMM')) IS NULL) FROM unnest(ARRAY[" +
                 missing + "]) m")
                .integer(0, 0) == 0) {
        return;
    }
    pg.exec("BEGIN; " + std::string(kLock) + "; SELECT tramso_events_partition(m) FROM " +
            "unnest(ARRAY[" + missing + "]) m; COMMIT");
}

class Damaged : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::string readSmall(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Csv {
    const char* file;
    const char* table;
    std::vector<std::string> needed;
    std::set<std::string> asText; // columns staged as text whatever their name
};

const Csv kSessions{"sessions.csv",
                    "stg_sessions",
                    {"session_id", "kiosk_id", "started_hour", "duration_s", "mode", "group_size",
                     "language", "text_size", "contrast", "outcome"},
                    {}};
const Csv kEvents{"events.csv",
                  "stg_events",
                  {"session_id", "kiosk_id", "day", "type", "tutorial_id", "step", "portal_id",
                   "at_ms", "duration_ms", "result"},
                  {}};
const Csv kDaily{"daily.csv",
                 "stg_daily",
                 {"kiosk_id", "day", "type", "tutorial_id", "step", "portal_id", "result", "count"},
                 {}};
// Optional (kiosks from 2026-12). Its day is taken as yyyymmdd or YYYY-MM-DD.
const Csv kQuiz{"quiz.csv",
                "stg_quiz",
                {"kiosk_id", "day", "type", "quiz_id", "question", "questions", "result", "count"},
                {"day", "question", "questions"}};

// The header's column names (after the BOM); throws Damaged when it is not ours.
std::vector<std::string> headerOf(const std::string& line, const Csv& csv) {
    std::string h = line;
    if (h.rfind("\xEF\xBB\xBF", 0) == 0) {
        h.erase(0, 3);
    }
    while (!h.empty() && (h.back() == '\r' || h.back() == '\n')) {
        h.pop_back();
    }
    static const std::regex kName("[a-z_][a-z0-9_]{0,62}");
    std::vector<std::string> cols;
    std::stringstream s(h);
    std::string c;
    while (std::getline(s, c, ',')) {
        if (!std::regex_match(c, kName)) {
            throw Damaged(std::string(csv.file) + ": the first line is not a Trạm Số header");
        }
        if (std::find(cols.begin(), cols.end(), c) != cols.end()) {
            throw Damaged(std::string(csv.file) + " names the column " + c + " twice");
        }
        cols.push_back(c);
    }
    for (const std::string& n : csv.needed) {
        if (std::find(cols.begin(), cols.end(), n) == cols.end()) {
            throw Damaged(std::string(csv.file) + " has no column " + n);
        }
    }
    return cols;
}

struct Staged {
    int64_t rows = 0;
    std::vector<std::string> cols;
    bool staged = false; // its staging table exists (not when `always` is off and no rows)
    bool has(const std::string& c) const {
        return std::find(cols.begin(), cols.end(), c) != cols.end();
    }
};

// COPYs one CSV into its staging table; `sent` is called with the bytes of each chunk. A
// file with a header and no rows makes no table unless `always`.
Staged copyCsv(Pg& pg, const fs::path& folder, const Csv& csv,
               const std::function<void(int64_t)>& sent, bool always) {
    std::ifstream in(folder / csv.file, std::ios::binary);
    if (!in) {
        throw Damaged(std::string(csv.file) + " cannot be read");
    }
    std::string first;
    std::getline(in, first);
    Staged st;
    st.cols = headerOf(first, csv);
    if (!always && in.peek() == std::char_traits<char>::eof()) {
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
    st.rows =
        pg.copyIn(std::string("COPY ") + csv.table + " (" + list + ") FROM STDIN WITH (FORMAT csv)",
                  [&](char* buf, size_t cap) -> size_t {
                      in.read(buf, static_cast<std::streamsize>(cap));
                      const auto n = static_cast<size_t>(in.gcount());
                      if (n && sent) {
                          sent(static_cast<int64_t>(n));
                      }
                      return n;
                  });
    return st;
}

struct Identity {
    std::string kioskId;
    std::string provinceCode, provinceName, communeCode, communeName;
};

Identity identityOf(const fs::path& folder) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(readSmall(folder / "summary.json"));
    } catch (const std::exception& e) {
        throw Damaged(std::string("summary.json cannot be read: ") + e.what());
    }
    Identity id;
    auto str = [](const nlohmann::json& o, const char* k) {
        return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
    };
    if (j.contains("identity") && j["identity"].is_object()) {
        const auto& i = j["identity"];
        id.kioskId = str(i, "kiosk_id");
        id.provinceCode = str(i, "province_code");
        id.provinceName = str(i, "province_name");
        id.communeCode = str(i, "commune_code");
        id.communeName = str(i, "commune_name");
    } else if (j.contains("kiosks") && j["kiosks"].is_array()) { // exports made before 2026-12
        if (j["kiosks"].size() != 1) {
            throw Damaged("this is a merged report of " + std::to_string(j["kiosks"].size()) +
                          " kiosks (tramso merge); load the kiosks' own exports instead");
        }
        id.kioskId = j["kiosks"][0].is_string() ? j["kiosks"][0].get<std::string>() : "";
    }
    static const std::regex kId("[a-z0-9][a-z0-9-]{0,39}");
    if (!std::regex_match(id.kioskId, kId)) {
        throw Damaged("summary.json names no valid kiosk id");
    }
    return id;
}

std::string manifestSha(const fs::path& folder) {
    const std::string m = readSmall(folder / "MANIFEST.sha256");
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(m.data()), m.size());
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (unsigned char c : d) {
        s += hex[c >> 4];
        s += hex[c & 15];
    }
    return s;
}

int64_t one(Pg& pg, const std::string& sql) {
    PgResult r = pg.query(sql);
    return r.rows() && !r.isNull(0, 0) ? r.integer(0, 0) : 0;
}

// The monthly totals of kiosk `k` for `months` (first days, 'YYYY-MM-DD'), recomputed from
// its stored visits in those months: exact whatever was loaded before, and its cost is that
// of the kiosk-months touched, not of the store. One round trip, no temporary tables (their
// catalogue rows, made and dropped per export, slowed long loads down).
void recomputeMonths(Pg& pg, const std::string& k, const std::vector<std::string>& months) {
    const std::string kq = quote(k);
    std::string set;
    for (const std::string& m : months) {
        if (!set.empty()) {
            set += ',';
        }
        set += quote(m) + "::date";
    }
    const std::string lo = quote(months.front()) + "::date";
    const std::string hi = "(" + quote(months.back()) + "::date + interval '1 month')";
    const std::string ks =
        "ks AS MATERIALIZED (SELECT session_id, date_trunc('month', started_hour)::date AS "
        "month, group_size, mode, duration_s, voice FROM sessions WHERE kiosk_id = " +
        kq + " AND started_hour >= " + lo + " AND started_hour < " + hi +
        " AND date_trunc('month', started_hour)::date IN (" + set + "))";
    const std::string sl =
        "sl AS MATERIALIZED (SELECT x.session_id, x.lesson_id AS tutorial_id, x.started AS st, "
        "x.completed AS co FROM session_lessons x JOIN ks USING (session_id) WHERE x.kiosk_id = " +
        kq + ")";
    const std::string sq = "sq AS MATERIALIZED (SELECT x.session_id, x.portal_id, x.qr_shown AS "
                           "n FROM session_portals x JOIN ks USING (session_id) WHERE "
                           "x.kiosk_id = " +
                           kq + ")";
    // Hash joins: right for a few thousand rows a side, and a freshly filled store has no
    // statistics yet, which makes the planner expect one row and loop over the CTEs (n²).
    std::string batch = "SET LOCAL enable_nestloop = off;\n";
    // the old totals go first (a statement of its own: the inserts below must not meet them)
    batch += "WITH ";
    const char* const kTables[] = {"kiosk_month", "kiosk_month_skill", "kiosk_month_lesson",
                                   "kiosk_month_portal"};
    for (int i = 0; i < 3; ++i) {
        batch += std::string(i ? ", " : "") + "d" + std::to_string(i) + " AS (DELETE FROM " +
                 kTables[i] + " WHERE kiosk_id = " + kq + " AND month IN (" + set + "))";
    }
    batch += std::string(" DELETE FROM ") + kTables[3] + " WHERE kiosk_id = " + kq +
             " AND month IN (" + set + ");\n";
    // then the visits of those months are read once for all four tables
    batch += "WITH " + ks + ", " + sl + ", " + sq +
             ", m AS (INSERT INTO kiosk_month (month, kiosk_id, visits, residents, "
             "assisted_visits, assisted_residents, self_visits, unfinished_visits, "
             "lessons_started, lessons_completed, qr_shown, voice_visits, voice_known_visits) "
             "SELECT ks.month, " +
             kq +
             ", count(*), sum(group_size), count(*) FILTER (WHERE mode = 'assisted'), "
             "coalesce(sum(group_size) FILTER (WHERE mode = 'assisted'), 0), "
             "count(*) FILTER (WHERE mode IS DISTINCT FROM 'assisted'), "
             "count(*) FILTER (WHERE duration_s IS NULL), coalesce(sum(a.st), 0), "
             "coalesce(sum(a.co), 0), coalesce(sum(q.n), 0), count(*) FILTER (WHERE voice), "
             "count(*) FILTER (WHERE voice IS NOT NULL) FROM ks "
             "LEFT JOIN (SELECT session_id, sum(st) AS st, sum(co) AS co FROM sl GROUP BY 1) a "
             "USING (session_id) "
             "LEFT JOIN (SELECT session_id, sum(n) AS n FROM sq GROUP BY 1) q USING "
             "(session_id) GROUP BY ks.month), "
             "l AS (INSERT INTO kiosk_month_lesson SELECT ks.month, " +
             kq +
             ", sl.tutorial_id, count(*) FILTER (WHERE sl.st > 0), "
             "coalesce(sum(ks.group_size) FILTER (WHERE sl.st > 0), 0), sum(sl.st), sum(sl.co) "
             "FROM sl JOIN ks USING (session_id) GROUP BY ks.month, sl.tutorial_id), "
             "s AS (INSERT INTO kiosk_month_skill SELECT ks.month, " +
             kq +
             ", x.skill, count(*) FILTER (WHERE x.st > 0), "
             "coalesce(sum(ks.group_size) FILTER (WHERE x.st > 0), 0), "
             "count(*) FILTER (WHERE x.co > 0), "
             "coalesce(sum(ks.group_size) FILTER (WHERE x.co > 0), 0) "
             "FROM (SELECT sl.session_id, l.skill, sum(sl.st) AS st, sum(sl.co) AS co FROM sl "
             "JOIN lessons l ON l.lesson_id = sl.tutorial_id GROUP BY 1, 2) x "
             "JOIN ks USING (session_id) GROUP BY ks.month, x.skill) "
             "INSERT INTO kiosk_month_portal SELECT ks.month, " +
             kq +
             ", sq.portal_id, sum(sq.n) FROM sq JOIN ks USING (session_id) "
             "WHERE sq.portal_id IS NOT NULL GROUP BY ks.month, sq.portal_id;\n";
    pg.exec(batch + "RESET enable_nestloop");
}

// Lines of a whole file, without their "\r\n" (the last one may lack it).
std::vector<std::string_view> linesOf(const std::string& text) {
    std::vector<std::string_view> out;
    size_t at = 0;
    while (at < text.size()) {
        size_t nl = text.find('\n', at);
        if (nl == std::string::npos) {
            nl = text.size();
        }
        std::string_view l(text.data() + at, nl - at);
        if (!l.empty() && l.back() == '\r') {
            l.remove_suffix(1);
        }
        out.push_back(l);
        at = nl + 1;
    }
    return out;
}

// Splits a line without quotes at its commas.
void splitPlain(std::string_view l, std::vector<std::string_view>& f) {
    f.clear();
    size_t at = 0;
    for (;;) {
        const size_t c = l.find(',', at);
        if (c == std::string_view::npos) {
            f.push_back(l.substr(at));
            return;
        }
        f.push_back(l.substr(at, c - at));
        at = c + 1;
    }
}

bool digits(std::string_view v, size_t n) {
    return v.size() == n &&
           std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Big-endian integers of PostgreSQL's binary COPY.
void be(std::string& o, uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) {
        o += static_cast<char>((v >> (8 * i)) & 0xff);
    }
}

// A decimal integer as the server's int4in/int8in take it (no spaces, no plus).
bool integer(std::string_view v, int64_t lo, int64_t hi, int64_t& out) {
    const bool neg = !v.empty() && v[0] == '-';
    const std::string_view d = v.substr(neg ? 1 : 0);
    if (d.empty() || d.size() > 18 || !digits(d, d.size())) {
        return false;
    }
    int64_t n = 0;
    for (char c : d) {
        n = n * 10 + (c - '0');
    }
    out = neg ? -n : n;
    return out >= lo && out <= hi;
}

// Days from 2000-01-01 (PostgreSQL's date) of a valid yyyymmdd, else false.
bool pgDate(std::string_view ymd, int32_t& out) {
    const int y = std::stoi(std::string(ymd.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(ymd.substr(4, 2))));
    const unsigned d = static_cast<unsigned>(std::stoi(std::string(ymd.substr(6, 2))));
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
        return false;
    }
    const std::chrono::sys_days t =
        std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
    const std::chrono::sys_days epoch = std::chrono::year{2000} / 1 / 1;
    out = static_cast<int32_t>((t - epoch).count());
    return true;
}

// One events row (session_id … result, already split, day yyyymmdd) in binary COPY form:
// the server then parses no text. False when a value would not parse as its column's type.
bool binaryEvent(std::string& o, const std::vector<std::string_view>& f) {
    be(o, 10, 2);
    auto text = [&](std::string_view v) {
        if (v.empty()) {
            be(o, 0xffffffffu, 4); // NULL, as an empty unquoted CSV field
        } else {
            be(o, v.size(), 4);
            o.append(v);
        }
    };
    auto num = [&](std::string_view v, int bytes) {
        if (v.empty()) {
            be(o, 0xffffffffu, 4);
            return true;
        }
        int64_t n = 0;
        const int64_t lim = bytes == 4 ? INT32_MAX : INT64_MAX / 1000;
        if (!integer(v, -lim, lim, n)) {
            return false;
        }
        be(o, static_cast<uint64_t>(bytes), 4);
        be(o, static_cast<uint64_t>(n), bytes);
        return true;
    };
    int32_t day = 0;
    if (!pgDate(f[2], day)) {
        return false;
    }
    text(f[0]);
    text(f[1]);
    be(o, 4, 4);
    be(o, static_cast<uint32_t>(day), 4);
    text(f[3]);
    text(f[4]);
    if (!num(f[5], 4)) {
        return false;
    }
    text(f[6]);
    if (!num(f[7], 8) || !num(f[8], 8)) {
        return false;
    }
    text(f[9]);
    return true;
}

// An export read into memory and found plain enough to go straight into the store's tables:
// no quoted field (after the titles, which are for people, are dropped), every row of its
// kiosk, each visit once in sessions.csv, every event of one of those visits, days as
// yyyymmdd. Its rows are ready to COPY, the visit's event counts and what it did (lessons,
// QR codes) worked out here.
struct Plain {
    // the files, on the heap so that the views below stay valid when a Plain moves
    std::unique_ptr<const std::string> sessionsText, eventsText;
    std::string sessions, events, lessons, portals; // COPY data (CSV)
    std::vector<std::string_view> ids;
    std::vector<std::string> eventMonths, visitMonths; // 'YYYY-MM-01', sorted
    int64_t sessionRows = 0, eventRows = 0;
};

constexpr uintmax_t kPlainMaxBytes = 64u << 20;

std::optional<Plain> readPlain(const fs::path& folder, const std::string& kiosk) {
    Plain p;
    // a very large export (a kiosk's years at once) streams through the staging path instead:
    // a plain one is held in memory twice (text and rows), for two or three exports at a time
    std::error_code ec;
    if (fs::file_size(folder / kEvents.file, ec) > kPlainMaxBytes || ec) {
        return std::nullopt;
    }
    p.sessionsText = std::make_unique<const std::string>(readSmall(folder / kSessions.file));
    p.eventsText = std::make_unique<const std::string>(readSmall(folder / kEvents.file));
    if (p.sessionsText->empty() || p.eventsText->empty()) {
        return std::nullopt; // the staging path says what is wrong
    }
    // sessions.csv: the columns the store keeps, wherever the header puts them
    const std::vector<std::string_view> sl = linesOf(*p.sessionsText);
    const std::vector<std::string> scols = headerOf(std::string(sl[0]), kSessions);
    static const char* const kKept[] = {"session_id", "started_hour", "duration_s",     "mode",
                                        "group_size", "language",     "text_size",      "contrast",
                                        "outcome",    "voice",        "content_version"};
    constexpr size_t kKeptN = std::size(kKept);
    int at[kKeptN];
    for (size_t i = 0; i < kKeptN; ++i) {
        const auto it = std::find(scols.begin(), scols.end(), kKept[i]);
        at[i] = it == scols.end() ? -1 : static_cast<int>(it - scols.begin());
    }
    const auto kioskAt =
        static_cast<size_t>(std::find(scols.begin(), scols.end(), "kiosk_id") - scols.begin());
    std::unordered_map<std::string_view, std::vector<std::string_view>> visits;
    std::vector<std::string_view> f;
    std::set<std::string> months;
    for (size_t i = 1; i < sl.size(); ++i) {
        const std::string_view l = sl[i];
        if (l.find('"') != std::string_view::npos) {
            return std::nullopt;
        }
        if (l.empty() && i + 1 == sl.size()) {
            break;
        }
        splitPlain(l, f);
        if (f.size() != scols.size() || f[kioskAt] != kiosk || f[at[0]].empty()) {
            return std::nullopt;
        }
        // 'YYYY-MM-DD HH:MM', as the kiosk writes it: its month is its first 7 characters
        const std::string_view h = f[at[1]];
        if (h.size() < 16 || !digits(h.substr(0, 4), 4) || h[4] != '-' ||
            !digits(h.substr(5, 2), 2) || h[7] != '-' || h[10] != ' ') {
            return std::nullopt;
        }
        months.insert(std::string(h.substr(0, 7)) + "-01");
        if (!visits.emplace(f[at[0]], f).second) {
            return std::nullopt; // a visit twice in one file: the staging path keeps one
        }
        p.ids.push_back(f[at[0]]);
    }
    p.visitMonths.assign(months.begin(), months.end());
    months.clear();

    // events.csv: the titles dropped, the day rewritten as a date
    const std::vector<std::string_view> el = linesOf(*p.eventsText);
    std::vector<std::string> ecols = headerOf(std::string(el[0]), kEvents);
    std::vector<bool> drop(ecols.size(), false);
    bool dropAny = false;
    for (size_t i = 0; i < ecols.size(); ++i) {
        if (ecols[i] == "tutorial_title" || ecols[i] == "portal_title") {
            drop[i] = dropAny = true;
        }
    }
    ecols.erase(std::remove_if(ecols.begin(), ecols.end(),
                               [](const std::string& c) {
                                   return c == "tutorial_title" || c == "portal_title";
                               }),
                ecols.end());
    if (ecols != kEvents.needed) {
        return std::nullopt;
    }
    std::unordered_map<std::string_view, int> counts;
    // keyed by the visit (a view into sessions.csv) and an id (copied: `l` may be a scratch)
    std::map<std::pair<std::string_view, std::string>, std::pair<int, int>> lessons;
    std::map<std::pair<std::string_view, std::string>, int> portals;
    std::string stripped;
    p.events.reserve(p.eventsText->size() * 3 / 2);
    p.events.append("PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0", 19); // signature, flags, no extension
    std::string lastMonth; // a copy: `l` may point into the scratch line
    for (size_t i = 1; i < el.size(); ++i) {
        std::string_view l = el[i];
        if (l.empty() && i + 1 == el.size()) {
            break;
        }
        if (dropAny) { // RFC 4180 fields split by hand: a title may be quoted
            stripped.clear();
            size_t field = 0, start = 0;
            bool quoted = false, first = true;
            for (size_t j = 0; j <= l.size(); ++j) {
                if (j < l.size() && l[j] == '"') {
                    quoted = !quoted;
                } else if (j == l.size() || (l[j] == ',' && !quoted)) {
                    if (field >= drop.size() || !drop[field]) {
                        if (!first) {
                            stripped += ',';
                        }
                        stripped.append(l.substr(start, j - start));
                        first = false;
                    }
                    ++field;
                    start = j + 1;
                }
            }
            l = stripped;
        }
        if (l.find('"') != std::string_view::npos) {
            return std::nullopt;
        }
        splitPlain(l, f);
        if (f.size() != kEvents.needed.size() || f[1] != kiosk || !digits(f[2], 8)) {
            return std::nullopt;
        }
        const auto v = visits.find(f[0]);
        if (v == visits.end()) {
            return std::nullopt; // the staging path keeps only the events of listed visits
        }
        const std::string_view sid = v->first; // points into sessions.csv, kept
        ++counts[sid];
        const std::string_view type = f[3];
        if (!f[4].empty() && (type == "tutorial_started" || type == "tutorial_completed")) {
            auto& sc = lessons[{sid, std::string(f[4])}];
            (type == "tutorial_started" ? sc.first : sc.second)++;
        } else if (!f[6].empty() && type == "qr_shown") {
            ++portals[{sid, std::string(f[6])}];
        }
        const std::string_view day = f[2];
        if (day.substr(0, 6) != lastMonth) {
            lastMonth = std::string(day.substr(0, 6));
            months.insert(std::string(day.substr(0, 4)) + "-" + std::string(day.substr(4, 2)) +
                          "-01");
        }
        if (!binaryEvent(p.events, f)) {
            return std::nullopt; // a number or day the server would refuse: staged, named
        }
        ++p.eventRows;
    }
    p.events.append("\xff\xff", 2); // the end of the rows
    p.eventMonths.assign(months.begin(), months.end());
    // sessions in the store's column order, with their event counts
    for (const std::string_view id : p.ids) {
        const std::vector<std::string_view>& v = visits[id];
        p.sessions.append(kiosk).append(1, ',').append(id);
        for (size_t i = 1; i < 9; ++i) { // started_hour … outcome
            p.sessions += ',';
            if (i == 4 && v[static_cast<size_t>(at[i])].empty()) {
                p.sessions += '1'; // group_size: one resident unless said otherwise
            } else {
                p.sessions.append(v[static_cast<size_t>(at[i])]);
            }
        }
        const auto n = counts.find(id);
        p.sessions.append(1, ',').append(std::to_string(n == counts.end() ? 0 : n->second));
        for (size_t i = 9; i < kKeptN; ++i) { // voice, content_version: absent in older exports
            p.sessions += ',';
            if (at[i] >= 0) {
                p.sessions.append(v[static_cast<size_t>(at[i])]);
            }
        }
        p.sessions += '\n';
    }
    p.sessionRows = static_cast<int64_t>(p.ids.size());
    p.eventsText.reset(); // nothing points into it any more
    for (const auto& [key, sc] : lessons) {
        p.lessons.append(kiosk).append(1, ',').append(key.first).append(1, ',').append(key.second);
        p.lessons.append(1, ',').append(std::to_string(sc.first)).append(1, ',');
        p.lessons.append(std::to_string(sc.second)).append(1, '\n');
    }
    for (const auto& [key, n] : portals) {
        p.portals.append(kiosk).append(1, ',').append(key.first).append(1, ',').append(key.second);
        p.portals.append(1, ',').append(std::to_string(n)).append(1, '\n');
    }
    return p;
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

// An array literal for `ids` (= ANY($1::text[])).
std::string arrayOf(const std::vector<std::string_view>& ids) {
    std::string a = "{";
    for (const std::string_view id : ids) {
        if (a.size() > 1) {
            a += ',';
        }
        a += '"';
        for (char c : id) {
            if (c == '"' || c == '\\') {
                a += '\\';
            }
            a += c;
        }
        a += '"';
    }
    return a + "}";
}

// The general path, for an export that touches visits already stored (a later export of the
// same days) or that is not plain: its CSVs are staged, each visit kept once (a later,
// longer copy of a visit replaces an earlier one; an equal or shorter one changes nothing).
// Returns the months (first days) of the visits it added or changed.
std::vector<std::string> loadStaged(Pg& pg, ExportLoad& out, const std::string& kiosk,
                                    const std::function<void(int64_t, int64_t)>& sent) {
    const std::string k = quote(kiosk);
    const Staged ses = copyCsv(
        pg, out.folder, kSessions, [&](int64_t b) { sent(b, 0); }, true);
    out.sessions = ses.rows;
    if (one(pg, "SELECT count(*) FROM stg_sessions WHERE kiosk_id IS DISTINCT FROM " + k) != 0) {
        throw Damaged("it holds rows of another kiosk than " + kiosk);
    }
    // events are counted as their bytes go: about 60 bytes a row
    out.events = copyCsv(
                     pg, out.folder, kEvents, [&](int64_t b) { sent(b, b / 60); }, true)
                     .rows;
    if (one(pg, "SELECT count(*) FROM stg_events WHERE kiosk_id IS DISTINCT FROM " + k) != 0) {
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
    pg.exec("CREATE TEMP TABLE chg ON COMMIT DROP AS SELECT DISTINCT ON (s.session_id) "
            "s.session_id, s.started_hour::timestamp AS started_hour, "
            "s.duration_s::int AS duration_s, s.mode, coalesce(s.group_size::int, 1) AS "
            "group_size, s.language, s.text_size, s.contrast, s.outcome, " +
            voice + " AS voice, " + version +
            " AS content_version, coalesce(c.n, 0) AS n, "
            "(o.session_id IS NOT NULL) AS existed FROM stg_sessions s "
            "LEFT JOIN stg_counts c USING (session_id) "
            "LEFT JOIN sessions o ON o.kiosk_id = " +
            k +
            " AND o.session_id = s.session_id "
            "WHERE o.session_id IS NULL OR o.events < coalesce(c.n, 0) "
            "OR (o.duration_s IS NULL AND s.duration_s IS NOT NULL) "
            "ORDER BY s.session_id, coalesce(c.n, 0) DESC, s.duration_s IS NULL");
    const int64_t replaced = one(pg, "SELECT count(*) FROM chg WHERE existed");
    if (replaced > 0) {
        pg.exec("DELETE FROM events e USING chg c WHERE c.existed AND e.kiosk_id = " + k +
                " AND e.session_id = c.session_id");
        for (const char* t : {"session_lessons", "session_portals"}) {
            pg.exec(std::string("DELETE FROM ") + t + " x USING chg c WHERE c.existed AND " +
                    "x.kiosk_id = " + k + " AND x.session_id = c.session_id");
        }
    }
    pg.exec("INSERT INTO session_lessons SELECT " + k +
            ", e.session_id, e.tutorial_id, count(*) FILTER (WHERE e.type = "
            "'tutorial_started'), count(*) FILTER (WHERE e.type = 'tutorial_completed') "
            "FROM stg_events e JOIN chg c ON c.session_id = e.session_id WHERE e.type IN "
            "('tutorial_started', 'tutorial_completed') AND e.tutorial_id IS NOT NULL "
            "GROUP BY 2, 3");
    pg.exec("INSERT INTO session_portals SELECT " + k +
            ", e.session_id, e.portal_id, count(*) FROM stg_events e JOIN chg c ON "
            "c.session_id = e.session_id WHERE e.type = 'qr_shown' AND e.portal_id IS NOT "
            "NULL GROUP BY 2, 3");
    pg.exec("INSERT INTO events (kiosk_id, session_id, day, type, tutorial_id, step, portal_id, "
            "at_ms, duration_ms, result) SELECT " +
            k +
            ", e.session_id, make_date(e.day / 10000, e.day / 100 % 100, e.day % 100), e.type, "
            "e.tutorial_id, e.step::int, "
            "e.portal_id, e.at_ms::bigint, e.duration_ms::bigint, e.result "
            "FROM stg_events e JOIN chg c ON c.session_id = e.session_id");
    PgResult ins = pg.query(
        "INSERT INTO sessions (kiosk_id, session_id, started_hour, duration_s, mode, group_size, "
        "language, text_size, contrast, outcome, events, voice, content_version) SELECT " +
        k +
        ", session_id, started_hour, duration_s, mode, group_size, language, text_size, "
        "contrast, outcome, n, voice, content_version FROM chg ON CONFLICT (kiosk_id, "
        "session_id) DO UPDATE SET started_hour = EXCLUDED.started_hour, duration_s = "
        "EXCLUDED.duration_s, mode = EXCLUDED.mode, group_size = EXCLUDED.group_size, "
        "language = EXCLUDED.language, text_size = EXCLUDED.text_size, contrast = "
        "EXCLUDED.contrast, outcome = EXCLUDED.outcome, events = EXCLUDED.events, voice = "
        "EXCLUDED.voice, content_version = EXCLUDED.content_version");
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
                            "voice, content_version)",
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

// Whether the manifest lists `file` (its checksum then checked by verifyExport).
bool listed(const fs::path& folder, const std::string& file) {
    std::ifstream in(folder / "MANIFEST.sha256");
    for (std::string l; std::getline(in, l);) {
        if (l.size() == 66 + file.size() && l.compare(64, 2, "  ") == 0 &&
            l.compare(66, std::string::npos, file) == 0) {
            return true;
        }
    }
    return false;
}

// One export, inside the caller's transaction. `plain`: the export read for the direct path
// (null when it is not plain). Returns false, having changed nothing, when another loader
// stored the same export meanwhile.
bool loadOne(Pg& pg, ExportLoad& out, const Identity& id, const std::string& sha,
             const Plain* plain, const std::function<void(int64_t, int64_t)>& sent) {
    const std::string k = quote(id.kioskId);
    pg.exec(kioskLock(k));
    if (one(pg, "SELECT count(*) FROM exports WHERE manifest_sha256 = " + quote(sha)) > 0) {
        return false;
    }
    pg.exec("INSERT INTO kiosks (kiosk_id, province_code, province_name, commune_code, "
            "commune_name) VALUES (" +
            k + ", " + quote(id.provinceCode) + ", " + quote(id.provinceName) + ", " +
            quote(id.communeCode) + ", " + quote(id.communeName) +
            ") ON CONFLICT (kiosk_id) DO UPDATE SET province_code = EXCLUDED.province_code, "
            "province_name = EXCLUDED.province_name, commune_code = EXCLUDED.commune_code, "
            "commune_name = EXCLUDED.commune_name, updated_at = now() "
            "WHERE EXCLUDED.province_code <> '' OR EXCLUDED.commune_code <> ''");
    // plain and none of its visits stored yet (the primary key answers, one probe a visit)
    const bool fresh =
        plain && pg.query("SELECT EXISTS (SELECT 1 FROM sessions WHERE kiosk_id = $1 AND "
                          "session_id = ANY($2::text[]))",
                          {id.kioskId, arrayOf(plain->ids)})
                         .text(0, 0) == "f";
    const std::vector<std::string> months =
        fresh ? loadPlain(pg, out, *plain, sent) : loadStaged(pg, out, id.kioskId, sent);

    // daily.csv (required) and quiz.csv (optional): totals per day, the larger count kept
    const Staged daily = copyCsv(
        pg, out.folder, kDaily, [&](int64_t b) { sent(b, 0); }, false);
    out.dailyRows = daily.rows;
    if (daily.staged) {
        if (one(pg, "SELECT count(*) FROM stg_daily WHERE kiosk_id IS DISTINCT FROM " + k) != 0) {
            throw Damaged("it holds rows of another kiosk than " + id.kioskId);
        }
        pg.exec("INSERT INTO daily SELECT " + k +
                ", make_date(day / 10000, day / 100 % 100, day % 100), type, "
                "coalesce(tutorial_id, ''), coalesce(step::int, -1), coalesce(portal_id, ''), "
                "coalesce(result, ''), max(count::bigint) FROM stg_daily "
                "GROUP BY 2, 3, 4, 5, 6, 7 "
                "ON CONFLICT (kiosk_id, day, type, tutorial_id, step, portal_id, result) DO "
                "UPDATE SET count = GREATEST(daily.count, EXCLUDED.count)");
    }
    if (listed(out.folder, kQuiz.file)) { // checked against the manifest like the others
        const Staged quiz = copyCsv(
            pg, out.folder, kQuiz, [&](int64_t b) { sent(b, 0); }, false);
        out.quizRows = quiz.rows;
        if (quiz.staged) {
            if (one(pg, "SELECT count(*) FROM stg_quiz WHERE kiosk_id IS DISTINCT FROM " + k) !=
                0) {
                throw Damaged("it holds rows of another kiosk than " + id.kioskId);
            }
            pg.exec("INSERT INTO quiz_daily SELECT " + k +
                    ", CASE WHEN day ~ '^[0-9]{8}$' THEN make_date(left(day, 4)::int, "
                    "substr(day, 5, 2)::int, right(day, 2)::int) ELSE day::date END, type, "
                    "coalesce(quiz_id, ''), coalesce(question, ''), coalesce(questions, ''), "
                    "coalesce(result, ''), max(count) FROM stg_quiz GROUP BY 2, 3, 4, 5, 6, 7 "
                    "ON CONFLICT (kiosk_id, day, type, quiz_id, question, questions, result) "
                    "DO UPDATE SET count = GREATEST(quiz_daily.count, EXCLUDED.count)");
            if (quiz.has("quiz_title")) {
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
             "daily_rows, new_sessions) VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {sha, id.kioskId, out.folder.string(), std::to_string(out.sessions),
              std::to_string(out.events), std::to_string(out.dailyRows),
              std::to_string(out.newSessions)});
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
        if (one(pg, "SELECT count(*) FROM schema_version WHERE version = " +
                        std::to_string(m.version)) == 0) {
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

std::vector<fs::path> findExports(const std::vector<fs::path>& inputs) {
    std::vector<fs::path> out;
    std::function<void(const fs::path&, int)> walk = [&](const fs::path& dir, int depth) {
        std::error_code ec;
        if (fs::exists(dir / "MANIFEST.sha256", ec) || fs::exists(dir / "sessions.csv", ec)) {
            out.push_back(dir);
            return;
        }
        if (depth == 0) {
            return;
        }
        std::vector<fs::path> subs;
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            if (e.is_directory(ec) && e.path().filename().string().rfind('.', 0) != 0) {
                subs.push_back(e.path());
            }
        }
        std::sort(subs.begin(), subs.end());
        for (const fs::path& s : subs) {
            walk(s, depth - 1);
        }
    };
    for (const fs::path& in : inputs) {
        walk(in, 4);
    }
    return out;
}

namespace {

// What can be done with an export before the server is asked anything: its manifest
// checked, its identity read, and (when plain) its rows made ready. Done on a second thread
// for the next export while the server loads the current one.
struct Prepared {
    Identity id;
    std::string sha;
    std::optional<Plain> plain;
    std::exception_ptr failure; // Damaged, or whatever else went wrong
};

Prepared prepare(const fs::path& folder) {
    Prepared p;
    try {
        if (std::string why = db::verifyExport(folder); !why.empty()) {
            throw Damaged(why);
        }
        std::error_code ec;
        if (fs::exists(folder / kQuiz.file, ec) && !listed(folder, kQuiz.file)) {
            throw Damaged("quiz.csv is not in the manifest (added after the export)");
        }
        p.id = identityOf(folder);
        p.sha = manifestSha(folder);
        p.plain = readPlain(folder, p.id.kioskId);
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
        out.kioskId = ready.id.kioskId;
        if (one(pg, "SELECT count(*) FROM exports WHERE manifest_sha256 = " + quote(ready.sha)) >
            0) {
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
                const bool stored = loadOne(pg, tried, ready.id, ready.sha,
                                            ready.plain ? &*ready.plain : nullptr, sent);
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
    const size_t n = opt.exports.size();
    LoadProgress prog;
    prog.exports = n;
    std::vector<int64_t> sizes(n, 0);
    for (size_t i = 0; i < n; ++i) {
        for (const Csv* c : {&kSessions, &kEvents, &kDaily, &kQuiz}) {
            std::error_code ec;
            const auto b = fs::file_size(opt.exports[i] / c->file, ec);
            sizes[i] += ec ? 0 : static_cast<int64_t>(b);
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
            Prepared p = prepare(opt.exports[i]);
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
