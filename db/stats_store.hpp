// The kiosk's anonymous statistics in <data-dir>/stats.sqlite: opening with integrity
// checks (a bad file is moved aside, never deleted), ordered migrations, batched writes,
// the dashboard's queries and retention. Only this file and sqlite.* know SQL.
#pragma once
#include "kiosk/core/base/local_time.hpp"
#include "kiosk/core/staff/dashboard.hpp"
#include "schema.hpp"
#include "sqlite.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tramso::db {

int latestSchemaVersion();

struct SessionStartRow {
    std::string id;
    std::string kioskId;
    int64_t startedAt = 0;        // unix seconds
    std::string contentVersion{}; // the installed pack's version; "" = the bundled content
};
struct SessionEndRow {
    std::string id;
    int64_t endedAt = 0;
    std::string outcome, mode, language, textSize, contrast;
    int groupSize = 1;
    bool voice = false;
};
struct EventRow {
    std::string sessionId;
    int day = 0;  // yyyymmdd, local
    int hour = 0; // local
    std::string type, tutorialId, portalId, result;
    int step = -1;
    int64_t atMs = 0;
    int64_t durationMs = -1;
};
// A quiz answer (solo) or a group round: not tied to any visit (migration 0007).
struct QuizRow {
    int day = 0;  // yyyymmdd, local
    int hour = 0; // local
    std::string type, quizId, result;
    int question = -1;  // quiz_answered: 0-based
    int questions = -1; // group_quiz_run: how many were shown
};
using Row = std::variant<SessionStartRow, SessionEndRow, EventRow, QuizRow>;

// Solo answers per question of a quiz, for the dashboard and tests.
struct QuizAnswerCounts {
    std::string quizId;
    int question = 0;
    int64_t right = 0, wrong = 0;
};

// The dashboard's plain data (kiosk/core/dashboard.hpp), long used as db:: names.
using tramso::Count;
using tramso::DashboardData;
using tramso::DashboardView;
using tramso::QuizDashboardRow;
using tramso::TutorialCounts;

class StatsStore {
  public:
    using Opened = db::Opened;
    struct OpenResult {
        std::unique_ptr<StatsStore> store; // null when Failed; not recording when TooNew
        Opened status = Opened::Failed;
        std::string message; // for the log and the dashboard notice
    };

    static OpenResult open(const std::filesystem::path& file);
    static std::unique_ptr<StatsStore> memory(); // for tests

    bool recording() const { return m_recording; }
    int schemaVersion() { return m_db->userVersion(); }
    Database& database() { return *m_db; }

    // Writes the rows in one transaction (all or nothing).
    void write(const std::vector<Row>& rows);
    // On this (the writer's) connection: for tests and tools on the writer's thread; the
    // kiosk's dashboard reads through its own StatsReader.
    DashboardData dashboard(int today, const std::string& funnelTutorial);
    // Closes every visit left without an end (the power was cut during it): outcome
    // 'interrupted', ended at its last event (or its start when it has none), with the
    // session_ended event a visit that ends normally gets. Returns how many; open() calls it.
    int closeInterruptedVisits();
    // Folds events of days before `beforeDay` into the daily table, at most `batch` events
    // per call; returns how many were folded (call again until 0).
    int foldOldEvents(int beforeDay, int batch);
    // Solo answers per quiz and question, in quiz and question order.
    std::vector<QuizAnswerCounts> quizAnswers();
    // Group rounds run and questions shown in them.
    std::pair<int64_t, int64_t> groupQuizzes();
    std::string integrityCheck();

  private:
    explicit StatsStore(std::unique_ptr<Database> db, bool recording);
    std::unique_ptr<Database> m_db;
    bool m_recording = true;
};

// The dashboard's numbers from any connection to a statistics file.
DashboardData queryDashboard(Database& db, int today, const std::string& funnelTutorial);

// Local calendar helpers (kiosk/core/local_time.hpp), long used as db:: names.
using tramso::addDays;
using tramso::localDay;
using tramso::localHour;
using tramso::localMidnight;

} // namespace tramso::db
