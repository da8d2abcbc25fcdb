// The technician's content packs by taps: a signed pack on a (fake) stick is listed with what
// it changes, installed after a confirmation with the bar reaching its end, and shown once no
// visit is in progress; a switch made while a resident is in a lesson waits for the visit to
// end; rollback is one tap; a pack signed by a stranger's key shows why it is refused.
#include "harness.hpp"

#include "kiosk/app/pack_worker.hpp"
#include "kiosk/core/base/strings.hpp"
#include "kiosk/core/content/pack_store.hpp"
#include "tests/support/pack_fixture.hpp"

#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace tramso;
using tramso::test::Harness;
namespace fs = std::filesystem;

namespace {

// Frames (with real time for the worker) until `done` or about ten seconds.
template <class F> bool waitFor(Harness& h, F done) {
    for (int i = 0; i < 1000; ++i) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        h.frame();
    }
    return done();
}

} // namespace

TEST(PacksUi, ATechnicianInstallsASignedPackAndRollsBackByTaps) {
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-packs-ui-" + std::to_string(getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(test::makeMinisignKey(dir / "province", "province", dir / "keys"));
    ASSERT_TRUE(test::makeMinisignKey(dir / "stranger", "stranger"));
    const fs::path packs = dir / "usb" / "STICK" / "TRAMSO" / "packs";
    fs::create_directories(packs);
    const fs::path assets = test::assetsCopy(dir / "assets", "lua-dao-moi");
    const fs::path good = packs / "noi-dung-2026.12.1.tar.gz";
    ASSERT_EQ(test::packFolder(assets, "2026.12.1", good), "");
    ASSERT_TRUE(test::minisignSign(good, dir / "province" / "province.key"));
    const fs::path forged = packs / "noi-dung-2026.12.2.tar.gz";
    ASSERT_EQ(test::packFolder(assets, "2026.12.2", forged), "");
    ASSERT_TRUE(test::minisignSign(forged, dir / "stranger" / "stranger.key"));
    std::ofstream(dir / "mountinfo") << "40 22 8:17 / " << (dir / "usb" / "STICK").string()
                                     << " rw,nosuid - vfat /dev/sdb1 rw\n";
    Config cfg;
    cfg.contentKeysDir = dir / "keys";
    cfg.usbMountRoots = {dir / "usb"};
    Harness h;
    h.mountinfo = dir / "mountinfo";
    h.kioskVersion = "1.0.0"; // packs need 0.1.0 or newer
    h.rebuild(&h.recorder, cfg);
    ASSERT_FALSE(h.shown().tutorials.find("lua-dao-moi"));
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap(h.tr("packs.title")));
    ASSERT_EQ(h.screen(), ScreenId::Packs);
    PackService& service = h.services->packs();
    ASSERT_TRUE(waitFor(h, [&] {
        return !service.status().scanning && !service.sticks().empty() &&
               service.sticks()[0].packs.size() == 2;
    }));
    h.settle();
    EXPECT_TRUE(h.shows(fill(h.tr("packs.stick"), "label", "STICK")));
    EXPECT_TRUE(h.shows(h.tr("packs.bundled")));
    EXPECT_TRUE(h.shows(h.tr("packs.no_previous")));
    const StickPack listed = service.sticks()[0].packs[0];
    ASSERT_TRUE(listed.manifest) << listed.problem;
    EXPECT_TRUE(h.shows(fill(fill(fill(h.tr("packs.pack"), "v", "2026.12.1"), "d", "2026-12-01"),
                             "t", "Nội dung 2026.12.1")));
    EXPECT_TRUE(h.shows(fill(h.tr("packs.signer"), "k", listed.signerKeyId)));
    ASSERT_EQ(listed.diff.lessonsAdded.size(), 1u);
    EXPECT_NE(listed.diff.lessonsAdded[0].find("lua-dao-moi"), std::string::npos);
    EXPECT_TRUE(h.shows(fill(h.tr("packs.added"), "l", listed.diff.lessonsAdded[0])));
    // the stranger's pack: refused, with the core's reason, and no install button for it
    const StickPack refused = service.sticks()[0].packs[1];
    EXPECT_FALSE(refused.manifest);
    ASSERT_FALSE(refused.problem.empty());
    EXPECT_TRUE(h.shows(h.tr("packs.refused")));
    EXPECT_TRUE(h.shows(refused.problem));
    h.kiosk->apply(intent::ChoosePack{service.sticks()[0].mount, refused.file});
    EXPECT_FALSE(h.kiosk->packChoice()) << "a refused pack cannot be chosen";

    // install: a confirmation first, then the bar runs to its end
    ASSERT_TRUE(h.tap(h.tr("packs.install")));
    ASSERT_TRUE(h.kiosk->packChoice());
    EXPECT_TRUE(h.shows(fill(fill(h.tr("packs.confirm"), "v", "2026.12.1"), "f", listed.file)));
    EXPECT_EQ(service.status().state, PackStatus::State::Idle) << "nothing before confirming";
    ASSERT_TRUE(h.tap(h.tr("packs.confirm_yes")));
    ASSERT_TRUE(
        waitFor(h, [&] { return service.status().state != PackStatus::State::Installing; }));
    ASSERT_EQ(service.status().state, PackStatus::State::Done) << service.status().message;
    EXPECT_DOUBLE_EQ(service.status().progress, 1.0);
    h.settle();
    EXPECT_TRUE(h.shows(fill(h.tr("packs.installed"), "v", "2026.12.1")));
    EXPECT_TRUE(h.shows(fill(fill(h.tr("packs.version"), "v", "2026.12.1"), "d", "2026-12-01")));
    EXPECT_TRUE(h.shows(fill(h.tr("packs.previous"), "v", h.tr("packs.bundled"))));
    // no visit in progress (a technician is in): the new lesson is there at once
    ASSERT_TRUE(waitFor(h, [&] { return h.shown().tutorials.find("lua-dao-moi") != nullptr; }));
    EXPECT_EQ(h.shown().version, "2026.12.1");

    // `tramso content rollback` while a resident is in the new lesson: it waits
    ASSERT_TRUE(h.tap(h.tr("staff.logout")));
    h.kiosk->apply(intent::StartVisit{});
    h.kiosk->apply(intent::Open{Route{ScreenId::Tutorial, 0, "lua-dao-moi"}});
    h.settle();
    ASSERT_TRUE(h.kiosk->inVisit());
    ASSERT_EQ(h.screen(), ScreenId::Tutorial);
    ASSERT_TRUE(rollbackContent(ContentStore(h.dataDir)).ok);
    ASSERT_TRUE(waitFor(h, [&] { return !service.installed().installed; }));
    for (int i = 0; i < 10; ++i) { // time for a swap that must not happen
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        h.kiosk->touched();
        h.frame();
    }
    EXPECT_TRUE(h.shown().tutorials.find("lua-dao-moi")) << "swapped mid-lesson";
    EXPECT_EQ(h.screen(), ScreenId::Tutorial);
    h.kiosk->apply(intent::Open{Route{ScreenId::Attract}}); // the visit ends
    ASSERT_FALSE(h.kiosk->inVisit());
    ASSERT_TRUE(waitFor(h, [&] { return h.shown().tutorials.find("lua-dao-moi") == nullptr; }));
    EXPECT_EQ(h.shown().version, "");

    // rollback by one tap brings 2026.12.1 back
    h.login("135790");
    ASSERT_TRUE(h.tap(h.tr("packs.title")));
    h.settle();
    EXPECT_TRUE(h.shows(h.tr("packs.bundled")));
    EXPECT_TRUE(h.shows(fill(h.tr("packs.previous"), "v", "2026.12.1")));
    ASSERT_TRUE(h.tap(h.tr("packs.rollback")));
    ASSERT_TRUE(waitFor(h, [&] { return service.status().state == PackStatus::State::Done; }));
    EXPECT_TRUE(service.status().rolledBack);
    ASSERT_TRUE(waitFor(h, [&] { return h.shown().tutorials.find("lua-dao-moi") != nullptr; }));
    h.settle();
    EXPECT_TRUE(h.shows(fill(h.tr("packs.rolled_back"), "v", "2026.12.1")));
    h.services->shutdown();
    fs::remove_all(dir);
}

