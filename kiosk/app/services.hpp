// The kiosk's services wired in one place, so the binary and the headless tests run the same
// wiring: the crash guard and safe mode, the statistics (opened, retention, recorder), the
// staff store, the USB export, the settings form's config file, the dashboard and health,
// and the narration (the speech engine, told each frame what the resident sees).
#pragma once
#include "../../db/staff_store.hpp"
#include "../../db/stats_reader.hpp"
#include "../../db/stats_recorder.hpp"
#include "../../db/stats_store.hpp"
#include "../../db/usb_export.hpp"
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/speech.hpp"
#include "kiosk/core/speech/narrator.hpp"
#include "kiosk/core/speech/speech_service.hpp"
#include "kiosk/core/speech/speech_sink.hpp"
#include "kiosk/core/speech/speech_synth.hpp"
#include "kiosk/core/visit/crash_guard.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "kiosk/core/visit/settings_form.hpp"
#include "pack_worker.hpp"
#include "ui_app.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tramso::app {

struct ServiceOptions {
    Config config; // dataDir must be set
    // The content shown at start. A pack installed or rolled back swaps in a new snapshot
    // between frames (between visits); whoever keeps content keeps its own snapshot.
    ContentPtr content;
    std::filesystem::path bundledAssets; // the content without a pack; empty: content->assets
    GlyphCheck canDraw;                  // what the font can draw, for pack checks
    const Clock* clock = nullptr;
    std::string version = "0.0.0"; // shown on the health screen
    int buildDay = 20260101;       // a clock before it is obviously wrong
    // Test seams (the headless harness): when set, used instead of the production piece.
    SessionRecorder* recorder = nullptr;  // else a StatsRecorder on <dataDir>/stats.sqlite
    db::StaffStore* staffStore = nullptr; // else <dataDir>/staff.sqlite
    std::function<int64_t()> wallClock;   // unix seconds; else the system clock
    // Where narration plays (the platform's sound card, a FileSink for --speech-out, a test's
    // fake); null: the kiosk does not speak. Must outlive the services.
    speech::AudioSink* speechSink = nullptr;
    // Called on the speech worker when audio is ready: wakes the frame loop (which then calls
    // narrate()) so speech starts without waiting for the next input.
    std::function<void()> speechWake;
    std::filesystem::path mountinfo = "/proc/self/mountinfo"; // where sticks are found
    // With no technician in the staff store, the first screen is the setup (a plain start;
    // a deep link or a script starts where it says, and may open `setup` itself).
    bool setupOnFirstStart = true;
    std::filesystem::path machineIdFile = "/etc/machine-id"; // the suggested kiosk id
    // The kiosk runs under its session launcher (packaging/session/tramso-session sets
    // TRAMSO_SESSION), which turns the screen and the touch input as screen_rotation says at
    // each start: the setup then offers the rotation step, and a new turn restarts the kiosk.
    bool turnsScreen = false;
};

// Writes the settings form's values into the config file in place, atomically, keeping its
// comments (the technician's settings survive an upgrade).
SettingsSaver configFileSaver(std::filesystem::path configFile);

class Services {
  public:
    explicit Services(ServiceOptions options);
    // Ends logging into the crash guard and marks an orderly end (not a crash). Call
    // shutdown() first to close an open visit while the recorder is alive.
    ~Services();
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    Kiosk& kiosk() { return *m_kiosk; }
    // The content shown now (UI thread).
    const ContentPtr& content() const { return m_content; }
    CrashGuard& crashGuard() { return m_guard; }
    // Gives the app the content and its screens' data (dashboard, health), then shows the safe
    // screen after a crash loop, else opens `open` as a deep link.
    void attach(ui::UiApp& app, const std::optional<Route>& open);
    // Whether the staff store holds a technician (true when it cannot be read).
    bool hasTechnician();
    // Between frames: follows what the technician changed (the kiosk id of new visits).
    // Between visits, swaps in content a pack install or rollback loaded.
    void beforeFrame();
    // After each frame's intents, and whenever the speech worker wakes the loop: tells the
    // narrator what the resident sees now. Never waits (the worker does the slow part).
    void narrate();
    const speech::Narrator* narrator() const { return m_narrator.get(); }
    speech::SpeechService* speechService() { return m_speech.get(); }
    // Counts content swaps: the window rebuilds its font atlas when it changes.
    int contentGeneration() const { return m_contentGeneration; }
    PackWorker& packs() { return *m_packs; }
    // The kiosk stops (SIGTERM, window closed, script `quit`): an open visit ends with
    // outcome "shutdown" and everything recorded is committed before this returns.
    void shutdown();

    // What the dashboard shows (UI thread): the recorder is asked to commit what is queued,
    // then the statistics are read through the dashboard's own connection.
    db::DashboardData dashboard(const std::string& funnel);

  private:
    // The loaders the screen table's Data column names (kiosk/core/nav/screen_table.hpp): what
    // a screen shows besides the content. attach() gives each row's screen the one it names.
    // New data is one more loader here.
    ui::UiApp::ScreenData noData() { return {}; }
    ui::UiApp::ScreenData dashboardData();
    ui::UiApp::ScreenData healthData();

    db::DashboardView dashboardView(const std::string& funnel);
    // The dashboard screen's data as a job for a worker (UiApp::ScreenData::work).
    std::function<std::any()> dashboardJob(const std::string& funnel);
    HealthInfo health();
    void openSpeech();
    // The content was swapped: narration takes its recordings and languages from now on.
    void followContent();
    // No technician yet: the setup may be opened, and is shown unless a deep link was asked.
    void armSetup(bool deepLink);
    std::optional<speech::ScreenState> speechScreen() const;

    ServiceOptions m_opt;
    ContentPtr m_content; // the snapshot shown; swapped in beforeFrame()
    ui::UiApp* m_app = nullptr;
    std::filesystem::path m_dataDir;
    std::filesystem::path m_statsFile;
    CrashGuard m_guard;
    std::string m_previousError; // the last run's, before this run logs its own
    db::StatsStore::OpenResult m_stats;
    std::unique_ptr<db::StatsReader> m_reader; // the dashboard's own connection (UI thread)
    std::string m_statsNotice;
    int64_t m_openedAt = 0;
    std::unique_ptr<db::StatsRecorder> m_statsRecorder;
    std::unique_ptr<db::StaffStore> m_ownStaff;
    db::StaffStore* m_staff = nullptr;
    std::string m_staffNotice;
    std::string m_exportKeyId, m_exportKeyNotice; // the export signing key's id, or why none
    std::unique_ptr<Kiosk> m_kiosk;
    std::unique_ptr<db::UsbExport> m_usb;
    std::string m_kioskId; // the one the recorder stamps on new visits
    // Narration, in the order it is torn down backwards: the worker stops before the voices
    // and the synthesizer it uses go.
    std::unique_ptr<speech::Synthesizer> m_synth;
    std::unique_ptr<speech::VoiceLibrary> m_voices;
    std::unique_ptr<speech::SpeechService> m_speech;
    std::unique_ptr<speech::Narrator> m_narrator;
    int m_listenAgainSeen = 0;
    int m_visitsEndedSeen = 0;
    std::unique_ptr<PackWorker> m_packs;
    double m_lastWatch = -1e9;
    int m_contentGeneration = 0;
};

} // namespace tramso::app
