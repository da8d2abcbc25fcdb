// A lesson done by taps ends up as the right rows in the database; the dashboard shows them,
// and the quizzes' anonymous totals.
#include "harness.hpp"

#include "db/stats_store.hpp"
#include "tests/support/support.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <thread>

using namespace tramso;
using tramso::test::Harness;

namespace {
// Checked through a connection of the test's own: the writer's belongs to its thread.
using test::count;
// The recorder commits on its own thread (at least every second): waits up to ten seconds
// for `sql` to count `n`.
int64_t countWhen(const std::filesystem::path& file, const std::string& sql, int64_t n) {
    int64_t c = count(file, sql);
    for (int i = 0; i < 1000 && c != n; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        c = count(file, sql);
    }
    return c;
}
// The dashboard's data as a job held until `go` is set; each job counts itself in `jobs`
// and then gives 4321 visits this month.
void holdDashboardJobs(Harness& h, std::shared_future<void> go, std::atomic<int>& jobs) {
    h.app->setScreenData(ScreenId::Dashboard, {{}, {}, [&jobs, go](const Kiosk&) {
                                                   return std::function<std::any()>([&jobs, go] {
                                                       ++jobs;
                                                       go.wait();
                                                       db::DashboardView v;
                                                       v.data = DashboardData{};
                                                       v.data->monthSessions = 4321;
                                                       return std::any(v);
                                                   });
                                               }});
}
} // namespace

TEST(StatsUi, LessonByTapsLandsInTheDatabase) {
    Harness h;
    const auto file = h.dataDir / "stats.sqlite";
    Config cfg;
    cfg.kioskId = "test-kiosk";
    // the production wiring: its recorder, and the dashboard reading its own connection
    h.rebuild(nullptr, cfg);
    h.settle();
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap("Thanh toán trực tuyến"));
    ASSERT_TRUE(h.tap("Trả tiền điện, tiền nước trên điện thoại"));
    // step 1 (no replica): Next; step 2: the replica target; then leave by Home
    ASSERT_TRUE(h.tap("Bước tiếp"));
    ASSERT_TRUE(h.tap("Thanh toán hóa đơn"));
    ASSERT_TRUE(h.tap("Tiền nước")); // not step 3's target: a gentle miss
    ASSERT_TRUE(h.tap("Trang chủ"));
    h.clock.advance(200); // walk away: the idle reset ends the visit
    h.settle();
    ASSERT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_EQ(countWhen(file,
                        "SELECT count(*) FROM sessions WHERE outcome = 'timeout' AND "
                        "kiosk_id = 'test-kiosk' AND ended_at IS NOT NULL",
                        1),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) FROM events WHERE type = 'tutorial_started' AND "
                          "tutorial_id = 'tien-dien-nuoc'"),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) FROM events WHERE type = 'step_shown' AND "
                          "tutorial_id = 'tien-dien-nuoc'"),
              3);
    EXPECT_EQ(count(file, "SELECT count(*) FROM events WHERE type = 'practice_tap' AND "
                          "result = 'right'"),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) FROM events WHERE type = 'tutorial_left' AND "
                          "step = 2"),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) FROM events WHERE type = 'session_ended'"), 1);
    // the dashboard reads them back, behind the PIN
    h.addStaff(Role::Team, "246810");
    h.app->open(Route{ScreenId::Dashboard});
    h.settle();
    ASSERT_EQ(h.screen(), ScreenId::StaffLogin);
    ASSERT_TRUE(h.typePin("246810"));
    EXPECT_EQ(h.kiosk->route().screen, ScreenId::Dashboard);
    EXPECT_TRUE(h.shows("Thống kê sử dụng máy"));
    EXPECT_TRUE(h.shows("Trả tiền điện, tiền nước trên điện thoại"));
    for (int i = 0; i < 5 && !h.item("Trả tiền điện, tiền nước trên điện thoại"); ++i) {
        ASSERT_TRUE(h.tap("Xuống"));
    }
    ASSERT_TRUE(h.tap("Trả tiền điện, tiền nước trên điện thoại")); // choose its funnel
    EXPECT_EQ(h.kiosk->dashboardFunnel(), "tien-dien-nuoc");
    EXPECT_TRUE(h.shows("Người học đến được bước nào: Trả tiền điện, tiền nước trên điện thoại"));
    ASSERT_TRUE(h.tap("Quay lại"));
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    ASSERT_TRUE(h.tap("Đăng xuất"));
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    // the dashboard is not a resident screen: no toolbar, no visit started by it
    h.services->shutdown(); // everything recorded is committed
    EXPECT_EQ(count(file, "SELECT count(*) FROM sessions"), 1);
}

