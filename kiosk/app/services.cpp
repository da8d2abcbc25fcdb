// Opening order matters: the crash guard first (so this run's errors are kept), statistics
// before the first visit (retention folds old events while nobody waits), then the kiosk.
#include "services.hpp"

#include "kiosk/core/base/atomic_file.hpp"
#include "kiosk/core/base/log.hpp"
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/config/config_edit.hpp"
#include "kiosk/core/content/export_key.hpp"

#include <algorithm>
#include <cstdlib>
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
    : m_opt(std::move(options)), m_content(m_opt.content), m_dataDir(dataDirOf(m_opt)),
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
        m_statsRecorder->setContentVersion(m_content->version);
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
    // The kiosk's own key for signing its exports: made at the first start
    {
        const ExportKeyLoad key = loadOrCreateExportKey(m_dataDir);
        if (key.key) {
            m_exportKeyId = key.key->idHex();
            if (key.created) {
                log::info("export key: made key " + m_exportKeyId + " for signing exports");
            }
        }
        if (!key.problem.empty()) {
            m_exportKeyNotice = "export key: " + key.problem;
            log::error(m_exportKeyNotice);
        }
    }
    m_kiosk = std::make_unique<Kiosk>(m_opt.config, *m_opt.clock, recorder);
    m_kiosk->setContent(m_content);
    m_kiosk->setStaffDirectory(m_staff);
    if (m_opt.wallClock) {
        m_kiosk->setWallClock(m_opt.wallClock);
    }
    // an export takes the snapshot shown when it starts (UI thread) and keeps it to the end
    m_usb = std::make_unique<db::UsbExport>(
        m_kiosk->config(), m_dataDir, [this] { return m_content; }, m_staff, m_opt.mountinfo);
    m_kiosk->setExportService(m_usb.get());
    // kiosk.toml is root's (trust anchors); the screen's keys go to the kiosk's own file
    m_kiosk->setSettingsSaver(configFileSaver(settingsFileIn(m_dataDir)));
    PackWorkerOptions po;
    po.config = m_opt.config;
    po.dataDir = m_dataDir;
    po.bundledAssets = m_opt.bundledAssets.empty() ? m_content->assets : m_opt.bundledAssets;
    po.kioskVersion = m_opt.version;
    po.canDraw = m_opt.canDraw;
    po.mountinfo = m_opt.mountinfo;
    m_packs = std::make_unique<PackWorker>(std::move(po));
    m_kiosk->setPackService(m_packs.get());
    openSpeech();
}

void Services::openSpeech() {
    if (!m_opt.speechSink) {
        return;
    }
    // the content's languages (loaded with it, problems among its diagnostics); a new
    // snapshot's words and recordings follow through followContent()
    const Content& content = *m_content;
    m_synth = std::make_unique<speech::Synthesizer>();
    if (!m_synth->ok()) {
        log::warn("voice: eSpeak NG is unavailable (" + m_synth->error() +
                  "); only recorded voices will play");
    }
    m_voices =
        std::make_unique<speech::VoiceLibrary>(content.assets, content.languages, m_synth.get());
    m_speech = std::make_unique<speech::SpeechService>(m_voices->producer(), *m_opt.clock);
    if (m_opt.speechWake) {
        m_speech->setWake(m_opt.speechWake);
    }
    m_narrator = std::make_unique<speech::Narrator>(*m_speech, *m_opt.speechSink,
                                                    speechContentOf(m_content), *m_opt.clock);
    m_listenAgainSeen = m_kiosk->listenAgainCount();
    m_visitsEndedSeen = m_kiosk->visitsEnded();
}

void Services::followContent() {
    if (!m_narrator) {
        return;
    }
    // nothing said from the old content; the next screen speaks afresh
    m_narrator->setContent(speechContentOf(m_content));
    m_voices->repoint(m_content->assets, m_content->languages);
    m_speech->clearCache(); // the same words may now have a recording, or have lost one
}