TEST(PacksUi, AStickWhosePacksFolderIsALinkIsRefused) {
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-packs-link-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "elsewhere" / "packs");
    fs::create_directories(dir / "usb" / "STICK");
    fs::create_directory_symlink(dir / "elsewhere", dir / "usb" / "STICK" / "TRAMSO");
    std::ofstream(dir / "mountinfo") << "40 22 8:17 / " << (dir / "usb" / "STICK").string()
                                     << " rw,nosuid - vfat /dev/sdb1 rw\n";
    Config cfg;
    cfg.usbMountRoots = {dir / "usb"};
    Harness h;
    h.mountinfo = dir / "mountinfo";
    h.rebuild(&h.recorder, cfg);
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap(h.tr("packs.title")));
    PackService& service = h.services->packs();
    ASSERT_TRUE(
        waitFor(h, [&] { return !service.status().scanning && !service.sticks().empty(); }));
    h.settle();
    const std::string why = service.sticks()[0].error;
    EXPECT_NE(why.find("TRAMSO"), std::string::npos) << why;
    EXPECT_TRUE(h.shows(h.tr("packs.stick_refused")));
    EXPECT_TRUE(h.shows(why));
    fs::remove_all(dir);
}

TEST(PacksUi, ATeamMemberWhoIsNotATechnicianHasNoPacksScreen) {
    Harness h;
    h.addStaff(Role::Team, "246800");
    h.login("246800");
    EXPECT_FALSE(h.item(h.tr("packs.title")));
    h.kiosk->apply(intent::Open{Route{ScreenId::Packs}});
    EXPECT_NE(h.screen(), ScreenId::Packs);
}

