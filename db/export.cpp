// Export and merge. Files are streamed (a 1,000,000-event export stays small in memory):
// rows go to the CSV files, the new database and the report's totals as they are read.
#include "export.hpp"

#include "../kiosk/core/atomic_file.hpp"
#include "../kiosk/core/report.hpp"
#include "sqlite.hpp"
#include "stats_store.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>
#include <unordered_set>

namespace tramso::db {
namespace fs = std::filesystem;

namespace {

const char* const kFiles[] = {"sessions.csv", "events.csv",  "daily.csv",
                              "summary.json", "report.html", "stats.sqlite"};
constexpr const char* kManifest = "MANIFEST.sha256";
constexpr const char* kBom = "\xEF\xBB\xBF";

struct Failure {
    std::string message;
    ExportProblem problem = ExportProblem::Other;
};
struct Cancelled {};

// What an errno means to a technician holding a USB stick.
std::string stickError(int err, const std::string& doing) {
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return "the USB stick is full (while " + doing +
               "); delete old files from it or use a bigger stick, then try again";
    case EROFS:
    case EACCES:
    case EPERM:
        return "the USB stick is read-only or cannot be written (while " + doing +
               "); check its lock switch, then try again";
    case EIO:
    case ENODEV:
    case ENXIO:
    case ENOTCONN:
    case ECONNABORTED: // a FUSE driver (the stick's) died during the write
    case ENOENT:
    case ESTALE:
        return "the USB stick was removed or stopped answering (while " + doing +
               "); plug it in again and export again";
    default:
        return std::string("cannot write to the USB stick (while ") + doing +
               "): " + std::strerror(err);
    }
}

ExportProblem problemOf(int err) {
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return ExportProblem::Full;
    case EROFS:
    case EACCES:
    case EPERM:
        return ExportProblem::ReadOnly;
    case EIO:
    case ENODEV:
    case ENXIO:
    case ENOTCONN:
    case ECONNABORTED: // a FUSE driver (the stick's) died during the write
    case ENOENT:
    case ESTALE:
        return ExportProblem::Removed;
    default:
        return ExportProblem::Other;
    }
}

Failure stickFailure(int err, const std::string& doing) {
    return Failure{stickError(err, doing), problemOf(err)};
}

// A file on the stick is written as ".name.part", hashed as it goes, fsynced and renamed
// (kiosk/core/atomic_file); an AtomicFileError becomes the technician's words at the top.
struct StickFile : AtomicFile {
    StickFile(const fs::path& dir, const std::string& name)
        : AtomicFile(dir / name, dir / ("." + name + ".part")) {}
};

// SHA-256 of a file as it is now on the stick; "" when it cannot be read.
std::string sha256Of(const fs::path& f) {
    int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    std::vector<unsigned char> buf(1 << 18);
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            ::close(fd);
            return {};
        }
        if (n == 0) {
            break;
        }
        crypto_hash_sha256_update(&st, buf.data(), static_cast<size_t>(n));
    }
    ::close(fd);
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, d);
    return hexBytes(d, sizeof d);
}

// RFC 4180: quote when needed, double the quotes inside.
std::string csv(std::string_view v) {
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(v);
    }
    std::string o = "\"";
    for (char c : v) {
        o += c;
        if (c == '"') {
            o += '"';
        }
    }
    return o + "\"";
}

std::string num(int64_t v) {
    return std::to_string(v);
}

struct SessionOut {
    std::string id, kioskId;
    int64_t startedHour = 0;
    std::optional<int64_t> durationS;
    std::string mode, language, textSize, contrast, outcome;
    int64_t groupSize = 1;
};
struct EventOut {
    std::string sessionId, kioskId;
    int64_t day = 0;
    std::string type, tutorialId, portalId, result;
    int64_t step = -1, atMs = 0, durationMs = -1;
};
struct DailyOut {
    std::string kioskId;
    int64_t day = 0;
    std::string type, tutorialId, portalId, result;
    int64_t step = -1, count = 0;
};