std::optional<speech::ScreenState> Services::speechScreen() const {
    using speech::SpeechScreen;
    const Kiosk& k = *m_kiosk;
    const Route& r = k.route();
    if (!isResidentScreen(r.screen)) {
        return std::nullopt;
    }
    speech::ScreenState s;
    if (k.idleWarningShown()) {
        s.screen = SpeechScreen::IdleWarning;
        s.secondsLeft = k.idleSecondsLeft();
        return s;
    }
    if (r.screen == ScreenId::Portal) {
        s.screen = SpeechScreen::Portal;
        s.id = r.id;
        return s;
    }
    const TutorialPlayer* p = k.player();
    if (r.screen != ScreenId::Tutorial || !p) {
        return std::nullopt;
    }
    s.id = p->tutorial().id;
    if (p->atEnd()) {
        s.screen = SpeechScreen::End;
        return s;
    }
    s.step = p->stepIndex() + 1;
    const Step* step = p->step();
    if (step && step->check && p->checkAnswer() >= 0) {
        s.screen = SpeechScreen::Feedback;
        s.right = p->checkAnswer() == step->check->right;
    } else if (step && step->check && (p->targetDone() || !step->mockup)) {
        // the question once the step's own action is done (or when it has none to do)
        s.screen = SpeechScreen::Check;
        s.order = p->checkOrder(); // read in the order the screen shows the options
    } else {
        s.screen = SpeechScreen::Step;
    }
    return s;
}

void Services::narrate() {
    if (!m_narrator) {
        return;
    }
    if (m_kiosk->visitsEnded() != m_visitsEndedSeen) {
        m_visitsEndedSeen = m_kiosk->visitsEnded();
        m_narrator->reset(); // the next resident hears their own screens from the start
    }
    const VisitSettings& v = m_kiosk->settings();
    speech::NarrationState st;
    st.screen = speechScreen();
    st.lang = v.languageCode();
    st.voiceOn = v.voice;
    st.volume = v.voiceVolume;
    m_narrator->update(st);
    if (m_kiosk->listenAgainCount() != m_listenAgainSeen) {
        m_listenAgainSeen = m_kiosk->listenAgainCount();
        m_narrator->listenAgain();
        m_narrator->update(st); // from the cache: it may be ready at once
    }
}

Services::~Services() {
    if (m_narrator) {
        m_narrator->reset(); // the sink stops before the worker goes
    }
    m_narrator.reset();
    m_speech.reset();
    m_usb->stop();    // cancels a running export and waits for it
    m_usb->deliver(); // one that finished before is remembered
    m_usb.reset();
    m_packs.reset(); // lets an install under way finish (it is never torn), then stops
    log::setErrorSink(nullptr, nullptr);
    m_guard.cleanExit();
}

void Services::attach(ui::UiApp& app, const std::optional<Route>& open) {
    m_app = &app;
    app.setContent(m_content);
#define TRAMSO_SCREEN_DATA(id, name, audience, parameter, draw, data)                              \
    app.setScreenData(ScreenId::id, data());
    TRAMSO_SCREENS(TRAMSO_SCREEN_DATA)
#undef TRAMSO_SCREEN_DATA
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
    armSetup(open.has_value());
}

bool Services::hasTechnician() {
    if (!m_staff) {
        return false;
    }
    try {
        for (const StaffMember& m : m_staff->list()) {
            if (m.role == Role::Technician) {
                return true;
            }
        }
    } catch (const std::exception& e) {
        // not knowing is not "none": the setup (which adds a technician) stays closed
        log::error(std::string("staff: cannot be listed: ") + e.what());
        return true;
    }
    return false;
}

void Services::armSetup(bool deepLink) {
    // without a readable staff store a PIN could not be kept: the shell's way stays
    if (!m_staff || !m_staffNotice.empty() || hasTechnician()) {
        return;
    }
    std::string suggested;
    if (auto id = readFile(m_opt.machineIdFile)) {
        suggested = suggestKioskId(*id);
    }
    SetupSinks sinks; // the kiosk saves through the settings form's own writer
    sinks.addTechnician = [this](const std::string& pin) -> std::string {
        std::string why;
        try {
            if (m_staff->add(Role::Technician, "setup", pin, std::time(nullptr), why) == 0) {
                return why.empty() ? "the PIN was not stored" : why;
            }
        } catch (const std::exception& e) {
            return e.what();
        }
        log::info("setup: the first technician PIN was stored");
        return {};
    };
    if (m_opt.turnsScreen) {
        // a new turn waits for its confirmation across the restart in this file: the turn to
        // go back to (written before the kiosk restarts; removed once confirmed or undone)
        const fs::path trial = m_dataDir / "screen-rotation-trial";
        sinks.turnsScreen = true;
        if (auto text = readFile(trial)) {
            const int from = std::atoi(text->c_str());
            if (isScreenRotation(from)) {
                sinks.trialFrom = from;
            }
        }
        sinks.markTrial = [trial](std::optional<int> from) {
            std::error_code ec;
            if (!from) {
                fs::remove(trial, ec);
            } else if (std::string why = writeFileAtomically(trial, std::to_string(*from) + "\n");
                       !why.empty()) {
                log::error("setup: the turn to go back to cannot be kept: " + why);
            }
        };
    }
    const bool show = m_opt.setupOnFirstStart && !deepLink && !m_guard.safeMode();
    if (show) {
        log::info("no technician yet: showing the setup screen");
    }
    m_kiosk->armSetup(suggested, std::move(sinks), show);
}

