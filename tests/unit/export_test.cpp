// The export as a technician relies on it: complete files that `sha256sum -c` accepts,
// CSVs that read back to the database's numbers with start times rounded to the hour, the
// kiosk's database untouched, clear refusals, cancel, and the merge of several kiosks.
#include "db/export.hpp"
#include "db/stats_store.hpp"
#include "kiosk/core/usb.hpp"
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

fs::path tempDir(const std::string& name) {
    return test::freshDir("export-" + name);
}

// RFC 4180 with a UTF-8 BOM: rows of fields.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << "starts with a BOM";
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (size_t i = 3; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (rows.back().empty()) {
        rows.pop_back();
    }
    return rows;
}

int64_t count(db::Database& d, const std::string& sql) {
    return test::scalar(d, sql);
}

const Content& content() {
    static Content c = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", Config{});
    return c;
}

struct Kiosk {
    fs::path dir;
    fs::path stats;
};

Kiosk makeKiosk(const std::string& name, const std::string& id, int64_t events, int idOffset) {
    Kiosk k{tempDir(name), {}};
    k.stats = k.dir / "stats.sqlite";
    auto opened = db::StatsStore::open(k.stats);
    test::fillStats(*opened.store, events, id, 11, idOffset);
    // older visits folded into daily totals, as retention does
    const int before = db::addDays(db::localDay(std::time(nullptr)), -20);
    while (opened.store->foldOldEvents(before, 1000) > 0) {
    }
    return k;
}

db::ExportOptions options(const Kiosk& k, const fs::path& to, const std::string& id) {
    db::ExportOptions o;
    o.statsFile = k.stats;
    o.to = to;
    o.scratchDir = k.dir;
    o.kioskId = id;
    o.now = std::time(nullptr);
    o.content = &content();
    return o;
}

} // namespace

TEST(Export, FilesVerifyAndReadBackToTheDatabaseWithHoursRounded) {
    Kiosk k = makeKiosk("roundtrip", "xa-tan-lap", 3000, 0);
    const std::string before = test::readText(k.stats);
    const fs::path stick = tempDir("stick");
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
    auto sessions = parseCsv(test::readText(r.folder / "sessions.csv"));
    ASSERT_EQ(sessions.front().front(), "session_id");
    EXPECT_EQ(static_cast<int64_t>(sessions.size() - 1),
              count(src, "SELECT count(*) FROM sessions"));
    EXPECT_EQ(static_cast<int64_t>(sessions.size() - 1), r.sessions);
    for (size_t i = 1; i < sessions.size(); ++i) {
        ASSERT_EQ(sessions[i].size(), 10u);
        EXPECT_EQ(sessions[i][2].substr(13), ":00") << "started at the hour only";
        db::Statement st(src, "SELECT ended_at - started_at FROM sessions WHERE id = ?");
        st.bind(1, sessions[i][0]);
        ASSERT_TRUE(st.step());
        EXPECT_EQ(sessions[i][3], std::to_string(st.integer(0))) << "durations stay exact";
    }
    auto events = parseCsv(test::readText(r.folder / "events.csv"));
    EXPECT_EQ(static_cast<int64_t>(events.size() - 1), count(src, "SELECT count(*) FROM events"));
    auto daily = parseCsv(test::readText(r.folder / "daily.csv"));
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
    Kiosk k = makeKiosk("since", "k1", 2000, 0);
    const fs::path stick = tempDir("since-stick");
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
    Kiosk k = makeKiosk("cancel", "k1", 20000, 0);
    const fs::path stick = tempDir("cancel-stick");
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
    Kiosk k = makeKiosk("verify", "k1", 500, 0);
    const fs::path stick = tempDir("verify-stick");
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
    Kiosk a = makeKiosk("ma", "xa-a", 1500, 0);
    Kiosk b = makeKiosk("mb", "xa-b", 1500, 100000);
    Kiosk c = makeKiosk("mc", "xa-c", 1500, 200000);
    const fs::path stick = tempDir("merge-stick");
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
    db::MergeResult m = db::mergeExports(folders, office, content());
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
    // an incomplete export is refused by name
    fs::remove(folders[1] / "MANIFEST.sha256");
    db::MergeResult bad = db::mergeExports(folders, stick / "huyen2", content());
    EXPECT_FALSE(bad.ok);
    EXPECT_NE(bad.error.find("incomplete export"), std::string::npos) << bad.error;
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
