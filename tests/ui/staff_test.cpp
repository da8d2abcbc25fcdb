// Staff mode by taps: the hidden gesture, the keypad and its lock, guided sessions for a
// group (what the statistics say about them), the presenter view, the 5-minute logout,
// technician screens, and that a resident cannot tap their way into any of it.
#include "harness.hpp"

#include "db/stats_recorder.hpp"
#include "tests/support/support.hpp"

#include <deque>
#include <filesystem>
#include <set>

using namespace tramso;
using tramso::test::Harness;

namespace {

int64_t count(db::StatsStore& s, const std::string& sql) {
    return test::scalar(s.database(), sql); // after rec.flush(): the writer is idle
}

// Taps Next until the lesson's end screen shows.
void playToEnd(Harness& h) {
    for (int i = 0; i < 12 && !h.shows(h.tr("end.title")); ++i) {
        ASSERT_TRUE(h.tap(h.tr("tutorial.next"))) << "step " << i;
    }
    ASSERT_TRUE(h.shows(h.tr("end.title")));
}

std::filesystem::path tempDir(const std::string& name) {
    return test::freshDir("staff-" + name);
}

} // namespace

TEST(Staff, GestureKeypadPlanForAGroupOfFiveIsRecordedAsAssisted) {
    Harness h;
    auto store = db::StatsStore::memory();
    db::StatsRecorder rec(store.get(), "test-kiosk");
    h.rebuild(&rec);
    h.addStaff(Role::Team, "246810");
    // a short tap on the name does nothing; a 3 s hold opens the keypad
    ASSERT_EQ(h.screen(), ScreenId::Attract);
    ASSERT_TRUE(h.hold(h.kiosk->config().siteName, 1.0));
    EXPECT_NE(h.screen(), ScreenId::StaffLogin);
    h.kiosk->apply(intent::Open{Route{ScreenId::Attract}});
    h.settle();
    ASSERT_TRUE(h.hold(h.kiosk->config().siteName, 3.2));
    ASSERT_EQ(h.screen(), ScreenId::StaffLogin);
    EXPECT_TRUE(h.shows("Nhập mã PIN của tổ"));
    ASSERT_TRUE(h.typePin("246810"));
    ASSERT_EQ(h.screen(), ScreenId::StaffHome);
    EXPECT_TRUE(h.shows("Đang đăng nhập: thành viên tổ"));
    EXPECT_FALSE(h.item("Cài đặt máy")) << "settings are for technicians";

    ASSERT_TRUE(h.tap("Bắt đầu buổi hướng dẫn"));
    ASSERT_EQ(h.screen(), ScreenId::StaffLaunch);
    const Plan& plan = h.content.plans.plans.front();
    ASSERT_GE(plan.tutorials.size(), 2u);
    ASSERT_TRUE(h.tap(plan.title.vi + " (" + std::to_string(plan.tutorials.size()) + " bài)"));
    ASSERT_TRUE(h.tap("Một nhóm"));
    EXPECT_TRUE(h.shows("Nhóm 5 người"));
    ASSERT_TRUE(h.tap("Bắt đầu"));
    ASSERT_EQ(h.screen(), ScreenId::Tutorial);
    for (size_t i = 0; i < plan.tutorials.size(); ++i) {
        ASSERT_EQ(h.kiosk->player()->tutorial().id, plan.tutorials[i]);
        playToEnd(h);
        if (i + 1 < plan.tutorials.size()) {
            const Tutorial* next = h.content.tutorials.find(plan.tutorials[i + 1]);
            ASSERT_TRUE(h.tap("Bài tiếp theo: " + next->title.vi));
        } else {
            ASSERT_TRUE(h.tap("Xong buổi học"));
        }
    }
    // after the plan's last lesson: the team screen, not attract
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    rec.flush();
    EXPECT_EQ(count(*store, "SELECT count(*) FROM sessions WHERE mode = 'assisted' AND "
                            "group_size = 5 AND outcome = 'staff'"),
              1);
    // the short press on the attract screen started (and the test ended) one ordinary visit
    EXPECT_EQ(count(*store, "SELECT count(*) FROM sessions WHERE mode = 'self'"), 1);
    for (const std::string& id : plan.tutorials) {
        EXPECT_EQ(count(*store, "SELECT count(*) FROM events WHERE type = 'tutorial_completed' "
                                "AND tutorial_id = '" +
                                    id + "'"),
                  1)
            << id;
    }
}

