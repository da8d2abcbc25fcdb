// Exports carry what issues 15–18 added to the statistics: whether a visit had the voice on
// and the content version it used (sessions.csv's last two columns), the quiz totals
// (quiz.csv, stats.sqlite, summary.json, report.html, report.xlsx), and a merge keeps them,
// counts an export seen twice once and keeps each kiosk's place (the newest export's).
#include "db/export.hpp"
#include "db/stats_store.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

std::string firstLine(const fs::path& f) {
    const std::string t = test::readText(f);
    return t.substr(0, t.find("\r\n"));
}

const std::string kQuiz = "dich-vu-cong";  // a bundled quiz
const std::string kGone = "bo-cau-hoi-cu"; // a quiz the content no longer has

std::string sessionId(int n) {
    char id[33];
    std::snprintf(id, sizeof id, "%032x", n);
    return id;
}

// One visit of the day `day` (local), ended, with its voice setting and content version.
std::vector<db::Row> visit(int n, const std::string& kiosk, int day, bool voice,
                           const std::string& version) {
    const std::string id = sessionId(n);
    const int64_t start = db::localMidnight(day) + 10 * 3600 + 7 * 60;
    db::SessionEndRow end{id, start + 300, "left", "self", "vi", "A", "normal", 1};
    end.voice = voice;
    return {db::SessionStartRow{id, kiosk, start, version},
            db::EventRow{id, day, 10, "session_started", "", "", "", -1, 0, -1},
            db::EventRow{id, day, 10, "session_ended", "", "", "left", -1, 300000, -1}, end};
}

db::QuizRow answer(int day, const std::string& quiz, int question, const std::string& result) {
    return db::QuizRow{day, 14, "quiz_answered", quiz, result, question, -1};
}

db::QuizRow groupRun(int day, const std::string& quiz, int questions) {
    return db::QuizRow{day, 19, "group_quiz_run", quiz, "", -1, questions};
}

void add(std::vector<db::Row>& to, const std::vector<db::Row>& rows) {
    to.insert(to.end(), rows.begin(), rows.end());
}

db::ExportOptions options(const fs::path& stats, const fs::path& stick, const std::string& id,
                          const fs::path& scratch) {
    db::ExportOptions o;
    o.statsFile = stats;
    o.to = stick;
    o.scratchDir = scratch;
    o.kioskId = id;
    o.now = std::time(nullptr);
    o.content = &test::bundledContent();
    return o;
}

int today() {
    return db::localDay(std::time(nullptr));
}

// quiz.csv as key (day|type|quiz|question|questions|result) → count, for one kiosk.
std::map<std::string, int64_t> quizCounts(const fs::path& csv, const std::string& kiosk) {
    std::map<std::string, int64_t> out;
    const auto rows = test::parseCsv(test::readText(csv));
    for (size_t i = 1; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].size(), 9u);
        if (rows[i][0] == kiosk) {
            out[rows[i][1] + "|" + rows[i][2] + "|" + rows[i][3] + "|" + rows[i][5] + "|" +
                rows[i][6] + "|" + rows[i][7]] += std::stoll(rows[i][8]);
        }
    }
    return out;
}

int64_t sumCounts(const std::map<std::string, int64_t>& m) {
    int64_t n = 0;
    for (const auto& [k, v] : m) {
        n += v;
    }
    return n;
}

} // namespace

