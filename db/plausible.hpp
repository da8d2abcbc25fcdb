// What a kiosk can have produced, field by field (db/province/README.md, "Plausible data
// only"): `merge` and `province load` refuse an export holding anything else, by name, with
// the file, line and field. Each check returns "" when the value is plausible, else why not.
#pragma once
#include "kiosk/core/content/report.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace tramso::db {

namespace plausible {
constexpr int kFirstDay = 20250101;          // no kiosk counted anything before 2025
constexpr int kMaxGroupSize = 100;           // kiosk/core/guided.hpp kMaxGroupSize
constexpr int64_t kMaxDurationS = 86400;     // a visit ends at the latest with its day
constexpr int64_t kMaxAtMs = 2 * 86400000LL; // an event's time within its visit
constexpr int64_t kMaxStep = 1000;           // a lesson's step
constexpr int64_t kMaxDailyCount = 10000000; // one day's total of one kind
constexpr int64_t kMaxQuizQuestions = 1000;
constexpr int64_t kMaxQuizCount = 1000000;
constexpr size_t kMaxIdChars = 64;     // session, lesson, portal and quiz ids
constexpr size_t kMaxTokenChars = 32;  // mode, language, result, type, version …
constexpr size_t kMaxNameChars = 100;  // province and commune names (code points)
constexpr size_t kMaxTitleChars = 300; // lesson, portal and quiz titles
constexpr size_t kMaxOtherChars = 256; // a column added by a later kiosk version
constexpr int64_t kMaxRows = 50000000; // rows in one file of one export
} // namespace plausible

// Limits on an export's files (db/province/README.md lists them); the files themselves are
// read through kiosk/core/stick_fs.hpp (untrusted ground).
constexpr uint64_t kMaxManifestBytes = 64 << 10;
constexpr uint64_t kMaxSignatureBytes = 4 << 10;
constexpr uint64_t kMaxSummaryBytes = 4 << 20;
constexpr uint64_t kMaxCsvBytes = 1ull << 30;        // events.csv of ~10 million events
constexpr uint64_t kMaxExportFileBytes = 2ull << 30; // stats.sqlite, report.xlsx

// The last day a kiosk can have written, from `nowUnix` (today + 1 day, for clocks ahead).
int lastPlausibleDay(int64_t nowUnix);

std::string checkKioskId(std::string_view v);
std::string checkSessionId(std::string_view v);
std::string checkDay(int64_t yyyymmdd, int64_t nowUnix);
std::string checkStartedUnix(int64_t unixSeconds, int64_t nowUnix);
std::string checkGroupSize(int64_t v);
std::string checkPlace(const KioskPlace& p);
// Any text field of a kind: "id", "token", "title", "name", "other".
std::string checkText(std::string_view v, size_t maxChars, bool idChars);

// A whole CSV file of an export (its text, BOM and header included): "" or
// "<file> line N, <column>: why". Columns a later kiosk adds are checked for length only.
// `kiosk` is the id every row must carry.
std::string checkSessionsCsv(std::string_view text, std::string_view kiosk, int64_t nowUnix);
std::string checkEventsCsv(std::string_view text, std::string_view kiosk, int64_t nowUnix);
std::string checkDailyCsv(std::string_view text, std::string_view kiosk, int64_t nowUnix);
std::string checkQuizCsv(std::string_view text, std::string_view kiosk, int64_t nowUnix);

} // namespace tramso::db
