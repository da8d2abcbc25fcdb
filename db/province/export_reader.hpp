// Reading one kiosk export for the province, before PostgreSQL is asked anything: its files
// read from the folder as untrusted ground (no links, FIFOs or devices, size limits), the
// manifest checked, the signature checked against the kiosk's registered key, every field
// checked to be one a kiosk could have written, and the rows made ready to COPY. A refusal
// is a Damaged naming the file and the reason. No SQL here (the fuzz target drives it).
#pragma once
#include "kiosk/core/content/minisign.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tramso::province {

// The export itself is at fault: it is skipped by name, the others load.
class Damaged : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using Text = std::shared_ptr<const std::string>;

// What was read from an export folder: the manifest, its signature (when there is one),
// the files the loader needs in memory and every listed file's SHA-256 as found.
struct ExportFiles {
    std::string manifest;
    std::optional<std::string> signature;      // MANIFEST.sha256.minisig
    std::map<std::string, Text> texts;         // summary.json and the CSV files
    std::map<std::string, std::string> sha256; // every file the manifest lists, as read
    std::vector<std::string> unlisted;         // export files present but not in the manifest
};

// Throws Damaged: missing manifest, a link, FIFO, device or oversize file, unreadable file.
ExportFiles readExportFiles(const std::filesystem::path& folder);

struct Identity {
    std::string kioskId;
    std::string provinceCode, provinceName, communeCode, communeName;
};

// Registered kiosks' public keys, by kiosk id.
using KioskKeys = std::map<std::string, MinisignKey>;

struct CheckedExport {
    Identity id;
    std::string sha; // SHA-256 of MANIFEST.sha256: names the export
    bool verified = false;
    std::string unverified;             // why not verified (when loaded with --accept-unsigned)
    Text sessions, events, daily, quiz; // quiz null when the export has none
};

// Checks the manifest against the files, the signature against `keys`, and every field.
// Throws Damaged; an unsigned or wrongly signed export too unless `acceptUnsigned`.
CheckedExport checkExport(const ExportFiles& files, const KioskKeys& keys, int64_t nowUnix,
                          bool acceptUnsigned);

// A CSV header's column names (after the BOM); throws Damaged when it is not ours.
std::vector<std::string> csvHeader(std::string_view line, const char* file,
                                   const std::vector<std::string>& needed);

// An export found plain enough to go straight into the store's tables: no quoted field
// (after the titles, which are for people, are dropped), every row of its kiosk, each visit
// once in sessions.csv, every event of one of those visits, days as yyyymmdd. Its rows are
// ready to COPY, the visit's event counts and what it did (lessons, QR codes) worked out.
struct Plain {
    Text sessionsText;                              // the views below point into it
    std::string sessions, events, lessons, portals; // COPY data (CSV; events binary)
    std::vector<std::string_view> ids;
    std::vector<std::string> eventMonths, visitMonths; // 'YYYY-MM-01', sorted
    int64_t sessionRows = 0, eventRows = 0;
};

// Nothing when the export is not plain (the staging path then loads it). `verified` is
// written into each visit's row.
std::optional<Plain> readPlain(const CheckedExport& e, bool verified);

} // namespace tramso::province
