// Loading exports into PostgreSQL. Rows travel by COPY into per-transaction staging tables
// (all text, named from the CSV header, so a column added by a later kiosk version does no
// harm), and from there into the store with one set-based statement per table.
#include "store.hpp"

#include "../export.hpp"
#include "province_migrations.inc"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sodium.h>
#include <sstream>
#include <unordered_map>

namespace tramso::province {
namespace fs = std::filesystem;

namespace {

// Any number; one loader at a time holds it per transaction (partitions, totals).
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7301820)";

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
};

const Csv kSessions{"sessions.csv",
                    "stg_sessions",
                    {"session_id", "kiosk_id", "started_hour", "duration_s", "mode", "group_size",
                     "language", "text_size", "contrast", "outcome"}};
const Csv kEvents{"events.csv",
                  "stg_events",
                  {"session_id", "kiosk_id", "day", "type", "tutorial_id", "step", "portal_id",
                   "at_ms", "duration_ms", "result"}};
const Csv kDaily{
    "daily.csv",
    "stg_daily",
    {"kiosk_id", "day", "type", "tutorial_id", "step", "portal_id", "result", "count"}};

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
        cols.push_back(c);
    }
    for (const std::string& n : csv.needed) {
        if (std::find(cols.begin(), cols.end(), n) == cols.end()) {
            throw Damaged(std::string(csv.file) + " has no column " + n);
        }
    }
    return cols;
}

struct Sent {
    int64_t rows = 0, bytes = 0;
};