TEST(Staff, FiveWrongPinsLockTheKeypadAndTheLockSurvivesAReopen) {
    const auto dir = tempDir("lock");
    Harness h;
    h.staff = db::StaffStore::open(dir / "staff.sqlite");
    h.rebuild(&h.recorder);
    h.addStaff(Role::Technician, "135790");
    h.kiosk->apply(intent::Open{Route{ScreenId::StaffLogin}});
    h.settle();
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(h.typePin("111222"));
        EXPECT_EQ(h.kiosk->loginNotice(), LoginNotice::Wrong);
        EXPECT_TRUE(h.shows("Sai mã PIN. Còn " + std::to_string(4 - i) + " lần thử."));
    }
    ASSERT_TRUE(h.typePin("111222"));
    EXPECT_EQ(h.kiosk->loginNotice(), LoginNotice::Locked);
    EXPECT_TRUE(h.shows("Đã nhập sai quá nhiều lần. Bàn phím tạm khóa, mở lại sau 5:00."));
    // locked: even the right PIN does nothing
    h.typePin("135790");
    EXPECT_EQ(h.screen(), ScreenId::StaffLogin);
    EXPECT_EQ(h.kiosk->pinLength(), 0u);

    // restart: the lock is in the file
    h.staff.reset();
    h.staff = db::StaffStore::open(dir / "staff.sqlite");
    EXPECT_TRUE(isLocked(h.staff->lock(), h.kiosk->wallNow()));
    h.rebuild(&h.recorder);
    h.kiosk->apply(intent::Open{Route{ScreenId::StaffLogin}});
    h.settle();
    EXPECT_EQ(h.kiosk->loginNotice(), LoginNotice::Locked);
    EXPECT_EQ(h.staff->wrongPins(20000101, 29991231), 5) << "counted for the dashboard";

    // five minutes later the keypad works again, and the right PIN opens it
    h.clock.advance(301);
    h.settle();
    h.kiosk->apply(intent::Open{Route{ScreenId::StaffLogin}});
    h.settle();
    ASSERT_TRUE(h.typePin("135790"));
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    EXPECT_TRUE(h.shows("Đang đăng nhập: kỹ thuật viên"));
    std::filesystem::remove_all(dir);
}

TEST(Staff, LoggedOutAfterFiveMinutesWithoutATouchAndNoIdleResetBeforeThat) {
    Harness h;
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Thống kê sử dụng"));
    ASSERT_EQ(h.screen(), ScreenId::Dashboard);
    h.clock.advance(250); // far beyond the resident idle time (90 s): no reset on staff screens
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Dashboard);
    EXPECT_FALSE(h.app->kiosk().idleWarningShown());
    ASSERT_TRUE(h.tap("Quay lại")); // a touch starts the 5 minutes again
    h.clock.advance(299);
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    h.clock.advance(2);
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_FALSE(h.kiosk->staff());
}

TEST(Staff, ARestingTouchOnTheKeypadGoesBackToTheStart) {
    Harness h;
    h.addStaff(Role::Team, "246810");
    ASSERT_TRUE(h.hold(h.kiosk->config().siteName, 3.2));
    ASSERT_TRUE(h.tap("2"));
    h.clock.advance(kKeypadIdleSeconds + 1);
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_EQ(h.kiosk->pinLength(), 0u) << "the typed digits are forgotten";
}

TEST(Staff, WithoutStaffTheGestureShowsHowToAddTheFirstTechnician) {
    Harness h;
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.hold(h.kiosk->config().siteName, 3.2)); // from home too
    ASSERT_EQ(h.screen(), ScreenId::StaffLogin);
    EXPECT_TRUE(h.shows("sudo tramso staff add --role technician"));
    EXPECT_FALSE(h.item("1"));
    ASSERT_TRUE(h.tap("Hủy"));
    EXPECT_EQ(h.screen(), ScreenId::Home);
}