void Services::beforeFrame() {
    m_usb->deliver(); // a finished export remembered through the staff store (its owner)
    if (m_statsRecorder && m_kiosk->config().kioskId != m_kioskId) {
        m_kioskId = m_kiosk->config().kioskId;
        m_statsRecorder->setKioskId(m_kioskId);
    }
    const double now = m_opt.clock->now();
    if (now - m_lastWatch >= 1.0) { // `tramso content install` while the kiosk runs
        m_packs->watch();
        m_lastWatch = now;
    }
    // Never mid-lesson, for the resident's sake: the new content waits until no visit is in
    // progress. (Memory does not need the wait: an export, a quiz, a lesson or the narration
    // each keep the snapshot they started with.)
    if (!m_kiosk->inVisit() && !m_kiosk->player()) {
        if (ContentPtr c = m_packs->takeContent()) {
            if (m_speech) {
                m_speech->cancel(); // nothing prepared from the old lessons is played
            }
            m_content = std::move(c);
            m_kiosk->setContent(m_content);
            if (m_app) {
                m_app->setContent(m_content);
            }
            followContent();
            ++m_contentGeneration;
            if (m_statsRecorder) {
                m_statsRecorder->setContentVersion(m_content->version);
            }
            log::info("content " +
                      (m_content->version.empty() ? std::string("(bundled)") : m_content->version) +
                      " now shown, " + std::to_string(m_content->tutorials.tutorials.size()) +
                      " lessons");
        }
    }
}

void Services::shutdown() {
    m_kiosk->shutdown();
    if (m_statsRecorder) {
        m_statsRecorder->flush();
    }
}

ui::UiApp::ScreenData Services::dashboardData() {
    // the funnel shown is part of the key: a new one is queried again
    return {[](const Kiosk& k) { return k.dashboardFunnel(); },
            {},
            [this](const Kiosk& k) { return dashboardJob(k.dashboardFunnel()); }};
}

ui::UiApp::ScreenData Services::healthData() {
    return {{}, [this](const Kiosk&) { return std::any(health()); }, {}};
}

std::function<std::any()> Services::dashboardJob(const std::string& funnel) {
    // Here, on the UI thread: what the UI thread's owners hold (the recorder's queue, the
    // staff store). On the worker: the queries over a year of visits (100 ms and more), through
    // the dashboard's own connection, which only one job at a time uses (UiApp's rule).
    if (!m_stats.store || !m_statsRecorder) {
        return [v = dashboardView(funnel)] { return std::any(v); }; // nothing slow to do
    }
    db::DashboardView v;
    v.notice = m_statsNotice;
    const int today = db::localDay(std::time(nullptr));
    int64_t wrongPins = 0;
    try {
        m_statsRecorder->commitSoon();
        if (!m_reader) {
            m_reader = std::make_unique<db::StatsReader>(m_statsFile);
        }
        if (m_staff) {
            wrongPins = m_staff->wrongPins(today / 100 * 100 + 1, today);
        }
    } catch (const std::exception& e) {
        v.notice = std::string("the statistics cannot be read: ") + e.what();
        return [v] { return std::any(v); };
    }
    return [v, reader = m_reader.get(), today, funnel, wrongPins]() mutable {
        try {
            v.data = reader->dashboard(today, funnel);
            v.data->monthWrongPins = wrongPins;
        } catch (const std::exception& e) {
            v.notice = std::string("the statistics cannot be read: ") + e.what();
        }
        return std::any(v);
    };
}

db::DashboardView Services::dashboardView(const std::string& funnel) {
    db::DashboardView v;
    v.notice = m_statsNotice;
    if (!m_stats.store) {
        return v; // not recording: the notice says why
    }
    try {
        v.data = dashboard(funnel);
    } catch (const std::exception& e) {
        v.notice = std::string("the statistics cannot be read: ") + e.what();
    }
    return v;
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
    const Content& content = *m_content;
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
    h.exportKeyId = m_exportKeyId;
    for (const std::string* n : {&m_statsNotice, &m_staffNotice, &m_exportKeyNotice}) {
        if (!n->empty()) {
            h.notices.push_back(*n);
        }
    }
    return h;
}

} // namespace tramso::app
