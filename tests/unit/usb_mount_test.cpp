// Sticks without a desktop: what udisks2 is asked and when (a fake udisksctl and a fake
// sysfs), which sticks are offered (a pulled one is not), and the export's order — written,
// synced to the stick, read back, done — with each stick error's own problem.
#include "db/usb_export.hpp"
#include "kiosk/core/stick/udisks.hpp"
#include "kiosk/core/stick/usb.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& f, const std::string& text) {
    fs::create_directories(f.parent_path());
    std::ofstream(f) << text;
}

// A sysfs with one internal disk (sda, two partitions), a USB stick (sdb, one partition, not
// flagged removable but on a USB bus), a card reader without a card (sdc), a loop device.
void fakeSys(const fs::path& sys) {
    const fs::path dev = sys / "devices";
    put(dev / "pci0000:00/ata1/host0/block/sda/removable", "0\n");
    put(dev / "pci0000:00/ata1/host0/block/sda/size", "100000\n");
    put(dev / "pci0000:00/ata1/host0/block/sda/dev", "8:0\n");
    put(dev / "pci0000:00/ata1/host0/block/sda/sda1/partition", "1\n");
    put(dev / "pci0000:00/ata1/host0/block/sda/sda1/dev", "8:1\n");
    const fs::path usb = dev / "pci0000:00/0000:00:14.0/usb2/2-1/host6/block/sdb";
    put(usb / "removable", "0\n");
    put(usb / "size", "15000000\n");
    put(usb / "dev", "8:16\n");
    put(usb / "sdb1/partition", "1\n");
    put(usb / "sdb1/dev", "8:17\n");
    put(dev / "pci0000:00/0000:00:14.0/usb2/2-2/host7/block/sdc/removable", "1\n");
    put(dev / "pci0000:00/0000:00:14.0/usb2/2-2/host7/block/sdc/size", "0\n");
    put(dev / "virtual/block/loop0/removable", "0\n");
    put(dev / "virtual/block/loop0/size", "100\n");
    fs::create_directories(sys / "block");
    fs::create_directories(sys / "class" / "block");
    fs::create_directories(sys / "dev" / "block");
    auto linkDir = [&](const fs::path& target, const std::string& name) {
        fs::create_directory_symlink(target, sys / "block" / name);
    };
    linkDir(dev / "pci0000:00/ata1/host0/block/sda", "sda");
    linkDir(usb, "sdb");
    linkDir(dev / "pci0000:00/0000:00:14.0/usb2/2-2/host7/block/sdc", "sdc");
    linkDir(dev / "virtual/block/loop0", "loop0");
    fs::create_directory_symlink(usb / "sdb1", sys / "class" / "block" / "sdb1");
    fs::create_directory_symlink(usb / "sdb1", sys / "dev" / "block" / "8:17");
}

std::string info(const std::string& type, const std::string& usage, bool system,
                 const std::string& mountPoint = "") {
    return "/org/freedesktop/UDisks2/block_devices/sdb1:\n"
           "  org.freedesktop.UDisks2.Block:\n"
           "    Device:                     /dev/sdb1\n"
           "    HintAuto:                   true\n"
           "    HintIgnore:                 false\n"
           "    HintSystem:                 " +
           std::string(system ? "true" : "false") +
           "\n"
           "    IdLabel:                    STICK\n"
           "    IdType:                     " +
           type +
           "\n"
           "    IdUsage:                    " +
           usage +
           "\n"
           "    Symlinks:                   /dev/disk/by-id/usb-X-part1\n"
           "                                /dev/disk/by-uuid/1234-ABCD\n"
           "  org.freedesktop.UDisks2.Filesystem:\n"
           "    MountPoints:                " +
           mountPoint +
           "\n"
           "    Size:                       0\n";
}

} // namespace

