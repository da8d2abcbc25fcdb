// An export folder is untrusted ground (it came on a stick, from anyone): every file in it is
// opened relative to the folder with openat(O_NOFOLLOW | O_NONBLOCK), checked with fstat to
// be a regular file on the folder's device before a byte is read, and read with a size
// limit. A link (`sessions.csv -> /dev/zero`), a FIFO, a device or a socket is refused at
// once by name; nothing here can block on a pipe. Used by `merge` and `province load`.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tramso::db {

class ExportFolder {
  public:
    // Opens `folder` itself without following a link in its last part. On failure returns
    // nothing and `why` says so.
    static std::optional<ExportFolder> open(const std::filesystem::path& folder, std::string& why);
    ExportFolder(ExportFolder&& o) noexcept;
    ExportFolder& operator=(ExportFolder&&) = delete;
    ExportFolder(const ExportFolder&) = delete;
    ExportFolder& operator=(const ExportFolder&) = delete;
    ~ExportFolder();

    // Whether `name` exists in the folder (as anything, a link included; never followed).
    bool has(const std::string& name) const;
    // A plain file's whole content, at most `maxBytes`. Nothing (and `why`) for a missing
    // file, a link, a FIFO, a device, a folder, another filesystem, or one too big.
    std::optional<std::string> read(const std::string& name, uint64_t maxBytes,
                                    std::string& why) const;
    // Its SHA-256 (hex) read in pieces, at most `maxBytes`; "" and `why` on a refusal.
    std::string sha256(const std::string& name, uint64_t maxBytes, std::string& why) const;
    // An open descriptor of the plain file (the caller closes it), -1 and `why` on refusal.
    int openPlain(const std::string& name, uint64_t maxBytes, std::string& why) const;

    const std::filesystem::path& path() const { return m_path; }
    int fd() const { return m_fd; }

  private:
    ExportFolder() = default;
    std::filesystem::path m_path;
    int m_fd = -1;
    dev_t m_dev = 0;
};

// Sub-folders of `dir` (not links, not hidden), sorted, at most `maxEntries` entries looked
// at; `why` set when the folder cannot be read or holds more.
std::vector<std::string> plainSubfolders(const std::filesystem::path& dir, size_t maxEntries,
                                         std::string& why);

// Limits on an export's files (db/province/README.md lists them).
constexpr uint64_t kMaxManifestBytes = 64 << 10;
constexpr uint64_t kMaxSignatureBytes = 4 << 10;
constexpr uint64_t kMaxSummaryBytes = 4 << 20;
constexpr uint64_t kMaxCsvBytes = 1ull << 30;        // events.csv of ~10 million events
constexpr uint64_t kMaxExportFileBytes = 2ull << 30; // stats.sqlite, report.xlsx

} // namespace tramso::db
