// What the team's dashboard shows, as plain data: db/ computes it from the statistics
// (db::queryDashboard), the dashboard screen draws it. No SQL here, so a screen that draws
// it never sees SQLite.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tramso {

struct Count {
    std::string key;
    int64_t value = 0;
};

struct TutorialCounts {
    std::string id;
    int64_t started = 0;
    int64_t completed = 0;
};

// A quiz on the dashboard: solo answers right and wrong, and rooms that played it.
struct QuizDashboardRow {
    std::string quizId;
    int64_t right = 0, wrong = 0, groupRuns = 0;
};

// What the team's dashboard shows; computed between frames, drawn by the dashboard screen.
struct DashboardData {
    int today = 0; // yyyymmdd
    int64_t monthSessions = 0, monthStarted = 0, monthCompleted = 0, monthQr = 0, monthHelp = 0;
    int64_t monthWrongPins = 0;                          // staff keypad, from the staff store
    std::vector<std::pair<int, int64_t>> sessionsPerDay; // last 30 days, oldest first
    std::vector<TutorialCounts> tutorials;               // last 30 days
    std::string funnelTutorial;
    std::vector<int64_t> funnel; // sessions that reached each step of funnelTutorial
    std::vector<Count> qrPerPortal, modes, languages, textSizes;
    std::array<int64_t, 24> hours{};

    std::vector<QuizDashboardRow> quizzes; // last 30 days, in quiz id order
};

// The dashboard screen's data: the numbers (none when they cannot be read) and a notice to
// show with them (a damaged file moved aside, not recording, a read that failed).
struct DashboardView {
    std::optional<DashboardData> data;
    std::string notice;
};

} // namespace tramso
