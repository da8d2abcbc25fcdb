// Untrusted ground: a USB stick, or an export folder a province office was handed. Everything
// read from (or written to) it goes through this file. Paths are opened relative to the root
// folder's descriptor one part at a time with openat(O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC): no
// "..", no symbolic link anywhere in the path, nothing on another filesystem (a stick's
// TRAMSO -> /var/lib/tramso must not work). A file is checked with fstat to be a plain file
// on the root's device BEFORE a byte is read (a FIFO, device or socket is refused without
// blocking; O_NONBLOCK is cleared again for the read), and it is read with a size limit.
// Folder listings are bounded in entries.
//
// How to use it (kiosk and province alike):
//
//     std::string why;
//     Stick root = Stick::open("/media/usb/TRAMSO/k1/20261201-101500", why, "the export");
//     if (!root.valid()) { refuse(why); }
//     auto text = root.readFile("summary.json", 1 << 20, why);   // nullopt: `why` says why
//     StickFd dir = root.openAt("sub", Stick::Mode::Dir, why);
//     for (const StickEntry& e : root.entries(dir, why)) { ... e.name, e.type ... }
//
// Messages name the file as shown to a person (control characters escaped, see
// printableName) and the place ("on the stick", or the `where` given to open()). With an
// empty `where` (the caller names the folder itself, e.g. "EXPORT: sessions.csv is …") the
// messages carry no place.
//
// The province side (`merge`, `province load`, `province kiosk add`) reads export folders
// through this same file: has() / readFile() / sha256() / openFile() / entries().
//
// A read that the kernel never finishes (a stick that stopped answering) cannot be cut short
// from inside; runAbandonable() runs such work on a thread of its own and gives up waiting
// when it stops making progress, so neither the UI thread nor the process's exit waits on it.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace tramso {

// Default bounds for a folder walk on untrusted ground.
inline constexpr size_t kMaxStickEntries = 10000;

// An open file or folder on a stick; closes itself.
class StickFd {
  public:
    StickFd() = default;
    explicit StickFd(int fd) : m_fd(fd) {}
    StickFd(StickFd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    StickFd& operator=(StickFd&& o) noexcept;
    StickFd(const StickFd&) = delete;
    StickFd& operator=(const StickFd&) = delete;
    ~StickFd();
    int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    // A path naming this very folder through /proc/self/fd: code that works with paths can
    // use it beneath an open folder without any link in between being followed again.
    std::filesystem::path procPath() const;

  private:
    int m_fd = -1;
};

// One name in a folder, with what it is (from fstatat without following links).
struct StickEntry {
    enum class Type { File, Dir, Link, Other }; // Other: FIFO, device, socket
    std::string name;
    Type type = Type::Other;
    uint64_t size = 0; // for a File
};

class Stick {
  public:
    // Opens the root folder (which itself must not be a link) and remembers its device.
    // `where` names the root in messages ("the stick", "the export", …).
    static Stick open(const std::filesystem::path& root, std::string& error,
                      std::string where = "the stick");

    enum class Mode {
        Read,      // an existing plain file on the root's device, read-only, blocking reads
        Dir,       // an existing folder
        MakeDir,   // a folder, made (with its parents, each fsynced into its parent) if missing
        CreateNew, // a new file for writing (fails if the name exists)
    };
    // `rel` is relative to the root ("TRAMSO/packs/a.tar.zst"); no "..", no links, same
    // device all the way. Read refuses a FIFO, device or socket without blocking on it. On
    // failure an invalid StickFd and `error` says which part and why.
    StickFd openAt(const std::filesystem::path& rel, Mode mode, std::string& error) const;

