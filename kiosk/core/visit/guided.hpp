// Guided sessions: what a team member chose on the launch screen (a lesson or a plan, for one
// resident or a group, with or without the presenter view) and the session it started.
#pragma once
#include "kiosk/core/content/plan.hpp"
#include "kiosk/core/content/tutorial.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tramso {

constexpr int kMaxGroupSize = 100;

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

class GuidedSessions {
  public:
    const LaunchChoice& choice() const { return m_choice; }
    const std::optional<GuidedSession>& session() const { return m_session; }

    void select(std::string id, bool plan);
    void setGroup(int size);
    void setPresenter(bool on);
    void resetChoice() { m_choice = LaunchChoice{}; }

    // Starts a session from the choice; false when the choice leads to no lesson.
    bool start(const TutorialSet& tutorials, const PlanSet* plans);
    // The next lesson of the session, or null when it was the last.
    const std::string* advance();
    void end() { m_session.reset(); }

  private:
    LaunchChoice m_choice;
    std::optional<GuidedSession> m_session;
};

} // namespace tramso