TEST(Udisks, InfoIsReadForTheKeysThatDecideAMount) {
    UdisksBlock b = parseUdisksInfo(info("vfat", "filesystem", false));
    EXPECT_TRUE(b.parsed);
    EXPECT_EQ(b.idType, "vfat");
    EXPECT_FALSE(b.hintSystem);
    EXPECT_TRUE(b.mountPoints.empty()); // the symlinks' second line is not a mount point
    EXPECT_TRUE(shouldMount(b));
    EXPECT_TRUE(shouldMount(parseUdisksInfo(info("exfat", "filesystem", false))));
    EXPECT_FALSE(shouldMount(parseUdisksInfo(info("ext4", "filesystem", false))));
    EXPECT_FALSE(shouldMount(parseUdisksInfo(info("vfat", "filesystem", true)))); // a system disk
    EXPECT_FALSE(shouldMount(parseUdisksInfo(info("", "", false))));              // not probed
    UdisksBlock m = parseUdisksInfo(info("vfat", "filesystem", false, "/media/tramso/STICK"));
    EXPECT_EQ(m.mountPoints, std::vector<std::string>{"/media/tramso/STICK"});
    EXPECT_FALSE(shouldMount(m));
    EXPECT_FALSE(parseUdisksInfo("Error looking up object for device /dev/sdz").parsed);
}

TEST(Udisks, CandidatesAreRemovableOrUsbPartitionsNeverTheSystemDisk) {
    test::TempDir d("sys");
    fakeSys(d.path());
    std::vector<BlockCandidate> c = blockCandidates(d.path());
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].name, "sdb1");
    EXPECT_EQ(c[0].disk, "sdb");
    EXPECT_EQ(c[0].device, "8:17");
}

TEST(Udisks, ANewStickIsMountedOnceWithSafeOptionsAndEjectedAfterwards) {
    test::TempDir d("mounter");
    fakeSys(d.path());
    std::vector<std::vector<std::string>> calls;
    std::string answer = info("", "", false); // udisks has not probed it yet
    StickMounter m(
        "/usr/bin/udisksctl",
        [&](const std::vector<std::string>& argv) {
            calls.push_back(argv);
            CommandResult r;
            r.status = 0;
            if (argv[1] == "info") {
                r.out = answer;
            } else if (argv[1] == "mount") {
                r.out = "Mounted /dev/sdb1 at /media/tramso/STICK\n";
            }
            return r;
        },
        d.path());
    EXPECT_TRUE(m.poll().empty());
    ASSERT_EQ(calls.size(), 1u); // asked, not decided: asked again next time
    answer = info("vfat", "filesystem", false);
    EXPECT_EQ(m.poll(), std::vector<std::string>{"/media/tramso/STICK"});
    ASSERT_EQ(calls.size(), 3u);
    EXPECT_EQ(calls[2],
              (std::vector<std::string>{"/usr/bin/udisksctl", "mount", "-b", "/dev/sdb1", "-o",
                                        "nosuid,nodev,noexec", "--no-user-interaction"}));
    EXPECT_TRUE(m.poll().empty()); // seen: not asked about every second
    EXPECT_EQ(calls.size(), 3u);
    // pulled and plugged in again: looked at afresh
    fs::remove(d.path() / "block" / "sdb");
    m.poll();
    fs::create_directory_symlink(d.path() /
                                     "devices/pci0000:00/0000:00:14.0/usb2/2-1/host6/block/sdb",
                                 d.path() / "block" / "sdb");
    EXPECT_EQ(m.poll().size(), 1u);

    calls.clear();
    EXPECT_EQ(m.eject("/dev/sdb1"), "");
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0][1], "unmount");
    EXPECT_EQ(calls[1], (std::vector<std::string>{"/usr/bin/udisksctl", "power-off", "-b",
                                                  "/dev/sdb", "--no-user-interaction"}));
}

TEST(Udisks, WithoutUdisksNothingIsAskedAndARefusalIsReported) {
    int calls = 0;
    StickMounter none("", [&](const std::vector<std::string>&) {
        ++calls;
        return CommandResult{};
    });
    EXPECT_FALSE(none.available());
    EXPECT_TRUE(none.poll().empty());
    EXPECT_FALSE(none.eject("/dev/sdb1").empty());
    EXPECT_EQ(calls, 0);

    StickMounter refused("udisksctl", [](const std::vector<std::string>& argv) {
        CommandResult r;
        r.status = argv[1] == "unmount" ? 1 : 0;
        r.err = "Error unmounting /dev/sdb1: target is busy";
        return r;
    });
    EXPECT_NE(refused.eject("/dev/sdb1").find("busy"), std::string::npos);
}

