// The export as a technician relies on it: complete files that `sha256sum -c` accepts,
// CSVs that read back to the database's numbers with start times rounded to the hour, the
// kiosk's database untouched, clear refusals, cancel, and the merge of several kiosks.
#include "db/export.hpp"
#include "db/stats_store.hpp"
#include "kiosk/core/stick/usb.hpp"
#include "tests/support/fill_stats.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

fs::path exportDir(const std::string& name) {
    return test::freshDir("export-" + name);
}

int64_t count(db::Database& d, const std::string& sql) {
    return test::scalar(d, sql);
}

struct StatsKiosk {
    fs::path dir;
    fs::path stats;
};

StatsKiosk makeKiosk(const std::string& name, const std::string& id, int64_t events, int idOffset) {
    StatsKiosk k{exportDir(name), {}};
    k.stats = k.dir / "stats.sqlite";
    auto opened = db::StatsStore::open(k.stats);
    test::fillStats(*opened.store, events, id, 11, idOffset);
    // older visits folded into daily totals, as retention does
    const int before = db::addDays(db::localDay(std::time(nullptr)), -20);
    while (opened.store->foldOldEvents(before, 1000) > 0) {
    }
    return k;
}

db::ExportOptions options(const StatsKiosk& k, const fs::path& to, const std::string& id) {
    db::ExportOptions o;
    o.statsFile = k.stats;
    o.to = to;
    o.scratchDir = k.dir;
    o.kioskId = id;
    o.now = std::time(nullptr);
    o.content = &test::bundledContent();
    return o;
}

} // namespace

TEST(Export, FilesVerifyAndReadBackToTheDatabaseWithHoursRounded) {
    StatsKiosk k = makeKiosk("roundtrip", "xa-tan-lap", 3000, 0);
    const std::string before = test::readText(k.stats);
    const fs::path stick = exportDir("stick");
    std::vector<double> progress;
    db::ExportOptions o = options(k, stick, "xa-tan-lap");
    o.progress = [&](double f) { progress.push_back(f); };
    db::ExportResult r = db::exportStats(o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.folder.parent_path(), stick / "TRAMSO" / "xa-tan-lap");
    EXPECT_EQ(db::verifyExport(r.folder), "");
    EXPECT_EQ(
        std::system(
            ("cd '" + r.folder.string() + "' && sha256sum --quiet -c MANIFEST.sha256").c_str()),
        0);
    ASSERT_FALSE(progress.empty());
    EXPECT_DOUBLE_EQ(progress.back(), 1.0);
    EXPECT_EQ(test::readText(k.stats), before) << "the kiosk's database is only read";

    db::Database src(k.stats.string(), false, true);
    auto sessions = test::parseCsv(test::readText(r.folder / "sessions.csv"));
    ASSERT_EQ(sessions.front().front(), "session_id");
    EXPECT_EQ(static_cast<int64_t>(sessions.size() - 1),
              count(src, "SELECT count(*) FROM sessions"));
    EXPECT_EQ(static_cast<int64_t>(sessions.size() - 1), r.sessions);
    for (size_t i = 1; i < sessions.size(); ++i) {
        ASSERT_EQ(sessions[i].size(), 12u) << "voice and content_version at the end";
        EXPECT_EQ(sessions[i][2].substr(13), ":00") << "started at the hour only";
        db::Statement st(src, "SELECT ended_at - started_at FROM sessions WHERE id = ?");
        st.bind(1, sessions[i][0]);
        ASSERT_TRUE(st.step());
        EXPECT_EQ(sessions[i][3], std::to_string(st.integer(0))) << "durations stay exact";
    }
    auto events = test::parseCsv(test::readText(r.folder / "events.csv"));
    EXPECT_EQ(static_cast<int64_t>(events.size() - 1), count(src, "SELECT count(*) FROM events"));
    auto daily = test::parseCsv(test::readText(r.folder / "daily.csv"));
    EXPECT_GT(daily.size(), 1u) << "folded totals are exported too";
    EXPECT_EQ(static_cast<int64_t>(daily.size() - 1), count(src, "SELECT count(*) FROM daily"));
    // no exported file holds an exact start time
    db::Database out((r.folder / "stats.sqlite").string(), false, true);
    EXPECT_EQ(count(out, "SELECT count(*) FROM sessions WHERE started_hour % 60 != 0"), 0);
    EXPECT_EQ(count(out, "SELECT count(*) FROM sessions"), r.sessions);

    auto j = nlohmann::json::parse(test::readText(r.folder / "summary.json"));
    EXPECT_EQ(j["schema_version"], 1);
    EXPECT_EQ(j["kiosks"][0], "xa-tan-lap");
    EXPECT_EQ(j["totals"]["tutorials_started"].get<int64_t>(),
              count(src, "SELECT count(*) FROM events WHERE type = 'tutorial_started'") +
                  count(src, "SELECT coalesce(sum(count), 0) FROM daily WHERE type = "
                             "'tutorial_started'"));
    const std::string html = test::readText(r.folder / "report.html");
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg")) << "no network";
    EXPECT_NE(html.find("Người học dừng ở đâu"), std::string::npos);
    EXPECT_NE(html.find("Where residents gave up"), std::string::npos);

    // a second export in the same second would clash: refused in words, nothing lost
    db::ExportResult again = db::exportStats(o);
    EXPECT_FALSE(again.ok);
    EXPECT_NE(again.error.find("already on the USB stick"), std::string::npos) << again.error;
    EXPECT_EQ(db::verifyExport(r.folder), "");
    fs::remove_all(stick);
    fs::remove_all(k.dir);
}

