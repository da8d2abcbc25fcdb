// One export at a time; the status is copied under a mutex, progress is an atomic.
#include "usb_export.hpp"

#include "kiosk/core/base/abandoned_work.hpp"

#include "export.hpp"
#include "kiosk/core/base/log.hpp"
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "staff_store.hpp"
#include <cstring>

#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <sys/statvfs.h>
#include <unistd.h>

namespace tramso::db {
namespace fs = std::filesystem;

namespace {

// What a failed sync means to the technician (the write itself went through).
std::string syncError(int err) {
    switch (problemOfErrno(err)) {
    case ExportProblem::Full:
        return "the USB stick is full (while saving the export to it); delete old files from it "
               "or use a bigger stick, then try again";
    case ExportProblem::Removed:
        return "the USB stick was removed or stopped answering while the export was saved to "
               "it; plug it in again and export again";
    default:
        return std::string("the export could not be saved to the USB stick: ") + std::strerror(err);
    }
}

int fsyncPath(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return errno;
    }
    int err = ::fsync(fd) == 0 || errno == EINVAL ? 0 : errno; // some cannot sync folders
    ::close(fd);
    return err;
}

} // namespace

int syncToStick(const fs::path& stick, const fs::path& folder) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
        files.push_back(e.path());
    }
    if (ec) {
        return ec.value();
    }
    for (const fs::path& f : files) {
        if (int err = fsyncPath(f, 0)) {
            return err;
        }
    }
    // the folder, its parents up to TRAMSO, and the stick's root: every new name is durable
    const fs::path root = stick.lexically_normal();
    for (fs::path d = folder.lexically_normal();; d = d.parent_path()) {
        if (int err = fsyncPath(d, O_DIRECTORY)) {
            return err;
        }
        if (d == root || !d.has_relative_path() || d == d.parent_path()) {
            break;
        }
    }
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    // the whole filesystem: a FAT's allocation table and directory entries too
    int err = ::syncfs(fd) == 0 ? 0 : errno;
    ::close(fd);
    if (err) {
        return err;
    }
    // what is read back must come from the stick, not from what the kernel still holds
    for (const fs::path& f : files) {
        int ffd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (ffd >= 0) {
            ::posix_fadvise(ffd, 0, 0, POSIX_FADV_DONTNEED);
            ::close(ffd);
        }
    }
    return 0;
}

ExportResult runExportSteps(const ExportSteps& steps) {
    ExportResult r = steps.write();
    if (!r.ok) {
        return r;
    }
    if (int err = steps.sync(r.folder); err != 0) {
        r.ok = false;
        r.problem = problemOfErrno(err);
        r.error = syncError(err);
        return r;
    }
    if (std::string why = steps.verify(r.folder); !why.empty()) {
        r.ok = false;
        r.problem = ExportProblem::Other;
        r.error = why;
    }
    return r;
}

UsbExport::UsbExport(const Config& config, fs::path dataDir, std::function<ContentPtr()> content,
                     StaffStore* staff, fs::path mountinfo, std::string udisksctl)
    : m_config(config), m_dataDir(std::move(dataDir)), m_content(std::move(content)),
      m_staff(staff), m_mountinfo(std::move(mountinfo)),
      m_mounter(std::move(udisksctl),
                [](const std::vector<std::string>& argv) { return runCommand(argv); }),
      m_ejector(std::make_shared<const StickMounter>(m_mounter)) {
    if (m_mounter.available()) {
        log::info("USB: sticks are mounted through udisks2");
    }
    m_scanner = std::thread([this] { scanLoop(); });
}

UsbExport::~UsbExport() {
    if (m_job) {
        m_job->cancel = true;
    }
    m_scanQuit = true; // a look at a stick that stopped answering is left behind
    {
        std::lock_guard lock(m_scanMutex);
        m_scanStop = true;
    }
    m_scanWake.notify_all();
    m_scanner.join();
    stop();
}

void UsbExport::stop() {
    if (!m_thread.joinable()) {
        return;
    }
    const std::shared_ptr<Job> job = m_job;
    job->cancel = true;
    std::unique_lock lock(job->m);
    uint64_t seen = job->moves.load();
    auto lastMove = std::chrono::steady_clock::now();
    while (!job->cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return job->ended; })) {
        const auto now = std::chrono::steady_clock::now();
        if (const uint64_t m = job->moves.load(); m != seen) {
            seen = m;
            lastMove = now;
        } else if (now - lastMove >= kExportQuitStall) {
            // its thread waits in the kernel on a stick that stopped answering: left behind
            // (it owns `job` and all else it touches), so the kiosk can still quit
            job->status.state = ExportStatus::State::Failed;
            job->status.problem = ExportProblem::Removed;
            job->status.progress = job->progress.load();
            job->status.message = "the USB stick stopped answering while the export was written; "
                                  "the export was given up (it has no manifest, so it counts as "
                                  "unfinished): pull the stick out";
            lock.unlock();
            log::warn("export: " + job->status.message);
            m_thread.detach();
            noteWorkAbandoned(); // the process then leaves without waiting for it
            return;
        }
    }
    lock.unlock();
    m_thread.join();
}