TEST(ExportVoiceQuiz, SessionsCarryVoiceAndContentVersionAndQuizTotalsTravel) {
    test::TempDir dir("export-voice-quiz");
    const fs::path stats = dir / "stats.sqlite";
    const int d = today(), y = db::addDays(today(), -1);
    {
        auto opened = db::StatsStore::open(stats);
        ASSERT_TRUE(opened.store) << opened.message;
        std::vector<db::Row> rows;
        add(rows, visit(1, "xa-giong", d, true, "2026.12.1"));
        add(rows, visit(2, "xa-giong", d, false, ""));
        add(rows, visit(3, "xa-giong", y, true, "2026.12.1"));
        for (int i = 0; i < 3; ++i) {
            rows.push_back(answer(d, kQuiz, 0, "right"));
        }
        rows.push_back(answer(d, kQuiz, 0, "wrong"));
        rows.push_back(answer(d, kQuiz, 1, "right"));
        rows.push_back(answer(y, kQuiz, 1, "wrong"));
        rows.push_back(answer(d, kGone, 0, "right"));
        rows.push_back(groupRun(d, kQuiz, 10));
        rows.push_back(groupRun(d, kQuiz, 10));
        rows.push_back(groupRun(y, kQuiz, 5));
        opened.store->write(rows);
    }
    const fs::path stick = dir / "stick";
    fs::create_directories(stick);
    db::ExportResult r = db::exportStats(options(stats, stick, "xa-giong", dir.path()));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(db::verifyExport(r.folder), "");

    // sessions.csv: the two columns at the end, the old ones where they were
    EXPECT_EQ(firstLine(r.folder / "sessions.csv"),
              "\xEF\xBB\xBFsession_id,kiosk_id,started_hour,duration_s,mode,group_size,language,"
              "text_size,contrast,outcome,voice,content_version");
    std::map<std::string, std::pair<std::string, std::string>> seen;
    for (const auto& row : test::parseCsv(test::readText(r.folder / "sessions.csv"))) {
        ASSERT_EQ(row.size(), 12u);
        seen[row[0]] = {row[10], row[11]};
    }
    EXPECT_EQ(seen[sessionId(1)], std::make_pair(std::string("1"), std::string("2026.12.1")));
    EXPECT_EQ(seen[sessionId(2)], std::make_pair(std::string("0"), std::string()));
    EXPECT_EQ(seen[sessionId(3)], std::make_pair(std::string("1"), std::string("2026.12.1")));
    db::Database out((r.folder / "stats.sqlite").string(), false, true);
    EXPECT_EQ(test::scalar(out, "SELECT voice FROM sessions WHERE id = '" + sessionId(1) +
                                    "' AND content_version = '2026.12.1'"),
              1);
    EXPECT_EQ(test::scalar(out, "SELECT count(*) FROM sessions WHERE voice = 0 AND "
                                "content_version = ''"),
              1);

    // quiz.csv: daily totals whose counts add up to the kiosk's quiz rows, titled from content
    EXPECT_EQ(firstLine(r.folder / "quiz.csv"),
              "\xEF\xBB\xBFkiosk_id,day,type,quiz_id,quiz_title,question,questions,result,count");
    const auto quiz = test::parseCsv(test::readText(r.folder / "quiz.csv"));
    db::Database src(stats.string(), false, true);
    EXPECT_EQ(sumCounts(quizCounts(r.folder / "quiz.csv", "xa-giong")),
              test::scalar(src, "SELECT count(*) FROM quiz_events"));
    EXPECT_EQ(static_cast<int64_t>(quiz.size() - 1), r.quizRows);
    const Quiz* q = test::bundledContent().quizzes.find(kQuiz);
    ASSERT_NE(q, nullptr);
    const auto counts = quizCounts(r.folder / "quiz.csv", "xa-giong");
    const std::string ds = std::to_string(d), ys = std::to_string(y);
    EXPECT_EQ(counts.at(ds + "|quiz_answered|" + kQuiz + "|0||right"), 3);
    EXPECT_EQ(counts.at(ds + "|quiz_answered|" + kQuiz + "|0||wrong"), 1);
    EXPECT_EQ(counts.at(ys + "|quiz_answered|" + kQuiz + "|1||wrong"), 1);
    EXPECT_EQ(counts.at(ds + "|group_quiz_run|" + kQuiz + "||10|"), 2);
    EXPECT_EQ(counts.at(ys + "|group_quiz_run|" + kQuiz + "||5|"), 1);
    for (size_t i = 1; i < quiz.size(); ++i) {
        EXPECT_EQ(quiz[i][4], quiz[i][3] == kQuiz ? q->title.vi : "") << quiz[i][3];
    }
    EXPECT_EQ(test::scalar(out, "SELECT sum(count) FROM quiz_events"),
              test::scalar(src, "SELECT count(*) FROM quiz_events"));
    // listed in the manifest and checked like the other files
    EXPECT_NE(test::readText(r.folder / "MANIFEST.sha256").find("  quiz.csv\n"), std::string::npos);

    auto j = nlohmann::json::parse(test::readText(r.folder / "summary.json"));
    EXPECT_EQ(j["schema_version"], 1) << "fields are added, the format stays";
    EXPECT_EQ(j["per_voice"]["on"], 2);
    EXPECT_EQ(j["per_voice"]["off"], 1);
    EXPECT_EQ(j["per_content_version"]["2026.12.1"], 2);
    EXPECT_EQ(j["per_content_version"]["bundled"], 1);
    EXPECT_EQ(j["per_quiz"][kQuiz]["title"], q->title.vi);
    EXPECT_EQ(j["per_quiz"][kQuiz]["answers_right"], 4);
    EXPECT_EQ(j["per_quiz"][kQuiz]["answers_wrong"], 2);
    EXPECT_EQ(j["per_quiz"][kQuiz]["group_runs"], 3);
    EXPECT_EQ(j["per_quiz"][kQuiz]["group_questions"], 25);
    EXPECT_EQ(j["per_quiz"][kGone]["answers_right"], 1);
    EXPECT_EQ(j["totals"]["quiz_answers_right"], 5);
    EXPECT_EQ(j["totals"]["quiz_answers_wrong"], 2);
    EXPECT_EQ(j["totals"]["group_quiz_runs"], 3);

    const std::string html = test::readText(r.folder / "report.html");
    EXPECT_NE(html.find("Lượt dùng có bật giọng đọc: 2 trên 3."), std::string::npos);
    EXPECT_NE(html.find("Visits with voice on: 2 of 3."), std::string::npos);
    EXPECT_NE(html.find("bản 2026.12.1 – 2 lượt"), std::string::npos);
    EXPECT_NE(html.find("nội dung đi kèm máy – 1 lượt"), std::string::npos);
    EXPECT_NE(html.find("version 2026.12.1 – 2 visits"), std::string::npos);
    EXPECT_NE(html.find("Trả lời đúng"), std::string::npos);
    EXPECT_NE(html.find("Answers wrong"), std::string::npos);
    // the quiz's row: its title, 4 right, 2 wrong, 67 % right, 3 group runs
    EXPECT_NE(html.find(q->title.vi + "</span><span class=\"en\">" + q->title.en +
                        "</span></td><td>4</td><td>2</td><td>67 %</td><td>3</td>"),
              std::string::npos);

    // report.xlsx: a quiz sheet with the quiz.csv rows, visits with the two new columns
    const fs::path txt = dir / "xlsx.txt";
    std::ofstream(dir / "read.py") << "import openpyxl,sys\n"
                                      "wb=openpyxl.load_workbook(sys.argv[1],read_only=True)\n"
                                      "o=open(sys.argv[2],'w',encoding='utf-8')\n"
                                      "o.write('|'.join(wb.sheetnames)+'\\n')\n"
                                      "v=list(wb['Lượt dùng'].iter_rows(values_only=True))\n"
                                      "o.write('|'.join(str(c) for c in v[0])+'\\n')\n"
                                      "q=list(wb['Đố vui'].iter_rows(values_only=True))\n"
                                      "o.write('%d %d\\n'%(len(q),sum(r[8] for r in q[1:])))\n";
    ASSERT_EQ(std::system(("/usr/bin/python3 '" + (dir / "read.py").string() + "' '" +
                           (r.folder / "report.xlsx").string() + "' '" + txt.string() + "'")
                              .c_str()),
              0);
    std::istringstream got(test::readText(txt));
    std::string line;
    std::getline(got, line);
    EXPECT_EQ(line, "Tóm tắt|Lượt dùng|Sự kiện|Theo ngày|Đố vui");
    std::getline(got, line);
    EXPECT_NE(line.find("|Kết thúc|Giọng đọc|Phiên bản nội dung"), std::string::npos) << line;
    std::getline(got, line);
    EXPECT_EQ(line, std::to_string(quiz.size()) + " " +
                        std::to_string(test::scalar(src, "SELECT count(*) FROM quiz_events")));

    // a changed quiz.csv is caught like any other file
    std::ofstream(r.folder / "quiz.csv", std::ios::app) << "x";
    EXPECT_NE(db::verifyExport(r.folder).find("quiz.csv does not match"), std::string::npos);
}

