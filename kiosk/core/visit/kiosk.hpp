// The kiosk's state apart from drawing, as a small coordinator: it owns navigation and moves
// between screens on what its parts say — the visit (settings, idle, recording, player), staff
// sign-in, guided sessions, the settings form and safe mode. Tested without a window.
#pragma once
#include "guided.hpp"
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/pack_service.hpp"
#include "kiosk/core/content/plan.hpp"
#include "kiosk/core/content/quiz.hpp"
#include "kiosk/core/content/tutorial.hpp"
#include "kiosk/core/nav/intent.hpp"
#include "kiosk/core/nav/navigator.hpp"
#include "kiosk/core/staff/staff_session.hpp"
#include "kiosk/core/stick/usb.hpp"
#include "quiz_session.hpp"
#include "safe_mode.hpp"
#include "session.hpp"
#include "settings_form.hpp"
#include "setup.hpp"
#include "visit.hpp"

#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace tramso {

class Kiosk {
  public:
    // `recorder` receives the visit's anonymous events and must outlive the kiosk. The
    // kiosk shows the content given with setContent(); `tutorials`, setPlans() and
    // setQuizzes() are for tests with sets of their own (which must outlive the kiosk).
    Kiosk(const Config& config, const Clock& clock, SessionRecorder* recorder = nullptr,
          const TutorialSet* tutorials = nullptr);
    Kiosk(const Kiosk&) = delete; // the visit holds a reference to m_config
    Kiosk& operator=(const Kiosk&) = delete;

    const Config& config() const { return m_config; }
    const Route& route() const { return m_nav.current(); }
    size_t navDepth() const { return m_nav.depth(); }
    const VisitSettings& settings() const { return m_visit.settings(); }
    VisitSettings defaultSettings() const { return m_visit.defaults(); }

    // Every intent alternative has its own handler below: one without a handler does not
    // compile (std::visit over overloads, no catch-all).
    void apply(const Intent& i);
    // Any touch by a person: keeps the visit alive (and answers an idle warning).
    void touched();
    // Advances time-driven behaviour: the idle warning and reset, the staff logout, the
    // safe screen's retry.
    void tick();
    // The kiosk is stopping (SIGTERM, window closed, script `quit`): an open visit ends with
    // outcome "shutdown". The caller then commits the recorder.
    void shutdown();

    bool idleWarningShown() const { return m_visit.warningShown(); }
    int idleSecondsLeft() const { return m_visit.idleSecondsLeft(); }
    // When something time-driven next changes (for frame pacing); +inf when nothing will.
    Seconds nextTimedChange() const;

    // A QR code to this portal was on screen (reported once per screen shown).
    void qrShown(const std::string& portalId);
    bool inVisit() const { return m_visit.active(); }
    // The lesson being played, or null.
    const TutorialPlayer* player() const { return m_visit.player(); }
    const TutorialSet* tutorials() const { return m_tutorials; }
    // The lesson whose step funnel the dashboard shows.
    const std::string& dashboardFunnel() const { return m_funnel; }

    // Sounds requested since the last call.
    std::vector<Cue> takeCues() { return m_visit.takeCues(); }
    int visitsEnded() const { return m_visit.ended(); }
    // How often "Nghe lại / Listen again" was asked for (the narration follows the count).
    int listenAgainCount() const { return m_listenAgain; }