void UsbExport::deliver() {
    std::optional<std::pair<int64_t, std::string>> done;
    if (m_job) {
        std::lock_guard lock(m_job->m);
        done.swap(m_job->finished);
    }
    if (!done || !m_staff) {
        return;
    }
    try {
        m_staff->setLastExport(done->first, done->second);
    } catch (const std::exception& e) {
        log::error(std::string("export: done, but it cannot be remembered: ") + e.what());
    }
}

void UsbExport::refresh() {
    // the config belongs to the UI thread (the settings form replaces it): the roots are
    // copied here and handed over with the request
    std::vector<fs::path> roots = kDefaultUsbRoots;
    roots.insert(roots.end(), m_config.usbMountRoots.begin(), m_config.usbMountRoots.end());
    const ExportStatus st = status();
    const bool ended =
        st.state == ExportStatus::State::Done || st.state == ExportStatus::State::Failed;
    uint64_t scans = 0;
    {
        std::lock_guard lock(m_scanMutex);
        m_scanRoots = std::move(roots);
        if (m_scanCount > 0) {
            m_sticks = m_scanned;
        }
        m_scanWanted = true;
        scans = m_scanCount;
        if (ended && !m_jobEndSeen) {
            // a scan under way now may have begun before the end: the one after it has not
            m_jobEndSeen = true;
            m_jobEnd = st;
            m_freshScan = m_scanCount + 2;
        }
    }
    m_scanWake.notify_one();
    if (scans < m_freshScan) {
        dropWhatTheExportChanged(m_sticks);
    }
}

void UsbExport::dropWhatTheExportChanged(std::vector<UsbStick>& sticks) const {
    if (m_jobEnd.state != ExportStatus::State::Done) {
        return; // a failed export's folder is unfinished indeed
    }
    if (m_jobEnd.ejected) { // unmounted and powered off: not there to export to any more
        std::erase_if(sticks, [&](const UsbStick& s) { return s.mount == m_jobStick; });
        return;
    }
    for (UsbStick& s : sticks) {
        if (s.mount == m_jobStick) { // its folder is finished (m_jobEnd.message: the folder)
            std::erase(s.incomplete, m_jobEnd.message);
        }
    }
}

uint64_t UsbExport::scansDone() const {
    std::lock_guard lock(m_scanMutex);
    return m_scanCount;
}

void UsbExport::scanLoop() {
    for (;;) {
        std::vector<fs::path> roots;
        {
            std::unique_lock lock(m_scanMutex);
            m_scanWake.wait(lock, [this] { return m_scanStop || m_scanWanted; });
            if (m_scanStop) {
                return;
            }
            m_scanWanted = false;
            roots = m_scanRoots;
        }
        // a stick that stopped answering blocks this thread, never the frame
        for (const std::string& m : m_mounter.poll()) {
            log::info("USB: mounted a stick at " + m);
        }
        for (const std::string& n : m_mounter.notes()) {
            log::warn("USB: " + n);
        }
        std::vector<UsbStick> found = scan(roots);
        std::lock_guard lock(m_scanMutex);
        m_scanned = std::move(found);
        ++m_scanCount;
    }
}

std::vector<UsbStick> UsbExport::scan(const std::vector<fs::path>& roots) const {
    auto text = readFile(m_mountinfo);
    std::vector<UsbStick> sticks = text ? findSticks(*text, roots) : std::vector<UsbStick>{};
    // a stick pulled while mounted stays in the mount table: it is not offered any more
    std::erase_if(sticks, [](const UsbStick& s) { return stickGone(s); });
    for (UsbStick& s : sticks) {
        s.label = printableName(s.label); // the stick's own name: shown, never trusted
        // looked at on a thread of its own: a stick that stops answering is given up (and
        // the kiosk can still quit) instead of holding this thread in the kernel for good
        struct Look {
            int64_t freeBytes = -1;
            bool readOnly = false;
            bool noPermission = false;
            std::vector<std::string> incomplete;
        };
        auto look = std::make_shared<Look>();
        const fs::path mount = s.mount;
        const bool answered = runAbandonable(
            [look, mount] {
                struct statvfs v {};
                if (::statvfs(mount.c_str(), &v) == 0) {
                    look->freeBytes =
                        static_cast<int64_t>(v.f_bavail) * static_cast<int64_t>(v.f_frsize);
                    look->readOnly = (v.f_flag & ST_RDONLY) != 0;
                }
                look->noPermission =
                    ::access(mount.c_str(), W_OK) != 0 && (errno == EACCES || errno == EPERM);
                look->incomplete = incompleteExports(mount);
            },
            kStickStall, &m_scanQuit);
        if (!answered) {
            if (!m_scanQuit) {
                log::error("export: the USB stick " + printableName(mount.string()) +
                           " stopped answering; it was given up (pull it out and plug it in "
                           "again)");
            }
            continue;
        }
        s.freeBytes = look->freeBytes;
        s.readOnly = s.readOnly || look->readOnly;
        // writable as mounted, but not by this user (a stick mounted by root by hand)
        s.noPermission = !s.readOnly && look->noPermission;
        s.incomplete = std::move(look->incomplete);
    }
    return sticks;
}

