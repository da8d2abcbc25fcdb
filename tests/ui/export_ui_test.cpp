// The technician's export by taps: the stick shows with its free space, the export runs on
// its own thread while frames keep coming, and "done, safe to remove" appears only when the
// folder is complete and verified.
#include "harness.hpp"

#include "db/export.hpp"
#include "db/stats_recorder.hpp"
#include "db/usb_export.hpp"
#include "tests/support/support.hpp"

#include <fstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>

using namespace tramso;
using tramso::test::Harness;
namespace fs = std::filesystem;

namespace {
// The stick is looked at on the scanning thread; frames pass (the screen asks again each
// second) until its result is in.
void waitForSticks(Harness& h, ExportService& usb, size_t n) {
    for (int i = 0; i < 600 && usb.sticks().size() != n; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        h.frame();
    }
    h.settle();
}
} // namespace

TEST(ExportUi, ATechnicianExportsToAStickByTaps) {
    test::TempDir tmp("export-ui");
    const fs::path dir = tmp.path();
    fs::create_directories(dir / "data");
    fs::create_directories(dir / "usb" / "STICK");
    // the device the folder really is on: a stick whose device is gone is not listed
    struct stat st {};
    ::stat(dir.c_str(), &st);
    std::ofstream(dir / "mountinfo")
        << "40 22 " << major(st.st_dev) << ":" << minor(st.st_dev) << " / "
        << (dir / "usb" / "STICK").string() << " rw,nosuid - vfat /dev/sdb1 rw\n";
    Config cfg;
    cfg.kioskId = "xa-tan-lap";
    cfg.usbMountRoots = {dir / "usb"};
    Harness h;
    {
        auto opened = db::StatsStore::open(dir / "data" / "stats.sqlite");
        db::StatsRecorder rec(opened.store.get(), cfg.kioskId);
        h.rebuild(&rec, cfg);
        ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
        ASSERT_TRUE(h.tap(h.tr("home.portals.title")));
        h.kiosk->apply(intent::Open{Route{ScreenId::Attract}});
        rec.flush();
        h.rebuild(&h.recorder, cfg);
    }
    // the production wiring's export: it remembers the folder through the kiosk's own staff
    // store (the export thread never opens staff.sqlite)
    h.staff = db::StaffStore::open(dir / "data" / "staff.sqlite");
    h.mountinfo = dir / "mountinfo";
    cfg.dataDir = dir / "data";
    h.rebuild(&h.recorder, cfg);
    ExportService& usb = *h.kiosk->exportService();
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap("Xuất dữ liệu ra USB"));
    ASSERT_EQ(h.screen(), ScreenId::Export);
    waitForSticks(h, usb, 1);
    ASSERT_EQ(usb.sticks().size(), 1u);
    EXPECT_TRUE(
        h.shows("USB: STICK — còn trống " + humanBytes(usb.sticks().at(0).freeBytes, true)));
    ASSERT_TRUE(h.tap("Xuất vào USB này"));
    for (int i = 0; i < 400 && usb.status().state == ExportStatus::State::Running; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        h.frame();
    }
    h.settle();
    ASSERT_EQ(usb.status().state, ExportStatus::State::Done) << usb.status().message;
    EXPECT_TRUE(h.shows("Đã xong — có thể rút USB"));
    const fs::path folder = dir / "usb" / "STICK" / usb.status().message;
    EXPECT_EQ(db::verifyExport(folder), "");
    EXPECT_EQ(folder.parent_path().filename(), "xa-tan-lap");
    EXPECT_EQ(h.staff->lastExport().second, usb.status().message) << "remembered";
    // the stick pulled out between screens (still listed): a clear message, no crash
    fs::remove_all(dir / "usb" / "STICK");
    ASSERT_TRUE(h.tap("Xuất vào USB này"));
    for (int i = 0; i < 400 && usb.status().state == ExportStatus::State::Running; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        h.frame();
    }
    h.settle();
    EXPECT_EQ(usb.status().state, ExportStatus::State::Failed);
    EXPECT_TRUE(h.shows("USB đã bị rút ra hoặc bị lỗi khi đang chép."));
    // a path the screen did not list is never written to: no export starts, and not one
    // file appears or changes anywhere under the test's folder
    const ExportStatus failed = usb.status();
    const std::vector<std::string> before = test::filesBelow(dir);
    h.kiosk->apply(intent::StartExport{(dir / "data").string()});
    for (int i = 0; i < 20; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        h.frame();
    }
    EXPECT_EQ(usb.status().state, ExportStatus::State::Failed);
    EXPECT_EQ(usb.status().message, failed.message) << "no new export ran";
    EXPECT_EQ(test::filesBelow(dir), before);
    EXPECT_FALSE(fs::exists(dir / "data" / "TRAMSO"));
}