TEST(Export, SinceKeepsOnlyLaterVisits) {
    StatsKiosk k = makeKiosk("since", "k1", 2000, 0);
    const fs::path stick = exportDir("since-stick");
    db::ExportOptions o = options(k, stick, "k1");
    o.since = db::localMidnight(db::addDays(db::localDay(std::time(nullptr)), -5));
    db::ExportResult r = db::exportStats(o);
    ASSERT_TRUE(r.ok) << r.error;
    db::Database src(k.stats.string(), false, true);
    db::Statement st(src, "SELECT count(*) FROM sessions WHERE started_at >= ?");
    st.bind(1, o.since);
    st.step();
    EXPECT_EQ(r.sessions, st.integer(0));
    EXPECT_LT(r.sessions, count(src, "SELECT count(*) FROM sessions"));
    fs::remove_all(stick);
    fs::remove_all(k.dir);
}

TEST(Export, CancelLeavesNothingAndARetryWorks) {
    StatsKiosk k = makeKiosk("cancel", "k1", 20000, 0);
    const fs::path stick = exportDir("cancel-stick");
    std::atomic<bool> cancel{false};
    db::ExportOptions o = options(k, stick, "k1");
    o.cancel = &cancel;
    o.progress = [&](double f) {
        if (f > 0.3) {
            cancel = true;
        }
    };
    db::ExportResult r = db::exportStats(o);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.cancelled);
    EXPECT_TRUE(fs::is_empty(stick / "TRAMSO" / "k1")) << "the partial folder is removed";
    cancel = false;
    o.progress = {};
    o.now += 1;
    r = db::exportStats(o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(db::verifyExport(r.folder), "");
    fs::remove_all(stick);
    fs::remove_all(k.dir);
}

TEST(Export, AFolderWithoutManifestOrWithAChangedFileIsReported) {
    StatsKiosk k = makeKiosk("verify", "k1", 500, 0);
    const fs::path stick = exportDir("verify-stick");
    db::ExportResult r = db::exportStats(options(k, stick, "k1"));
    ASSERT_TRUE(r.ok) << r.error;
    std::ofstream(r.folder / "daily.csv", std::ios::app) << "x";
    EXPECT_NE(db::verifyExport(r.folder).find("daily.csv does not match"), std::string::npos);
    fs::remove(r.folder / "MANIFEST.sha256");
    EXPECT_NE(db::verifyExport(r.folder).find("incomplete export"), std::string::npos);
    ASSERT_EQ(db::incompleteExports(stick).size(), 1u);
    EXPECT_EQ(stick / db::incompleteExports(stick)[0], r.folder);
    db::ExportOptions bad = options(k, stick / "not-there", "k1");
    db::ExportResult gone = db::exportStats(bad);
    EXPECT_FALSE(gone.ok);
    EXPECT_NE(gone.error.find("not there"), std::string::npos) << gone.error;
    fs::remove_all(stick);
    fs::remove_all(k.dir);
}

