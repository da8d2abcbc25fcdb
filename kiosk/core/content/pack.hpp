// Content packs: a tar archive (plain, gzip or zstd) holding an assets tree and pack.toml,
// read with libarchive. Every entry is checked before a byte is written: a plain file or
// folder, a relative path inside the tree, within the size limits.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

struct PackLimits {
    uint64_t maxArchiveBytes = 256ull << 20; // the signed file as it lies on the stick
    uint64_t maxFileBytes = 32ull << 20;     // one voice recording or picture
    uint64_t maxTextFileBytes = 1ull << 20;  // .toml/.md/.txt: what the content loaders read
    uint64_t maxTotalBytes = 1ull << 30;     // everything unpacked
    size_t maxEntries = 20000;
    // Reading from a stick: given up after this long without progress, or when *cancel is
    // set (the kiosk is closing); see runAbandonable in stick_fs.hpp.
    std::chrono::milliseconds stall{15000};
    const std::atomic<bool>* cancel = nullptr;
};

inline constexpr std::string_view kPackManifest = "pack.toml";

struct PackManifest {
    std::string version; // dotted numbers: 2026.12.1
    std::string date;    // YYYY-MM-DD
    Translated title;
    std::string minKioskVersion;
};

struct PackFile {
    std::string path; // relative, '/'-separated, normalised ("tutorials/01-x.toml")
    uint64_t size = 0;
    std::array<uint8_t, 32> hash{}; // BLAKE2b-256 of the contents
};

struct PackScan {
    std::string error; // empty when every entry passed; names the entry otherwise
    std::optional<PackManifest> manifest;
    Diagnostics manifestDiagnostics; // pack.toml problems (file:line)
    std::vector<PackFile> files;
    std::vector<std::string> dirs;
    std::string portalsToml; // the pack's portals.toml, for the "what changes" summary
    uint64_t totalBytes = 0;
    bool ok() const { return error.empty() && manifest.has_value(); }
    const PackFile* find(std::string_view path) const;
};

// Reads an archive held in memory. When `unpackDirFd` is an open folder, every file is also
// written beneath it (created new, never through a link, fsynced, folders fsynced too).
// Stops at the first bad entry. `progress`, when given, gets the share of the archive read
// (0..1) after each entry, for a progress bar.
PackScan readPack(std::string_view archive, const PackLimits& limits, int unpackDirFd = -1,
                  const std::function<void(double)>& progress = {});

// `path` as stored in the archive, normalised ("./a/b" -> "a/b"); empty with `why` set when
// it is absolute, climbs out with "..", or is otherwise not a plain relative path.
std::string normalisePackPath(std::string_view path, std::string& why);

std::optional<PackManifest> parsePackManifest(std::string_view text, const std::string& file,
                                              Diagnostics& diag);
std::string formatPackManifest(const PackManifest& m);

bool isValidVersion(std::string_view v);
// <0, 0, >0 like strcmp, comparing the dotted numbers one by one (2026.12.10 > 2026.12.9).
int compareVersions(std::string_view a, std::string_view b);

enum class PackCompression { None, Gzip, Zstd };
// From the output name: .tar, .tar.gz/.tgz, .tar.zst.
std::optional<PackCompression> packCompressionFor(const std::filesystem::path& file);

struct PackWriteInput {
    std::string path; // archive path
    std::filesystem::path source;
};
// Writes a reproducible archive (fixed owner and time): pack.toml first, then `entries`
// (folders end in '/'). "" on success, else what went wrong.
std::string writePackArchive(const std::filesystem::path& out, PackCompression compression,
                             const std::string& manifest, const std::vector<PackWriteInput>& files,
                             const std::vector<std::string>& dirs);

} // namespace tramso