// COPYs one CSV into its staging table; `sent` is called with the bytes of each chunk.
int64_t copyCsv(Pg& pg, const fs::path& folder, const Csv& csv,
                const std::function<void(int64_t)>& sent) {
    std::ifstream in(folder / csv.file, std::ios::binary);
    if (!in) {
        throw Damaged(std::string(csv.file) + " cannot be read");
    }
    std::string first;
    std::getline(in, first);
    const std::vector<std::string> cols = headerOf(first, csv);
    std::string create = std::string("CREATE TEMP TABLE ") + csv.table + " (";
    std::string list;
    // numbers and times typed here, so COPY parses them (a bad one is a data error: damaged)
    static const std::map<std::string, std::string> kTypes = {
        {"day", "int"},        {"step", "int"},
        {"at_ms", "bigint"},   {"duration_ms", "bigint"},
        {"group_size", "int"}, {"duration_s", "int"},
        {"count", "bigint"},   {"started_hour", "timestamp"}};
    for (size_t i = 0; i < cols.size(); ++i) {
        auto t = kTypes.find(cols[i]);
        create += (i ? ", " : "") + cols[i] + " " +
                  (t != kTypes.end()                                  ? t->second
                   : cols[i] == "session_id" || cols[i] == "kiosk_id" ? "text COLLATE \"C\""
                                                                      : "text");
        list += (i ? ", " : "") + cols[i];
    }
    pg.exec(create + ") ON COMMIT DROP");
    return pg.copyIn(std::string("COPY ") + csv.table + " (" + list +
                         ") FROM STDIN WITH (FORMAT csv)",
                     [&](char* buf, size_t cap) -> size_t {
                         in.read(buf, static_cast<std::streamsize>(cap));
                         const auto n = static_cast<size_t>(in.gcount());
                         if (n && sent) {
                             sent(static_cast<int64_t>(n));
                         }
                         return n;
                     });
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

// The monthly totals of kiosk `k` for `months` (first days, 'YYYY-MM-DD'), from the store.
void recomputeMonths(Pg& pg, const std::string& k, const std::vector<std::string>& months) {
    const std::string kq = quote(k);
    // one round trip for the lot (several statements in one simple query)
    std::string batch;
    auto add = [&batch](const std::string& sql) { batch += sql + ";\n"; };
    std::string set;
    for (const std::string& m : months) {
        set += (set.empty() ? "" : ",") + quote(m) + "::date";
    }
    const std::string lo = quote(months.front()) + "::date";
    const std::string hi = "(" + quote(months.back()) + "::date + interval '1 month')";
    add("CREATE TEMP TABLE ks ON COMMIT DROP AS SELECT session_id, "
        "date_trunc('month', started_hour)::date AS month, group_size, mode, duration_s "
        "FROM sessions WHERE kiosk_id = " +
        kq + " AND started_hour >= " + lo + " AND started_hour < " + hi +
        " AND date_trunc('month', started_hour)::date IN (" + set + ")");
    add("CREATE TEMP TABLE sl ON COMMIT DROP AS SELECT x.session_id, x.lesson_id AS "
        "tutorial_id, x.started AS st, x.completed AS co FROM session_lessons x JOIN ks "
        "USING (session_id) WHERE x.kiosk_id = " +
        kq);
    add("CREATE TEMP TABLE sq ON COMMIT DROP AS SELECT x.session_id, x.portal_id, "
        "x.qr_shown AS n FROM session_portals x JOIN ks USING (session_id) WHERE "
        "x.kiosk_id = " +
        kq);
    for (const char* t :
         {"kiosk_month", "kiosk_month_skill", "kiosk_month_lesson", "kiosk_month_portal"}) {
        add(std::string("DELETE FROM ") + t + " WHERE kiosk_id = " + kq + " AND month IN (" + set +
            ")");
    }
    add("INSERT INTO kiosk_month SELECT ks.month, " + kq +
        ", count(*), sum(group_size), count(*) FILTER (WHERE mode = 'assisted'), "
        "coalesce(sum(group_size) FILTER (WHERE mode = 'assisted'), 0), "
        "count(*) FILTER (WHERE mode IS DISTINCT FROM 'assisted'), "
        "count(*) FILTER (WHERE duration_s IS NULL), coalesce(sum(a.st), 0), "
        "coalesce(sum(a.co), 0), coalesce(sum(q.n), 0) FROM ks "
        "LEFT JOIN (SELECT session_id, sum(st) AS st, sum(co) AS co FROM sl GROUP BY 1) a "
        "USING (session_id) "
        "LEFT JOIN (SELECT session_id, sum(n) AS n FROM sq GROUP BY 1) q USING (session_id) "
        "GROUP BY ks.month");
    add("INSERT INTO kiosk_month_lesson SELECT ks.month, " + kq +
        ", sl.tutorial_id, count(*) FILTER (WHERE sl.st > 0), "
        "coalesce(sum(ks.group_size) FILTER (WHERE sl.st > 0), 0), sum(sl.st), sum(sl.co) "
        "FROM sl JOIN ks USING (session_id) GROUP BY ks.month, sl.tutorial_id");
    add("INSERT INTO kiosk_month_skill SELECT ks.month, " + kq +
        ", x.skill, count(*) FILTER (WHERE x.st > 0), "
        "coalesce(sum(ks.group_size) FILTER (WHERE x.st > 0), 0), "
        "count(*) FILTER (WHERE x.co > 0), "
        "coalesce(sum(ks.group_size) FILTER (WHERE x.co > 0), 0) "
        "FROM (SELECT sl.session_id, l.skill, sum(sl.st) AS st, sum(sl.co) AS co FROM sl "
        "JOIN lessons l ON l.lesson_id = sl.tutorial_id GROUP BY 1, 2) x "
        "JOIN ks USING (session_id) GROUP BY ks.month, x.skill");
    add("INSERT INTO kiosk_month_portal SELECT ks.month, " + kq +
        ", sq.portal_id, sum(sq.n) FROM sq JOIN ks USING (session_id) "
        "WHERE sq.portal_id IS NOT NULL GROUP BY ks.month, sq.portal_id");
    pg.exec(batch);
}

// The common case, an export whose visits are all new to the store: events.csv goes by
// COPY straight into the partitioned events table (no staging copy, no INSERT … SELECT),
// its day rewritten from yyyymmdd to a date on the way, and each visit's event count sent
// beside it. Returns false, having sent nothing, when the file is not plain enough for that
// (other columns, quoted ids, another kiosk's rows): the staging path then judges it.
bool copyEventsDirect(Pg& pg, ExportLoad& out, const std::string& kiosk,
                      const std::function<void(int64_t, int64_t)>& sent) {
    const fs::path file = out.folder / kEvents.file;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw Damaged(std::string(kEvents.file) + " cannot be read");
    }
    std::string line;
    std::getline(in, line);
    if (headerOf(line, kEvents) != kEvents.needed) {
        return false;
    }
    const std::streampos body = in.tellg();
    // where the day field is: after the 2nd comma, 8 digits, then a comma
    auto dayAt = [](const std::string& l) -> size_t {
        const size_t c1 = l.find(',');
        const size_t c2 = c1 == std::string::npos ? c1 : l.find(',', c1 + 1);
        if (c2 == std::string::npos || l.size() < c2 + 10 || l[c2 + 9] != ',') {
            return std::string::npos;
        }
        for (size_t i = c2 + 1; i < c2 + 9; ++i) {
            if (l[i] < '0' || l[i] > '9') {
                return std::string::npos;
            }
        }
        return c2 + 1;
    };
    std::unordered_map<std::string, int> counts, portals;
    std::unordered_map<std::string, std::pair<int, int>> lessons;
    std::set<std::string> months;
    const std::string tail = "," + kiosk + ",";
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const size_t d = dayAt(line);
        if (d == std::string::npos || line[0] == '"' ||
            std::count(line.begin(), line.end(), '"') % 2 != 0) {
            return false;
        }
        const size_t c1 = line.find(',');
        if (line.compare(c1, tail.size(), tail) != 0 || c1 + tail.size() != d) {
            return false; // another kiosk's row, or a quoted id
        }
        if (line.find('"') != std::string::npos) {
            return false;
        }
        // type, tutorial_id, step, portal_id follow the day
        std::string f[4];
        size_t at = d + 9;
        for (std::string& x : f) {
            const size_t c = line.find(',', at);
            if (c == std::string::npos) {
                return false;
            }
            x = line.substr(at, c - at);
            at = c + 1;
        }
        std::string sid = line.substr(0, c1);
        if (!f[1].empty() && (f[0] == "tutorial_started" || f[0] == "tutorial_completed")) {
            auto& sc = lessons[sid + "\t" + f[1]];
            (f[0] == "tutorial_started" ? sc.first : sc.second)++;
        } else if (!f[3].empty() && f[0] == "qr_shown") {
            ++portals[sid + "\t" + f[3]];
        }
        ++counts[std::move(sid)];
        months.insert(line.substr(d, 4) + "-" + line.substr(d + 4, 2) + "-01");
    }
    for (const std::string& m : months) {
        pg.exec("SELECT tramso_events_partition(" + quote(m) + "::date)");
    }
    pg.exec("CREATE TEMP TABLE stg_counts (session_id text COLLATE \"C\", n int) ON COMMIT DROP");
    {
        auto it = counts.begin();
        pg.copyIn("COPY stg_counts FROM STDIN", [&](char* buf, size_t cap) -> size_t {
            size_t n = 0;
            for (; it != counts.end() && n + it->first.size() + 16 < cap; ++it) {
                const std::string row = it->first + "\t" + std::to_string(it->second) + "\n";
                std::memcpy(buf + n, row.data(), row.size());
                n += row.size();
            }
            return n;
        });
    }
    auto send = [&](const std::string& sql, auto& map, auto&& row) {
        auto it = map.begin();
        pg.copyIn(sql, [&](char* buf, size_t cap) -> size_t {
            size_t n = 0;
            for (; it != map.end() && n + it->first.size() + 64 < cap; ++it) {
                const std::string r = kiosk + "\t" + it->first + "\t" + row(it->second) + "\n";
                std::memcpy(buf + n, r.data(), r.size());
                n += r.size();
            }
            return n;
        });
    };
    send("COPY session_lessons FROM STDIN", lessons, [](const std::pair<int, int>& sc) {
        return std::to_string(sc.first) + "\t" + std::to_string(sc.second);
    });
    send("COPY session_portals FROM STDIN", portals, [](int n) { return std::to_string(n); });
    in.clear();
    in.seekg(body);
    std::string pending;
    size_t served = 0;
    out.events = pg.copyIn(
        "COPY events (session_id, kiosk_id, day, type, tutorial_id, step, portal_id, at_ms, "
        "duration_ms, result) FROM STDIN WITH (FORMAT csv)",
        [&](char* buf, size_t cap) -> size_t {
            if (served == pending.size()) {
                pending.clear();
                served = 0;
                int64_t rows = 0, bytes = 0;
                while (pending.size() < cap / 2 && std::getline(in, line)) {
                    bytes += static_cast<int64_t>(line.size()) + 1;
                    if (!line.empty() && line.back() == '\r') {
                        line.pop_back();
                    }
                    const size_t d = dayAt(line);
                    pending.append(line, 0, d + 4);
                    pending += '-';
                    pending.append(line, d + 4, 2);
                    pending += '-';
                    pending.append(line, d + 6, std::string::npos);
                    pending += '\n';
                    ++rows;
                }
                if (rows) {
                    sent(bytes, rows);
                }
            }
            const size_t n = std::min(cap, pending.size() - served);
            std::memcpy(buf, pending.data() + served, n);
            served += n;
            return n;
        });
    return true;
}

