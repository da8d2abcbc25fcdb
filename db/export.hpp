// The technician's export: the kiosk's statistics, coarsened (start times rounded to the
// hour), as CSV, summary.json, report.html and a fresh stats.sqlite in
// TRAMSO/<kiosk-id>/<YYYYMMDD-HHMMSS>/ on a USB stick, each file written under a temporary
// name, fsynced, renamed, read back and checked; MANIFEST.sha256 last. The kiosk's own
// database is only read. Also the merge of many kiosks' exports.
#pragma once
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/export_key.hpp"
#include "kiosk/core/content/report.hpp"
#include "kiosk/core/stick/usb.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tramso::db {

struct ExportOptions {
    std::filesystem::path statsFile;  // the kiosk's stats.sqlite (opened read-only)
    std::filesystem::path to;         // the stick's mount point (or any folder)
    std::filesystem::path scratchDir; // local folder for the database being built
    std::string kioskId;
    KioskPlace place;  // province and commune codes and names from the config
    int64_t since = 0; // unix seconds: sessions and events from then on; 0: all
    int64_t now = 0;   // unix seconds: names the folder
    const Content* content = nullptr;
    std::function<void(double)> progress;      // 0..1, from the exporting thread
    const std::atomic<bool>* cancel = nullptr; // set to stop; the partial folder is removed
    // The kiosk's export key (kiosk/core/export_key.hpp): MANIFEST.sha256 is signed into
    // MANIFEST.sha256.minisig, written just before the manifest. Null: no signature.
    const ExportKey* signingKey = nullptr;
};

// What went wrong (kiosk/core/usb.hpp: the screens read it from ExportStatus).
using tramso::ExportProblem;

struct ExportResult {
    bool ok = false;
    ExportProblem problem = ExportProblem::None;
    bool cancelled = false;
    std::string error; // for the technician, in words
    std::filesystem::path folder;
    int64_t sessions = 0, events = 0, dailyRows = 0, quizRows = 0;
};

// What an errno from a stick means (full, read-only, no permission, pulled, other).
ExportProblem problemOfErrno(int err);

ExportResult exportStats(const ExportOptions& options);

// "" when `folder` holds a complete export whose files match MANIFEST.sha256; else why not
// ("incomplete export: no MANIFEST.sha256", "report.html does not match the manifest").
std::string verifyExport(const std::filesystem::path& folder);

// Export folders under `stick`/TRAMSO/*/ that have no MANIFEST.sha256 (an export that did
// not finish), as paths relative to `stick`, for showing: control characters escaped
// (printableName). Read through stick_fs: no link followed, a FIFO never waited on.
std::vector<std::string> incompleteExports(const std::filesystem::path& stick);

struct MergeResult {
    bool ok = false;
    std::string error;
    int kiosks = 0;
    int64_t sessions = 0, duplicates = 0, quizRows = 0;
    // For the person merging: two exports of one kiosk that name different places (the
    // newer one's is kept), each naming both exports.
    std::vector<std::string> warnings;
    // Exports refused and left out ("folder: why"): a link, FIFO or device, a manifest that
    // does not match, a stats.sqlite that is not a plain export database (a view, a
    // trigger), or a value no kiosk writes. The others are merged.
    std::vector<std::string> skipped;
};

// Combines verified exports (each a folder with stats.sqlite) into `to`: CSV files (quiz.csv
// too), summary.json, report.html with a per-kiosk table, stats.sqlite with each kiosk's
// province and commune (the newest export's). A session seen twice (the same kiosk exported
// twice) counts once; so do daily and quiz totals. Each export is untrusted: see
// MergeResult::skipped; temporary files live in `to` and are removed on every way out.
MergeResult mergeExports(const std::vector<std::filesystem::path>& exports,
                         const std::filesystem::path& to, const Content& content);

} // namespace tramso::db
