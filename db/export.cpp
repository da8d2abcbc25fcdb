// Export and merge. Files are streamed (a 1,000,000-event export stays small in memory):
// rows go to the CSV files, the new database and the report's totals as they are read.
#include "export.hpp"

#include "kiosk/core/base/atomic_file.hpp"
#include "kiosk/core/content/report.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "plausible.hpp"
#include "sqlite.hpp"
#include "stats_store.hpp"

#include <sodium.h>
#include <xlsxwriter.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>
#include <unordered_set>
#include <variant>

namespace tramso::db {
namespace fs = std::filesystem;

ExportProblem problemOfErrno(int err) {
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return ExportProblem::Full;
    case EROFS:
        return ExportProblem::ReadOnly;
    case EACCES:
    case EPERM:
        return ExportProblem::NoPermission;
    case EIO:
    case ENODEV:
    case ENXIO:
    case ENOTCONN:
    case ECONNABORTED: // a FUSE driver (the stick's) died during the write // a FUSE driver (the
                       // stick's) died during the write
    case ENOENT:
    case ESTALE:
        return ExportProblem::Removed;
    default:
        return ExportProblem::Other;
    }
}

namespace {

// Every export has these; report.xlsx and quiz.csv (added later, so older exports lack them)
// are checked whenever the manifest lists them.
const char* const kFiles[] = {"sessions.csv", "events.csv",  "daily.csv",
                              "summary.json", "report.html", "stats.sqlite"};
constexpr const char* kWorkbook = "report.xlsx";
constexpr const char* kQuizCsv = "quiz.csv";
// The events sheet stops here (Excel's own limit is 1,048,576 rows; a workbook of a million
// events takes longer to zip than the whole rest of the export): past it, a note sheet says
// so, the summary sheet has the per-lesson totals and events.csv stays the full record.
constexpr lxw_row_t kWorkbookEvents = 100000;
constexpr const char* kManifest = "MANIFEST.sha256";
constexpr const char* kManifestSig = "MANIFEST.sha256.minisig";
constexpr const char* kBom = "\xEF\xBB\xBF";

struct Failure {
    std::string message;
    ExportProblem problem = ExportProblem::Other;
};
struct Cancelled {};

// What an errno means to a technician holding a USB stick.
std::string stickError(int err, const std::string& doing) {
    switch (problemOfErrno(err)) {
    case ExportProblem::Full:
        return "the USB stick is full (while " + doing +
               "); delete old files from it or use a bigger stick, then try again";
    case ExportProblem::ReadOnly:
        return "the USB stick is read-only (while " + doing +
               "); check its lock switch, then try again";
    case ExportProblem::NoPermission: // mounted for another user (by root, by hand)
        return "the kiosk may not write on the USB stick (while " + doing +
               "): it was mounted for another user; unplug it and plug it in again so the "
               "kiosk mounts it itself";
    case ExportProblem::Removed:
        return "the USB stick was removed or stopped answering (while " + doing +
               "); plug it in again and export again";
    default:
        return std::string("cannot write to the USB stick (while ") + doing +
               "): " + std::strerror(err);
    }
}

Failure stickFailure(int err, const std::string& doing) {
    return Failure{stickError(err, doing), problemOfErrno(err)};
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
    bool voice = false;         // narration on when the visit ended
    std::string contentVersion; // "" = the bundled content, or not recorded (before 0006)
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
// Quiz rows per day (issue 17): never tied to a visit, so they travel as daily totals.
struct QuizOut {
    std::string kioskId;
    int64_t day = 0;
    std::string type, quizId, result;
    int64_t question = -1, questions = -1, count = 0;
};

// The one row reader for export and merge: the kiosk's database and an export's
// database are read by queries that return the same columns in the same order, so each row
// is decoded here once. Sessions: id, kiosk_id, started (unix s; floored to the hour here,
// which leaves an export's already-floored hour as it is), duration_s, mode, group_size,
// language, text_size, contrast, outcome, voice, content_version (a database older than
// migrations 0005/0006 is read with 0 and '' in their place).
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
    s.voice = !q.isNull(10) && q.integer(10) != 0;
    s.contentVersion = q.text(11);
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

// Quiz totals: kiosk_id, day, type, quiz_id, question, questions, result, count.
QuizOut quizAt(const Statement& q) {
    QuizOut o;
    o.kioskId = q.text(0);
    o.day = q.integer(1);
    o.type = q.text(2);
    o.quizId = q.text(3);
    o.question = q.isNull(4) ? -1 : q.integer(4);
    o.questions = q.isNull(5) ? -1 : q.integer(5);
    o.result = q.text(6);
    o.count = q.integer(7);
    return o;
}

// Whether a database (the kiosk's, or an older export's) has a table or a column: exports
// read databases from before a migration added it.
bool hasTable(Database& db, const char* table) {
    Statement st(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    st.bind(1, std::string_view(table));
    return st.step() && st.integer(0) > 0;
}
bool hasColumn(Database& db, const char* table, const char* column) {
    Statement st(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, std::string_view(table)).bind(2, std::string_view(column));
    return st.step() && st.integer(0) > 0;
}
// The session columns after `outcome`, as this database can give them.
std::string sessionExtras(Database& db) {
    return std::string(hasColumn(db, "sessions", "voice") ? "coalesce(voice, 0)" : "0") + ", " +
           (hasColumn(db, "sessions", "content_version") ? "coalesce(content_version, '')" : "''");
}

constexpr const char* kExportSchema = R"(
    CREATE TABLE export (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sessions (id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
      started_hour INTEGER NOT NULL, duration_s INTEGER, mode TEXT, group_size INTEGER,
      language TEXT, text_size TEXT, contrast TEXT, outcome TEXT, voice INTEGER NOT NULL,
      content_version TEXT NOT NULL);
    CREATE TABLE events (session_id TEXT NOT NULL, day INTEGER NOT NULL, type TEXT NOT NULL,
      tutorial_id TEXT, step INTEGER, portal_id TEXT, at_ms INTEGER, duration_ms INTEGER,
      result TEXT);
    CREATE TABLE daily (kiosk_id TEXT NOT NULL, day INTEGER NOT NULL, type TEXT NOT NULL,
      tutorial_id TEXT, step INTEGER, portal_id TEXT, result TEXT, count INTEGER NOT NULL);
    CREATE TABLE quiz_events (kiosk_id TEXT NOT NULL, day INTEGER NOT NULL, type TEXT NOT NULL,
      quiz_id TEXT NOT NULL, question INTEGER, questions INTEGER, result TEXT,
      count INTEGER NOT NULL);
    CREATE TABLE kiosks (kiosk_id TEXT PRIMARY KEY, province_code TEXT NOT NULL,
      province_name TEXT NOT NULL, commune_code TEXT NOT NULL, commune_name TEXT NOT NULL,
      exported_at INTEGER NOT NULL);
)";

// report.xlsx for officials who work in Excel: the same rows as the CSVs (Vietnamese headers
// and lesson titles), streamed (constant_memory: one row in memory per sheet) to a local
// file that is then copied to the stick like stats.sqlite.
class Workbook {
  public:
    explicit Workbook(const fs::path& file) : m_file(file) {
        std::error_code ec;
        fs::remove(file, ec);
        m_tmpdir = file.parent_path().string();
        lxw_workbook_options o{};
        o.constant_memory = LXW_TRUE;
        o.tmpdir = m_tmpdir.data();
        m_wb = workbook_new_opt(file.c_str(), &o);
        if (!m_wb) {
            throw Failure{"cannot create " + file.string() + " (the local disk may be full)"};
        }
        m_bold = workbook_add_format(m_wb);
        format_set_bold(m_bold);
        m_summary = sheet("Tóm tắt", {});
        m_visits = sheet("Lượt dùng", {"Mã lượt", "Máy", "Giờ bắt đầu", "Thời lượng (giây)",
                                       "Cách dùng", "Số người", "Ngôn ngữ", "Cỡ chữ", "Tương phản",
                                       "Kết thúc", "Giọng đọc", "Phiên bản nội dung"});
        m_events = sheet("Sự kiện",
                         {"Mã lượt", "Máy", "Ngày", "Loại", "Mã bài học", "Tên bài học", "Bước",
                          "Mã cổng", "Tên cổng", "Thời điểm (ms)", "Thời lượng (ms)", "Kết quả"});
        m_daily = sheet("Theo ngày", {"Máy", "Ngày", "Loại", "Mã bài học", "Tên bài học", "Bước",
                                      "Mã cổng", "Tên cổng", "Kết quả", "Số lần"});
        m_quiz = sheet("Đố vui", {"Máy", "Ngày", "Loại", "Mã bộ câu hỏi", "Tên bộ câu hỏi",
                                  "Câu hỏi", "Số câu hỏi", "Kết quả", "Số lần"});
    }
    ~Workbook() {
        if (m_wb) {
            workbook_close(m_wb); // an export that failed: the file is removed by the caller
        }
        std::error_code ec;
        fs::remove(m_file, ec);
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    // One cell per value: text, or a number (an empty optional leaves the cell blank).
    using Cell = std::variant<std::monostate, std::string_view, int64_t>;
    void visit(std::initializer_list<Cell> cells) { row(m_visits, m_visitRow, cells); }
    void event(std::initializer_list<Cell> cells) {
        if (m_eventRow > kWorkbookEvents) {
            ++m_eventsLeftOut;
            return;
        }
        row(m_events, m_eventRow, cells);
    }
    void daily(std::initializer_list<Cell> cells) { row(m_daily, m_dailyRow, cells); }
    void quiz(std::initializer_list<Cell> cells) { row(m_quiz, m_quizRow, cells); }

    // The summary sheet (written last, shown first), a note when events were left out, close.
    void finish(const ReportData& r, const Content& content) {
        lxw_row_t at = 0;
        auto line = [&](const std::string& label, std::optional<int64_t> v, bool bold = false) {
            worksheet_write_string(m_summary, at, 0, label.c_str(), bold ? m_bold : nullptr);
            if (v) {
                worksheet_write_number(m_summary, at, 1, static_cast<double>(*v), nullptr);
            }
            ++at;
        };
        line("Báo cáo sử dụng Trạm Số – " + r.title, std::nullopt, true);
        line("Từ ngày " + std::to_string(r.fromDay) + " đến ngày " + std::to_string(r.toDay),
             std::nullopt);
        ++at;
        line("Lượt dùng", r.sessions);
        line("Bài học bắt đầu", r.started);
        line("Bài học hoàn thành", r.completed);
        line("Mã QR đã hiện", r.qr);
        line("Lần gọi tổ", r.help);
        line("Lượt dùng không có giờ kết thúc (mất điện, máy hỏng)", r.unfinished);
        line("Lượt dùng kết thúc khi máy được tắt", r.endedByShutdown);
        line("Lượt dùng có bật giọng đọc", r.voiceOn);
        int64_t right = 0, wrong = 0, runs = 0;
        for (const auto& [id, q] : r.quizzes) {
            right += q.right;
            wrong += q.wrong;
            runs += q.groupRuns;
        }
        line("Đố vui: câu trả lời đúng", right);
        line("Đố vui: câu trả lời sai", wrong);
        line("Đố vui: lần chơi cả nhóm", runs);
        ++at;
        worksheet_write_string(m_summary, at, 0, "Bài học", m_bold);
        worksheet_write_string(m_summary, at, 1, "Bắt đầu", m_bold);
        worksheet_write_string(m_summary, at, 2, "Hoàn thành", m_bold);
        worksheet_write_string(m_summary, at, 3, "Mã bài học", m_bold);
        ++at;
        for (const auto& [id, sc] : r.tutorials) {
            const Tutorial* t = content.tutorials.find(id);
            worksheet_write_string(m_summary, at, 0, t ? t->title.vi.c_str() : "", nullptr);
            worksheet_write_number(m_summary, at, 1, static_cast<double>(sc.first), nullptr);
            worksheet_write_number(m_summary, at, 2, static_cast<double>(sc.second), nullptr);
            worksheet_write_string(m_summary, at, 3, id.c_str(), nullptr);
            ++at;
        }
        worksheet_set_column(m_summary, 0, 0, 50, nullptr);
        if (m_eventsLeftOut > 0) {
            lxw_worksheet* note = workbook_add_worksheet(m_wb, "Ghi chú");
            const std::string text =
                "Trang \"Sự kiện\" chỉ có " + std::to_string(kWorkbookEvents) + " sự kiện đầu; " +
                std::to_string(m_eventsLeftOut) +
                " sự kiện sau đó không có ở đây. Tệp events.csv có đầy đủ; trang \"Tóm tắt\" "
                "có tổng số theo từng bài học.";
            worksheet_write_string(note, 0, 0, text.c_str(), nullptr);
        }
        const lxw_error e = workbook_close(m_wb);
        m_wb = nullptr;
        if (e != LXW_NO_ERROR) {
            throw Failure{std::string("cannot write ") + kWorkbook + ": " + lxw_strerror(e)};
        }
    }
    const fs::path& file() const { return m_file; }

  private:
    lxw_worksheet* sheet(const char* name, std::initializer_list<const char*> header) {
        lxw_worksheet* ws = workbook_add_worksheet(m_wb, name);
        lxw_col_t c = 0;
        for (const char* h : header) {
            worksheet_write_string(ws, 0, c++, h, m_bold);
        }
        return ws;
    }
    void row(lxw_worksheet* ws, lxw_row_t& r, std::initializer_list<Cell> cells) {
        lxw_col_t c = 0;
        for (const Cell& v : cells) {
            if (const auto* s = std::get_if<std::string_view>(&v)) {
                if (!s->empty()) {
                    m_buf.assign(*s);
                    worksheet_write_string(ws, r, c, m_buf.c_str(), nullptr);
                }
            } else if (const auto* n = std::get_if<int64_t>(&v)) {
                worksheet_write_number(ws, r, c, static_cast<double>(*n), nullptr);
            }
            ++c;
        }
        ++r;
    }

    fs::path m_file;
    std::string m_tmpdir, m_buf;
    lxw_workbook* m_wb = nullptr;
    lxw_format* m_bold = nullptr;
    lxw_worksheet *m_summary = nullptr, *m_visits = nullptr, *m_events = nullptr,
                  *m_daily = nullptr, *m_quiz = nullptr;
    lxw_row_t m_visitRow = 1, m_eventRow = 1, m_dailyRow = 1, m_quizRow = 1;
    int64_t m_eventsLeftOut = 0;
};

// Everything an export or a merge writes, row by row, then the closing files.
class ExportWriter {
  public:
    ExportWriter(const fs::path& folder, const fs::path& scratch, const Content& content)
        : m_folder(folder), m_scratch(scratch), m_content(content),
          m_sessions(folder, "sessions.csv"), m_events(folder, "events.csv"),
          m_daily(folder, "daily.csv"), m_quiz(folder, kQuizCsv),
          m_book(fs::path(scratch.string() + ".xlsx")) {
        std::error_code ec;
        fs::remove(scratch, ec);
        m_db = std::make_unique<Database>(scratch.string());
        m_db->exec("PRAGMA journal_mode = OFF");
        m_db->exec("PRAGMA synchronous = OFF");
        m_db->exec(kExportSchema);
        m_db->exec("BEGIN");
        m_insSession = std::make_unique<Statement>(
            *m_db, "INSERT OR IGNORE INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        m_insEvent =
            std::make_unique<Statement>(*m_db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)");
        m_insDaily =
            std::make_unique<Statement>(*m_db, "INSERT INTO daily VALUES (?,?,?,?,?,?,?,?)");
        m_insQuiz =
            std::make_unique<Statement>(*m_db, "INSERT INTO quiz_events VALUES (?,?,?,?,?,?,?,?)");
        // voice and content_version come last: readers of the older header (the province
        // loader) find every column they knew where it was
        m_sessions.write(std::string(kBom) +
                         "session_id,kiosk_id,started_hour,duration_s,mode,group_size,language,"
                         "text_size,contrast,outcome,voice,content_version\r\n");
        m_events.write(std::string(kBom) +
                       "session_id,kiosk_id,day,type,tutorial_id,tutorial_title,step,portal_id,"
                       "portal_title,at_ms,duration_ms,result\r\n");
        m_daily.write(std::string(kBom) + "kiosk_id,day,type,tutorial_id,tutorial_title,step,"
                                          "portal_id,portal_title,result,count\r\n");
        m_quiz.write(std::string(kBom) +
                     "kiosk_id,day,type,quiz_id,quiz_title,question,questions,result,count\r\n");
    }
    ~ExportWriter() {
        m_insSession.reset();
        m_insEvent.reset();
        m_insDaily.reset();
        m_insQuiz.reset();
        m_db.reset();
        std::error_code ec;
        fs::remove(m_scratch, ec);
    }

    // Signs the manifest with the kiosk's key (see ExportOptions::signingKey).
    void signWith(const ExportKey* key, const std::string& kioskId) {
        m_signer = key;
        m_signerKiosk = kioskId;
    }

    ReportData report;
    // When each kiosk's place (report.places) was exported: a merge keeps the newest.
    std::map<std::string, int64_t> placeExportedAt;

    void session(const SessionOut& s) {
        m_sessions.write(csv(s.id) + "," + csv(s.kioskId) + "," +
                         formatLocal(s.startedHour, "%Y-%m-%d %H:00") + "," +
                         (s.durationS ? num(*s.durationS) : "") + "," + csv(s.mode) + "," +
                         num(s.groupSize) + "," + csv(s.language) + "," + csv(s.textSize) + "," +
                         csv(s.contrast) + "," + csv(s.outcome) + "," + (s.voice ? "1" : "0") +
                         "," + csv(s.contentVersion) + "\r\n");
        const std::string hour = formatLocal(s.startedHour, "%Y-%m-%d %H:00");
        m_book.visit({s.id, s.kioskId, hour,
                      s.durationS ? Workbook::Cell{*s.durationS} : Workbook::Cell{}, s.mode,
                      s.groupSize, s.language, s.textSize, s.contrast, s.outcome,
                      int64_t{s.voice ? 1 : 0}, s.contentVersion});
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
        st.bind(11, int64_t{s.voice ? 1 : 0}).bind(12, s.contentVersion);
        st.step();
        report.addSession(s.kioskId, localDay(s.startedHour), s.mode, s.language, s.outcome,
                          s.durationS.has_value(), s.voice, s.contentVersion);
    }
    void event(const EventOut& e) {
        m_events.write(csv(e.sessionId) + "," + csv(e.kioskId) + "," + num(e.day) + "," +
                       csv(e.type) + "," + csv(e.tutorialId) + "," +
                       csv(tutorialTitle(e.tutorialId)) + "," + (e.step >= 0 ? num(e.step) : "") +
                       "," + csv(e.portalId) + "," + csv(portalTitle(e.portalId)) + "," +
                       num(e.atMs) + "," + (e.durationMs >= 0 ? num(e.durationMs) : "") + "," +
                       csv(e.result) + "\r\n");
        m_book.event(
            {e.sessionId, e.kioskId, e.day, e.type, e.tutorialId, tutorialTitle(e.tutorialId),
             e.step >= 0 ? Workbook::Cell{e.step} : Workbook::Cell{}, e.portalId,
             portalTitle(e.portalId), e.atMs,
             e.durationMs >= 0 ? Workbook::Cell{e.durationMs} : Workbook::Cell{}, e.result});
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
                      csv(d.tutorialId) + "," + csv(tutorialTitle(d.tutorialId)) + "," +
                      (d.step >= 0 ? num(d.step) : "") + "," + csv(d.portalId) + "," +
                      csv(portalTitle(d.portalId)) + "," + csv(d.result) + "," + num(d.count) +
                      "\r\n");
        m_book.daily({d.kioskId, d.day, d.type, d.tutorialId, tutorialTitle(d.tutorialId),
                      d.step >= 0 ? Workbook::Cell{d.step} : Workbook::Cell{}, d.portalId,
                      portalTitle(d.portalId), d.result, d.count});
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

    void quiz(const QuizOut& q) {
        m_quiz.write(csv(q.kioskId) + "," + num(q.day) + "," + csv(q.type) + "," + csv(q.quizId) +
                     "," + csv(quizTitle(q.quizId)) + "," +
                     (q.question >= 0 ? num(q.question) : "") + "," +
                     (q.questions >= 0 ? num(q.questions) : "") + "," + csv(q.result) + "," +
                     num(q.count) + "\r\n");
        m_book.quiz({q.kioskId, q.day, q.type, q.quizId, quizTitle(q.quizId),
                     q.question >= 0 ? Workbook::Cell{q.question} : Workbook::Cell{},
                     q.questions >= 0 ? Workbook::Cell{q.questions} : Workbook::Cell{}, q.result,
                     q.count});
        Statement& st = *m_insQuiz;
        st.reset();
        st.bind(1, q.kioskId).bind(2, q.day).bind(3, q.type).bind(4, q.quizId);
        st.bindOptional(5, q.question, -1).bindOptional(6, q.questions, -1);
        st.bindOptional(7, q.result).bind(8, q.count);
        st.step();
        report.addQuiz(q.type, q.quizId, q.result, q.questions, q.count);
    }

    // The closing files, the read-back check, then the manifest. Returns nothing: throws.
    void finish(const std::map<std::string, std::string>& meta) {
        m_sessions.finish();
        m_events.finish();
        m_daily.finish();
        m_quiz.finish();
        {
            Statement put(*m_db, "INSERT INTO export (key, value) VALUES (?, ?)");
            for (const auto& [k, v] : meta) {
                put.reset();
                put.bind(1, k).bind(2, v);
                put.step();
            }
            Statement place(*m_db, "INSERT INTO kiosks VALUES (?, ?, ?, ?, ?, ?)");
            for (const auto& [k, p] : report.places) {
                auto at = placeExportedAt.find(k);
                place.reset();
                place.bind(1, k).bind(2, p.provinceCode).bind(3, p.provinceName);
                place.bind(4, p.communeCode).bind(5, p.communeName);
                place.bind(6, at == placeExportedAt.end() ? int64_t{0} : at->second);
                place.step();
            }
        }
        m_db->exec("COMMIT");
        m_insSession.reset();
        m_insEvent.reset();
        m_insDaily.reset();
        m_insQuiz.reset();
        m_db.reset();
        std::vector<std::pair<std::string, std::string>> sums = {
            {m_sessions.name(), m_sessions.sha256()},
            {m_events.name(), m_events.sha256()},
            {m_daily.name(), m_daily.sha256()},
            {m_quiz.name(), m_quiz.sha256()}};
        auto whole = [&](const char* name, const std::string& text) {
            StickFile f(m_folder, name);
            f.write(text);
            f.finish();
            sums.emplace_back(name, f.sha256());
        };
        whole("summary.json", summaryJson(report, m_content));
        whole("report.html", reportHtml(report, m_content));
        m_book.finish(report, m_content);
        auto copy = [&](const fs::path& from, const char* name) {
            StickFile f(m_folder, name);
            std::ifstream in(from, std::ios::binary);
            if (!in) {
                throw Failure{"cannot read back the local copy " + from.string()};
            }
            std::vector<char> buf(1 << 20);
            while (in) {
                in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
                f.write(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
            }
            f.finish();
            sums.emplace_back(name, f.sha256());
        };
        copy(m_scratch, "stats.sqlite");
        copy(m_book.file(), kWorkbook);
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
        if (m_signer) { // before the manifest, which stays the last file of a finished export
            StickFile sig(m_folder, kManifestSig);
            sig.write(m_signer->sign(manifest, "tramso export of kiosk " + m_signerKiosk +
                                                   "; file: " + kManifest));
            sig.finish();
        }
        StickFile m(m_folder, kManifest);
        m.write(manifest);
        m.finish();
        if (std::string e = syncFolder(m_folder); !e.empty()) {
            throw stickFailure(errno, "saving the folder");
        }
    }

  private:
    // The Vietnamese title of a lesson, portal or quiz from the loaded content; "" for an
    // id the content does not know (an old lesson, or none). Cached: a million events name
    // a few dozen of them.
    template <class Find>
    static const std::string& title(std::unordered_map<std::string, std::string>& cache,
                                    const std::string& id, Find find) {
        auto [it, added] = cache.try_emplace(id);
        if (added && !id.empty()) {
            if (const auto* found = find(id)) {
                it->second = found->title.vi;
            }
        }
        return it->second;
    }
    const std::string& tutorialTitle(const std::string& id) {
        return title(m_tutorialTitles, id,
                     [&](const std::string& i) { return m_content.tutorials.find(i); });
    }
    const std::string& portalTitle(const std::string& id) {
        return title(m_portalTitles, id,
                     [&](const std::string& i) { return m_content.portals.find(i); });
    }
    const std::string& quizTitle(const std::string& id) {
        return title(m_quizTitles, id,
                     [&](const std::string& i) { return m_content.quizzes.find(i); });
    }

    std::unordered_map<std::string, std::string> m_tutorialTitles, m_portalTitles, m_quizTitles;
    const ExportKey* m_signer = nullptr;
    std::string m_signerKiosk;
    fs::path m_folder, m_scratch;
    const Content& m_content;
    StickFile m_sessions, m_events, m_daily, m_quiz;
    Workbook m_book;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Statement> m_insSession, m_insEvent, m_insDaily, m_insQuiz;
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
    // The stick is untrusted ground: the folder is made and written through descriptors
    // opened from the mount point without following a link or leaving its filesystem (a
    // TRAMSO that is a link to the kiosk's own data must not receive the export). `folder`
    // is what the technician is shown; `writeDir` names the open folder through /proc.
    const fs::path rel = fs::path("TRAMSO") / opt.kioskId / localStamp(opt.now);
    const fs::path folder = opt.to / rel;
    std::string stickWhy;
    Stick stick = Stick::open(opt.to, stickWhy);
    if (!stick.valid()) {
        res.error = "the USB stick is refused: " + stickWhy;
        res.problem = ExportProblem::Other;
        return res;
    }
    StickFd dirFd;
    fs::path writeDir;
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
        // quiz rows leave as daily totals, one per day, kind, quiz, question and result
        const bool quizzes = hasTable(src, "quiz_events");
        constexpr const char* kQuizGroups =
            "FROM quiz_events WHERE day >= ?1 GROUP BY day, type, quiz_id, question, questions, "
            "result";
        int64_t quizCount = 0;
        if (quizzes) {
            Statement st(src, std::string("SELECT count(*) FROM (SELECT 1 ") + kQuizGroups + ")");
            st.bind(1, static_cast<int64_t>(sinceDay));
            quizCount = st.step() ? st.integer(0) : 0;
        }
        const int64_t total =
            countOf("SELECT count(*) FROM sessions WHERE started_at >= ?") +
            countOf("SELECT count(*) FROM events e JOIN sessions s ON s.id = e.session_id "
                    "WHERE s.started_at >= ?") +
            dailyCount + quizCount;
        {
            std::string why;
            if (stick.openAt(rel, Stick::Mode::Dir, why)) {
                throw Failure{"an export named " + rel.filename().string() +
                                  " is already on the USB stick; wait a second and export again",
                              ExportProblem::NameClash};
            }
            errno = 0;
            dirFd = stick.openAt(rel, Stick::Mode::MakeDir, why);
            if (!dirFd) {
                const int err = errno;
                if (err != 0 && err != ELOOP && err != EXDEV && err != ENOTDIR && err != EINVAL) {
                    throw stickFailure(err, "creating the folder " + folder.string());
                }
                throw Failure{"the USB stick is refused (" + folder.string() + "): " + why,
                              ExportProblem::Other};
            }
        }
        writeDir = dirFd.procPath();
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
        ExportWriter w(writeDir, scratch, *opt.content);
        w.signWith(opt.signingKey, opt.kioskId);
        w.report.title = opt.kioskId;
        w.report.kiosks[opt.kioskId]; // listed even with no visit in the period
        w.report.places[opt.kioskId] = opt.place;
        w.placeExportedAt[opt.kioskId] = opt.now;
        {
            Statement q(src, "SELECT id, kiosk_id, started_at, ended_at - started_at, mode, "
                             "group_size, language, text_size, contrast, outcome, " +
                                 sessionExtras(src) +
                                 " FROM sessions WHERE started_at >= ? ORDER BY started_at");
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
        if (quizzes) {
            Statement q(src, std::string("SELECT ?2, day, type, quiz_id, question, questions, "
                                         "result, count(*) ") +
                                 kQuizGroups +
                                 " ORDER BY day, type, quiz_id, question, questions, "
                                 "result");
            q.bind(1, static_cast<int64_t>(sinceDay)).bind(2, opt.kioskId);
            while (q.step()) {
                w.quiz(quizAt(q));
                ++res.quizRows;
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
        res.problem = problemOfErrno(e.err);
    } catch (const Error& e) {
        res.error = std::string("cannot read the statistics: ") + e.what();
        res.problem = ExportProblem::Other;
    } catch (const std::exception& e) {
        res.error = e.what();
        res.problem = ExportProblem::Other;
    }
    fs::remove(scratch, ec);
    if (created) { // a broken export leaves no half folder (when it can), through the stick
        for (const auto& e : fs::directory_iterator(writeDir, ec)) {
            ::unlinkat(dirFd.get(), e.path().filename().c_str(), 0);
        }
        std::string why;
        if (StickFd parent = stick.openAt(rel.parent_path(), Stick::Mode::Dir, why)) {
            ::unlinkat(parent.get(), rel.filename().c_str(), AT_REMOVEDIR);
        }
    }
    return res;
}

std::string verifyExport(const fs::path& folder) {
    // the folder is untrusted ground: no link followed, no FIFO or device opened, sizes bound
    std::string why;
    // the caller names the folder: messages carry no place of their own
    const Stick dir = Stick::open(folder, why, "");
    if (!dir.valid()) {
        return why;
    }
    if (!dir.has(kManifest)) {
        return "incomplete export: " + folder.string() +
               " has no MANIFEST.sha256 (the export did not finish); export again";
    }
    const std::optional<std::string> text = dir.readFile(kManifest, kMaxManifestBytes, why);
    if (!text) {
        return why;
    }
    std::map<std::string, std::string> listed;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.size() > 66 && line[64] == ' ' && line[65] == ' ') {
            listed[line.substr(66)] = line.substr(0, 64);
        }
    }
    for (const char* f : kFiles) {
        if (!listed.count(f)) {
            return std::string("incomplete export: ") + f + " is not in the manifest";
        }
    }
    for (const auto& [f, sum] : listed) {
        if (f.find('/') != std::string::npos || f.rfind('.', 0) == 0) {
            return "the manifest names a file that is not an export file";
        }
        const std::string got = dir.sha256(f, kMaxExportFileBytes, why);
        if (got.empty()) {
            return why;
        }
        if (got != sum) {
            return f + " does not match the manifest (changed or damaged)";
        }
    }
    return {};
}

std::vector<std::string> incompleteExports(const fs::path& stick) {
    std::vector<std::string> out;
    std::string why;
    const Stick s = Stick::open(stick, why);
    // only names are looked at, never through a link: nothing on a stick is opened as content
    const StickFd root = s.valid() ? s.openAt("TRAMSO", Stick::Mode::Dir, why) : StickFd();
    if (!root) {
        return out;
    }
    for (const std::string& kiosk : s.list(root, why)) {
        const fs::path k = fs::path("TRAMSO") / kiosk;
        const StickFd kd = s.openAt(k, Stick::Mode::Dir, why);
        if (!kd) {
            continue;
        }
        for (const std::string& name : s.list(kd, why)) {
            // opened without blocking (a FIFO manifest is refused, not waited on); a name is
            // shown with its control characters escaped
            if (s.openAt(k / name, Stick::Mode::Dir, why) &&
                !s.openAt(k / name / kManifest, Stick::Mode::Read, why)) {
                out.push_back(printableName((k / name).string()));
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

// Where a kiosk stood according to one export, and when that export was made.
struct PlaceClaim {
    KioskPlace place;
    int64_t at = 0;
    fs::path from;
};

bool known(const KioskPlace& p) {
    return !(p.provinceCode.empty() && p.provinceName.empty() && p.communeCode.empty() &&
             p.communeName.empty());
}

bool samePlace(const KioskPlace& a, const KioskPlace& b) {
    return a.provinceCode == b.provinceCode && a.provinceName == b.provinceName &&
           a.communeCode == b.communeCode && a.communeName == b.communeName;
}

std::string placeText(const KioskPlace& p) {
    return "commune " + p.communeCode + " " + p.communeName + " (province " + p.provinceCode + " " +
           p.provinceName + ")";
}

// The kiosks an export speaks for and where they stand: its `kiosks` table (exports and
// merges since the table was added), else the export table's keys (an older single export;
// without province keys its place is unknown).
std::vector<std::pair<std::string, PlaceClaim>> placesOf(Database& src, const fs::path& from) {
    std::vector<std::pair<std::string, PlaceClaim>> out;
    if (hasTable(src, "kiosks")) {
        Statement q(src, "SELECT kiosk_id, province_code, province_name, commune_code, "
                         "commune_name, exported_at FROM kiosks");
        while (q.step()) {
            out.push_back(
                {q.text(0), {{q.text(1), q.text(2), q.text(3), q.text(4)}, q.integer(5), from}});
        }
        return out;
    }
    std::map<std::string, std::string> meta;
    Statement q(src, "SELECT key, value FROM export");
    while (q.step()) {
        meta[q.text(0)] = q.text(1);
    }
    const std::string& id = meta["kiosk_id"];
    if (id.empty() || id.find(',') != std::string::npos || meta.count("merged_from")) {
        return out; // an older merge: its kiosks are named by their rows, their place unknown
    }
    int64_t at = 0;
    try {
        at = std::stoll(meta["exported_at"]);
    } catch (const std::exception&) {
    }
    out.push_back({id,
                   {{meta["province_code"], meta["province_name"], meta["commune_code"],
                     meta["commune_name"]},
                    at,
                    from}});
    return out;
}

// Every row an export's stats.sqlite holds, at most: a merge reads no more (and so writes
// no more than this many rows of bounded length; db/province/README.md).
constexpr int64_t kMaxMergeRows = 50000000;
// SQLite virtual-machine steps for one export's database (a few dozen a row).
constexpr int64_t kMaxMergeSteps = 100 * kMaxMergeRows;

// The tables a merge reads and the columns it needs in each; `optional` tables may be
// missing (older exports).
struct ExpectedTable {
    const char* name;
    bool optional;
    std::vector<const char*> columns;
};
const ExpectedTable kExpectedTables[] = {
    {"sessions",
     false,
     {"id", "kiosk_id", "started_hour", "duration_s", "mode", "group_size", "language", "text_size",
      "contrast", "outcome"}},
    {"events",
     false,
     {"session_id", "day", "type", "tutorial_id", "step", "portal_id", "at_ms", "duration_ms",
      "result"}},
    {"daily",
     false,
     {"kiosk_id", "day", "type", "tutorial_id", "step", "portal_id", "result", "count"}},
    {"quiz_events",
     true,
     {"kiosk_id", "day", "type", "quiz_id", "question", "questions", "result", "count"}},
    {"kiosks",
     true,
     {"kiosk_id", "province_code", "province_name", "commune_code", "commune_name", "exported_at"}},
    {"export", true, {"key", "value"}},
};

// An export's stats.sqlite is checked before a row is read: plain tables with the expected
// columns, no view, trigger or virtual table (a `sessions` that is a recursive view would
// otherwise run for ever). "" or why not.
std::string checkSchema(Database& src) {
    std::set<std::string> tables;
    Statement q(src, "SELECT type, name, coalesce(sql, '') FROM sqlite_master");
    int64_t n = 0;
    while (q.step()) {
        if (++n > 1000) {
            return "stats.sqlite holds more than 1,000 schema objects, which no export has";
        }
        const std::string type = q.text(0), sql = q.text(2);
        if (type == "view" || type == "trigger") {
            return "stats.sqlite holds a " + type + ", which no export has (refused unread)";
        }
        if (type == "table") {
            if (sql.rfind("CREATE VIRTUAL", 0) == 0 || sql.rfind("create virtual", 0) == 0) {
                return "stats.sqlite holds a virtual table, which no export has (refused unread)";
            }
            tables.insert(q.text(1));
        }
    }
    if (!tables.count("kiosks") && !tables.count("export")) {
        return "stats.sqlite has neither a kiosks nor an export table";
    }
    for (const ExpectedTable& t : kExpectedTables) {
        if (!tables.count(t.name)) {
            if (t.optional) {
                continue;
            }
            return std::string("stats.sqlite has no table ") + t.name;
        }
        for (const char* c : t.columns) {
            if (!hasColumn(src, t.name, c)) {
                return std::string("stats.sqlite's ") + t.name + " table has no column " + c;
            }
        }
    }
    return {};
}

// Every row of an export's database checked for what a kiosk can write (plausible.hpp),
// before anything of it is merged: "" or "<table> row N: <column> <why>". `rows` grows by
// the rows read and must stay under kMaxMergeRows.
std::string checkExportDb(Database& src, int64_t now, int64_t& rows) {
    if (std::string why = checkSchema(src); !why.empty()) {
        return why;
    }
    int64_t row = 0;
    std::string why;
    auto fail = [&](const char* table, const char* column, const std::string& w) {
        why = std::string("stats.sqlite ") + table + " row " + std::to_string(row) + ", " + column +
              ": " + w;
        return false;
    };
    auto more = [&]() {
        ++row;
        if (++rows > kMaxMergeRows) {
            why = "the exports hold more than " + std::to_string(kMaxMergeRows) +
                  " rows, more than a merge reads";
            return false;
        }
        return true;
    };
    auto token = [](const std::string& v) { return checkText(v, plausible::kMaxTokenChars, true); };
    auto id = [](const std::string& v) { return checkText(v, plausible::kMaxIdChars, true); };
    auto range = [](const Statement& q, int col, int64_t lo, int64_t hi, bool nullOk) {
        if (q.isNull(col)) {
            return nullOk ? std::string() : std::string("is empty");
        }
        const int64_t v = q.integer(col);
        return v < lo || v > hi ? "is " + std::to_string(v) + ", outside " + std::to_string(lo) +
                                      ".." + std::to_string(hi)
                                : std::string();
    };
    // the first of several reasons, "" when every check passed
    auto firstOf = [](std::initializer_list<std::string> whys) {
        for (const std::string& w : whys) {
            if (!w.empty()) {
                return w;
            }
        }
        return std::string();
    };
    // Every row of `sql` through `check` (the column and why it is wrong, or ""): false, with
    // `why`, at the first bad row or when the rows are too many.
    using Bad = std::pair<const char*, std::string>;
    auto eachRow = [&](const char* table, const char* sql, const auto& check) {
        row = 0;
        Statement q(src, sql);
        while (q.step()) {
            if (!more()) {
                return false;
            }
            if (const Bad bad = check(q); !bad.second.empty()) {
                return fail(table, bad.first, bad.second);
            }
        }
        return true;
    };
    try {
        const bool good =
            eachRow("sessions",
                    "SELECT id, kiosk_id, started_hour, duration_s, mode, group_size, language, "
                    "text_size, contrast, outcome FROM sessions",
                    [&](const Statement& q) -> Bad {
                        std::string w;
                        if (!(w = checkSessionId(q.text(0))).empty()) {
                            return {"id", w};
                        }
                        if (!(w = checkKioskId(q.text(1))).empty()) {
                            return {"kiosk_id", w};
                        }
                        if (!(w = checkStartedUnix(q.integer(2), now)).empty()) {
                            return {"started_hour", w};
                        }
                        if (!(w = range(q, 3, 0, plausible::kMaxDurationS, true)).empty()) {
                            return {"duration_s", w};
                        }
                        if (!(w = range(q, 5, 1, plausible::kMaxGroupSize, false)).empty()) {
                            return {"group_size", w};
                        }
                        return {"mode, language, text_size, contrast or outcome",
                                firstOf({token(q.text(4)), token(q.text(6)), token(q.text(7)),
                                         token(q.text(8)), token(q.text(9))})};
                    }) &&
            eachRow("events",
                    "SELECT session_id, day, type, tutorial_id, step, portal_id, at_ms, "
                    "duration_ms, result FROM events",
                    [&](const Statement& q) -> Bad {
                        return {"a field",
                                firstOf({checkSessionId(q.text(0)), checkDay(q.integer(1), now),
                                         token(q.text(2)), id(q.text(3)),
                                         range(q, 4, -1, plausible::kMaxStep, true), id(q.text(5)),
                                         range(q, 6, 0, plausible::kMaxAtMs, true),
                                         range(q, 7, -1, plausible::kMaxAtMs, true),
                                         token(q.text(8))})};
                    }) &&
            eachRow("daily",
                    "SELECT kiosk_id, day, type, tutorial_id, step, portal_id, result, count "
                    "FROM daily",
                    [&](const Statement& q) -> Bad {
                        return {"a field",
                                firstOf({checkKioskId(q.text(0)), checkDay(q.integer(1), now),
                                         token(q.text(2)), id(q.text(3)),
                                         range(q, 4, -1, plausible::kMaxStep, true), id(q.text(5)),
                                         token(q.text(6)),
                                         range(q, 7, 0, plausible::kMaxDailyCount, false)})};
                    }) &&
            (!hasTable(src, "quiz_events") ||
             eachRow("quiz_events",
                     "SELECT kiosk_id, day, type, quiz_id, question, questions, result, count "
                     "FROM quiz_events",
                     [&](const Statement& q) -> Bad {
                         return {"a field",
                                 firstOf({checkKioskId(q.text(0)), checkDay(q.integer(1), now),
                                          token(q.text(2)), id(q.text(3)),
                                          range(q, 4, -1, plausible::kMaxQuizQuestions, true),
                                          range(q, 5, -1, plausible::kMaxQuizQuestions, true),
                                          token(q.text(6)),
                                          range(q, 7, 0, plausible::kMaxQuizCount, false)})};
                     })) &&
            (!hasTable(src, "kiosks") ||
             eachRow("kiosks",
                     "SELECT kiosk_id, province_code, province_name, commune_code, commune_name "
                     "FROM kiosks",
                     [&](const Statement& q) -> Bad {
                         return {
                             "a field",
                             firstOf({checkKioskId(q.text(0)),
                                      checkPlace({q.text(1), q.text(2), q.text(3), q.text(4)})})};
                     })) &&
            (!hasTable(src, "export") ||
             eachRow("export", "SELECT key, value FROM export", [&](const Statement& q) -> Bad {
                 return {"a field", firstOf({id(q.text(0)), checkText(q.text(1), 100000, false)})};
             }));
        if (!good) {
            return why;
        }
    } catch (const Error& e) {
        return std::string("stats.sqlite cannot be read as an export's database (") + e.what() +
               ")";
    }
    return {};
}

// The temporary files of a merge running in this process: kept where a signal handler can
// reach them (fixed buffers, unlink only), removed on every way out, SIGINT and SIGTERM
// included. A merge ended by SIGKILL leaves them; the next merge into that folder removes
// those whose process is gone.
constexpr int kMaxTemps = 16;
char g_temps[kMaxTemps][1024];
std::atomic<int> g_tempCount{0};

void onMergeSignal(int sig) {
    const int n = g_tempCount.load();
    for (int i = 0; i < n; ++i) {
        ::unlink(g_temps[i]);
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

class MergeTemps {
  public:
    explicit MergeTemps(const std::vector<fs::path>& files) {
        int n = 0;
        for (const fs::path& f : files) {
            if (n < kMaxTemps && f.string().size() < sizeof g_temps[0]) {
                std::strncpy(g_temps[n], f.c_str(), sizeof g_temps[0] - 1);
                g_temps[n][sizeof g_temps[0] - 1] = '\0';
                ++n;
            }
        }
        g_tempCount = n;
        struct sigaction sa {};
        sa.sa_handler = onMergeSignal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGINT, &sa, &m_int);
        ::sigaction(SIGTERM, &sa, &m_term);
        ::sigaction(SIGHUP, &sa, &m_hup);
    }
    ~MergeTemps() {
        ::sigaction(SIGINT, &m_int, nullptr);
        ::sigaction(SIGTERM, &m_term, nullptr);
        ::sigaction(SIGHUP, &m_hup, nullptr);
        const int n = g_tempCount.exchange(0);
        for (int i = 0; i < n; ++i) {
            ::unlink(g_temps[i]);
        }
    }
    MergeTemps(const MergeTemps&) = delete;
    MergeTemps& operator=(const MergeTemps&) = delete;

  private:
    struct sigaction m_int {
    }, m_term{}, m_hup{};
};

constexpr const char* kMergeTempPrefix = ".tramso-merge-";

// Leftovers in `to` of merges whose process is gone (ended by SIGKILL or a power cut).
void removeLeftovers(const fs::path& to, const std::vector<std::string>& outputs) {
    std::error_code ec;
    bool any = false;
    for (const auto& e : fs::directory_iterator(to, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind(kMergeTempPrefix, 0) != 0) {
            continue;
        }
        const long pid = std::strtol(n.c_str() + std::strlen(kMergeTempPrefix), nullptr, 10);
        if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)) {
            return; // a merge still runs here: leave everything alone
        }
        std::error_code rm;
        fs::remove(e.path(), rm);
        any = true;
    }
    if (any) { // its half-written outputs too
        for (const std::string& f : outputs) {
            std::error_code rm;
            fs::remove(to / ("." + f + ".part"), rm);
        }
    }
}

} // namespace

MergeResult mergeExports(const std::vector<fs::path>& exports, const fs::path& to,
                         const Content& content) {
    MergeResult res;
    if (sodium_init() < 0) {
        res.error = "libsodium cannot start";
        return res;
    }
    const int64_t now = std::time(nullptr);
    // Each export checked before anything is written: its manifest (read as untrusted
    // ground), then its stats.sqlite opened as untrusted (read-only, immutable, defensive,
    // no views or triggers, limits) and every row checked. A bad export is skipped by name.
    struct Source {
        fs::path folder;
        StickFd fd; // stats.sqlite, opened as untrusted ground; SQLite reads it through /proc
        std::string uri;
    };
    std::vector<Source> good;
    auto openDb = [](const Source& src) {
        return std::make_unique<Database>(src.uri, Database::Untrusted{kMaxMergeSteps});
    };
    int64_t rows = 0;
    for (const fs::path& e : exports) {
        std::string why = verifyExport(e);
        Source src;
        src.folder = e;
        if (why.empty()) {
            const Stick d = Stick::open(e, why, "");
            if (d.valid()) {
                src.fd = d.openFile("stats.sqlite", kMaxExportFileBytes, why);
            }
        }
        if (src.fd) {
            src.uri = "file:/proc/self/fd/" + std::to_string(src.fd.get()) + "?mode=ro&immutable=1";
            try {
                auto db = openDb(src);
                why = checkExportDb(*db, now, rows);
            } catch (const Error& ex) {
                why = std::string("stats.sqlite cannot be opened (") + ex.what() + ")";
            }
        }
        if (!why.empty()) {
            res.skipped.push_back(e.string() + ": " + why);
            continue;
        }
        good.push_back(std::move(src));
    }
    if (good.empty()) {
        res.error = "no export could be merged (each is named above)";
        return res;
    }
    try {
        makeFolder(to, false);
        std::vector<std::string> outputs(std::begin(kFiles), std::end(kFiles));
        outputs.insert(outputs.end(), {kQuizCsv, kWorkbook, kManifest});
        removeLeftovers(to, outputs);
        for (const std::string& f : outputs) {
            if (fs::exists(to / f)) {
                throw Failure{"the folder " + to.string() +
                              " already holds a report; merge into a new folder"};
            }
        }
        // temporary files in the output folder, removed on every way out (signals too)
        const fs::path scratch =
            to / (kMergeTempPrefix + std::to_string(::getpid()) + ".sqlite.tmp");
        std::vector<fs::path> temps = {scratch, fs::path(scratch.string() + ".xlsx")};
        for (const std::string& f : outputs) {
            temps.push_back(to / ("." + f + ".part"));
        }
        MergeTemps cleanup(temps);
        ExportWriter w(to, scratch, content);
        std::unordered_set<std::string> seen;
        std::set<std::string> kiosks;
        // folded daily rows: the same kiosk exported twice holds the same rows; keep one
        std::map<std::string, DailyOut> daily;
        // quiz totals likewise: per kiosk, day, quiz, question and result, the largest count
        // seen (a later export of a day holds the earlier one's answers and any after them);
        // different kiosks have different keys, so their counts add up in the report
        std::map<std::string, QuizOut> quiz;
        std::map<std::string, PlaceClaim> places;
        for (const Source& source : good) {
            const fs::path& e = source.folder;
            const std::unique_ptr<Database> db = openDb(source);
            Database& src = *db;
            std::unordered_set<std::string> fresh;
            {
                Statement q(src, "SELECT id, kiosk_id, started_hour, duration_s, mode, "
                                 "group_size, language, text_size, contrast, outcome, " +
                                     sessionExtras(src) + " FROM sessions");
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
            if (hasTable(src, "quiz_events")) { // exports from before issue 17 have none
                Statement q(src, "SELECT kiosk_id, day, type, quiz_id, question, questions, "
                                 "result, count FROM quiz_events");
                while (q.step()) {
                    const QuizOut o = quizAt(q);
                    kiosks.insert(o.kioskId);
                    const std::string key = o.kioskId + "|" + num(o.day) + "|" + o.type + "|" +
                                            o.quizId + "|" + num(o.question) + "|" +
                                            num(o.questions) + "|" + o.result;
                    auto [it, added] = quiz.emplace(key, o);
                    if (!added) {
                        it->second.count = std::max(it->second.count, o.count);
                    }
                }
            }
            // The newest export says where a kiosk stands (a kiosk can be moved or its
            // config corrected); two exports that disagree are named in a warning. An export
            // that does not say (older, or the keys unset) changes nothing.
            for (auto& [id, claim] : placesOf(src, e)) {
                kiosks.insert(id);
                if (!known(claim.place)) {
                    continue;
                }
                auto [it, added] = places.emplace(id, claim);
                if (added) {
                    continue;
                }
                PlaceClaim& had = it->second;
                const bool newer = claim.at >= had.at;
                if (!samePlace(had.place, claim.place)) {
                    const PlaceClaim& kept = newer ? claim : had;
                    const PlaceClaim& dropped = newer ? had : claim;
                    res.warnings.push_back("kiosk " + id + ": " + dropped.from.string() + " says " +
                                           placeText(dropped.place) + ", but " +
                                           kept.from.string() + " says " + placeText(kept.place) +
                                           "; the newer export's (" + kept.from.string() +
                                           ") is kept");
                }
                if (newer) {
                    had = claim;
                }
            }
        }
        for (const auto& [k, d] : daily) {
            w.daily(d);
        }
        for (const auto& [k, o] : quiz) {
            w.quiz(o);
            ++res.quizRows;
        }
        for (const std::string& k : kiosks) {
            w.report.kiosks[k]; // listed even with no visit in the exports
        }
        for (const auto& [k, claim] : places) {
            w.report.places[k] = claim.place;
            w.placeExportedAt[k] = claim.at;
        }
        res.kiosks = static_cast<int>(kiosks.size());
        w.report.title = std::to_string(res.kiosks) + " kiosks";
        std::string ids;
        for (const std::string& k : kiosks) {
            ids += (ids.empty() ? "" : ",") + k;
        }
        w.finish({{"schema_version", std::to_string(kSummarySchemaVersion)},
                  {"kiosk_id", ids},
                  {"merged_from", std::to_string(good.size())}});
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
