// A USB stick is untrusted ground: everything read from or written to it is opened relative
// to its mount point with openat + O_NOFOLLOW, refusing a symbolic link anywhere in the path
// and anything on another filesystem (a stick's TRAMSO -> /var/lib/tramso must not work).
#pragma once
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tramso {

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

class Stick {
  public:
    // Opens the mount point (which itself must not be a link) and remembers its device.
    static Stick open(const std::filesystem::path& mount, std::string& error);

    enum class Mode {
        Read,      // an existing file, read-only
        Dir,       // an existing folder
        MakeDir,   // a folder, made (with its parents, each fsynced into its parent) if missing
        CreateNew, // a new file for writing (fails if the name exists)
    };
    // `rel` is relative to the mount ("TRAMSO/packs/a.tar.zst"); no "..", no links, same
    // device all the way. On failure an invalid StickFd and `error` says which part and why.
    StickFd openAt(const std::filesystem::path& rel, Mode mode, std::string& error) const;
    // The names in folder `dir` (not "." or ".."), sorted; `error` set on failure.
    std::vector<std::string> list(const StickFd& dir, std::string& error) const;

    bool valid() const { return static_cast<bool>(m_root); }
    const std::filesystem::path& mount() const { return m_mount; }
    int rootFd() const { return m_root.get(); }
    dev_t device() const { return m_dev; }

  private:
    std::filesystem::path m_mount;
    StickFd m_root;
    dev_t m_dev = 0;
};

} // namespace tramso
