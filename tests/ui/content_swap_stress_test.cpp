// Content swapped under everything that reads it, through the production wiring (the real
// recorder, statistics and staff files, the USB export and the pack worker): a technician
// runs a group quiz on the screen while an export writes lesson and quiz titles to a stick on
// its own thread, and a signed pack installed from the same stick is swapped in meanwhile.
// Run under ASan and TSan too. Before content was an immutable snapshot, the swap
// move-assigned the new content into the object the export thread was reading (a data race)
// and freed the quiz list the group quiz pointed into (a use after free).
#include "harness.hpp"

#include "db/export.hpp"
#include "db/stats_store.hpp"
#include "tests/support/fill_stats.hpp"
#include "tests/support/pack_fixture.hpp"
#include "tests/support/support.hpp"

#include <chrono>
#include <fstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

using namespace tramso;
using tramso::test::Harness;
namespace fs = std::filesystem;

TEST(ContentSwapStress, ExportPackInstallAndGroupQuizAtOnce) {
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-swap-stress-" + std::to_string(getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(test::makeMinisignKey(dir / "province", "province", dir / "keys"));
    const fs::path stick = dir / "usb" / "STICK";
    const fs::path packs = stick / "TRAMSO" / "packs";
    fs::create_directories(packs);
    const fs::path assets = test::assetsCopy(dir / "assets", "lua-dao-moi");
    // the pack renames a lesson the statistics name: an export must write one title or the
    // other throughout, never the new one in a report begun with the old content
    const std::string oldTitle = "Kích hoạt tài khoản VNeID mức 2";
    const std::string newTitle = "Kích hoạt VNeID bản mới";
    {
        const fs::path lesson = assets / "tutorials" / "02-vneid-kich-hoat.toml";
        std::string text = test::readText(lesson);
        const size_t at = text.find(oldTitle);
        ASSERT_NE(at, std::string::npos);
        text.replace(at, oldTitle.size(), newTitle);
        std::ofstream(lesson, std::ios::binary | std::ios::trunc) << text;
    }
    const fs::path pack = packs / "noi-dung-2026.12.1.tar.gz";
    ASSERT_EQ(test::packFolder(assets, "2026.12.1", pack), "");
    ASSERT_TRUE(test::minisignSign(pack, dir / "province" / "province.key"));
    // the device the folder really is on: a stick whose device is gone is not listed
    struct stat st {};
    ::stat(dir.c_str(), &st);
    std::ofstream(dir / "mountinfo")
        << "40 22 " << major(st.st_dev) << ":" << minor(st.st_dev) << " / " << stick.string()
        << " rw,nosuid - vfat /dev/sdb1 rw\n";
    Config cfg;
    cfg.kioskId = "xa-tan-lap";
    cfg.contentKeysDir = dir / "keys";
    cfg.usbMountRoots = {dir / "usb"};
    Harness h;
    {
        // a month of visits, so that an export takes a while
        auto opened = db::StatsStore::open(h.dataDir / "stats.sqlite");
        ASSERT_TRUE(opened.store) << opened.message;
        test::fillStats(*opened.store, 30000, cfg.kioskId, 7);
    }
    h.staff = db::StaffStore::open(h.dataDir / "staff.sqlite");
    h.mountinfo = dir / "mountinfo";
    h.kioskVersion = "1.0.0";
    h.rebuild(nullptr, cfg); // the production recorder and statistics
    h.addStaff(Role::Technician, "135790");
    h.login("135790");

    ExportService& usb = *h.kiosk->exportService();
    PackService& packService = h.services->packs();
    packService.rescan();
    for (int i = 0; i < 1000 && (usb.sticks().empty() || packService.sticks().empty() ||
                                 packService.sticks()[0].packs.empty());
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        usb.refresh();
        h.frame();
    }
    ASSERT_EQ(usb.sticks().size(), 1u);
    ASSERT_EQ(packService.sticks().size(), 1u);
    ASSERT_EQ(packService.sticks()[0].packs.size(), 1u);
    ASSERT_TRUE(packService.sticks()[0].packs[0].manifest)
        << packService.sticks()[0].packs[0].problem;
    const std::string mount = usb.sticks()[0].mount.string();

    // the group quiz on the screen, its countdown running
    const Quiz quiz = h.shown().quizzes.quizzes.front(); // a copy, to compare with
    h.kiosk->apply(intent::Open{Route{ScreenId::QuizGroup, 0, quiz.id}});
    h.settle();
    ASSERT_EQ(h.screen(), ScreenId::QuizGroup);
    h.kiosk->apply(intent::QuizStart{});
    h.frame();
    ASSERT_NE(h.kiosk->quiz(), nullptr);

    // the install (on the pack worker) and the export (on its own thread) at once
    h.kiosk->apply(intent::ChoosePack{packService.sticks()[0].mount, pack.filename().string()});
    h.kiosk->apply(intent::ConfirmPack{});
    h.kiosk->apply(intent::StartExport{mount});
    ASSERT_EQ(usb.status().state, ExportStatus::State::Running);
    const int generation = h.services->contentGeneration();
    bool swappedDuringExport = false;
    int exports = 1, quizSteps = 0;
    for (int i = 0; i < 6000; ++i) {
        const bool exporting = usb.status().state == ExportStatus::State::Running;
        h.frame(); // swaps the content in beforeFrame once the worker has loaded it
        const bool swapped = h.services->contentGeneration() != generation;
        if (swapped && exporting) {
            swappedDuringExport = true;
        }
        if (!swapped && !exporting) {
            // keep an export running until the swap comes
            ASSERT_EQ(usb.status().state, ExportStatus::State::Done) << usb.status().message;
            std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // a new folder name
            h.kiosk->apply(intent::StartExport{mount});
            ++exports;
        }
        // the room plays on: reveal, next, and again
        if (i % 5 == 0 && h.kiosk->quiz()) {
            const auto phase = h.kiosk->quiz()->phase();
            if (phase == QuizSession::Phase::Question) {
                h.kiosk->apply(intent::QuizReveal{});
            } else {
                h.kiosk->apply(phase == QuizSession::Phase::Answer ? Intent{intent::QuizNext{}}
                                                                   : Intent{intent::QuizStart{}});
            }
            ++quizSteps;
        }
        if (swapped && usb.status().state != ExportStatus::State::Running) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    h.settle();
    ASSERT_EQ(packService.status().state, PackStatus::State::Done) << packService.status().message;
    ASSERT_NE(h.services->contentGeneration(), generation) << "the pack was never swapped in";
    EXPECT_EQ(h.shown().version, "2026.12.1");
    EXPECT_TRUE(swappedDuringExport) << exports << " exports ran, none during the swap";
    ASSERT_EQ(usb.status().state, ExportStatus::State::Done) << usb.status().message;
    EXPECT_EQ(db::verifyExport(stick / usb.status().message), "");
    // the export running when the pack was swapped in wrote the content it started with
    const std::string report = test::readText(stick / usb.status().message / "report.html");
    EXPECT_NE(report.find(oldTitle), std::string::npos);
    EXPECT_EQ(report.find(newTitle), std::string::npos)
        << "a report begun with the old content names the new title";
    EXPECT_NE(h.shown().tutorials.find("vneid-kich-hoat"), nullptr);
    EXPECT_EQ(h.shown().tutorials.find("vneid-kich-hoat")->title.vi, newTitle);
    EXPECT_EQ(h.staff->lastExport().second, usb.status().message)
        << "remembered through the staff store's owner";
    // the quiz played on from its own snapshot
    ASSERT_NE(h.kiosk->quiz(), nullptr);
    EXPECT_EQ(h.screen(), ScreenId::QuizGroup);
    EXPECT_EQ(h.kiosk->quiz()->quiz().title.vi, quiz.title.vi);
    EXPECT_EQ(h.kiosk->quiz()->quiz().questions.size(), quiz.questions.size());
    EXPECT_GT(quizSteps, 0);
    EXPECT_TRUE(h.shows(quiz.title.vi) || h.shows(quiz.title.en) ||
                h.shows(h.kiosk->quiz()->question().question.vi))
        << "the quiz screen still draws the quiz";
    h.services.reset(); // before the folders go
    h.app.reset();
    fs::remove_all(dir);
}