TEST(Staff, PresenterViewForAGroupEndsOnTheTeamScreen) {
    Harness h;
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Bắt đầu buổi hướng dẫn"));
    const Tutorial* t = h.content.tutorials.find("tin-nhan-lua-dao");
    for (int i = 0; i < 10 && !h.item(t->title.vi); ++i) {
        ASSERT_TRUE(h.tap("Xuống"));
    }
    ASSERT_TRUE(h.tap(t->title.vi));
    ASSERT_TRUE(h.tap("Một nhóm"));
    ASSERT_TRUE(h.tap("Thêm 1"));
    ASSERT_TRUE(h.tap("Màn hình trình chiếu (chữ lớn nhất)"));
    ASSERT_TRUE(h.tap("Bắt đầu"));
    ASSERT_EQ(h.screen(), ScreenId::Tutorial);
    EXPECT_EQ(h.kiosk->settings().textSize, TextSize::Large);
    EXPECT_TRUE(h.shows("Trình chiếu cho nhóm 6 người"));
    EXPECT_FALSE(h.item(h.tr("toolbar.help"))) << "the presenter strip replaces the toolbar";
    const auto* next = h.item(h.tr("tutorial.next"));
    ASSERT_TRUE(next);
    EXPECT_GT(next->min.y, h.display.y * 0.75f) << "step controls at the bottom";
    ASSERT_TRUE(h.tap("Kết thúc buổi học"));
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    EXPECT_EQ(h.recorder.ofType(EventType::SessionEnded).back().mode, "assisted");
    EXPECT_EQ(h.recorder.ofType(EventType::SessionEnded).back().groupSize, 6);
}

TEST(Staff, ATechnicianSavesSettingsAndAValueOutOfRangeIsRefused) {
    Harness h;
    std::string file = "# comment kept\nsite_name = \"Nhà văn hóa\"\n";
    h.kiosk->setSettingsSaver([&](const ConfigEdit& e, std::string&) {
        ConfigEditResult r = applyConfigEdit(file, e);
        if (r.config) {
            file = r.text;
        }
        return r;
    });
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap("Cài đặt máy"));
    ASSERT_EQ(h.screen(), ScreenId::Settings);
    // the name typed on a plugged-in keyboard
    ASSERT_TRUE(h.tap("Tên nhà văn hóa"));
    ImGui::GetIO().AddInputCharactersUTF8("Nhà văn hoá xã Tân Lập");
    h.settle();
    EXPECT_EQ(h.kiosk->settingsForm().edit.siteName, "Nhà văn hoá xã Tân Lập");
    // out of range: refused on screen, nothing saved
    h.kiosk->apply(intent::EditSetting{intent::SettingField::IdleSeconds, "5"});
    h.settle();
    ASSERT_TRUE(h.tapScrolled("Lưu cài đặt"));
    EXPECT_TRUE(h.shows("must be between 15 and 3600"));
    EXPECT_TRUE(h.shows("Chưa lưu: hãy sửa các ô báo lỗi."));
    EXPECT_EQ(file, "# comment kept\nsite_name = \"Nhà văn hóa\"\n");
    // a finger alone: +15 from 90
    h.kiosk->apply(intent::EditSetting{intent::SettingField::IdleSeconds, "90"});
    h.settle();
    // back up the (longer) form to the idle time's steps
    for (int i = 0; i < 12 && !h.item("+ 15") && h.tap(h.tr("common.up")); ++i) {
    }
    ASSERT_TRUE(h.tapScrolled("+ 15"));
    EXPECT_EQ(h.kiosk->settingsForm().edit.idleSeconds, "105");
    ASSERT_TRUE(h.tapScrolled("Lưu cài đặt"));
    EXPECT_TRUE(h.shows("Đã lưu và áp dụng."));
    EXPECT_EQ(h.kiosk->config().idleSeconds, 105);
    EXPECT_EQ(h.kiosk->config().siteName, "Nhà văn hoá xã Tân Lập");
    EXPECT_NE(file.find("# comment kept"), std::string::npos);
    EXPECT_NE(file.find("idle_seconds = 105"), std::string::npos);
    // the health screen opens for a technician
    ASSERT_TRUE(h.tap("Quay lại"));
    ASSERT_TRUE(h.tap("Tình trạng máy"));
    EXPECT_EQ(h.screen(), ScreenId::Health);
    // its facts come through the loader its screen table row names (healthData), from the services
    h.settle();
    EXPECT_TRUE(h.shows("bài học, không có lỗi"));
}