// The one row reader for export and merge: the kiosk's database and an export's
// database are read by queries that return the same columns in the same order, so each row
// is decoded here once. Sessions: id, kiosk_id, started (unix s; floored to the hour here,
// which leaves an export's already-floored hour as it is), duration_s, mode, group_size,
// language, text_size, contrast, outcome.
SessionOut sessionAt(const Statement& q) {
    SessionOut s;
    s.id = q.text(0);
    s.kioskId = q.text(1);
    s.startedHour = localHourFloor(q.integer(2)); // nobody can tell who came at 14:05
    if (!q.isNull(3)) {
        s.durationS = std::max<int64_t>(0, q.integer(3));
    }
    s.mode = q.text(4);
    s.groupSize = q.integer(5);
    s.language = q.text(6);
    s.textSize = q.text(7);
    s.contrast = q.text(8);
    s.outcome = q.text(9); // NULL reads as ""
    return s;
}

// Events: session_id, kiosk_id, day, type, tutorial_id, step, portal_id, at_ms,
// duration_ms, result.
EventOut eventAt(const Statement& q) {
    EventOut e;
    e.sessionId = q.text(0);
    e.kioskId = q.text(1);
    e.day = q.integer(2);
    e.type = q.text(3);
    e.tutorialId = q.text(4);
    e.step = q.isNull(5) ? -1 : q.integer(5);
    e.portalId = q.text(6);
    e.atMs = q.integer(7);
    e.durationMs = q.isNull(8) ? -1 : q.integer(8);
    e.result = q.text(9);
    return e;
}

// Daily totals: kiosk_id, day, type, tutorial_id, step, portal_id, result, count.
DailyOut dailyAt(const Statement& q) {
    DailyOut d;
    d.kioskId = q.text(0);
    d.day = q.integer(1);
    d.type = q.text(2);
    d.tutorialId = q.text(3);
    d.step = q.isNull(4) ? -1 : q.integer(4);
    d.portalId = q.text(5);
    d.result = q.text(6);
    d.count = q.integer(7);
    return d;
}

constexpr const char* kExportSchema = R"(
    CREATE TABLE export (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sessions (id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
      started_hour INTEGER NOT NULL, duration_s INTEGER, mode TEXT, group_size INTEGER,
      language TEXT, text_size TEXT, contrast TEXT, outcome TEXT);
    CREATE TABLE events (session_id TEXT NOT NULL, day INTEGER NOT NULL, type TEXT NOT NULL,
      tutorial_id TEXT, step INTEGER, portal_id TEXT, at_ms INTEGER, duration_ms INTEGER,
      result TEXT);
    CREATE TABLE daily (kiosk_id TEXT NOT NULL, day INTEGER NOT NULL, type TEXT NOT NULL,
      tutorial_id TEXT, step INTEGER, portal_id TEXT, result TEXT, count INTEGER NOT NULL);
)";

// Everything an export or a merge writes, row by row, then the closing files.
class ExportWriter {
  public:
    ExportWriter(const fs::path& folder, const fs::path& scratch, const Content& content)
        : m_folder(folder), m_scratch(scratch), m_content(content),
          m_sessions(folder, "sessions.csv"), m_events(folder, "events.csv"),
          m_daily(folder, "daily.csv") {
        std::error_code ec;
        fs::remove(scratch, ec);
        m_db = std::make_unique<Database>(scratch.string());
        m_db->exec("PRAGMA journal_mode = OFF");
        m_db->exec("PRAGMA synchronous = OFF");
        m_db->exec(kExportSchema);
        m_db->exec("BEGIN");
        m_insSession = std::make_unique<Statement>(
            *m_db, "INSERT OR IGNORE INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?)");
        m_insEvent =
            std::make_unique<Statement>(*m_db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)");
        m_insDaily =
            std::make_unique<Statement>(*m_db, "INSERT INTO daily VALUES (?,?,?,?,?,?,?,?)");
        m_sessions.write(std::string(kBom) +
                         "session_id,kiosk_id,started_hour,duration_s,mode,group_size,language,"
                         "text_size,contrast,outcome\r\n");
        m_events.write(std::string(kBom) + "session_id,kiosk_id,day,type,tutorial_id,step,"
                                           "portal_id,at_ms,duration_ms,result\r\n");
        m_daily.write(std::string(kBom) +
                      "kiosk_id,day,type,tutorial_id,step,portal_id,result,count\r\n");
    }
    ~ExportWriter() {
        m_insSession.reset();
        m_insEvent.reset();
        m_insDaily.reset();
        m_db.reset();
        std::error_code ec;
        fs::remove(m_scratch, ec);
    }