TEST(Merge, ThreeKiosksAndADuplicateExportCountEachVisitOnce) {
    StatsKiosk a = makeKiosk("ma", "xa-a", 1500, 0);
    StatsKiosk b = makeKiosk("mb", "xa-b", 1500, 100000);
    StatsKiosk c = makeKiosk("mc", "xa-c", 1500, 200000);
    const fs::path stick = exportDir("merge-stick");
    std::vector<fs::path> folders;
    int64_t sessions = 0;
    for (auto [k, id] : {std::pair{&a, "xa-a"}, {&b, "xa-b"}, {&c, "xa-c"}}) {
        db::ExportResult r = db::exportStats(options(*k, stick, id));
        ASSERT_TRUE(r.ok) << r.error;
        folders.push_back(r.folder);
        sessions += r.sessions;
    }
    db::ExportOptions again = options(a, stick, "xa-a");
    again.now += 5;
    db::ExportResult dup = db::exportStats(again); // kiosk A exported a second time
    ASSERT_TRUE(dup.ok) << dup.error;
    folders.push_back(dup.folder);

    const fs::path office = stick / "huyen";
    db::MergeResult m = db::mergeExports(folders, office, test::bundledContent());
    ASSERT_TRUE(m.ok) << m.error;
    EXPECT_EQ(m.kiosks, 3);
    EXPECT_EQ(m.sessions, sessions);
    EXPECT_EQ(m.duplicates, dup.sessions);
    EXPECT_EQ(db::verifyExport(office), "");
    auto j = nlohmann::json::parse(test::readText(office / "summary.json"));
    EXPECT_EQ(j["kiosks"].size(), 3u);
    EXPECT_EQ(j["per_kiosk"]["xa-b"]["sessions"].get<int64_t>() > 0, true);
    const std::string html = test::readText(office / "report.html");
    EXPECT_NE(html.find("Từng máy"), std::string::npos) << "a per-kiosk table";
    EXPECT_NE(html.find("<td>xa-c</td>"), std::string::npos);
    // an incomplete export is skipped by name, the others merged
    fs::remove(folders[1] / "MANIFEST.sha256");
    db::MergeResult bad = db::mergeExports(folders, stick / "huyen2", test::bundledContent());
    EXPECT_TRUE(bad.ok) << bad.error;
    ASSERT_EQ(bad.skipped.size(), 1u);
    EXPECT_EQ(bad.skipped[0].rfind(folders[1].string() + ": incomplete export", 0), 0u)
        << bad.skipped[0];
    EXPECT_EQ(bad.kiosks, 2) << "xa-b's only export left out";
    for (auto* k : {&a, &b, &c}) {
        fs::remove_all(k->dir);
    }
    fs::remove_all(stick);
}

TEST(Usb, SticksAreMountsBelowTheRootsWithReadOnlyFlagged) {
    const std::string info =
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "40 22 8:17 / /media/usb0 rw,nosuid shared:5 - vfat /dev/sdb1 rw\n"
        "41 22 8:33 / /run/media/lan/KINGSTON\\040USB ro,nosuid - vfat /dev/sdc1 ro\n"
        "42 22 0:5 / /media rw - tmpfs tmpfs rw\n"
        "43 22 8:49 / /mnt/usb/stick rw - vfat /dev/sdd1 rw\n"
        "garbage line\n";
    auto s = findSticks(info, {"/media", "/run/media"});
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].mount, "/media/usb0");
    EXPECT_EQ(s[0].label, "usb0");
    EXPECT_FALSE(s[0].readOnly);
    EXPECT_EQ(s[1].label, "KINGSTON USB");
    EXPECT_TRUE(s[1].readOnly);
    EXPECT_EQ(findSticks(info, {"/mnt/usb"}).size(), 1u);
}