// One export, inside the caller's transaction.
void loadOne(Pg& pg, ExportLoad& out, const Identity& id, const std::string& sha,
             const std::function<void(int64_t, int64_t)>& sent) {
    const std::string k = quote(id.kioskId);
    pg.exec(kLock);
    out.sessions = copyCsv(pg, out.folder, kSessions, [&](int64_t b) { sent(b, 0); });
    out.dailyRows = copyCsv(pg, out.folder, kDaily, [&](int64_t b) { sent(b, 0); });
    if (one(pg, "SELECT (SELECT count(*) FROM stg_sessions WHERE kiosk_id IS DISTINCT FROM " + k +
                    ") + (SELECT count(*) FROM stg_daily WHERE kiosk_id IS DISTINCT FROM " + k +
                    ")") != 0) {
        throw Damaged("it holds rows of another kiosk than " + id.kioskId);
    }
    pg.exec("INSERT INTO kiosks (kiosk_id, province_code, province_name, commune_code, "
            "commune_name) VALUES (" +
            k + ", " + quote(id.provinceCode) + ", " + quote(id.provinceName) + ", " +
            quote(id.communeCode) + ", " + quote(id.communeName) +
            ") ON CONFLICT (kiosk_id) DO UPDATE SET province_code = EXCLUDED.province_code, "
            "province_name = EXCLUDED.province_name, commune_code = EXCLUDED.commune_code, "
            "commune_name = EXCLUDED.commune_name, updated_at = now() "
            "WHERE EXCLUDED.province_code <> '' OR EXCLUDED.commune_code <> ''");
    const bool fresh = one(pg, "SELECT count(*) FROM stg_sessions s JOIN sessions o ON "
                               "o.kiosk_id = " +
                                   k + " AND o.session_id = s.session_id") == 0;
    const bool direct = fresh && copyEventsDirect(pg, out, id.kioskId, sent);
    if (!direct) {
        // events are counted as their bytes go: about 60 bytes a row
        out.events = copyCsv(pg, out.folder, kEvents, [&](int64_t b) { sent(b, b / 60); });
        if (one(pg, "SELECT count(*) FROM stg_events WHERE kiosk_id IS DISTINCT FROM " + k) != 0) {
            throw Damaged("it holds rows of another kiosk than " + id.kioskId);
        }
        pg.exec("SELECT tramso_events_partition(m) FROM (SELECT DISTINCT "
                "date_trunc('month', make_date(day / 10000, day / 100 % 100, day % 100))::date "
                "AS m FROM stg_events) x");
        pg.exec("CREATE TEMP TABLE stg_counts ON COMMIT DROP AS SELECT session_id, "
                "count(*)::int AS n FROM stg_events GROUP BY session_id");
    }
    // the visits this export adds or completes; an equal or shorter copy changes nothing
    pg.exec("CREATE TEMP TABLE chg ON COMMIT DROP AS SELECT DISTINCT ON (s.session_id) "
            "s.session_id, s.started_hour::timestamp AS started_hour, "
            "s.duration_s::int AS duration_s, s.mode, coalesce(s.group_size::int, 1) AS "
            "group_size, s.language, s.text_size, s.contrast, s.outcome, coalesce(c.n, 0) AS n, "
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
    }
    if (!direct) {
        if (replaced > 0) {
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
        pg.exec(
            "INSERT INTO events (kiosk_id, session_id, day, type, tutorial_id, step, portal_id, "
            "at_ms, duration_ms, result) SELECT " +
            k +
            ", e.session_id, make_date(e.day / 10000, e.day / 100 % 100, e.day % 100), e.type, "
            "e.tutorial_id, e.step::int, "
            "e.portal_id, e.at_ms::bigint, e.duration_ms::bigint, e.result "
            "FROM stg_events e JOIN chg c ON c.session_id = e.session_id");
    }
    PgResult ins = pg.query(
        "INSERT INTO sessions (kiosk_id, session_id, started_hour, duration_s, mode, group_size, "
        "language, text_size, contrast, outcome, events) SELECT " +
        k +
        ", session_id, started_hour, duration_s, mode, group_size, language, text_size, "
        "contrast, outcome, n FROM chg ON CONFLICT (kiosk_id, session_id) DO UPDATE SET "
        "started_hour = EXCLUDED.started_hour, duration_s = EXCLUDED.duration_s, "
        "mode = EXCLUDED.mode, group_size = EXCLUDED.group_size, language = EXCLUDED.language, "
        "text_size = EXCLUDED.text_size, contrast = EXCLUDED.contrast, "
        "outcome = EXCLUDED.outcome, events = EXCLUDED.events");
    out.newSessions = ins.affected() - replaced;
    pg.exec(
        "INSERT INTO daily SELECT " + k +
        ", make_date(day / 10000, day / 100 % 100, day % 100), type, coalesce(tutorial_id, ''), "
        "coalesce(step::int, -1), coalesce(portal_id, ''), coalesce(result, ''), "
        "max(count::bigint) FROM stg_daily GROUP BY 2, 3, 4, 5, 6, 7 "
        "ON CONFLICT (kiosk_id, day, type, tutorial_id, step, portal_id, result) DO UPDATE "
        "SET count = GREATEST(daily.count, EXCLUDED.count)");
    PgResult months = pg.query("SELECT DISTINCT date_trunc('month', started_hour)::date::text "
                               "FROM chg ORDER BY 1");
    std::vector<std::string> ms;
    for (int i = 0; i < months.rows(); ++i) {
        ms.push_back(months.text(i, 0));
    }
    if (!ms.empty()) {
        recomputeMonths(pg, id.kioskId, ms);
    }
    pg.query("INSERT INTO exports (manifest_sha256, kiosk_id, folder, sessions, events, "
             "daily_rows, new_sessions) VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {sha, id.kioskId, out.folder.string(), std::to_string(out.sessions),
              std::to_string(out.events), std::to_string(out.dailyRows),
              std::to_string(out.newSessions)});
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

std::vector<ExportLoad> loadExports(Pg& pg, const LoadOptions& opt) {
    if (sodium_init() < 0) {
        throw PgError(PgFailure::Other, "libsodium cannot start");
    }
    std::vector<ExportLoad> results;
    LoadProgress prog;
    prog.exports = opt.exports.size();
    for (const fs::path& f : opt.exports) {
        for (const Csv* c : {&kSessions, &kEvents, &kDaily}) {
            std::error_code ec;
            const auto n = fs::file_size(f / c->file, ec);
            prog.bytes += ec ? 0 : static_cast<int64_t>(n);
        }
    }
    for (size_t i = 0; i < opt.exports.size(); ++i) {
        ExportLoad out;
        out.folder = opt.exports[i];
        prog.exportIndex = i;
        prog.folder = out.folder.string();
        if (opt.progress) {
            opt.progress(prog);
        }
        const int64_t bytesBefore = prog.bytesDone, eventsBefore = prog.events;
        try {
            if (std::string why = db::verifyExport(out.folder); !why.empty()) {
                throw Damaged(why);
            }
            const Identity id = identityOf(out.folder);
            out.kioskId = id.kioskId;
            const std::string sha = manifestSha(out.folder);
            if (one(pg, "SELECT count(*) FROM exports WHERE manifest_sha256 = " + quote(sha)) > 0) {
                out.status = LoadStatus::AlreadyLoaded;
            } else {
                pg.exec("BEGIN");
                try {
                    loadOne(pg, out, id, sha, [&](int64_t bytes, int64_t events) {
                        prog.bytesDone += bytes;
                        prog.events += events;
                        if (opt.progress) {
                            opt.progress(prog);
                        }
                    });
                    pg.exec("COMMIT");
                } catch (...) {
                    if (pg.alive()) {
                        pg.exec("ROLLBACK");
                    }
                    throw;
                }
                out.status = LoadStatus::Loaded;
                prog.events = eventsBefore + out.events;
            }
        } catch (const Damaged& d) {
            out.status = LoadStatus::Damaged;
            out.message = d.what();
        } catch (const PgError& e) {
            if (e.kind() != PgFailure::Data) {
                out.status = LoadStatus::NotLoaded;
                out.message = e.what();
                results.push_back(out);
                if (opt.done) {
                    opt.done(out);
                }
                throw;
            }
            out.status = LoadStatus::Damaged;
            out.message = std::string("the server refused its rows: ") + e.what();
        }
        if (out.status != LoadStatus::Loaded) {
            prog.events = eventsBefore;
        }
        prog.bytesDone = bytesBefore;
        for (const Csv* c : {&kSessions, &kEvents, &kDaily}) {
            std::error_code ec;
            const auto n = fs::file_size(out.folder / c->file, ec);
            prog.bytesDone += ec ? 0 : static_cast<int64_t>(n);
        }
        results.push_back(out);
        if (opt.done) {
            opt.done(out);
        }
    }
    prog.exportIndex = opt.exports.size();
    if (opt.progress) {
        opt.progress(prog);
    }
    return results;
}

} // namespace tramso::province
