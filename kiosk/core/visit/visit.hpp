// One resident's visit apart from where it is: its settings, the idle warning and reset, the
// sounds it asks for, what it records, and the lesson being played. The kiosk decides when a
// visit starts and ends; this part keeps what the visit changed so ending forgets it at once.
#pragma once
#include "idle_timer.hpp"
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/base/settings.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/tutorial.hpp"
#include "kiosk/core/nav/intent.hpp"
#include "player.hpp"
#include "session.hpp"

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace tramso {

// Sounds the kiosk asks the platform to play.
enum class Cue { Chime, IdleWarning };

// The intents that act on the lesson being played.
template <class T>
concept PlayerIntent = std::is_same_v<T, intent::NextStep> || std::is_same_v<T, intent::PrevStep> ||
    std::is_same_v<T, intent::StartOver> || std::is_same_v<T, intent::ReplayHint> ||
    std::is_same_v<T, intent::SetPractice> || std::is_same_v<T, intent::TapReplica> ||
    std::is_same_v<T, intent::PressKey> || std::is_same_v<T, intent::AnswerCheck>;

class Visit {
  public:
    // `config` (the kiosk's, which a technician may change) and `clock` outlive the visit;
    // without a recorder the events go nowhere.
    Visit(const Config& config, const Clock& clock, SessionRecorder* recorder);

    VisitSettings defaults() const;
    const VisitSettings& settings() const { return m_settings; }
    VisitSettings& settings() { return m_settings; }
    void resetSettings() { m_settings = defaults(); }

    bool active() const { return m_active; }
    // Marks the visit started and records it (the caller has chosen its settings).
    void begin();
    // Leaves the lesson, records the end (when a visit is open) with how it was seen, and
    // forgets the settings and the idle warning. `groupSize` 0: self-serve.
    void end(const char* outcome, int assistedGroupSize);
    int ended() const { return m_ended; }

    // Someone touched the screen.
    void touch();
    // The idle timer after the technician changed its seconds.
    void restartIdleTimer();
    // Advances the warning; true when the visit has been idle too long (the caller ends it).
    bool idleExpired();
    bool warningShown() const { return m_warningShown; }
    int idleSecondsLeft() const { return m_idle.secondsLeft(m_clock.now()); }
    Seconds nextIdleChange() const { return m_idle.nextChange(m_clock.now()); }

    void cue(Cue c) { m_cues.push_back(c); }
    std::vector<Cue> takeCues();

    void record(EventType type, std::string portalId = {}, std::string result = {});
    // Any event, stamped with the kiosk clock (quiz answers and group rounds, which are not
    // tied to a visit).
    void record(SessionEvent e);
    // "Gọi tổ công nghệ số": recorded with where in a lesson the resident asked.
    void helpAsked();

    const TutorialPlayer* player() const { return m_player ? &*m_player : nullptr; }
    // `seed`: the order of the lesson's check options (see OptionShuffle).
    void startLesson(const Tutorial& t, uint64_t seed = 0);
    void leaveLesson();
    template <PlayerIntent T> void play(const T& x);

  private:
    const Config& m_config;
    const Clock& m_clock;
    NullRecorder m_nullRecorder;
    SessionRecorder* m_recorder;
    VisitSettings m_settings;
    IdleTimer m_idle;
    bool m_active = false;
    bool m_warningShown = false;
    int m_ended = 0;
    std::vector<Cue> m_cues;
    std::optional<TutorialPlayer> m_player;
};

template <PlayerIntent T> void Visit::play(const T& x) {
    if (!m_player) {
        return;
    }
    TutorialPlayer& p = *m_player;
    if constexpr (std::is_same_v<T, intent::NextStep>) {
        p.next();
    } else if constexpr (std::is_same_v<T, intent::PrevStep>) {
        p.back();
    } else if constexpr (std::is_same_v<T, intent::StartOver>) {
        p.startOver();
    } else if constexpr (std::is_same_v<T, intent::ReplayHint>) {
        p.replayHint();
    } else if constexpr (std::is_same_v<T, intent::SetPractice>) {
        p.setPracticeMode(x.on);
    } else if constexpr (std::is_same_v<T, intent::TapReplica>) {
        p.tapReplica(x.elementId);
    } else if constexpr (std::is_same_v<T, intent::PressKey>) {
        p.pressKey(x.digit);
    } else {
        static_assert(std::is_same_v<T, intent::AnswerCheck>, "a player intent without a case");
        p.answerCheck(x.option);
    }
}

} // namespace tramso
