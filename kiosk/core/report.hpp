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

struct ReportData {
    std::string title;          // kiosk id, or "N kiosks" for a merge
    int fromDay = 0, toDay = 0; // yyyymmdd, the period covered
    int64_t sessions = 0, started = 0, completed = 0, qr = 0, help = 0;
    std::map<int, int64_t> sessionsPerDay;
    std::map<std::string, std::pair<int64_t, int64_t>> tutorials; // id → started, completed
    std::map<std::pair<std::string, int>, int64_t> gaveUp;        // (tutorial, step) → left
    std::map<std::string, int64_t> qrPerPortal, modes, languages;
    std::map<std::string, KioskTotals> kiosks;
    std::map<std::string, KioskPlace> places; // kiosk id → place, when known

    // One session row, and `count` events of one kind (count > 1 for folded daily rows).
    void addSession(const std::string& kioskId, int day, const std::string& mode,
                    const std::string& language);
    void addEvents(const std::string& kioskId, const std::string& type,
                   const std::string& tutorialId, int step, const std::string& portalId,
                   int64_t count);
};

// summary.json: schema version, kiosk(s), period, totals per skill, tutorial, portal, mode,
// language (skills and titles looked up in `content`).
std::string summaryJson(const ReportData& r, const Content& content);
// report.html, self-contained.
std::string reportHtml(const ReportData& r, const Content& content);

} // namespace tramso
