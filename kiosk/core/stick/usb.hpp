// USB sticks as the kiosk sees them: mounts under /media, /run/media or a configured root,
// found in /proc/self/mountinfo. Nothing on a stick is ever read as content or executed.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

struct UsbStick {
    std::filesystem::path mount;
    std::string label; // the mount point's last part ("KINGSTON", "usb0")
    bool readOnly = false;
    // Mounted read-write but the kiosk's user may not write on it (mounted by root by hand):
    // a permission problem, not the lock switch.
    bool noPermission = false;
    std::string device;                  // "major:minor" from the mount table
    std::string source;                  // what was mounted ("/dev/sdb1")
    std::string fsType;                  // "vfat", "exfat", "fuseblk" …
    int64_t freeBytes = -1;              // filled in by whoever can statvfs
    std::vector<std::string> incomplete; // export folders on it without a manifest
};

inline const std::vector<std::filesystem::path> kDefaultUsbRoots = {"/media", "/run/media"};

// The mounts in `mountinfo` (the text of /proc/self/mountinfo) strictly below one of
// `roots`, in mount order.
std::vector<UsbStick> findSticks(std::string_view mountinfo,
                                 const std::vector<std::filesystem::path>& roots);

// Whether the device under a mount is gone (the stick was pulled while still mounted: the
// kernel keeps such a mount until someone unmounts it). Looks in `sysRoot`/dev/block for the
// device number, or for a FUSE mount (major 0) at its source device.
bool stickGone(const UsbStick& s, const std::filesystem::path& sysRoot = "/sys");

// What went wrong with an export, for a headline in the technician's language.
enum class ExportProblem {
    None,
    Full,
    ReadOnly,
    NoPermission,
    Removed,
    NameClash,
    Cancelled,
    Other
};

// The technician's export as the kiosk's core drives it; the platform runs it on a thread.
struct ExportStatus {
    enum class State { Idle, Running, Done, Failed };
    State state = State::Idle;
    double progress = 0;                         // 0..1
    ExportProblem problem = ExportProblem::None; // while Failed
    std::string message; // the exporter's words (Failed) or the folder (Done)
    // Done: the stick was unmounted and powered off (udisks2), or why not ("" when the kiosk
    // did not mount it itself).
    bool ejected = false;
    std::string ejectNote;
};

class ExportService {
  public:
    virtual ~ExportService() = default;
    virtual void start(const std::filesystem::path& stick) = 0;
    virtual void cancel() = 0;
    virtual ExportStatus status() const = 0;
    // Between frames (at most once a second): takes the last look at the sticks and asks
    // for a new one. Never blocks: the mount table and the sticks are read off the UI
    // thread, so sticks() lags by up to one call.
    virtual void refresh() = 0;
    virtual const std::vector<UsbStick>& sticks() const = 0;
};

} // namespace tramso