    ReportData report;

    void session(const SessionOut& s) {
        m_sessions.write(csv(s.id) + "," + csv(s.kioskId) + "," +
                         formatLocal(s.startedHour, "%Y-%m-%d %H:00") + "," +
                         (s.durationS ? num(*s.durationS) : "") + "," + csv(s.mode) + "," +
                         num(s.groupSize) + "," + csv(s.language) + "," + csv(s.textSize) + "," +
                         csv(s.contrast) + "," + csv(s.outcome) + "\r\n");
        Statement& st = *m_insSession;
        st.reset();
        st.bind(1, s.id).bind(2, s.kioskId).bind(3, s.startedHour);
        if (s.durationS) {
            st.bind(4, *s.durationS);
        } else {
            st.bindNull(4);
        }
        st.bind(5, s.mode).bind(6, s.groupSize).bind(7, s.language).bind(8, s.textSize);
        st.bind(9, s.contrast).bindOptional(10, s.outcome);
        st.step();
        report.addSession(s.kioskId, localDay(s.startedHour), s.mode, s.language);
    }
    void event(const EventOut& e) {
        m_events.write(csv(e.sessionId) + "," + csv(e.kioskId) + "," + num(e.day) + "," +
                       csv(e.type) + "," + csv(e.tutorialId) + "," +
                       (e.step >= 0 ? num(e.step) : "") + "," + csv(e.portalId) + "," +
                       num(e.atMs) + "," + (e.durationMs >= 0 ? num(e.durationMs) : "") + "," +
                       csv(e.result) + "\r\n");
        Statement& st = *m_insEvent;
        st.reset();
        st.bind(1, e.sessionId).bind(2, e.day).bind(3, e.type).bindOptional(4, e.tutorialId);
        st.bindOptional(5, e.step, -1).bindOptional(6, e.portalId).bind(7, e.atMs);
        st.bindOptional(8, e.durationMs, -1).bindOptional(9, e.result);
        st.step();
        report.addEvents(e.kioskId, e.type, e.tutorialId, static_cast<int>(e.step), e.portalId, 1);
    }
    void daily(const DailyOut& d) {
        m_daily.write(csv(d.kioskId) + "," + num(d.day) + "," + csv(d.type) + "," +
                      csv(d.tutorialId) + "," + (d.step >= 0 ? num(d.step) : "") + "," +
                      csv(d.portalId) + "," + csv(d.result) + "," + num(d.count) + "\r\n");
        Statement& st = *m_insDaily;
        st.reset();
        st.bind(1, d.kioskId).bind(2, d.day).bind(3, d.type).bindOptional(4, d.tutorialId);
        st.bindOptional(5, d.step, -1).bindOptional(6, d.portalId).bindOptional(7, d.result);
        st.bind(8, d.count);
        st.step();
        report.addEvents(d.kioskId, d.type, d.tutorialId, static_cast<int>(d.step), d.portalId,
                         d.count);
        if (d.type == "session_started") { // folded visits still count as visits
            report.sessions += d.count;
            report.sessionsPerDay[static_cast<int>(d.day)] += d.count;
            report.kiosks[d.kioskId].sessions += d.count;
        }
    }