namespace {

// The SVG's width, height and viewBox of the visits chart, and its buckets' counts.
struct ChartShape {
    int width = 0, height = 0;
    std::string viewBox;
    std::vector<int64_t> buckets;
};

ChartShape shapeOf(const std::string& html) {
    ChartShape c;
    const size_t at = html.find("<svg class=\"chart visits\"");
    EXPECT_NE(at, std::string::npos);
    if (at == std::string::npos) {
        return c;
    }
    const std::string svg = html.substr(at, html.find("</svg>", at) - at);
    auto attr = [&](const std::string& name, size_t from = 0) {
        const size_t p = svg.find(" " + name + "=\"", from);
        if (p == std::string::npos) {
            return std::string();
        }
        const size_t b = p + name.size() + 3;
        return svg.substr(b, svg.find('"', b) - b);
    };
    c.width = std::stoi(attr("width"));
    c.height = std::stoi(attr("height"));
    c.viewBox = attr("viewBox");
    for (size_t p = svg.find("class=\"bucket\""); p != std::string::npos;
         p = svg.find("class=\"bucket\"", p + 1)) {
        const size_t n = svg.find("data-n=\"", p) + 8;
        c.buckets.push_back(std::stoll(svg.substr(n, svg.find('"', n) - n)));
    }
    return c;
}

} // namespace

TEST(Report, VisitsChartHasASaneFixedSizeForOneThirtyAndAThousandDays) {
    // one day
    ChartShape one = shapeOf(visitsChart({{20260310, 7}}, 20260310, 20260310));
    EXPECT_EQ(one.height, 220);
    EXPECT_EQ(one.width, 720);
    EXPECT_EQ(one.viewBox, "0 0 720 220") << "drawn at its own size, never scaled up";
    EXPECT_EQ(one.buckets, std::vector<int64_t>({7}));
    // thirty days, two with visits: the other 28 shown as zero
    ChartShape month = shapeOf(visitsChart({{20260302, 3}, {20260320, 5}}, 20260301, 20260330));
    EXPECT_EQ(month.height, 220);
    EXPECT_EQ(month.viewBox, "0 0 720 220");
    ASSERT_EQ(month.buckets.size(), 30u);
    EXPECT_EQ(std::count(month.buckets.begin(), month.buckets.end(), 0), 28);
    EXPECT_EQ(month.buckets[1], 3);
    EXPECT_EQ(month.buckets[19], 5);
    // a thousand days: by month, every visit still counted
    std::map<int, int64_t> many;
    for (int y = 2024; y <= 2026; ++y) {
        for (int m = 1; m <= 12; ++m) {
            many[y * 10000 + m * 100 + 15] = m;
        }
    }
    const std::string html = visitsChart(many, 20240101, 20260927); // 1,001 days
    ChartShape years = shapeOf(html);
    EXPECT_EQ(years.height, 220);
    EXPECT_EQ(years.viewBox, "0 0 720 220");
    EXPECT_EQ(years.buckets.size(), 33u) << "Jan 2024 .. Sep 2026, one column a month";
    int64_t shown = 0, want = 0;
    for (int64_t v : years.buckets) {
        shown += v;
    }
    for (const auto& [d, n] : many) {
        want += d <= 20260927 ? n : 0;
    }
    EXPECT_EQ(shown, want);
    size_t labels = 0;
    for (size_t p = html.find("text-anchor=\"middle\""); p != std::string::npos;
         p = html.find("text-anchor=\"middle\"", p + 1)) {
        ++labels;
    }
    EXPECT_LE(labels, 12u) << "labels stay readable";
    // by week for half a year
    EXPECT_NE(visitsChart({}, 20260101, 20260630).find("data-by=\"week\""), std::string::npos);
}