    // Staff. Without a directory the keypad says staff are unavailable.
    void setStaffDirectory(StaffDirectory* d) { m_staff.setDirectory(d); }
    void setPlans(const PlanSet* plans) { m_plans = plans; }
    // The content shown from now on (between frames). A lesson, a quiz or a guided session
    // already under way keeps the snapshot it started with.
    void setContent(ContentPtr content);
    // Unix seconds, for the keypad lock (which survives restarts); default: the system clock.
    void setWallClock(std::function<int64_t()> wall) { m_staff.setWallClock(std::move(wall)); }
    // Called on a worker when a PIN's check is done, to wake the frame loop.
    void setWake(std::function<void()> wake) { m_staff.setWake(std::move(wake)); }
    void setSettingsSaver(SettingsSaver saver) { m_saver = std::move(saver); }
    // The USB export (technician); without one the export screen says it is unavailable.
    void setExportService(ExportService* s) { m_export = s; }
    ExportService* exportService() const { return m_export; }
    // Content packs (technician); without a service the packs screen says it is unavailable.
    void setPackService(PackService* s) { m_packs = s; }
    PackService* packService() const { return m_packs; }
    // The pack waiting for the technician's confirmation, if any.
    struct PackChoice {
        std::string mount, file;
    };
    const std::optional<PackChoice>& packChoice() const { return m_packChoice; }
    // Safe mode (after a crash loop): the safe screen instead of attract until a technician
    // leaves it (`onLeave` forgets the crashes) or `retryAfter` seconds pass (`onRetry`).
    void setSafeMode(std::string lastError, std::function<void()> onLeave,
                     Seconds retryAfter = std::numeric_limits<Seconds>::infinity(),
                     std::function<void()> onRetry = {});
    bool safeMode() const { return m_safe.active(); }
    const std::string& safeModeError() const { return m_safe.lastError(); }
    const std::optional<StaffMember>& staff() const { return m_staff.member(); }
    size_t pinLength() const { return m_staff.pinLength(); }
    // A typed PIN is being checked (on a worker); tick() applies the result.
    bool pinChecking() const { return m_staff.checking(); }
    LoginNotice loginNotice() const { return m_staff.notice(); }
    int triesLeft() const { return m_staff.triesLeft(); }
    int64_t lockedUntil() const { return m_staff.lockedUntil(); }
    int64_t wallNow() const { return m_staff.wallNow(); }
    bool staffDirectoryEmpty() const { return m_staff.directoryEmpty(); }
    const LaunchChoice& launch() const { return m_guided.choice(); }
    const std::optional<GuidedSession>& guided() const { return m_guided.session(); }
    const PlanSet* plans() const { return m_plans; }
    // Quizzes (kiosk_quiz.cpp): `quiz:ID` plays one alone, `quiz-group:ID` for a room.
    void setQuizzes(const QuizSet* q) { m_quizzes = q; }
    const QuizSet* quizzes() const { return m_quizzes; }
    // Tests: makes the order of quiz and check options repeatable.
    void seedShuffle(uint64_t seed) { m_shuffle = OptionShuffle(seed); }
    // The quiz being played, or null.
    const QuizSession* quiz() const { return m_quiz ? &*m_quiz : nullptr; }
    int quizSecondsLeft() const { return m_quiz ? m_quiz->secondsLeft(m_clock.now()) : 0; }
    const SettingsForm& settingsForm() const { return m_form.form(); }
    // First start without a technician (kiosk_setup.cpp): the setup screen may be opened (the
    // `setup` route) until it is done; `show` opens it now instead of the attract screen.
    void armSetup(std::string suggestedId, SetupSinks sinks, bool show);
    const SetupFlow& setup() const { return m_setup; }
    // A turn of the screen was chosen: the kiosk ends (cleanly) after the next frame and its
    // session launcher starts it again on the turned screen. The frame loop asks.
    bool restartForScreen() const { return m_restartForScreen; }
    // Seconds until a new, unconfirmed turn is undone; 0 when none is on trial.
    int rotationTrialSecondsLeft() const;