TEST(Udisks, ACommandRunsWithoutAShellAndItsOutputIsKept) {
    CommandResult r = runCommand({"printf", "%s", "a b; echo no"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "a b; echo no");
    EXPECT_EQ(runCommand({"false"}).status, 1);
    EXPECT_NE(runCommand({"/nonexistent/udisksctl"}).status, 0);
}

TEST(Usb, APulledStickIsGoneEvenThoughItIsStillMounted) {
    test::TempDir d("gone");
    fakeSys(d.path());
    const std::string mountinfo =
        "36 35 8:17 / /media/tramso/STICK rw,nosuid,nodev,noexec - vfat /dev/sdb1 rw\n"
        "37 35 8:33 / /media/tramso/OLD rw,nosuid - vfat /dev/sdc1 rw\n"
        "38 35 0:51 / /media/tramso/EX rw - fuseblk /dev/sdd1 rw\n";
    std::vector<UsbStick> s = findSticks(mountinfo, {"/media"});
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].device, "8:17");
    EXPECT_EQ(s[0].source, "/dev/sdb1");
    EXPECT_EQ(s[0].fsType, "vfat");
    EXPECT_FALSE(stickGone(s[0], d.path()));
    EXPECT_TRUE(stickGone(s[1], d.path())); // 8:33 left the machine
    EXPECT_TRUE(stickGone(s[2], d.path())); // FUSE: its /dev/sdd1 is not there
}

TEST(ExportOrder, WrittenThenSyncedThenReadBackThenDone) {
    std::vector<std::string> order;
    auto steps = [&](int syncErr, std::string verifyWhy) {
        return db::ExportSteps{[&] {
                                   order.push_back("write");
                                   db::ExportResult r;
                                   r.ok = true;
                                   r.folder = "/media/s/TRAMSO/k/1";
                                   return r;
                               },
                               [&, syncErr](const fs::path&) {
                                   order.push_back("sync");
                                   return syncErr;
                               },
                               [&, verifyWhy](const fs::path&) {
                                   order.push_back("verify");
                                   return verifyWhy;
                               }};
    };
    db::ExportResult ok = db::runExportSteps(steps(0, ""));
    EXPECT_TRUE(ok.ok);
    EXPECT_EQ(order, (std::vector<std::string>{"write", "sync", "verify"}));
    order.clear();
    db::ExportResult pulled = db::runExportSteps(steps(EIO, ""));
    EXPECT_FALSE(pulled.ok);
    EXPECT_EQ(pulled.problem, ExportProblem::Removed);
    EXPECT_EQ(order, (std::vector<std::string>{"write", "sync"})); // never checked, never done
    order.clear();
    EXPECT_EQ(db::runExportSteps(steps(ENOSPC, "")).problem, ExportProblem::Full);
    order.clear();
    db::ExportResult bad = db::runExportSteps(steps(0, "report.html does not match"));
    EXPECT_FALSE(bad.ok);
    EXPECT_EQ(bad.error, "report.html does not match");
}

TEST(ExportOrder, EachStickErrorHasItsOwnProblem) {
    EXPECT_EQ(db::problemOfErrno(EROFS), ExportProblem::ReadOnly);
    EXPECT_EQ(db::problemOfErrno(EACCES), ExportProblem::NoPermission);
    EXPECT_EQ(db::problemOfErrno(EPERM), ExportProblem::NoPermission);
    EXPECT_EQ(db::problemOfErrno(ENOSPC), ExportProblem::Full);
    EXPECT_EQ(db::problemOfErrno(EIO), ExportProblem::Removed);
    EXPECT_EQ(db::problemOfErrno(ENODEV), ExportProblem::Removed);
}

TEST(ExportOrder, SyncingAFolderToAStickWorksOnAPlainFolder) {
    test::TempDir d("sync");
    const fs::path folder = d.path() / "TRAMSO" / "k" / "20260101-000000";
    put(folder / "a.csv", "x");
    EXPECT_EQ(db::syncToStick(d.path(), folder), 0);
    EXPECT_EQ(db::syncToStick(d.path(), d.path() / "TRAMSO" / "gone"), ENOENT);
}
