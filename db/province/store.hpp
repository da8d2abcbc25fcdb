// The province's PostgreSQL store: its schema (ordered migrations, tracked in
// schema_version), loading kiosk exports into it, and the catalogue of skills and lessons.
#pragma once
#include "kiosk/core/content/content.hpp"
#include "pg.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tramso::province {

// Applies the migrations the database lacks, each in its own transaction. Throws PgError
// (Other) when the database was made by a newer tramso.
void migrate(Pg& pg);
int schemaVersion(Pg& pg);
int latestSchemaVersion();

// Skill names and lesson titles (from the tramso's content), for the views and reports.
void storeCatalogue(Pg& pg, const Content& content);

// Export folders among `inputs`: each input that is an export (holds MANIFEST.sha256 or a
// sessions.csv) itself, else the export folders below it (TRAMSO/<kiosk>/<time>), in order.
// Links below the inputs are never followed; a folder with too many entries is reported in
// `problems` and only its first entries looked at.
std::vector<std::filesystem::path> findExports(const std::vector<std::filesystem::path>& inputs,
                                               std::vector<std::string>* problems = nullptr);

// The province's register of kiosks and their export keys (`tramso province kiosk add`).
// `publicKey`: a minisign .pub file's text or its base64 key line. Throws
// std::invalid_argument for a bad id or key, or a kiosk already registered with another key
// (unless `replace`), PgError for the server.
void registerKiosk(Pg& pg, const std::string& kioskId, const std::string& publicKey, bool replace);
struct RegisteredKiosk {
    std::string kioskId, keyId, publicKey, addedAt;
};
std::vector<RegisteredKiosk> registeredKiosks(Pg& pg);

struct LoadProgress {
    size_t exportIndex = 0, exports = 0; // the export being loaded (0-based) and how many
    int64_t bytesDone = 0, bytes = 0;    // CSV bytes sent, of all exports
    int64_t events = 0;                  // events sent so far
    std::string folder;
};

enum class LoadStatus { Loaded, AlreadyLoaded, Damaged, NotLoaded };

struct ExportLoad {
    std::filesystem::path folder;
    LoadStatus status = LoadStatus::NotLoaded;
    std::string message; // why it was refused (Damaged), or what stopped the run
    std::string kioskId;
    bool verified = false;  // signed by the key registered for its kiosk
    std::string unverified; // why not (loaded with --accept-unsigned)
    int64_t sessions = 0, newSessions = 0, events = 0, dailyRows = 0, quizRows = 0;
};

struct LoadOptions {
    std::vector<std::filesystem::path> exports; // export folders (see findExports)
    const Content* content = nullptr;           // for the catalogue; may be null
    std::function<void(const LoadProgress&)> progress;
    std::function<void(const ExportLoad&)> done; // after each export
    // Parallel loading: `jobs` connections to `conninfo` (the caller's is one of them) load
    // different exports side by side; exports of one kiosk still load one after another.
    int jobs = 1;
    std::string conninfo;
    // Load exports that are unsigned, or signed by another key than their kiosk's registered
    // one, marked unverified (they never set a kiosk's place nor replace verified visits).
    bool acceptUnsigned = false;
    int64_t now = 0; // unix seconds for the plausibility of dates; 0: the clock
};

// Loads each export in one transaction: checks its manifest, COPYs its rows in (straight
// into the store when every visit is new and the files are plain, else through staging
// tables), keeps each visit once (kiosk id + session id; a later, longer copy of a visit
// replaces an earlier one), then recomputes the monthly totals it touched. A damaged export
// is refused and the others load; a PgError of kind Lost ends the run (what was not
// committed is rolled back). Throws PgError for what is not one export's fault. The
// callbacks are called one at a time, from the loading threads.
std::vector<ExportLoad> loadExports(Pg& pg, const LoadOptions& options);

} // namespace tramso::province
