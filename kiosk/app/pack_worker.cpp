// One worker thread runs the jobs in order (a look at the sticks, an install, a rollback, a
// reload), so an install and a scan never race; the UI thread only posts jobs and copies state.
#include "pack_worker.hpp"

#include "kiosk/core/base/log.hpp"
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "kiosk/core/stick/usb.hpp"

namespace tramso::app {
namespace fs = std::filesystem;

namespace {

// An install or a rollback runs: nothing else touches the store meanwhile.
bool changing(const PackStatus& s) {
    return s.state == PackStatus::State::Installing || s.state == PackStatus::State::RollingBack;
}

// `s` for a job that starts to change the store (`state`), unless one already does (false).
bool startChange(PackStatus& s, PackStatus::State state) {
    if (changing(s)) {
        return false;
    }
    s.state = state;
    s.progress = 0;
    s.message.clear();
    s.rolledBack = state == PackStatus::State::RollingBack;
    return true;
}

} // namespace

PackWorker::PackWorker(PackWorkerOptions options)
    : m_opt(std::move(options)), m_store(m_opt.dataDir) {
    m_seenLink = currentLink();
    readInstalled();
    m_thread = std::thread([this] { run(); });
}

PackWorker::~PackWorker() {
    m_quit = true; // a read from a stick that stopped answering is left behind, not waited for
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    m_thread.join();
}

PackCheckOptions PackWorker::checkOptions() const {
    PackCheckOptions o;
    o.config = m_opt.config;
    o.keysDir = m_opt.config.contentKeysDir;
    o.kioskVersion = m_opt.kioskVersion;
    o.canDraw = m_opt.canDraw;
    o.limits.cancel = &m_quit;
    return o;
}

std::string PackWorker::currentLink() const {
    std::error_code ec;
    fs::path target = fs::read_symlink(m_store.root() / "current", ec);
    return ec ? std::string() : target.string();
}

void PackWorker::post(Job job) {
    {
        std::lock_guard lock(m_mutex);
        if (job.kind == Job::Kind::Scan) {
            std::erase_if(m_jobs, [](const Job& j) { return j.kind == Job::Kind::Scan; });
            m_status.scanning = true;
        }
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_all();
}

void PackWorker::refresh() {
    std::vector<fs::path> roots = kDefaultUsbRoots;
    roots.insert(roots.end(), m_opt.config.usbMountRoots.begin(), m_opt.config.usbMountRoots.end());
    auto text = readFile(m_opt.mountinfo);
    std::vector<UsbStick> sticks = text ? findSticks(*text, roots) : std::vector<UsbStick>{};
    std::vector<fs::path> mounts;
    for (const UsbStick& s : sticks) {
        mounts.push_back(s.mount);
    }
    if (mounts != m_mounts) {
        m_mounts = std::move(mounts);
        post(Job{Job::Kind::Scan, {}, {}, std::move(sticks), false});
    }
}

void PackWorker::rescan() {
    m_mounts.clear(); // the next refresh() reads the table and looks at every stick
    refresh();
    if (m_mounts.empty()) {
        post(Job{Job::Kind::Scan, {}, {}, {}, false});
    }
}

PackStatus PackWorker::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::vector<PackStickView> PackWorker::sticks() const {
    std::lock_guard lock(m_mutex);
    return m_sticks;
}

ContentInfo PackWorker::installed() const {
    std::lock_guard lock(m_mutex);
    return m_installed;
}

void PackWorker::install(const std::string& mount, const std::string& file, bool allowDowngrade) {
    {
        std::lock_guard lock(m_mutex);
        if (!startChange(m_status, PackStatus::State::Installing)) {
            return;
        }
    }
    post(Job{Job::Kind::Install, mount, file, {}, allowDowngrade});
}

void PackWorker::rollback() {
    {
        std::lock_guard lock(m_mutex);
        if (!startChange(m_status, PackStatus::State::RollingBack)) {
            return;
        }
    }
    post(Job{Job::Kind::Rollback, {}, {}, {}, false});
}

void PackWorker::watch() {
    const std::string link = currentLink();
    {
        std::lock_guard lock(m_mutex);
        if (link == m_seenLink || changing(m_status)) {
            return;
        }
        m_seenLink = link;
    }
    log::info("content: `current` was switched outside the kiosk; loading it");
    post(Job{Job::Kind::Reload, {}, {}, {}, false});
}

ContentPtr PackWorker::takeContent() {
    std::lock_guard lock(m_mutex);
    ContentPtr c = std::move(m_loaded);
    m_loaded.reset();
    return c;
}

void PackWorker::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_stop) {
                return;
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        try {
            switch (job.kind) {
            case Job::Kind::Scan:
                scan(job.sticks);
                break;
            case Job::Kind::Install:
                doInstall(job);
                break;
            case Job::Kind::Rollback:
                doRollback();
                break;
            case Job::Kind::Reload:
                reload();
                readInstalled();
                break;
            }
        } catch (const std::exception& e) { // a bad stick or file never stops the kiosk
            log::error(std::string("content packs: ") + e.what());
            std::lock_guard lock(m_mutex);
            m_status.scanning = false;
            if (job.kind == Job::Kind::Install || job.kind == Job::Kind::Rollback) {
                m_status.state = PackStatus::State::Failed;
                m_status.message = e.what();
            }
        }
    }
}