    // The closing files, the read-back check, then the manifest. Returns nothing: throws.
    void finish(const std::map<std::string, std::string>& meta) {
        m_sessions.finish();
        m_events.finish();
        m_daily.finish();
        {
            Statement put(*m_db, "INSERT INTO export (key, value) VALUES (?, ?)");
            for (const auto& [k, v] : meta) {
                put.reset();
                put.bind(1, k).bind(2, v);
                put.step();
            }
        }
        m_db->exec("COMMIT");
        m_insSession.reset();
        m_insEvent.reset();
        m_insDaily.reset();
        m_db.reset();
        std::vector<std::pair<std::string, std::string>> sums = {
            {m_sessions.name(), m_sessions.sha256()},
            {m_events.name(), m_events.sha256()},
            {m_daily.name(), m_daily.sha256()}};
        auto whole = [&](const char* name, const std::string& text) {
            StickFile f(m_folder, name);
            f.write(text);
            f.finish();
            sums.emplace_back(name, f.sha256());
        };
        whole("summary.json", summaryJson(report, m_content));
        whole("report.html", reportHtml(report, m_content));
        {
            StickFile f(m_folder, "stats.sqlite");
            std::ifstream in(m_scratch, std::ios::binary);
            std::vector<char> buf(1 << 20);
            while (in) {
                in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
                f.write(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
            }
            f.finish();
            sums.emplace_back("stats.sqlite", f.sha256());
        }
        // Read everything back from the stick: what is there must be what was written.
        for (const auto& [name, sum] : sums) {
            if (sha256Of(m_folder / name) != sum) {
                throw Failure{"the copy of " + name +
                              " on the USB stick does not match what was written; the stick "
                              "may be failing: try another one"};
            }
        }
        if (std::string e = syncFolder(m_folder); !e.empty()) {
            throw stickFailure(errno, "saving the folder");
        }
        std::string manifest;
        for (const auto& [name, sum] : sums) {
            manifest += sum + "  " + name + "\n";
        }
        StickFile m(m_folder, kManifest);
        m.write(manifest);
        m.finish();
        if (std::string e = syncFolder(m_folder); !e.empty()) {
            throw stickFailure(errno, "saving the folder");
        }
    }

  private:
    fs::path m_folder, m_scratch;
    const Content& m_content;
    StickFile m_sessions, m_events, m_daily;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Statement> m_insSession, m_insEvent, m_insDaily;
};

// Creates `dir` (and parents) on the stick, fsyncing each new parent.
void makeFolder(const fs::path& dir, bool mustBeNew) {
    std::error_code ec;
    if (mustBeNew && fs::exists(dir, ec)) {
        throw Failure{"an export named " + dir.filename().string() +
                          " is already on the USB stick; wait a second and export again",
                      ExportProblem::NameClash};
    }
    fs::create_directories(dir, ec);
    if (ec) {
        throw stickFailure(ec.value(), "creating the folder " + dir.string());
    }
    for (fs::path p = dir; p.has_parent_path() && p != p.parent_path(); p = p.parent_path()) {
        syncFolder(p.parent_path());
        if (p.filename() == "TRAMSO") {
            break;
        }
    }
}

} // namespace