  private:
    // One handler per intent (kiosk.cpp: the visit; kiosk_staff.cpp: staff).
    void on(const intent::StartVisit&);
    void on(const intent::Open& x);
    void on(const intent::Back&);
    void on(const intent::GoHome&);
    void on(const intent::SetLanguage& x);
    void on(const intent::SetLanguagePack& x);
    void on(const intent::SetTextSize& x);
    void on(const intent::SetContrast& x);
    void on(const intent::SetVoice& x);
    void on(const intent::SetVoiceVolume& x);
    void on(const intent::ListenAgain&);
    void on(const intent::CallTeam&);
    void on(const intent::MoreTime&);
    template <PlayerIntent T> void on(const T& x);
    void on(const intent::QuizStart&);
    void on(const intent::QuizAnswer& x);
    void on(const intent::QuizReveal&);
    void on(const intent::QuizTiebreak&);
    void on(const intent::QuizNext&);
    void on(const intent::QuizSeconds& x);
    void on(const intent::SelectFunnel& x);
    void on(const intent::OpenStaffLogin&);
    void on(const intent::PinDigit& x);
    void on(const intent::PinErase&);
    void on(const intent::Logout&);
    void on(const intent::LaunchSelect& x);
    void on(const intent::LaunchGroup& x);
    void on(const intent::LaunchPresenter& x);
    void on(const intent::LaunchStart&);
    void on(const intent::NextLesson&);
    void on(const intent::EndGuided&);
    void on(const intent::EditSetting& x);
    void on(const intent::SaveSettings&);
    void on(const intent::StartExport& x);
    void on(const intent::CancelExport&);
    void on(const intent::ChoosePack& x);
    void on(const intent::ConfirmPack&);
    void on(const intent::CancelPack&);
    void on(const intent::RollbackContent&);
    void on(const intent::LeaveSafeMode&);
    void on(const intent::Setup& x);
    void openSetup();

    void startVisit();
    void endVisit(const char* outcome);
    void openTutorial(const Route& r);
    // Ends the player when its screen is no longer anywhere in the navigation stack.
    void syncPlayer();
    // Quizzes (kiosk_quiz.cpp). Opening one replaces a quiz screen on top of the stack.
    void openQuiz(const Route& r);
    // Ends the quiz when its screen is no longer in the navigation stack; a group round that
    // showed questions is recorded then.
    void syncQuiz();
    void endQuiz();
    // Staff (kiosk_staff.cpp).
    void openStaffRoute(const Route& r);
    void openLogin(std::optional<Route> after);
    void signIn(StaffMember m);
    void logout();
    void nextLesson();
    void endGuided();
    void saveSettings();
    bool packBusy() const; // an install or rollback is running (m_packs set)
    void staffTick();
    // Where a visit that ends goes: the team screen while staff are in, else attract.
    Route restingRoute() const;

    Config m_config;
    const Clock& m_clock;
    ContentPtr m_content;       // what new lessons, quizzes and sessions open from
    ContentPtr m_lessonContent; // what the lesson being played came from
    ContentPtr m_guidedContent; // what the guided session's lessons come from
    const TutorialSet* m_tutorials;
    const PlanSet* m_plans = nullptr;
    Navigator m_nav;
    Visit m_visit;
    StaffSession m_staff;
    GuidedSessions m_guided;
    SettingsEditor m_form;
    SettingsSaver m_saver;
    SafeMode m_safe;
    ExportService* m_export = nullptr;
    PackService* m_packs = nullptr;
    std::optional<PackChoice> m_packChoice;
    std::string m_funnel;
    int m_listenAgain = 0;
    const QuizSet* m_quizzes = nullptr;
    std::optional<QuizSession> m_quiz;
    // The order of options in quizzes and lesson checks: each quiz and lesson gets a seed
    // from here (entropy by default; tests fix it with seedShuffle).
    OptionShuffle m_shuffle{OptionShuffle::entropySeed()};
    bool m_setupArmed = false;
    std::string m_setupId;
    SetupSinks m_setupSinks;
    SetupFlow m_setup;
    int m_shownRotation = 0; // the turn the session started the screen with
    bool m_restartForScreen = false;
    Seconds m_trialEnds = std::numeric_limits<Seconds>::infinity();
    void applyRotation(const RotationChoice& r);
    void rotationTick();
};

template <PlayerIntent T> void Kiosk::on(const T& x) {
    if (m_nav.current().screen == ScreenId::Tutorial) {
        m_visit.play(x);
    }
}

} // namespace tramso