TEST(StatsUi, DashboardWithoutStatisticsSaysSo) {
    Harness h;
    h.app->setScreenData(ScreenId::Dashboard,
                         {{},
                          [](const Kiosk&) {
                              db::DashboardView v;
                              v.notice = "statistics cannot be kept: disk is read-only";
                              return std::any(v);
                          },
                          {}});
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Thống kê sử dụng"));
    EXPECT_TRUE(h.shows("statistics cannot be kept"));
    EXPECT_TRUE(h.shows("Chưa có số liệu."));
}

// The dashboard's figures are counted on a worker: while the job runs (here held until the
// test lets it go) the frames go on, the screen says it is counting and the staff can leave;
// the figures appear when the job is done.
TEST(StatsUi, DashboardCountsOnAWorkerWhileTheScreenStaysResponsive) {
    Harness h;
    std::promise<void> release;
    std::atomic<int> jobs{0};
    holdDashboardJobs(h, release.get_future().share(), jobs);
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Thống kê sử dụng"));
    for (int i = 0; i < 20; ++i) {
        h.frame(); // not blocked by the job
    }
    EXPECT_TRUE(h.app->loadingData());
    EXPECT_TRUE(h.shows("Đang tính số liệu…"));
    EXPECT_FALSE(h.shows("4321"));
    release.set_value();
    h.settle();
    EXPECT_FALSE(h.app->loadingData());
    EXPECT_TRUE(h.shows("4321"));
    EXPECT_FALSE(h.shows("Đang tính số liệu…"));
    EXPECT_EQ(jobs.load(), 1);
}

// Left while its job was still running, arrived at again, and left again before that job
// ended: nothing is left waiting for the dashboard. The job for the second arrival was
// never started (the screen had gone), so once the first one ends no data is loading, and
// frames and scripts elsewhere do not wait for it; a new arrival asks anew.
TEST(StatsUi, ADashboardLeftBeforeItsJobCouldStartLeavesNothingLoading) {
    Harness h;
    std::promise<void> release;
    std::atomic<int> jobs{0};
    holdDashboardJobs(h, release.get_future().share(), jobs);
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    auto show = [&](ScreenId s) {
        h.kiosk->apply(intent::Open{Route{s}});
        h.frame(2);
    };
    show(ScreenId::Dashboard); // the first job starts, and is held
    show(ScreenId::StaffHome);
    show(ScreenId::Dashboard); // wanted again, but one job at a time: not started
    show(ScreenId::StaffHome);
    release.set_value();
    for (int i = 0; i < 2000 && h.app->loadingData(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        h.frame();
    }
    EXPECT_FALSE(h.app->loadingData());
    EXPECT_EQ(jobs.load(), 1);
    show(ScreenId::Dashboard);
    h.settle();
    EXPECT_TRUE(h.shows("4321"));
    EXPECT_EQ(jobs.load(), 2);
}

// Issue 17: the dashboard's quiz panel shows, per quiz, answers right and wrong, the share
// right and the group runs (anonymous totals, never a person's score).
TEST(StatsUi, DashboardShowsAQuizsRightAndWrongAnswers) {
    Harness h;
    const auto file = h.dataDir / "stats.sqlite";
    auto opened = db::StatsStore::open(file);
    ASSERT_TRUE(opened.store) << opened.message;
    const int today = db::localDay(std::time(nullptr));
    std::vector<db::Row> rows;
    for (const char* result : {"right", "right", "wrong", "right"}) {
        rows.push_back(db::QuizRow{today, 15, "quiz_answered", "dich-vu-cong", result, 0, -1});
    }
    rows.push_back(db::QuizRow{today, 19, "group_quiz_run", "dich-vu-cong", "", -1, 10});
    rows.push_back(db::QuizRow{today, 20, "group_quiz_run", "dich-vu-cong", "", -1, 6});
    opened.store->write(rows);
    opened.store.reset();
    h.rebuild(nullptr); // the production recorder and dashboard
    h.settle();
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Thống kê sử dụng"));
    ASSERT_EQ(h.screen(), ScreenId::Dashboard);
    const std::string line = "Đố vui: Dịch vụ công trực tuyến: 3 câu trả lời đúng, 1 câu sai "
                             "(75% đúng); 2 lần chơi cả nhóm";
    for (int i = 0; i < 12 && !h.shows(line); ++i) {
        ASSERT_TRUE(h.tap("Xuống"));
    }
    EXPECT_TRUE(h.shows(line));
    EXPECT_TRUE(h.shows("Đố vui: trả lời đúng và sai (30 ngày qua)"));
    EXPECT_FALSE(h.shows("Chưa ai chơi đố vui"));
}