// A kiosk database from before migrations 0005–0007 (no voice, no content version, no quiz
// table) still exports: voice 0, an empty version, a quiz.csv with its header only.
TEST(ExportVoiceQuiz, ADatabaseFromBeforeVoiceVersionsAndQuizzesStillExports) {
    test::TempDir dir("export-old-schema");
    const fs::path stats = dir / "stats.sqlite";
    const int d = today();
    {
        db::Database db(stats.string());
        for (const char* m : {"0001_sessions_events.sql", "0002_daily_summary.sql",
                              "0003_dashboard_indexes.sql", "0004_shutdown_interrupted.sql"}) {
            db.exec(test::readText(fs::path(TRAMSO_SOURCE_DIR) / "db/migrations" / m));
        }
        db.setUserVersion(4);
        const std::string id = sessionId(7);
        const int64_t start = db::localMidnight(d) + 9 * 3600;
        db.exec("INSERT INTO sessions (id, kiosk_id, started_at, ended_at, outcome) VALUES ('" +
                id + "', 'xa-cu', " + std::to_string(start) + ", " + std::to_string(start + 60) +
                ", 'left')");
        db.exec("INSERT INTO events (session_id, day, hour, type, at_ms) VALUES ('" + id + "', " +
                std::to_string(d) + ", 9, 'session_started', 0)");
        ASSERT_EQ(test::scalar(db, "SELECT count(*) FROM pragma_table_info('sessions') WHERE "
                                   "name IN ('voice', 'content_version')"),
                  0);
    }
    const fs::path stick = dir / "stick";
    fs::create_directories(stick);
    db::ExportResult r = db::exportStats(options(stats, stick, "xa-cu", dir.path()));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(db::verifyExport(r.folder), "");
    const auto sessions = test::parseCsv(test::readText(r.folder / "sessions.csv"));
    ASSERT_EQ(sessions.size(), 2u);
    ASSERT_EQ(sessions[1].size(), 12u);
    EXPECT_EQ(sessions[1][10], "0");
    EXPECT_EQ(sessions[1][11], "");
    EXPECT_EQ(test::parseCsv(test::readText(r.folder / "quiz.csv")).size(), 1u)
        << "the header only";
    EXPECT_EQ(r.quizRows, 0);
    auto j = nlohmann::json::parse(test::readText(r.folder / "summary.json"));
    EXPECT_EQ(j["per_voice"]["off"], 1);
    EXPECT_EQ(j["totals"]["quiz_answers_right"], 0);
    EXPECT_NE(test::readText(r.folder / "report.html").find("Đố vui"), std::string::npos);
}