TEST(Report, VisitsCutByTheKioskStoppingAreCountedInTheReport) {
    ReportData r;
    r.title = "xa-a";
    r.addSession("xa-a", 20260310, "self", "vi", "completed", true);
    r.addSession("xa-a", 20260310, "self", "vi", "interrupted", true);
    r.addSession("xa-a", 20260310, "self", "vi", "", false); // no end at all
    r.addSession("xa-a", 20260311, "self", "vi", "shutdown", true);
    EXPECT_EQ(r.unfinished, 2);
    EXPECT_EQ(r.endedByShutdown, 1);
    const std::string html = reportHtml(r, test::bundledContent());
    EXPECT_NE(html.find("Lượt dùng bị cắt ngang vì máy dừng: 3 (2 không có giờ kết thúc"),
              std::string::npos);
    EXPECT_NE(html.find("Visits cut by the kiosk stopping: 3"), std::string::npos);
    EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
    auto j = nlohmann::json::parse(summaryJson(r, test::bundledContent()));
    EXPECT_EQ(j["totals"]["visits_unfinished"], 2);
    EXPECT_EQ(j["totals"]["visits_ended_by_shutdown"], 1);
}

TEST(Export, CsvsCarryLessonTitlesAndTheWorkbookHoldsTheSameRows) {
    StatsKiosk k = makeKiosk("titles", "xa-tieu-de", 3000, 0);
    const fs::path stick = exportDir("titles-stick");
    db::ExportResult r = db::exportStats(options(k, stick, "xa-tieu-de"));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(db::verifyExport(r.folder), "");
    auto events = test::parseCsv(test::readText(r.folder / "events.csv"));
    auto daily = test::parseCsv(test::readText(r.folder / "daily.csv"));
    auto sessions = test::parseCsv(test::readText(r.folder / "sessions.csv"));
    ASSERT_GE(events.size(), 2u);
    ASSERT_GE(daily.size(), 2u);
    EXPECT_EQ(events[0][4], "tutorial_id");
    EXPECT_EQ(events[0][5], "tutorial_title");
    EXPECT_EQ(daily[0][3], "tutorial_id");
    EXPECT_EQ(daily[0][4], "tutorial_title");
    int titled = 0;
    for (size_t i = 1; i < events.size(); ++i) {
        ASSERT_EQ(events[i].size(), events[0].size());
        const Tutorial* t = test::bundledContent().tutorials.find(events[i][4]);
        EXPECT_EQ(events[i][5], t ? t->title.vi : "") << events[i][4];
        titled += t != nullptr;
    }
    EXPECT_GT(titled, 0);
    // the workbook: opened by openpyxl (Debian's python3-openpyxl, hence /usr/bin/python3),
    // sheets named in Vietnamese, rows as in the CSVs
    const fs::path out = k.dir / "xlsx.txt";
    const std::string py =
        "import openpyxl,sys\n"
        "wb=openpyxl.load_workbook(sys.argv[1],read_only=True)\n"
        "o=open(sys.argv[2],'w',encoding='utf-8')\n"
        "o.write('|'.join(wb.sheetnames)+'\\n')\n"
        "for n in wb.sheetnames[1:]:\n"
        "  rows=list(wb[n].iter_rows(values_only=True))\n"
        "  o.write('%s %d %s\\n'%(n,len(rows),'|'.join(str(c) for c in rows[0])))\n";
    std::ofstream(k.dir / "read.py") << py;
    ASSERT_EQ(std::system(("/usr/bin/python3 '" + (k.dir / "read.py").string() + "' '" +
                           (r.folder / "report.xlsx").string() + "' '" + out.string() + "'")
                              .c_str()),
              0);
    std::istringstream got(test::readText(out));
    std::string line;
    std::getline(got, line);
    EXPECT_EQ(line, "Tóm tắt|Lượt dùng|Sự kiện|Theo ngày|Đố vui");
    std::getline(got, line);
    EXPECT_EQ(line, "Lượt dùng " + std::to_string(sessions.size()) +
                        " Mã lượt|Máy|Giờ bắt đầu|Thời lượng (giây)|Cách dùng|Số người|Ngôn "
                        "ngữ|Cỡ chữ|Tương phản|Kết thúc|Giọng đọc|Phiên bản nội dung");
    std::getline(got, line);
    EXPECT_EQ(line.substr(0, line.find(" Mã lượt")), "Sự kiện " + std::to_string(events.size()));
    EXPECT_NE(line.find("Tên bài học"), std::string::npos);
    std::getline(got, line);
    EXPECT_EQ(line.substr(0, line.find(" Máy")), "Theo ngày " + std::to_string(daily.size()));
}

