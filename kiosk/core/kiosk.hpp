// The kiosk's state apart from drawing: where the resident is, the visit's settings and the
// idle reset. Screens read it; intents and touches change it. Tested without a window.
#pragma once
#include "clock.hpp"
#include "config.hpp"
#include "idle_timer.hpp"
#include "intent.hpp"
#include "navigator.hpp"
#include "player.hpp"
#include "session.hpp"
#include "settings.hpp"
#include "tutorial.hpp"

#include <optional>
#include <vector>

namespace tramso {

// Sounds the kiosk asks the platform to play.
enum class Cue { Chime, IdleWarning };

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

  private:
    void startVisit();
    void endVisit(const char* outcome);
    void record(EventType type, std::string portalId = {}, std::string result = {});
    void openTutorial(const Route& r);
    void applyToPlayer(const Intent& i);
    // Ends the player when its screen is no longer anywhere in the navigation stack.
    void syncPlayer();

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
};

} // namespace tramso
