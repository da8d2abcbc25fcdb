// Sticks mounted for the kiosk through udisks2 (Debian's standard, with the package's polkit
// rule letting the kiosk's user mount removable drives): a removable USB partition holding
// FAT or exFAT is mounted nosuid,nodev,noexec under /media/<user>/LABEL, owned by the kiosk's
// user, so the export and pack scanners see it; after an export is done it is unmounted and
// the drive powered off. Done by spawning `udisksctl` on the USB scanner's thread, never the
// UI's. Without udisksctl (a developer's machine) nothing happens and sticks mounted by
// someone else are used as before. The parsing and the decisions are plain functions, tested
// without udisks2.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

// A block device the kernel lists that may be a stick: removable, or on a USB bus.
struct BlockCandidate {
    std::string name;   // "sdb1" (or "sdb" for a stick without a partition table)
    std::string disk;   // the whole drive: "sdb"
    std::string device; // "8:17"
};

// The partitions (or unpartitioned disks) below `sysRoot`/block whose drive is removable
// (`removable` is 1) or sits on a USB bus (its sysfs path goes through ".../usbN/..."). Loop,
// RAM, zram, optical and device-mapper devices are never candidates; a disk that has
// partitions is not one itself.
std::vector<BlockCandidate> blockCandidates(const std::filesystem::path& sysRoot = "/sys");

// What `udisksctl info -b DEVICE` says about a block device, as far as mounting goes.
struct UdisksBlock {
    std::string idType, idUsage; // "vfat", "filesystem"
    bool hintSystem = true, hintIgnore = false, hintAuto = false;
    std::vector<std::string> mountPoints;
    bool parsed = false; // the Block interface was found
};
UdisksBlock parseUdisksInfo(std::string_view text);

// Mount it: a filesystem the kiosk reads and writes (FAT or exFAT), not a system device, not
// to be ignored, not mounted yet.
bool shouldMount(const UdisksBlock& b);

// The options the kiosk mounts with (udisks2 allows them for FAT and exFAT).
inline constexpr const char* kStickMountOptions = "nosuid,nodev,noexec";

// Runs a program with arguments (no shell), waits at most `timeoutSeconds`; returns its exit
// status (-1 when it could not run or was killed for the timeout) and its standard output.
struct CommandResult {
    int status = -1;
    std::string out, err;
};
using CommandRunner = std::function<CommandResult(const std::vector<std::string>& argv)>;
CommandResult runCommand(const std::vector<std::string>& argv, double timeoutSeconds = 20);

// Where `udisksctl` is (PATH), or "" when udisks2 is not installed.
std::string findUdisksctl();

// The mounting side, owned by the USB scanner's thread. Each new block device is looked at
// once (a stick that udisks refuses is not asked about every second); a device that goes away
// is forgotten, so plugging it in again tries again.
class StickMounter {
  public:
    // `udisksctl`: its path; empty: the mounter does nothing (no udisks2 here).
    StickMounter(std::string udisksctl, CommandRunner run, std::filesystem::path sysRoot = "/sys");
    bool available() const { return !m_tool.empty(); }
    // Looks for new candidates and mounts those udisks2 agrees are sticks. Returns the mount
    // points made this time.
    std::vector<std::string> poll();
    // After "done — safe to remove": unmounts `source` ("/dev/sdb1") and powers its drive
    // off. "" when both worked, else what went wrong (the data is already on the stick).
    // Only reads what the constructor set: the export thread may call it.
    std::string eject(const std::string& source) const;
    // What was logged about the last poll's failures (for tests and the log).
    const std::vector<std::string>& notes() const { return m_notes; }

  private:
    std::string m_tool;
    CommandRunner m_run;
    std::filesystem::path m_sys;
    std::map<std::string, std::string> m_seen; // name → device number when looked at
    std::vector<std::string> m_notes;
};

} // namespace tramso
