// Walks a path on a stick one part at a time with openat(O_NOFOLLOW), checking each part's
// device against the mount point's, so neither a symlink nor a mount on top of the stick
// can lead a read or a write off it.
#include "stick_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tramso {

StickFd& StickFd::operator=(StickFd&& o) noexcept {
    if (this != &o) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = o.m_fd;
        o.m_fd = -1;
    }
    return *this;
}

StickFd::~StickFd() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

std::filesystem::path StickFd::procPath() const {
    return std::filesystem::path("/proc/self/fd") / std::to_string(m_fd);
}

Stick Stick::open(const std::filesystem::path& mount, std::string& error) {
    Stick s;
    s.m_mount = mount;
    int fd = ::open(mount.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        error = mount.string() + ": cannot open the stick (" + std::strerror(errno) + ")";
        return s;
    }
    s.m_root = StickFd(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = mount.string() + ": cannot read the stick (" + std::strerror(errno) + ")";
        s.m_root = StickFd();
        return s;
    }
    s.m_dev = st.st_dev;
    return s;
}

StickFd Stick::openAt(const std::filesystem::path& rel, Mode mode, std::string& error) const {
    if (!m_root) {
        error = m_mount.string() + ": the stick is not open";
        return {};
    }
    std::vector<std::string> parts;
    for (const auto& p : rel) {
        const std::string s = p.string();
        if (s.empty() || s == ".") {
            continue;
        }
        if (s == ".." || s == "/") {
            error = rel.string() + ": only plain paths inside the stick are allowed";
            return {};
        }
        parts.push_back(s);
    }
    if (parts.empty() && mode != Mode::Dir && mode != Mode::MakeDir) {
        error = "no file named";
        return {};
    }
    StickFd dir(::dup(m_root.get()));
    std::string done;
    for (size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        const std::string& name = parts[i];
        const std::string shown = done + name;
        int flags = O_CLOEXEC | O_NOFOLLOW;
        if (!last || mode == Mode::Dir || mode == Mode::MakeDir) {
            flags |= O_RDONLY | O_DIRECTORY;
            if (mode == Mode::MakeDir) {
                if (::mkdirat(dir.get(), name.c_str(), 0755) == 0) {
                    ::fsync(dir.get()); // the new name survives a pulled stick
                } else if (errno != EEXIST) {
                    error = shown + ": cannot create the folder on the stick (" +
                            std::strerror(errno) + ")";
                    return {};
                }
            }
        } else if (mode == Mode::Read) {
            flags |= O_RDONLY;
        } else {
            flags |= O_WRONLY | O_CREAT | O_EXCL;
        }
        int fd = ::openat(dir.get(), name.c_str(), flags, 0644);
        if (fd < 0) {
            const int err = errno;
            struct stat st {};
            if (::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode)) {
                error = shown + " on the stick is a symbolic link; the kiosk never follows "
                                "links on a stick (remove it or use another stick)";
            } else {
                error = shown + " on the stick: " + std::strerror(err);
            }
            return {};
        }
        StickFd next(fd);
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            error = shown + " on the stick: " + std::strerror(errno);
            return {};
        }
        if (st.st_dev != m_dev) {
            error = shown + " is on another filesystem than the stick (something is mounted "
                            "there); refused";
            return {};
        }
        if (last && mode == Mode::Read && !S_ISREG(st.st_mode)) {
            error = shown + " on the stick is not a plain file";
            return {};
        }
        dir = std::move(next);
        done = shown + "/";
    }
    return dir;
}

std::vector<std::string> Stick::list(const StickFd& dir, std::string& error) const {
    std::vector<std::string> names;
    int fd = ::dup(dir.get());
    if (fd < 0) {
        error = std::string("cannot read the folder (") + std::strerror(errno) + ")";
        return names;
    }
    DIR* d = ::fdopendir(fd);
    if (!d) {
        ::close(fd);
        error = std::string("cannot read the folder (") + std::strerror(errno) + ")";
        return names;
    }
    ::rewinddir(d);
    while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") {
            names.push_back(n);
        }
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace tramso