// Kiosk A exported twice (the second export holds the first one's quiz answers and more),
// kiosk B once, and an export made before these columns existed: every quiz answer counts
// once, sessions keep their voice and version, and the older export merges.
TEST(MergeVoiceQuiz, OverlappingExportsCountQuizAnswersOnce) {
    test::TempDir dir("merge-voice-quiz");
    const fs::path stick = dir / "stick";
    fs::create_directories(stick);
    const int d = today(), y = db::addDays(today(), -1);
    const fs::path statsA = dir / "a.sqlite", statsB = dir / "b.sqlite";
    auto a = db::StatsStore::open(statsA);
    auto b = db::StatsStore::open(statsB);
    ASSERT_TRUE(a.store && b.store);
    {
        std::vector<db::Row> rows;
        add(rows, visit(1, "xa-a", y, true, "2026.12.1"));
        rows.push_back(answer(y, kQuiz, 0, "right"));
        rows.push_back(answer(d, kQuiz, 0, "right"));
        rows.push_back(answer(d, kQuiz, 2, "wrong"));
        rows.push_back(groupRun(d, kQuiz, 8));
        a.store->write(rows);
    }
    std::vector<fs::path> folders;
    db::ExportOptions oa = options(statsA, stick, "xa-a", dir.path());
    db::ExportResult first = db::exportStats(oa);
    ASSERT_TRUE(first.ok) << first.error;
    folders.push_back(first.folder);
    {
        std::vector<db::Row> rows; // later the same day
        add(rows, visit(2, "xa-a", d, false, "2026.12.2"));
        rows.push_back(answer(d, kQuiz, 0, "right"));
        rows.push_back(answer(d, kQuiz, 1, "wrong"));
        a.store->write(rows);
    }
    oa.now += 5;
    db::ExportResult second = db::exportStats(oa);
    ASSERT_TRUE(second.ok) << second.error;
    folders.push_back(second.folder);
    {
        std::vector<db::Row> rows;
        add(rows, visit(100, "xa-b", d, true, ""));
        rows.push_back(answer(d, kQuiz, 0, "right"));
        rows.push_back(answer(d, kQuiz, 0, "wrong"));
        rows.push_back(groupRun(d, kQuiz, 8));
        b.store->write(rows);
    }
    db::ExportResult eb = db::exportStats(options(statsB, stick, "xa-b", dir.path()));
    ASSERT_TRUE(eb.ok) << eb.error;
    folders.push_back(eb.folder);

    const fs::path office = dir / "office";
    db::MergeResult m = db::mergeExports(folders, office, test::bundledContent());
    ASSERT_TRUE(m.ok) << m.error;
    EXPECT_EQ(m.kiosks, 2);
    EXPECT_EQ(m.sessions, 3);
    EXPECT_EQ(db::verifyExport(office), "");
    // every quiz answer once: equal to the kiosks' own tables
    const auto ca = quizCounts(office / "quiz.csv", "xa-a");
    const auto cb = quizCounts(office / "quiz.csv", "xa-b");
    EXPECT_EQ(sumCounts(ca), test::scalar(a.store->database(), "SELECT count(*) FROM quiz_events"));
    EXPECT_EQ(sumCounts(cb), test::scalar(b.store->database(), "SELECT count(*) FROM quiz_events"));
    EXPECT_EQ(ca, quizCounts(second.folder / "quiz.csv", "xa-a"));
    const std::string ds = std::to_string(d);
    EXPECT_EQ(ca.at(ds + "|quiz_answered|" + kQuiz + "|0||right"), 2);
    auto j = nlohmann::json::parse(test::readText(office / "summary.json"));
    EXPECT_EQ(j["per_quiz"][kQuiz]["answers_right"], 4); // A: 3, B: 1
    EXPECT_EQ(j["per_quiz"][kQuiz]["answers_wrong"], 3); // A: 2, B: 1
    EXPECT_EQ(j["per_quiz"][kQuiz]["group_runs"], 2);
    EXPECT_EQ(j["per_voice"]["on"], 2);
    EXPECT_EQ(j["per_voice"]["off"], 1);
    EXPECT_EQ(j["per_content_version"]["2026.12.2"], 1);
    db::Database out((office / "stats.sqlite").string(), false, true);
    EXPECT_EQ(test::scalar(out, "SELECT sum(count) FROM quiz_events"), 9);
    EXPECT_EQ(test::scalar(out, "SELECT voice FROM sessions WHERE content_version = '2026.12.2'"),
              0);
    std::map<std::string, std::pair<std::string, std::string>> seen;
    for (const auto& row : test::parseCsv(test::readText(office / "sessions.csv"))) {
        ASSERT_EQ(row.size(), 12u);
        seen[row[0]] = {row[10], row[11]};
    }
    EXPECT_EQ(seen[sessionId(1)], std::make_pair(std::string("1"), std::string("2026.12.1")));
    EXPECT_EQ(seen[sessionId(100)], std::make_pair(std::string("1"), std::string()));

    // A merge of the merge with one more export counts nothing twice either
    const fs::path office2 = dir / "office2";
    db::MergeResult m2 = db::mergeExports({office, first.folder}, office2, test::bundledContent());
    ASSERT_TRUE(m2.ok) << m2.error;
    EXPECT_EQ(quizCounts(office2 / "quiz.csv", "xa-a"), ca);

    // An export from before voice, versions and quizzes: its stats.sqlite without them, no
    // quiz.csv, its manifest written anew (as that kiosk version wrote it)
    const fs::path old = eb.folder.parent_path() / "19990101-000000";
    fs::create_directories(old);
    for (const char* f : {"sessions.csv", "events.csv", "daily.csv", "summary.json", "report.html",
                          "stats.sqlite"}) {
        fs::copy_file(eb.folder / f, old / f);
    }
    {
        db::Database o((old / "stats.sqlite").string());
        o.exec("DROP TABLE quiz_events; DROP TABLE kiosks; ALTER TABLE sessions DROP COLUMN voice; "
               "ALTER TABLE sessions DROP COLUMN content_version");
    }
    ASSERT_EQ(std::system(("cd '" + old.string() +
                           "' && sha256sum sessions.csv events.csv daily.csv summary.json "
                           "report.html stats.sqlite > MANIFEST.sha256")
                              .c_str()),
              0);
    ASSERT_EQ(db::verifyExport(old), "");
    db::MergeResult m3 =
        db::mergeExports({old, first.folder}, dir / "office3", test::bundledContent());
    ASSERT_TRUE(m3.ok) << m3.error;
    EXPECT_EQ(m3.sessions, 2);
    EXPECT_EQ(quizCounts(dir / "office3" / "quiz.csv", "xa-b").size(), 0u);
    auto j3 = nlohmann::json::parse(test::readText(dir / "office3" / "summary.json"));
    EXPECT_EQ(j3["per_voice"]["off"], 1) << "the older export's visit: voice not recorded, off";
    EXPECT_EQ(j3["per_voice"]["on"], 1);
}