void UsbExport::start(const fs::path& stick) {
    if (m_job) {
        std::lock_guard lock(m_job->m);
        if (m_job->status.state == ExportStatus::State::Running) {
            return;
        }
    }
    if (m_thread.joinable()) {
        m_thread.join(); // it has ended (its status is no longer Running)
    }
    // a new job: one that was given up (and may still end some day) keeps its own
    std::optional<std::pair<int64_t, std::string>> unremembered;
    if (m_job) {
        std::lock_guard lock(m_job->m);
        unremembered.swap(m_job->finished);
    }
    auto job = std::make_shared<Job>();
    job->status.state = ExportStatus::State::Running;
    job->finished = std::move(unremembered);
    m_job = job;
    m_jobStick = stick;
    m_jobEndSeen = false;
    ExportOptions o;
    o.statsFile = m_dataDir / "stats.sqlite";
    o.to = stick;
    o.scratchDir = m_dataDir;
    o.kioskId = m_config.kioskId;
    o.place = {m_config.provinceCode, m_config.provinceName, m_config.communeCode,
               m_config.communeName};
    o.now = std::time(nullptr);
    // the export's own snapshot: a pack swapped in meanwhile changes nothing it reads
    ContentPtr content = m_content ? m_content() : nullptr;
    o.content = content.get();
    o.cancel = &job->cancel;
    o.progress = [j = job.get()](double f) { // the thread below owns `job`
        j->progress = f;
        j->moves.fetch_add(1, std::memory_order_relaxed);
    };
    std::string source; // the stick's device, to power it off when done
    for (const UsbStick& s : m_sticks) {
        if (s.mount == stick) {
            source = s.source;
        }
    }
    log::info("export: starting to " + stick.string());
    // the thread touches only what it captures: never `this` (it may be given up at quit)
    m_thread = std::thread([job, o, source, content = std::move(content), dataDir = m_dataDir,
                            ejector = m_ejector]() mutable {
        // the kiosk's export key (made at its first start; made here if it was not)
        const ExportKeyLoad key = loadOrCreateExportKey(dataDir);
        if (!key.problem.empty()) {
            log::warn("export key: " + key.problem);
        }
        o.signingKey = key.key ? &*key.key : nullptr;
        ExportResult r = runExportSteps({[&] { return exportStats(o); },
                                         [&](const fs::path& f) { return syncToStick(o.to, f); },
                                         [](const fs::path& f) { return verifyExport(f); }});
        bool ejected = false;
        std::string ejectNote;
        if (r.ok && ejector->available()) {
            // done and checked: unmounted and powered off, so pulling it is harmless
            ejectNote = ejector->eject(source);
            ejected = ejectNote.empty();
            log::info(ejected ? "export: the stick was unmounted and powered off"
                              : "export: " + ejectNote);
        }
        const std::string rel = r.ok ? fs::relative(r.folder, o.to).string() : std::string();
        if (r.ok) {
            log::info("export: done and verified: " + r.folder.string());
        } else {
            log::error("export: " + r.error);
        }
        std::lock_guard lock(job->m);
        if (r.ok) {
            job->finished.emplace(o.now, rel); // remembered by the staff store's owner
        }
        job->status.state = r.ok ? ExportStatus::State::Done : ExportStatus::State::Failed;
        job->status.progress = r.ok ? 1.0 : job->progress.load();
        job->status.problem = r.problem;
        job->status.message = r.ok ? rel : r.error;
        job->status.ejected = ejected;
        job->status.ejectNote = ejectNote;
        job->ended = true;
        job->cv.notify_all();
    });
}

void UsbExport::cancel() {
    if (m_job) {
        m_job->cancel = true;
    }
}

ExportStatus UsbExport::status() const {
    if (!m_job) {
        return ExportStatus{};
    }
    std::lock_guard lock(m_job->m);
    ExportStatus s = m_job->status;
    if (s.state == ExportStatus::State::Running) {
        s.progress = m_job->progress.load();
    }
    return s;
}

} // namespace tramso::db