ExportResult exportStats(const ExportOptions& opt) {
    ExportResult res;
    if (sodium_init() < 0) {
        res.error = "libsodium cannot start";
        return res;
    }
    std::error_code ec;
    if (!fs::is_directory(opt.to, ec)) {
        res.error = "the USB stick is not there any more (" + opt.to.string() +
                    "); plug it in again and try again";
        res.problem = ExportProblem::Removed;
        return res;
    }
    const fs::path folder = opt.to / "TRAMSO" / opt.kioskId / localStamp(opt.now);
    const fs::path scratch =
        opt.scratchDir / ("export-" + std::to_string(::getpid()) + ".sqlite.tmp");
    auto check = [&] {
        if (opt.cancel && opt.cancel->load()) {
            throw Cancelled{};
        }
    };
    bool created = false;
    try {
        Database src(opt.statsFile.string(), false, true);
        src.exec("BEGIN"); // one consistent snapshot while the kiosk keeps recording
        auto countOf = [&](const std::string& sql) {
            Statement st(src, sql);
            st.bind(1, opt.since);
            return st.step() ? st.integer(0) : 0;
        };
        const int sinceDay = opt.since > 0 ? localDay(opt.since) : 0;
        int64_t dailyCount = 0;
        {
            Statement st(src, "SELECT count(*) FROM daily WHERE day >= ?");
            st.bind(1, static_cast<int64_t>(sinceDay));
            dailyCount = st.step() ? st.integer(0) : 0;
        }
        const int64_t total =
            countOf("SELECT count(*) FROM sessions WHERE started_at >= ?") +
            countOf("SELECT count(*) FROM events e JOIN sessions s ON s.id = e.session_id "
                    "WHERE s.started_at >= ?") +
            dailyCount;
        makeFolder(folder, true);
        created = true;
        int64_t done = 0;
        auto tick = [&] {
            if (++done % 2000 == 0) {
                check();
                if (opt.progress) {
                    opt.progress(0.9 * static_cast<double>(done) /
                                 static_cast<double>(std::max<int64_t>(1, total)));
                }
            }
        };
        ExportWriter w(folder, scratch, *opt.content);
        w.report.title = opt.kioskId;
        w.report.kiosks[opt.kioskId]; // listed even with no visit in the period
        w.report.places[opt.kioskId] = opt.place;
        {
            Statement q(src, "SELECT id, kiosk_id, started_at, ended_at - started_at, mode, "
                             "group_size, language, text_size, contrast, outcome FROM sessions "
                             "WHERE started_at >= ? ORDER BY started_at");
            q.bind(1, opt.since);
            while (q.step()) {
                const SessionOut s = sessionAt(q);
                w.session(s);
                ++res.sessions;
                tick();
            }
        }
        {
            Statement q(src, "SELECT e.session_id, s.kiosk_id, e.day, e.type, e.tutorial_id, "
                             "e.step, e.portal_id, e.at_ms, e.duration_ms, e.result FROM events e "
                             "JOIN sessions s ON s.id = e.session_id WHERE s.started_at >= ? "
                             "ORDER BY e.id");
            q.bind(1, opt.since);
            while (q.step()) {
                const EventOut e = eventAt(q);
                w.event(e);
                ++res.events;
                tick();
            }
        }
        {
            Statement q(src, "SELECT ?2, day, type, tutorial_id, nullif(step, -1), portal_id, "
                             "result, count FROM daily WHERE day >= ?1 ORDER BY day");
            q.bind(1, static_cast<int64_t>(sinceDay)).bind(2, opt.kioskId);
            while (q.step()) {
                const DailyOut d = dailyAt(q);
                w.daily(d);
                ++res.dailyRows;
                tick();
            }
        }
        src.exec("COMMIT");
        if (w.report.fromDay == 0) {
            w.report.fromDay = w.report.toDay = localDay(opt.now);
        }
        check();
        if (opt.progress) {
            opt.progress(0.92);
        }
        w.finish({{"schema_version", std::to_string(kSummarySchemaVersion)},
                  {"kiosk_id", opt.kioskId},
                  {"province_code", opt.place.provinceCode},
                  {"province_name", opt.place.provinceName},
                  {"commune_code", opt.place.communeCode},
                  {"commune_name", opt.place.communeName},
                  {"exported_at", std::to_string(opt.now)},
                  {"since", std::to_string(opt.since)}});
        if (opt.progress) {
            opt.progress(1.0);
        }
        res.ok = true;
        res.folder = folder;
        return res;
    } catch (const Cancelled&) {
        res.cancelled = true;
        res.problem = ExportProblem::Cancelled;
        res.error = "the export was cancelled; nothing was left on the USB stick";
    } catch (const Failure& f) {
        res.error = f.message;
        res.problem = f.problem;
    } catch (const AtomicFileError& e) {
        res.error = stickError(e.err, e.doing);
        res.problem = problemOf(e.err);
    } catch (const Error& e) {
        res.error = std::string("cannot read the statistics: ") + e.what();
        res.problem = ExportProblem::Other;
    } catch (const std::exception& e) {
        res.error = e.what();
        res.problem = ExportProblem::Other;
    }
    fs::remove(scratch, ec);
    if (created) {
        fs::remove_all(folder, ec); // a broken export leaves no half folder (when it can)
    }
    return res;
}

std::string verifyExport(const fs::path& folder) {
    std::ifstream in(folder / kManifest);
    if (!in) {
        return "incomplete export: " + folder.string() +
               " has no MANIFEST.sha256 (the export did not finish); export again";
    }
    std::map<std::string, std::string> listed;
    std::string line;
    while (std::getline(in, line)) {
        if (line.size() > 66 && line[64] == ' ' && line[65] == ' ') {
            listed[line.substr(66)] = line.substr(0, 64);
        }
    }
    for (const char* f : kFiles) {
        auto it = listed.find(f);
        if (it == listed.end()) {
            return std::string("incomplete export: ") + f + " is not in the manifest";
        }
        if (sha256Of(folder / f) != it->second) {
            return std::string(f) + " does not match the manifest (changed or damaged)";
        }
    }
    return {};
}