// Issue 18: a merge keeps each kiosk's province and commune; two exports of one kiosk that
// name different communes: the newer one's is kept and a warning names both exports.
TEST(MergeIdentity, TheNewestExportsPlaceIsKeptAndADisagreementIsWarned) {
    test::TempDir dir("merge-identity");
    const fs::path stick = dir / "stick";
    fs::create_directories(stick);
    const int d = today();
    const fs::path statsA = dir / "a.sqlite", statsB = dir / "b.sqlite";
    {
        auto a = db::StatsStore::open(statsA);
        auto b = db::StatsStore::open(statsB);
        a.store->write(visit(1, "may-01", d, false, ""));
        b.store->write(visit(50, "may-02", d, false, ""));
    }
    db::ExportOptions o1 = options(statsA, stick, "may-01", dir.path());
    o1.place = {"22", "Quảng Ninh", "06667", "Xã Quảng Tân"};
    db::ExportResult older = db::exportStats(o1);
    ASSERT_TRUE(older.ok) << older.error;
    db::ExportOptions o2 = o1;
    o2.now += 10; // the kiosk moved to another commune (or its config was corrected)
    o2.place = {"22", "Quảng Ninh", "06700", "Xã Đầm Hà"};
    db::ExportResult newer = db::exportStats(o2);
    ASSERT_TRUE(newer.ok) << newer.error;
    db::ExportOptions o3 = o1;
    o3.now += 20; // a later export whose config lost the keys: says nothing, changes nothing
    o3.place = {};
    db::ExportResult silent = db::exportStats(o3);
    ASSERT_TRUE(silent.ok) << silent.error;
    db::ExportOptions ob = options(statsB, stick, "may-02", dir.path());
    ob.place = {"19", "Thái Nguyên", "05500", "Xã Phú Đình"};
    db::ExportResult other = db::exportStats(ob);
    ASSERT_TRUE(other.ok) << other.error;

    // the newer export listed first: the newest wins, not the last listed
    const fs::path office = dir / "office";
    db::MergeResult m = db::mergeExports({newer.folder, silent.folder, other.folder, older.folder},
                                         office, test::bundledContent());
    ASSERT_TRUE(m.ok) << m.error;
    EXPECT_EQ(m.kiosks, 2);
    ASSERT_EQ(m.warnings.size(), 1u);
    const std::string& w = m.warnings[0];
    EXPECT_NE(w.find("may-01"), std::string::npos) << w;
    EXPECT_NE(w.find(older.folder.string()), std::string::npos) << w;
    EXPECT_NE(w.find(newer.folder.string()), std::string::npos) << w;
    EXPECT_NE(w.find("06667 Xã Quảng Tân"), std::string::npos) << w;
    EXPECT_NE(w.find("06700 Xã Đầm Hà"), std::string::npos) << w;
    EXPECT_NE(w.find("newer export's (" + newer.folder.string() + ") is kept"), std::string::npos)
        << w;

    auto j = nlohmann::json::parse(test::readText(office / "summary.json"));
    EXPECT_EQ(j["per_kiosk"]["may-01"]["commune_code"], "06700");
    EXPECT_EQ(j["per_kiosk"]["may-01"]["commune_name"], "Xã Đầm Hà");
    EXPECT_EQ(j["per_kiosk"]["may-01"]["province_code"], "22");
    EXPECT_EQ(j["per_kiosk"]["may-02"]["province_name"], "Thái Nguyên");
    EXPECT_EQ(j["per_kiosk"]["may-02"]["commune_code"], "05500");
    db::Database out((office / "stats.sqlite").string(), false, true);
    EXPECT_EQ(test::scalar(out, "SELECT count(*) FROM kiosks"), 2);
    EXPECT_EQ(test::scalar(out, "SELECT count(*) FROM kiosks WHERE kiosk_id = 'may-01' AND "
                                "commune_code = '06700' AND exported_at = " +
                                    std::to_string(o2.now)),
              1);
    const std::string html = test::readText(office / "report.html");
    EXPECT_NE(html.find("Xã Đầm Hà, Quảng Ninh"), std::string::npos);
    EXPECT_NE(html.find("Xã Phú Đình, Thái Nguyên"), std::string::npos);

    // the merged report carries them on: merged again, nothing is lost or warned
    db::MergeResult again = db::mergeExports({office}, dir / "office2", test::bundledContent());
    ASSERT_TRUE(again.ok) << again.error;
    EXPECT_TRUE(again.warnings.empty());
    auto j2 = nlohmann::json::parse(test::readText(dir / "office2" / "summary.json"));
    EXPECT_EQ(j2["per_kiosk"]["may-01"]["commune_code"], "06700");
    EXPECT_EQ(j2["per_kiosk"]["may-02"]["commune_name"], "Xã Phú Đình");
    // the same exports in one agreement: no warning
    db::MergeResult agree =
        db::mergeExports({newer.folder, silent.folder}, dir / "office3", test::bundledContent());
    ASSERT_TRUE(agree.ok) << agree.error;
    EXPECT_TRUE(agree.warnings.empty());
}

// The dashboard's quiz panel reads per quiz answers right and wrong and group runs of the
// last 30 days.
TEST(StatsQuizDashboard, PerQuizRightWrongAndGroupRunsOfTheLastThirtyDays) {
    auto store = db::StatsStore::memory();
    const int d = today();
    store->write({answer(d, kQuiz, 0, "right"), answer(d, kQuiz, 1, "right"),
                  answer(d, kQuiz, 1, "wrong"), groupRun(d, kQuiz, 10),
                  answer(db::addDays(d, -40), kQuiz, 0, "wrong"), answer(d, kGone, 0, "wrong")});
    const db::DashboardData data = store->dashboard(d, "");
    ASSERT_EQ(data.quizzes.size(), 2u);
    EXPECT_EQ(data.quizzes[0].quizId, kGone);
    EXPECT_EQ(data.quizzes[0].wrong, 1);
    EXPECT_EQ(data.quizzes[1].quizId, kQuiz);
    EXPECT_EQ(data.quizzes[1].right, 2);
    EXPECT_EQ(data.quizzes[1].wrong, 1) << "an answer 40 days ago is outside the window";
    EXPECT_EQ(data.quizzes[1].groupRuns, 1);
}