TEST(Export, AMonthsReportPrintsOnAtMostTwoA4Pages) {
    StatsKiosk k = makeKiosk("print", "xa-in", 3000, 0); // thirty days of one kiosk
    {
        // and every bundled quiz played, alone and by a room: the quiz table fits too
        auto opened = db::StatsStore::open(k.stats);
        ASSERT_TRUE(opened.store) << opened.message;
        std::vector<db::Row> rows;
        const int today = db::localDay(std::time(nullptr));
        for (const Quiz& q : test::bundledContent().quizzes.quizzes) {
            for (int i = 0; i < 20; ++i) {
                rows.push_back(db::QuizRow{db::addDays(today, -i), 10, "quiz_answered", q.id,
                                           i % 3 ? "right" : "wrong", i % 5, -1});
            }
            rows.push_back(db::QuizRow{today, 19, "group_quiz_run", q.id, "", -1, 10});
        }
        ASSERT_GE(test::bundledContent().quizzes.quizzes.size(), 5u);
        opened.store->write(rows);
    }
    const fs::path stick = exportDir("print-stick");
    db::ExportResult r = db::exportStats(options(k, stick, "xa-in"));
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_NE(test::readText(r.folder / "report.html").find("<table class=\"quiz\">"),
              std::string::npos);
    const fs::path pdf = k.dir / "report.pdf", info = k.dir / "pdfinfo.txt";
    const std::string print = "chromium --headless --no-sandbox --disable-gpu "
                              "--no-pdf-header-footer --user-data-dir='" +
                              (k.dir / "chromium").string() + "' --print-to-pdf='" + pdf.string() +
                              "' 'file://" + (r.folder / "report.html").string() +
                              "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(print.c_str()), 0);
    ASSERT_EQ(std::system(("pdfinfo '" + pdf.string() + "' > '" + info.string() + "'").c_str()), 0);
    const std::string text = test::readText(info);
    EXPECT_NE(text.find("(A4)"), std::string::npos) << text;
    const size_t p = text.find("Pages:");
    ASSERT_NE(p, std::string::npos) << text;
    const int pages = std::stoi(text.substr(p + 6));
    EXPECT_GE(pages, 1);
    EXPECT_LE(pages, 2) << text;
}

// Issue 16: a stick whose TRAMSO folder is a link to another folder (on ext4 it could point
// into the kiosk's own data) is refused with a clear message; nothing is written there.
TEST(Export, AStickWhoseTramsoFolderIsALinkIsRefused) {
    StatsKiosk k = makeKiosk("link", "k1", 200, 0);
    const fs::path stick = exportDir("link-stick");
    const fs::path elsewhere = exportDir("link-elsewhere");
    fs::create_directories(elsewhere / "k1" / "20260101-000000"); // an "incomplete export"
    fs::create_directory_symlink(elsewhere, stick / "TRAMSO");
    db::ExportResult r = db::exportStats(options(k, stick, "k1"));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("refused"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("TRAMSO"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find("/proc/"), std::string::npos) << "the stick's own path is shown";
    EXPECT_EQ(std::distance(fs::recursive_directory_iterator(elsewhere), {}), 2)
        << "nothing written through the link";
    EXPECT_TRUE(db::incompleteExports(stick).empty()) << "nothing read through the link";
    // the kiosk's folder a link on an otherwise fine stick: refused the same way
    fs::remove(stick / "TRAMSO");
    fs::create_directories(stick / "TRAMSO");
    fs::create_directory_symlink(elsewhere, stick / "TRAMSO" / "k1");
    r = db::exportStats(options(k, stick, "k1"));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("refused"), std::string::npos) << r.error;
    EXPECT_EQ(std::distance(fs::recursive_directory_iterator(elsewhere), {}), 2);
    // and a plain stick still works, its folder shown as the mount's path
    fs::remove(stick / "TRAMSO" / "k1");
    r = db::exportStats(options(k, stick, "k1"));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.folder.parent_path().parent_path(), stick / "TRAMSO");
    EXPECT_EQ(db::verifyExport(r.folder), "");
    fs::remove_all(stick);
    fs::remove_all(elsewhere);
    fs::remove_all(k.dir);
}