std::vector<std::string> incompleteExports(const fs::path& stick) {
    std::vector<std::string> out;
    std::error_code ec;
    const fs::path root = stick / "TRAMSO";
    if (!fs::is_directory(root, ec)) {
        return out;
    }
    // only names are looked at: nothing on a stick is opened as content
    for (const auto& kiosk : fs::directory_iterator(root, ec)) {
        if (!kiosk.is_directory(ec)) {
            continue;
        }
        for (const auto& e : fs::directory_iterator(kiosk.path(), ec)) {
            if (e.is_directory(ec) && !fs::exists(e.path() / kManifest, ec)) {
                out.push_back(fs::relative(e.path(), stick, ec).string());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

MergeResult mergeExports(const std::vector<fs::path>& exports, const fs::path& to,
                         const Content& content) {
    MergeResult res;
    if (sodium_init() < 0) {
        res.error = "libsodium cannot start";
        return res;
    }
    for (const fs::path& e : exports) {
        if (std::string why = verifyExport(e); !why.empty()) {
            res.error = e.string() + ": " + why;
            return res;
        }
    }
    try {
        makeFolder(to, false);
        for (const char* f : kFiles) {
            if (fs::exists(to / f)) {
                throw Failure{"the folder " + to.string() +
                              " already holds a report; merge into a new folder"};
            }
        }
        const fs::path scratch = fs::temp_directory_path() /
                                 ("tramso-merge-" + std::to_string(::getpid()) + ".sqlite.tmp");
        ExportWriter w(to, scratch, content);
        std::unordered_set<std::string> seen;
        std::set<std::string> kiosks;
        // folded daily rows: the same kiosk exported twice holds the same rows; keep one
        std::map<std::string, DailyOut> daily;
        for (const fs::path& e : exports) {
            Database src((e / "stats.sqlite").string(), false, true);
            std::unordered_set<std::string> fresh;
            {
                Statement q(src,
                            "SELECT id, kiosk_id, started_hour, duration_s, mode, "
                            "group_size, language, text_size, contrast, outcome FROM sessions");
                while (q.step()) {
                    const SessionOut s = sessionAt(q);
                    if (!seen.insert(s.id).second) {
                        ++res.duplicates;
                        continue;
                    }
                    fresh.insert(s.id);
                    kiosks.insert(s.kioskId);
                    w.session(s);
                    ++res.sessions;
                }
            }
            {
                Statement q(src, "SELECT e.session_id, s.kiosk_id, e.day, e.type, e.tutorial_id, "
                                 "e.step, e.portal_id, e.at_ms, e.duration_ms, e.result FROM "
                                 "events e JOIN sessions s ON s.id = e.session_id");
                while (q.step()) {
                    const EventOut ev = eventAt(q);
                    if (!fresh.count(ev.sessionId)) {
                        continue;
                    }
                    w.event(ev);
                }
            }
            {
                Statement q(src, "SELECT kiosk_id, day, type, tutorial_id, step, portal_id, "
                                 "result, count FROM daily");
                while (q.step()) {
                    const DailyOut d = dailyAt(q);
                    kiosks.insert(d.kioskId);
                    const std::string key = d.kioskId + "|" + num(d.day) + "|" + d.type + "|" +
                                            d.tutorialId + "|" + num(d.step) + "|" + d.portalId +
                                            "|" + d.result;
                    auto [it, added] = daily.emplace(key, d);
                    if (!added) {
                        it->second.count = std::max(it->second.count, d.count);
                    }
                }
            }
        }
        for (const auto& [k, d] : daily) {
            w.daily(d);
        }
        res.kiosks = static_cast<int>(kiosks.size());
        w.report.title = std::to_string(res.kiosks) + " kiosks";
        std::string ids;
        for (const std::string& k : kiosks) {
            ids += (ids.empty() ? "" : ",") + k;
        }
        w.finish({{"schema_version", std::to_string(kSummarySchemaVersion)},
                  {"kiosk_id", ids},
                  {"merged_from", std::to_string(exports.size())}});
        res.ok = true;
    } catch (const Failure& f) {
        res.error = f.message;
    } catch (const AtomicFileError& e) {
        res.error = stickError(e.err, e.doing);
    } catch (const std::exception& e) {
        res.error = e.what();
    }
    return res;
}

} // namespace tramso::db