    // The whole of plain file `rel`, at most `maxBytes` (larger: refused, the message gives
    // the size and the limit in bytes/kB/MB). nullopt with `error` on any refusal.
    std::optional<std::string> readFile(const std::filesystem::path& rel, uint64_t maxBytes,
                                        std::string& error) const;
    // Plain file `rel` opened for reading (openAt Read) and checked to be at most `maxBytes`;
    // an invalid StickFd and `error` on any refusal.
    StickFd openFile(const std::filesystem::path& rel, uint64_t maxBytes, std::string& error) const;
    // The SHA-256 (lowercase hex) of plain file `rel`, read in pieces, at most `maxBytes`;
    // "" and `error` on any refusal.
    std::string sha256(const std::filesystem::path& rel, uint64_t maxBytes,
                       std::string& error) const;
    // Whether `rel` exists as anything (a link, FIFO or device included; never followed nor
    // opened). False too when a folder on the way cannot be opened as a plain folder.
    bool has(const std::filesystem::path& rel) const;

    // The names in folder `dir` (not "." or ".."), sorted; at most `maxEntries` (more: an
    // empty list and `error`). `error` set on failure.
    std::vector<std::string> list(const StickFd& dir, std::string& error,
                                  size_t maxEntries = kMaxStickEntries) const;
    // The same with each entry's type (a link is reported as Link, never followed).
    std::vector<StickEntry> entries(const StickFd& dir, std::string& error,
                                    size_t maxEntries = kMaxStickEntries) const;

    bool valid() const { return static_cast<bool>(m_root); }
    // The whole root folder as a StickFd of its own (for entries() of the root).
    StickFd openRoot(std::string& error) const { return openAt({}, Mode::Dir, error); }
    const std::filesystem::path& mount() const { return m_mount; }
    const std::string& where() const { return m_where; }
    int rootFd() const { return m_root.get(); }
    dev_t device() const { return m_dev; }

  private:
    std::string on() const { return m_where.empty() ? std::string() : " on " + m_where; }
    std::string place() const { return m_where.empty() ? std::string("its folder") : m_where; }
    std::filesystem::path m_mount;
    std::string m_where = "the stick";
    StickFd m_root;
    dev_t m_dev = 0;
};

// Reads open plain file `fd` to its end, at most `maxBytes`; `shown` names it in messages.
// Checks with fstat first (a plain file within the limit); each chunk read counts as progress
// for runAbandonable.
std::optional<std::string> readOpenFile(int fd, uint64_t maxBytes, const std::string& shown,
                                        std::string& error);
// The same, handing each chunk to `sink` instead of keeping it; false and `error` on a refusal.
bool readOpenFileChunks(int fd, uint64_t maxBytes, const std::string& shown, std::string& error,
                        const std::function<void(const char*, size_t)>& sink);

// "1234 bytes", "4 kB" (4096 bytes and up), "3 MB" (1 MiB and up): for size messages, so a
// small limit never reads "0 MB".
std::string sizeText(uint64_t bytes);

// A name from untrusted ground made safe to print on a terminal or draw on the screen:
// control characters (C0, DEL, C1) become \n, \t, \e or \xHH; a backslash becomes "\\";
// bytes that are not UTF-8 become \xHH. Printable text (Vietnamese too) is unchanged.
std::string printableName(std::string_view name);

// Runs `work` on a thread of its own and waits while it makes progress: each path part
// opened, chunk read or folder entry listed through this file counts. It returns true when
// `work` finished; false when nothing moved for `stall` or `*cancel` became true (the
// caller reports "the stick stopped answering"). Then the thread is detached and left to
// finish (or stay stuck) alone: `work` must own everything it touches (capture by value or
// shared_ptr), never the caller's locals or `this`.
bool runAbandonable(std::function<void()> work, std::chrono::milliseconds stall,
                    const std::atomic<bool>* cancel = nullptr);

// Counts as progress for the runAbandonable() this thread runs under (none: nothing), for
// work that moves without reading through this file (an export writing to the stick).
void noteStickProgress();

// How long stick work may go without progress before it is abandoned (the kiosk's default).
inline constexpr std::chrono::milliseconds kStickStall{15000};

} // namespace tramso