// An older signed pack after a rollback: the confirm step says it is a downgrade (and from
// which version), and only the deliberate "install the older version" installs it. A FIFO
// named with an escape sequence on the same stick is listed, refused and shown escaped.
TEST(PacksUi, AnOlderPackAfterARollbackNeedsTheDowngradeConfirmed) {
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-packs-down-" + std::to_string(getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(test::makeMinisignKey(dir / "province", "province", dir / "keys"));
    const fs::path packs = dir / "usb" / "STICK" / "TRAMSO" / "packs";
    fs::create_directories(packs);
    const fs::path assets = test::assetsCopy(dir / "assets", "lua-dao-moi");
    const fs::path newer = dir / "noi-dung-2026.5.0.tar.gz";
    ASSERT_EQ(test::packFolder(assets, "2026.5.0", newer), "");
    ASSERT_TRUE(test::minisignSign(newer, dir / "province" / "province.key"));
    const fs::path older = packs / "noi-dung-2026.2.0.tar.gz";
    ASSERT_EQ(test::packFolder(assets, "2026.2.0", older), "");
    ASSERT_TRUE(test::minisignSign(older, dir / "province" / "province.key"));
    ASSERT_EQ(::mkfifo((packs / "\x1b[2Jx.tar").c_str(), 0644), 0);
    std::ofstream(dir / "mountinfo") << "40 22 8:17 / " << (dir / "usb" / "STICK").string()
                                     << " rw,nosuid - vfat /dev/sdb1 rw\n";
    Config cfg;
    cfg.contentKeysDir = dir / "keys";
    cfg.usbMountRoots = {dir / "usb"};
    Harness h;
    {
        // 2026.5.0 was installed, then rolled back to the bundled content
        PackCheckOptions o;
        o.keysDir = dir / "keys";
        o.kioskVersion = "1.0.0";
        std::string error;
        auto src = readPackSource(newer, o.limits, error);
        ASSERT_TRUE(src) << error;
        ASSERT_TRUE(installPack(ContentStore(h.dataDir), *src, o).ok);
        ASSERT_TRUE(rollbackContent(ContentStore(h.dataDir)).ok);
    }
    h.mountinfo = dir / "mountinfo";
    h.kioskVersion = "1.0.0";
    h.rebuild(&h.recorder, cfg);
    h.addStaff(Role::Technician, "135790");
    h.login("135790");
    ASSERT_TRUE(h.tap(h.tr("packs.title")));
    PackService& service = h.services->packs();
    ASSERT_TRUE(waitFor(h, [&] {
        return !service.status().scanning && !service.sticks().empty() &&
               service.sticks()[0].packs.size() == 2;
    }));
    h.settle();
    EXPECT_EQ(service.installed().highestVersion, "2026.5.0");
    // the FIFO: refused without blocking the worker, its name drawn escaped
    const std::vector<PackStickView> sticks = service.sticks(); // a copy: the worker may replace it
    const StickPack& fifo = sticks[0].packs[0];
    EXPECT_FALSE(fifo.manifest);
    EXPECT_NE(fifo.problem.find("named pipe (FIFO)"), std::string::npos) << fifo.problem;
    EXPECT_TRUE(h.shows(fill(h.tr("packs.file"), "f", "\\e[2Jx.tar")));
    // the older pack: a warning that names both versions, and the deliberate button
    // (below the refused FIFO: the technician scrolls down to it)
    ASSERT_TRUE(h.tapScrolled(h.tr("packs.install")));
    ASSERT_TRUE(h.kiosk->packChoice());
    h.settle();
    EXPECT_TRUE(h.shows(fill(fill(h.tr("packs.downgrade"), "v", "2026.2.0"), "h", "2026.5.0")));
    EXPECT_FALSE(h.item(h.tr("packs.confirm_yes"))) << "no plain install for a downgrade";
    ASSERT_TRUE(h.tap(h.tr("packs.downgrade_yes")));
    ASSERT_TRUE(
        waitFor(h, [&] { return service.status().state != PackStatus::State::Installing; }));
    ASSERT_EQ(service.status().state, PackStatus::State::Done) << service.status().message;
    EXPECT_EQ(service.installed().version, "2026.2.0");
    // and without the confirmation the core refuses it (what the screen's step guards)
    InstallResult again;
    {
        PackCheckOptions o;
        o.keysDir = dir / "keys";
        o.kioskVersion = "1.0.0";
        std::string error;
        ASSERT_TRUE(rollbackContent(ContentStore(h.dataDir)).ok);
        auto src = readPackSource(older, o.limits, error);
        ASSERT_TRUE(src) << error;
        again = installPack(ContentStore(h.dataDir), *src, o);
    }
    EXPECT_FALSE(again.ok);
    EXPECT_TRUE(again.downgrade);
    h.services->shutdown();
    fs::remove_all(dir);
}
