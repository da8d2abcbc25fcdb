// Writing a file so that a power cut or a pulled USB stick leaves either the old file or the
// new one, never half of it: write to a temporary name beside it, fsync, rename, fsync the
// folder. AtomicFile streams (the export's CSV files); writeFileAtomically is the one-shot.
#pragma once
#include <sodium.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tramso {

// Returns "" on success, else what went wrong (with the path); the temporary file is
// removed on failure.
std::string writeFileAtomically(const std::filesystem::path& file, std::string_view data);
// fsyncs a folder so a rename in it is durable; "" on success.
std::string syncFolder(const std::filesystem::path& dir);

// What failed, with errno kept so a caller can say "the stick is full" in its own words.
struct AtomicFileError : std::runtime_error {
    AtomicFileError(int errnoValue, std::string doingWhat, const std::string& what)
        : std::runtime_error(what), err(errnoValue), doing(std::move(doingWhat)) {}
    int err;
    std::string doing; // "writing sessions.csv"
};

// A file written in pieces under `temp`, renamed to `file` by finish(); optionally hashed
// (SHA-256) as it goes so the bytes need not be read back to build a manifest. Destroyed
// unfinished, the temporary file is removed. Errors throw AtomicFileError.
class AtomicFile {
  public:
    AtomicFile(std::filesystem::path file, std::filesystem::path temp);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view s);
    // Writes what is buffered, fsyncs, closes and renames (the folder is not synced: a
    // caller writing several files syncs it once).
    void finish();
    const std::string& sha256() const { return m_hex; } // after finish()
    std::string name() const { return m_file.filename().string(); }

  private:
    static constexpr size_t kBuffer = 1 << 18;
    void flush();
    [[noreturn]] void fail(int err, const char* doing, const char* verb);
    std::filesystem::path m_file, m_temp;
    std::string m_buf, m_hex;
    int m_fd = -1;
    crypto_hash_sha256_state m_sha{};
};

// Lower-case hex of `n` bytes.
std::string hexBytes(const unsigned char* data, size_t n);

} // namespace tramso