void PackWorker::scan(const std::vector<UsbStick>& sticks) {
    const fs::path shown = activeContent(m_opt.dataDir, m_opt.bundledAssets).assets;
    const PackCheckOptions o = checkOptions();
    std::vector<PackStickView> views;
    for (const UsbStick& s : sticks) {
        PackStickView v;
        v.mount = s.mount.string();
        v.label = printableName(s.label);
        StickPacks found = findPacksOnStick(s.mount, shown, o);
        v.error = std::move(found.error);
        v.packs = std::move(found.packs);
        views.push_back(std::move(v));
    }
    std::lock_guard lock(m_mutex);
    m_sticks = std::move(views);
    m_lastSticks = sticks;
    m_status.scanning = !m_jobs.empty() && m_jobs.front().kind == Job::Kind::Scan;
}

void PackWorker::doInstall(const Job& job) {
    std::string error;
    const std::optional<PackSource> src =
        readPackSource(job.mount, job.file, checkOptions().limits, error);
    InstallResult r;
    if (src) {
        log::info("content: installing " + job.file + " from " + job.mount);
        PackCheckOptions o = checkOptions();
        o.allowDowngrade = job.allowDowngrade;
        r = installPack(m_store, *src, o, [this](double f) {
            std::lock_guard lock(m_mutex);
            m_status.progress = f;
        });
    } else {
        r.error = error;
    }
    if (!r.ok) {
        std::string why = r.error;
        for (const Diagnostic& d : r.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error) {
                why += "\n" + d.format();
            }
        }
        log::error("content: " + job.file + " refused: " + why);
        std::lock_guard lock(m_mutex);
        m_status.state = PackStatus::State::Failed;
        m_status.message = why;
        return;
    }
    log::info("content " + r.version + " installed (" +
              (r.previousVersion.empty() ? std::string("bundled content") : r.previousVersion) +
              " kept for rollback)");
    {
        std::lock_guard lock(m_mutex);
        m_seenLink = currentLink();
    }
    reload();
    readInstalled();
    scan(m_lastSticks); // what each pack would change is now measured against the new content
    std::lock_guard lock(m_mutex);
    m_status.state = PackStatus::State::Done;
    m_status.progress = 1;
    m_status.version = r.version;
}

void PackWorker::doRollback() {
    RollbackResult r = rollbackContent(m_store);
    if (!r.ok) {
        log::error("content: rollback refused: " + r.error);
        std::lock_guard lock(m_mutex);
        m_status.state = PackStatus::State::Failed;
        m_status.message = r.error;
        return;
    }
    log::info("content rolled back from " + (r.from.empty() ? std::string("bundled") : r.from) +
              " to " + (r.to.empty() ? std::string("bundled") : r.to));
    {
        std::lock_guard lock(m_mutex);
        m_seenLink = currentLink();
    }
    reload();
    readInstalled();
    scan(m_lastSticks);
    std::lock_guard lock(m_mutex);
    m_status.state = PackStatus::State::Done;
    m_status.progress = 1;
    m_status.version = r.to;
}

void PackWorker::reload() {
    const ActiveContent active = activeContent(m_opt.dataDir, m_opt.bundledAssets);
    if (!active.problem.empty()) {
        log::error("content: " + active.problem);
    }
    Content c = loadContent(active.assets, m_opt.config, m_opt.canDraw, Spelling::Skip);
    if (c.version.empty()) {
        c.version = active.version;
    }
    for (const Diagnostic& d : c.diagnostics) {
        log::write(d.severity == Diagnostic::Severity::Error ? log::Level::Error : log::Level::Warn,
                   d.format());
    }
    auto snapshot = std::make_shared<const Content>(std::move(c));
    std::lock_guard lock(m_mutex);
    m_loaded = std::move(snapshot);
}

void PackWorker::readInstalled() {
    ContentInfo i;
    const auto cur = m_store.current(&i.problem);
    if (cur) {
        i.installed = true;
        i.version = cur->manifest.version;
        i.date = cur->manifest.date;
        i.signerKeyId = cur->signerKeyId;
    }
    std::string prevProblem;
    const auto prev = m_store.previous(&prevProblem);
    i.previousKept = prev.has_value() || cur.has_value();
    if (prev) {
        i.previousVersion = prev->manifest.version;
    }
    i.highestVersion = m_store.highestVersion();
    std::lock_guard lock(m_mutex);
    m_installed = std::move(i);
}

} // namespace tramso::app
