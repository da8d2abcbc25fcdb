// What an export or a merge reports: totals gathered while the rows stream past, rendered as
// summary.json (versioned, for machines) and report.html (one self-contained page for the
// team's monthly report: big numbers and inline SVG charts, Vietnamese with an English
// toggle that needs no script).
#pragma once
#include "content.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace tramso {

constexpr int kSummarySchemaVersion = 1;

// Where a kiosk stands (from its config), carried in every export for the province's store.
struct KioskPlace {
    std::string provinceCode, provinceName, communeCode, communeName;
};

struct KioskTotals {
    int64_t sessions = 0, started = 0, completed = 0, qr = 0;
};

// A quiz's anonymous totals: solo answers right and wrong, rooms that played it (issue 17).
struct QuizTotals {
    int64_t right = 0, wrong = 0, groupRuns = 0, groupQuestions = 0;
};

struct ReportData {
    std::string title;          // kiosk id, or "N kiosks" for a merge
    int fromDay = 0, toDay = 0; // yyyymmdd, the period covered
    int64_t sessions = 0, started = 0, completed = 0, qr = 0, help = 0;
    // Visits with no end (outcome "interrupted", or no end time: power cut, crash) and
    // visits ended by the kiosk shutting down: both were cut by the kiosk stopping.
    int64_t unfinished = 0, endedByShutdown = 0;
    std::map<int, int64_t> sessionsPerDay;
    std::map<std::string, std::pair<int64_t, int64_t>> tutorials; // id → started, completed
    std::map<std::pair<std::string, int>, int64_t> gaveUp;        // (tutorial, step) → left
    std::map<std::string, int64_t> qrPerPortal, modes, languages;
    std::map<std::string, KioskTotals> kiosks;
    std::map<std::string, KioskPlace> places; // kiosk id → place, when known
    // Visits with narration on / off, and per content version ("" = the content that came
    // with the kiosk, or a visit recorded before versions were kept).
    int64_t voiceOn = 0, voiceOff = 0;
    std::map<std::string, int64_t> contentVersions;
    std::map<std::string, QuizTotals> quizzes; // quiz id → totals

    // One session row, and `count` events of one kind (count > 1 for folded daily rows).
    void addSession(const std::string& kioskId, int day, const std::string& mode,
                    const std::string& language, const std::string& outcome = "completed",
                    bool ended = true, bool voice = false, const std::string& contentVersion = {});
    void addEvents(const std::string& kioskId, const std::string& type,
                   const std::string& tutorialId, int step, const std::string& portalId,
                   int64_t count);
    // `count` quiz rows of one kind: "quiz_answered" with its result, or "group_quiz_run"
    // with the questions shown in each run.
    void addQuiz(const std::string& type, const std::string& quizId, const std::string& result,
                 int64_t questions, int64_t count);
};

// summary.json: schema version, kiosk(s), period, totals per skill, tutorial, portal, mode,
// language, voice, content version and quiz (skills and titles looked up in `content`).
std::string summaryJson(const ReportData& r, const Content& content);
// report.html, self-contained, A4 when printed.
std::string reportHtml(const ReportData& r, const Content& content);
// The "visits per day" chart alone (a fixed 720×220 SVG): every day of [fromDay, toDay]
// shown, zero when nobody came; by week past two months, by month past a year.
std::string visitsChart(const std::map<int, int64_t>& perDay, int fromDay, int toDay);

} // namespace tramso
