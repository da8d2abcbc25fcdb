// The kiosk's state apart from drawing: where the resident is, the visit's settings and the
// idle reset. Screens read it; intents and touches change it. Tested without a window.
#pragma once
#include "clock.hpp"
#include "config.hpp"
#include "config_edit.hpp"
#include "idle_timer.hpp"
#include "intent.hpp"
#include "navigator.hpp"
#include "plan.hpp"
#include "player.hpp"
#include "session.hpp"
#include "settings.hpp"
#include "staff.hpp"
#include "tutorial.hpp"
#include "usb.hpp"

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace tramso {

// Sounds the kiosk asks the platform to play.
enum class Cue { Chime, IdleWarning };

// Staff are logged out after this long without a touch.
constexpr Seconds kStaffIdleSeconds = 5 * 60;
// The keypad goes back to the attract screen after this long without a touch.
constexpr Seconds kKeypadIdleSeconds = 60;
constexpr int kMaxGroupSize = 100;

// What the keypad says under the dots.
enum class LoginNotice { None, Wrong, Locked, NoStaff, Unavailable, NeedsTechnician };

// A team member's choice on the launch screen.
struct LaunchChoice {
    std::string id; // lesson or plan id; empty until chosen
    bool plan = false;
    int groupSize = 1;      // 1: one resident
    bool presenter = false; // the presenter view (for groups)
};

// A session a team member started: the lessons to play in order, for whom.
struct GuidedSession {
    std::vector<std::string> lessons;
    size_t index = 0; // the lesson being played
    std::string planId;
    int groupSize = 1;
    bool presenter = false;
};

// The settings form while a technician edits it.
struct SettingsForm {
    ConfigEdit edit;
    std::map<std::string, std::string> errors; // key → what is wrong
    bool saved = false;
};
// Writes the edited settings to the config file; returns what the form should show.
using SettingsSaver = std::function<ConfigEditResult(const ConfigEdit&, std::string& ioError)>;

class Kiosk {
  public:
    // `recorder` receives the visit's anonymous events; `tutorials` are the lessons that
    // `tutorial:ID` routes open. Both must outlive the kiosk.
    Kiosk(const Config& config, const Clock& clock, SessionRecorder* recorder = nullptr,
          const TutorialSet* tutorials = nullptr);

    const Config& config() const { return m_config; }
    const Route& route() const { return m_nav.current(); }
    size_t navDepth() const { return m_nav.depth(); }
    const VisitSettings& settings() const { return m_settings; }
    VisitSettings defaultSettings() const;

    void apply(const Intent& i);
    // Any touch by a person: keeps the visit alive (and answers an idle warning).
    void touched();
    // Advances time-driven behaviour: the idle warning and the reset to attract.
    void tick();

    bool idleWarningShown() const { return m_warningShown; }
    int idleSecondsLeft() const { return m_idle.secondsLeft(m_clock.now()); }
    // When something time-driven next changes (for frame pacing); +inf when nothing will.
    Seconds nextTimedChange() const;

    // A QR code to this portal was on screen (reported once per screen shown).
    void qrShown(const std::string& portalId);
    bool inVisit() const { return m_inVisit; }
    // The lesson being played, or null.
    const TutorialPlayer* player() const { return m_player ? &*m_player : nullptr; }
    const TutorialSet* tutorials() const { return m_tutorials; }
    // The lesson whose step funnel the dashboard shows.
    const std::string& dashboardFunnel() const { return m_funnel; }

    // Sounds requested since the last call.
    std::vector<Cue> takeCues();
    int visitsEnded() const { return m_visitsEnded; }

    // Staff. Without a directory the keypad says staff are unavailable.
    void setStaffDirectory(StaffDirectory* d) { m_staffDir = d; }
    void setPlans(const PlanSet* plans) { m_plans = plans; }
    // Unix seconds, for the keypad lock (which survives restarts); default: the system clock.
    void setWallClock(std::function<int64_t()> wall) { m_wall = std::move(wall); }
    void setSettingsSaver(SettingsSaver saver) { m_saver = std::move(saver); }
    // The USB export (technician); without one the export screen says it is unavailable.
    void setExportService(ExportService* s) { m_export = s; }
    ExportService* exportService() const { return m_export; }
    // Safe mode (after a crash loop): the safe screen instead of attract until a technician
    // leaves it; `onLeave` forgets the crashes.
    void setSafeMode(std::string lastError, std::function<void()> onLeave);
    bool safeMode() const { return m_safe; }
    const std::string& safeModeError() const { return m_safeError; }
    const std::optional<StaffMember>& staff() const { return m_staff; }
    size_t pinLength() const { return m_pin.size(); }
    LoginNotice loginNotice() const { return m_loginNotice; }
    int triesLeft() const { return m_triesLeft; }
    int64_t lockedUntil() const { return m_lockedUntil; }
    int64_t wallNow() const;
    bool staffDirectoryEmpty() const { return m_noStaff; }
    const LaunchChoice& launch() const { return m_launch; }
    const std::optional<GuidedSession>& guided() const { return m_guided; }
    const PlanSet* plans() const { return m_plans; }
    const SettingsForm& settingsForm() const { return m_form; }

  private:
    void startVisit();
    void endVisit(const char* outcome);
    void record(EventType type, std::string portalId = {}, std::string result = {});
    void openTutorial(const Route& r);
    void applyToPlayer(const Intent& i);
    // Ends the player when its screen is no longer anywhere in the navigation stack.
    void syncPlayer();
    // Staff (kiosk_staff.cpp).
    bool applyStaff(const Intent& i); // true when the intent was a staff one
    void openStaffRoute(const Route& r);
    void openLogin(std::optional<Route> after);
    void submitPin();
    void logout();
    void startGuided();
    void nextLesson();
    void endGuided();
    void saveSettings();
    void staffTick();
    // Where a visit that ends goes: the team screen while staff are in, else attract.
    Route restingRoute() const;

    Config m_config;
    const Clock& m_clock;
    Navigator m_nav;
    VisitSettings m_settings;
    IdleTimer m_idle;
    bool m_warningShown = false;
    std::vector<Cue> m_cues;
    int m_visitsEnded = 0;
    bool m_inVisit = false;
    NullRecorder m_nullRecorder;
    SessionRecorder* m_recorder;
    const TutorialSet* m_tutorials;
    std::optional<TutorialPlayer> m_player;
    std::string m_funnel;
    // staff
    StaffDirectory* m_staffDir = nullptr;
    const PlanSet* m_plans = nullptr;
    std::function<int64_t()> m_wall;
    SettingsSaver m_saver;
    ExportService* m_export = nullptr;
    bool m_safe = false;
    std::string m_safeError;
    std::function<void()> m_onLeaveSafe;
    std::optional<StaffMember> m_staff;
    Seconds m_staffTouch = 0;
    std::string m_pin; // digits typed so far; only in memory, cleared at once
    std::optional<Route> m_afterLogin;
    LoginNotice m_loginNotice = LoginNotice::None;
    int m_triesLeft = 0;
    int64_t m_lockedUntil = 0;
    bool m_noStaff = false;
    LaunchChoice m_launch;
    std::optional<GuidedSession> m_guided;
    SettingsForm m_form;
};

} // namespace tramso
