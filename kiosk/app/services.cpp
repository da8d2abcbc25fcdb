// Opening order matters: the crash guard first (so this run's errors are kept), statistics
// before the first visit (retention folds old events while nobody waits), then the kiosk.
#include "services.hpp"

#include "../core/atomic_file.hpp"
#include "../core/config_edit.hpp"
#include "../core/log.hpp"
#include "../core/text.hpp"

#include <ctime>
#include <stdexcept>

namespace tramso::app {
namespace fs = std::filesystem;

namespace {

int64_t fileBytes(const fs::path& f) {
    std::error_code ec;
    auto n = fs::file_size(f, ec);
    return ec ? 0 : static_cast<int64_t>(n);
}

fs::path dataDirOf(const ServiceOptions& o) {
    if (!o.config.dataDir || !o.content || !o.clock) {
        throw std::invalid_argument("services need a data folder, the content and a clock");
    }
    return *o.config.dataDir;
}

} // namespace

SettingsSaver configFileSaver(fs::path configFile) {
    return [configFile = std::move(configFile)](const ConfigEdit& edit, std::string& ioError) {
        std::string original;
        if (fs::exists(configFile)) {
            auto text = readFile(configFile);
            if (!text) {
                ioError = "cannot read " + configFile.string();
                return ConfigEditResult{};
            }
            original = *text;
        }
        ConfigEditResult r = applyConfigEdit(original, edit);
        if (r.config) {
            ioError = writeFileAtomically(configFile, r.text);
            if (!ioError.empty()) {
                r.config.reset();
            } else {
                log::info("settings saved to " + configFile.string());
            }
        }
        return r;
    };
}

Services::Services(ServiceOptions options)
    : m_opt(std::move(options)), m_dataDir(dataDirOf(m_opt)),
      m_statsFile(m_dataDir / "stats.sqlite"), m_guard(m_dataDir, std::time(nullptr)),
      m_previousError(m_guard.lastError()) {
    log::setErrorSink([](std::string_view line,
                         void* g) { static_cast<CrashGuard*>(g)->recordError(std::string(line)); },
                      &m_guard);
    // Statistics: opened (checked, migrated, moved aside if damaged) before the first visit.
    m_stats = db::StatsStore::open(m_statsFile);
    m_statsNotice = m_stats.message;
    if (m_stats.store && m_stats.store->recording()) {
        // retention: fold old events into daily totals, in small batches, before any visit
        const int before =
            db::addDays(db::localDay(std::time(nullptr)), -m_opt.config.retentionDays);
        try {
            int folded = 0;
            while (int n = m_stats.store->foldOldEvents(before, 500)) {
                folded += n;
            }
            if (folded > 0) {
                log::info("statistics: folded " + std::to_string(folded) +
                          " old events into daily totals");
            }
        } catch (const db::Error& e) {
            log::error(std::string("statistics: retention failed: ") + e.what());
        }
    }
    m_openedAt = std::time(nullptr);
    m_kioskId = m_opt.config.kioskId;
    SessionRecorder* recorder = m_opt.recorder;
    if (!recorder) {
        m_statsRecorder = std::make_unique<db::StatsRecorder>(m_stats.store.get(), m_kioskId);
        recorder = m_statsRecorder.get();
    }
    // Staff PINs and the keypad lock.
    m_staff = m_opt.staffStore;
    if (!m_staff) {
        try {
            m_ownStaff = db::StaffStore::open(m_dataDir / "staff.sqlite", &m_staffNotice);
        } catch (const std::exception& e) {
            m_staffNotice = std::string("the staff file cannot be opened: ") + e.what();
        }
        if (!m_staffNotice.empty()) {
            log::error("staff: " + m_staffNotice);
        }
        m_staff = m_ownStaff.get();
    }
    m_kiosk =
        std::make_unique<Kiosk>(m_opt.config, *m_opt.clock, recorder, &m_opt.content->tutorials);
    m_kiosk->setPlans(&m_opt.content->plans);
    m_kiosk->setQuizzes(&m_opt.content->quizzes);
    m_kiosk->setStaffDirectory(m_staff);
    if (m_opt.wallClock) {
        m_kiosk->setWallClock(m_opt.wallClock);
    }
    m_usb = std::make_unique<db::UsbExport>(m_kiosk->config(), m_dataDir, *m_opt.content);
    m_kiosk->setExportService(m_usb.get());
    m_kiosk->setSettingsSaver(configFileSaver(m_opt.configFile));
}

Services::~Services() {
    m_usb.reset(); // cancels a running export and waits for it
    log::setErrorSink(nullptr, nullptr);
    m_guard.cleanExit();
}

void Services::attach(ui::UiApp& app, const std::optional<Route>& open) {
    if (m_stats.store) {
        app.setDashboardSource([this](const std::string& funnel) { return dashboard(funnel); },
                               m_statsNotice);
    } else {
        app.setDashboardSource({}, m_statsNotice);
    }
    app.setHealthSource([this] { return health(); });
    if (m_guard.safeMode()) {
        log::warn("the kiosk ended unexpectedly " + std::to_string(m_guard.recentCrashes()) +
                  " times in two minutes: showing the safe screen for " +
                  std::to_string(m_guard.retryAfterSeconds() / 60) +
                  " minutes, or until a technician leaves it");
        m_kiosk->setSafeMode(
            m_previousError, [this] { m_guard.clear(); },
            static_cast<Seconds>(m_guard.retryAfterSeconds()),
            [this] {
                m_guard.retry(std::time(nullptr));
                log::info("safe screen: trying the normal screens again (next time " +
                          std::to_string(m_guard.retryAfterSeconds() / 60) + " minutes)");
            });
    } else if (open) {
        app.open(*open);
    }
}

void Services::beforeFrame() {
    if (m_statsRecorder && m_kiosk->config().kioskId != m_kioskId) {
        m_kioskId = m_kiosk->config().kioskId;
        m_statsRecorder->setKioskId(m_kioskId);
    }
}

void Services::shutdown() {
    m_kiosk->shutdown();
    if (m_statsRecorder) {
        m_statsRecorder->flush();
    }
}

db::DashboardData Services::dashboard(const std::string& funnel) {
    const int today = db::localDay(std::time(nullptr));
    db::DashboardData d;
    if (m_statsRecorder) {
        // The writer's connection belongs to its thread: ask it to commit what is queued
        // (visits that ended are committed already) and read through our own connection.
        m_statsRecorder->commitSoon();
        if (!m_reader) {
            m_reader = std::make_unique<db::StatsReader>(m_statsFile);
        }
        d = m_reader->dashboard(today, funnel);
    } else {
        d = m_stats.store->dashboard(today, funnel); // a test's recorder: one thread
    }
    if (m_staff) {
        d.monthWrongPins = m_staff->wrongPins(today / 100 * 100 + 1, today);
    }
    return d;
}

HealthInfo Services::health() {
    const Content& content = *m_opt.content;
    HealthInfo h;
    h.version = m_opt.version;
    h.lessons = static_cast<int>(content.tutorials.tutorials.size());
    for (const Diagnostic& d : content.diagnostics) {
        if (d.severity == Diagnostic::Severity::Error) {
            h.contentErrors.push_back(d.format());
        }
    }
    h.databaseBytes = fileBytes(m_statsFile) + fileBytes(m_statsFile.string() + "-wal");
    h.integrity = m_stats.status == db::StatsStore::Opened::Failed ? "?" : "ok";
    if (!m_statsNotice.empty()) {
        h.integrity = m_statsNotice;
    }
    h.integrityAt = m_openedAt;
    std::error_code ec;
    auto space = fs::space(m_dataDir, ec);
    h.freeDiskBytes = ec ? -1 : static_cast<int64_t>(space.available);
    if (m_staff) {
        try {
            auto [at, folder] = m_staff->lastExport();
            h.lastExportAt = at;
            h.lastExportFolder = folder;
        } catch (const std::exception& e) {
            h.notices.push_back(e.what());
        }
    }
    h.clockWrong = clockLooksWrong(std::time(nullptr), m_opt.buildDay);
    for (const std::string* n : {&m_statsNotice, &m_staffNotice}) {
        if (!n->empty()) {
            h.notices.push_back(*n);
        }
    }
    return h;
}

} // namespace tramso::app
