// The export behind the technician's screen: finds sticks in the mount table and looks at
// them (free space, unfinished exports) on a scanning thread, runs the export on its own
// thread (the kiosk keeps drawing) over the content snapshot shown when it started, and
// remembers the last good export in the staff store (for --since-last and the health
// screen) through the store's owner, on the UI thread: the export thread never opens
// staff.sqlite. The UI thread only copies locked results.
#pragma once
#include "export.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/stick/udisks.hpp"
#include "kiosk/core/stick/usb.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace tramso::db {

class StaffStore;

// How long a cancelled export may go without progress at quit before it is given up.
inline constexpr std::chrono::milliseconds kExportQuitStall{5000};

// The end of an export, always in this order: the files are written, everything reaches the
// stick (a FAT driver keeps data in memory long after write() returned: pulled 10 s after
// "done", a stick held nine empty files), the folder is read back from the stick and checked,
// and only then is the export done. A failing step stops the rest.
struct ExportSteps {
    std::function<ExportResult()> write;
    std::function<int(const std::filesystem::path& folder)> sync; // 0, or the errno
    std::function<std::string(const std::filesystem::path& folder)> verify;
};
ExportResult runExportSteps(const ExportSteps& steps);

// Pushes an export folder to the stick mounted at `stick`: fsyncs each file, then the folders
// from it up to the stick's root, then syncfs on the whole stick, then drops the files'
// cached pages so that reading them back reads the stick. 0, or the errno of what failed.
int syncToStick(const std::filesystem::path& stick, const std::filesystem::path& folder);

class UsbExport final : public ExportService {
  public:
    // `config` is read when an export starts (the kiosk id may have been changed since), and
    // `content` called then (UI thread) for the snapshot whose titles the export writes.
    // `staff` (the UI thread's store, may be null) remembers each good export in deliver().
    // Sticks are mounted through `udisksctl` when it is installed (found on PATH; "" turns
    // mounting off).
    UsbExport(const Config& config, std::filesystem::path dataDir,
              std::function<ContentPtr()> content, StaffStore* staff,
              std::filesystem::path mountinfo = "/proc/self/mountinfo",
              std::string udisksctl = findUdisksctl());
    // Cancels a running export and waits for it and the scanner; an export stuck on a stick
    // that stopped answering is given up after kExportQuitStall without progress.
    ~UsbExport() override;

    void start(const std::filesystem::path& stick) override;
    void cancel() override;
    ExportStatus status() const override;
    // Takes the last scan's result (UI thread) and asks the scanning thread for a new one;
    // never reads the mount table or a stick itself.
    void refresh() override;
    const std::vector<UsbStick>& sticks() const override { return m_sticks; }
    // How many scans have finished (tests wait on it).
    uint64_t scansDone() const;
    // UI thread, between frames: an export that finished and verified since the last call is
    // remembered in the staff store (its owner's connection).
    void deliver();
    // Cancels a running export and waits for it (then deliver() may still remember one that
    // finished before). An export that makes no progress for kExportQuitStall after the
    // cancel (its thread waits in the kernel on a stick that stopped answering) is given up:
    // its thread is left behind, owning all it touches, and the status says so.
    void stop();

  private:
    void scanLoop();
    std::vector<UsbStick> scan(const std::vector<std::filesystem::path>& roots) const;
    // UI thread: the looks at the sticks taken while the last export ran are out of date
    // once it ended (its own folder listed as unfinished, the stick it ejected still there)
    // until a look that began after the end comes in.
    void dropWhatTheExportChanged(std::vector<UsbStick>& sticks) const;

    const Config& m_config;
    std::filesystem::path m_dataDir;
    std::function<ContentPtr()> m_content;
    StaffStore* m_staff;
    std::filesystem::path m_mountinfo;
    std::vector<UsbStick> m_sticks; // the UI thread's copy
    // the scanning thread and its locked status value
    mutable std::mutex m_scanMutex;
    std::condition_variable m_scanWake;
    std::vector<std::filesystem::path> m_scanRoots;
    std::vector<UsbStick> m_scanned;
    uint64_t m_scanCount = 0;
    bool m_scanWanted = false, m_scanStop = false;
    std::thread m_scanner;
    // udisks2: poll() on the scanning thread only; the export's thread ejects through an
    // instance of its own (shared, so a thread given up at quit still owns it)
    StickMounter m_mounter;
    std::shared_ptr<const StickMounter> m_ejector;
    // One export, shared by the UI thread and that export's thread. The thread holds a
    // reference and touches nothing else of this object, so it can be given up at quit.
    struct Job {
        mutable std::mutex m;
        std::condition_variable cv;
        bool ended = false; // the thread has set its result
        ExportStatus status;
        std::optional<std::pair<int64_t, std::string>> finished; // to remember (deliver)
        std::atomic<double> progress{0};
        std::atomic<uint64_t> moves{0}; // progress reports (stop() waits while they come)
        std::atomic<bool> cancel{false};
    };
    std::shared_ptr<Job> m_job;       // the last export started (UI thread)
    std::filesystem::path m_jobStick; // where it writes (UI thread)
    // the UI thread's view of its end: seen, and the first scan that began after it
    bool m_jobEndSeen = true;
    uint64_t m_freshScan = 0;
    ExportStatus m_jobEnd;
    std::atomic<bool> m_scanQuit{false}; // set at quit: stick looks in flight are given up
    std::thread m_thread;
};

} // namespace tramso::db