TEST(Staff, ATeamMemberCannotOpenTechnicianScreens) {
    Harness h;
    h.addStaff(Role::Team, "246810");
    h.app->open(Route{ScreenId::Settings});
    h.settle();
    ASSERT_TRUE(h.typePin("246810"));
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    EXPECT_TRUE(h.shows("Màn hình này chỉ dành cho kỹ thuật viên."));
    h.app->open(Route{ScreenId::Health});
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
}

// Every screen a resident can reach by tapping anything on any screen reached that way:
// none of them is a staff screen or the keypad.
TEST(Staff, NoResidentScreenReachesAStaffScreenByTaps) {
    Harness h;
    h.addStaff(Role::Technician, "135790");
    std::deque<Route> todo = {Route{ScreenId::Attract}};
    std::set<std::string> seen = {"attract"};
    int taps = 0;
    while (!todo.empty()) {
        const Route r = todo.front();
        todo.pop_front();
        auto openIt = [&] {
            h.kiosk->apply(intent::Open{Route{ScreenId::Attract}});
            if (r.screen != ScreenId::Attract) {
                h.kiosk->apply(intent::Open{r});
            }
            h.settle();
        };
        openIt();
        std::vector<std::string> labels;
        for (const auto& it : h.app->registry().items()) {
            if (it.visible()) {
                labels.push_back(it.label);
            }
        }
        for (const std::string& label : labels) {
            openIt();
            if (!h.tap(label)) {
                continue;
            }
            ++taps;
            const ScreenId s = h.screen();
            ASSERT_FALSE(isStaffScreen(s) || s == ScreenId::StaffLogin)
                << "'" << label << "' on " << routeName(r) << " opened "
                << routeName(h.kiosk->route());
            const std::string name = routeName(h.kiosk->route());
            if (seen.insert(name).second) {
                todo.push_back(h.kiosk->route());
            }
        }
    }
    EXPECT_GT(taps, 100);
    EXPECT_GT(seen.size(), 20u);
}

TEST(Staff, TheSafeScreenAfterACrashLoopWaitsForATechnician) {
    Harness h;
    bool cleared = false;
    h.kiosk->setSafeMode("display: cannot open", [&] { cleared = true; });
    h.settle();
    ASSERT_EQ(h.screen(), ScreenId::Safe);
    EXPECT_TRUE(h.shows("Máy đang tạm nghỉ"));
    EXPECT_TRUE(h.shows("The kiosk is resting"));
    EXPECT_TRUE(h.shows("Mã máy: tramso-01"));
    EXPECT_TRUE(h.shows("Lỗi gần nhất (cho kỹ thuật viên): display: cannot open"));
    h.kiosk->apply(intent::StartVisit{}); // a resident's touch does not start a visit
    h.kiosk->apply(intent::Open{Route{ScreenId::Attract}});
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Safe);
    h.addStaff(Role::Technician, "135790");
    ASSERT_TRUE(h.tap("Dành cho tổ công nghệ số"));
    ASSERT_TRUE(h.typePin("135790"));
    ASSERT_EQ(h.screen(), ScreenId::StaffHome);
    ASSERT_TRUE(h.tap("Thoát chế độ an toàn"));
    EXPECT_TRUE(cleared);
    ASSERT_TRUE(h.tap("Đăng xuất"));
    EXPECT_EQ(h.screen(), ScreenId::Attract);
}
