// `tramso export` and `tramso merge` as a technician runs them: the real binary, a kiosk whose
// config moved it to another commune between two exports. The merge keeps the newer
// export's commune, says so on stderr naming both exports, and carries voice, content
// version and quiz totals through.
#include "db/stats_store.hpp"
#include "tests/e2e/cli_run.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sys/wait.h>
#include <thread>

namespace fs = std::filesystem;
using namespace tramso;

namespace {

// `tramso ARGS` with `config` as its kiosk.toml in `dir`.
test::CliRun tramsoCli(const fs::path& dir, const std::string& config, const std::string& args) {
    std::ofstream(dir / "kiosk.toml") << config;
    return test::runTramso(dir / "kiosk.toml", args, dir);
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

} // namespace

TEST(MergeCli, AKioskThatMovedCommuneKeepsTheNewerOneWithAWarning) {
    test::TempDir dir("e2e-merge");
    const fs::path data = dir / "var";
    for (const fs::path& d : {data, dir / "stick1", dir / "stick2"}) {
        fs::create_directories(d);
    }
    const int today = db::localDay(std::time(nullptr));
    {
        auto opened = db::StatsStore::open(data / "stats.sqlite");
        ASSERT_TRUE(opened.store) << opened.message;
        const std::string id = "0000000000000000000000000000abcd";
        const int64_t start = db::localMidnight(today) + 9 * 3600 + 120;
        db::SessionEndRow end{id, start + 200, "left", "self", "vi", "A", "normal", 1};
        end.voice = true;
        opened.store->write({db::SessionStartRow{id, "may-01", start, "2026.12.1"},
                             db::EventRow{id, today, 9, "session_started", "", "", "", -1, 0, -1},
                             end,
                             db::QuizRow{today, 9, "quiz_answered", "dich-vu-cong", "right", 0, -1},
                             db::QuizRow{today, 9, "quiz_answered", "dich-vu-cong", "wrong", 1, -1},
                             db::QuizRow{today, 20, "group_quiz_run", "dich-vu-cong", "", -1, 12}});
    }
    const std::string base = "kiosk_id = \"may-01\"\nprovince_code = \"22\"\n"
                             "province_name = \"Quảng Ninh\"\n";
    const std::string args = "export --data-dir '" + data.string() + "' --to '";
    test::CliRun a =
        tramsoCli(dir, base + "commune_code = \"06667\"\ncommune_name = \"Xã Quảng Tân\"\n",
                  args + (dir / "stick1").string() + "'");
    ASSERT_EQ(a.code, 0) << a.err;
    EXPECT_NE(a.err.find("3 quiz rows"), std::string::npos) << a.err;
    std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // a later export, by the clock
    test::CliRun b =
        tramsoCli(dir, base + "commune_code = \"06700\"\ncommune_name = \"Xã Đầm Hà\"\n",
                  args + (dir / "stick2").string() + "'");
    ASSERT_EQ(b.code, 0) << b.err;
    const std::string older = trimmed(a.out), newer = trimmed(b.out);

    // the newer export named first: the newer one wins by its time, not by its place
    test::CliRun m = tramsoCli(
        dir, "", "merge '" + newer + "' '" + older + "' --to '" + (dir / "office").string() + "'");
    ASSERT_EQ(m.code, 0) << m.err;
    EXPECT_NE(
        m.err.find("tramso: warning: kiosk may-01: " + older + " says commune 06667 Xã Quảng Tân"),
        std::string::npos)
        << m.err;
    EXPECT_NE(m.err.find("but " + newer + " says commune 06700 Xã Đầm Hà"), std::string::npos)
        << m.err;
    EXPECT_NE(m.err.find("merge: 1 kiosks, 1 visits (1 seen twice, counted once)"),
              std::string::npos)
        << m.err;
    auto j = nlohmann::json::parse(test::readText(dir / "office" / "summary.json"));
    EXPECT_EQ(j["per_kiosk"]["may-01"]["commune_code"], "06700");
    EXPECT_EQ(j["per_kiosk"]["may-01"]["commune_name"], "Xã Đầm Hà");
    EXPECT_EQ(j["per_voice"]["on"], 1);
    EXPECT_EQ(j["per_content_version"]["2026.12.1"], 1);
    EXPECT_EQ(j["per_quiz"]["dich-vu-cong"]["answers_right"], 1);
    EXPECT_EQ(j["per_quiz"]["dich-vu-cong"]["answers_wrong"], 1);
    EXPECT_EQ(j["per_quiz"]["dich-vu-cong"]["group_runs"], 1);
    const std::string sessions = test::readText(dir / "office" / "sessions.csv");
    EXPECT_NE(sessions.find(",outcome,voice,content_version\r\n"), std::string::npos);
    EXPECT_NE(sessions.find(",left,1,2026.12.1\r\n"), std::string::npos) << sessions;
}
