// See export_files.hpp. lstat first (a FIFO is never opened at all), then an O_NOFOLLOW |
// O_NONBLOCK open, then fstat of what was opened: the same file, plain, on the same device.
#include "export_files.hpp"

#include <sodium.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tramso::db {
namespace fs = std::filesystem;

namespace {

std::string kindOf(mode_t m) {
    if (S_ISLNK(m)) {
        return "a symbolic link (never followed in an export)";
    }
    if (S_ISFIFO(m)) {
        return "a named pipe (FIFO), not a file";
    }
    if (S_ISCHR(m) || S_ISBLK(m)) {
        return "a device, not a file";
    }
    if (S_ISSOCK(m)) {
        return "a socket, not a file";
    }
    if (S_ISDIR(m)) {
        return "a folder, not a file";
    }
    return "not a plain file";
}

std::string mib(uint64_t b) {
    return std::to_string((b + (1 << 20) - 1) >> 20) + " MiB";
}

} // namespace

std::optional<ExportFolder> ExportFolder::open(const fs::path& folder, std::string& why) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        struct stat st {};
        if (::lstat(folder.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
            why = "the export folder is a symbolic link (never followed)";
        } else {
            why = std::string("the export folder cannot be opened (") + std::strerror(err) + ")";
        }
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        why = std::string("the export folder cannot be read (") + std::strerror(errno) + ")";
        ::close(fd);
        return std::nullopt;
    }
    ExportFolder f;
    f.m_path = folder;
    f.m_fd = fd;
    f.m_dev = st.st_dev;
    return std::optional<ExportFolder>(std::move(f));
}

ExportFolder::ExportFolder(ExportFolder&& o) noexcept
    : m_path(std::move(o.m_path)), m_fd(o.m_fd), m_dev(o.m_dev) {
    o.m_fd = -1;
}

ExportFolder::~ExportFolder() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

bool ExportFolder::has(const std::string& name) const {
    struct stat st {};
    return ::fstatat(m_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int ExportFolder::openPlain(const std::string& name, uint64_t maxBytes, std::string& why) const {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
        why = "'" + name + "' is not a file name of an export";
        return -1;
    }
    struct stat before {};
    if (::fstatat(m_fd, name.c_str(), &before, AT_SYMLINK_NOFOLLOW) != 0) {
        why = name + (errno == ENOENT ? " is missing" : std::string(": ") + std::strerror(errno));
        return -1;
    }
    if (!S_ISREG(before.st_mode)) {
        why = name + " is " + kindOf(before.st_mode);
        return -1;
    }
    const int fd =
        ::openat(m_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        why = name + (errno == ELOOP ? " is a symbolic link (never followed in an export)"
                                     : std::string(" cannot be opened: ") + std::strerror(errno));
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_ino != before.st_ino) {
        why = name + " changed while it was opened (" + kindOf(st.st_mode) + ")";
        ::close(fd);
        return -1;
    }
    if (st.st_dev != m_dev) {
        why = name + " is on another filesystem than its export folder";
        ::close(fd);
        return -1;
    }
    if (static_cast<uint64_t>(st.st_size) > maxBytes) {
        why = name + " is " + mib(static_cast<uint64_t>(st.st_size)) + ", over the limit of " +
              mib(maxBytes) + " for this file";
        ::close(fd);
        return -1;
    }
    // a plain file: reads may block again (they do not on a regular file anyway)
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

std::optional<std::string> ExportFolder::read(const std::string& name, uint64_t maxBytes,
                                              std::string& why) const {
    const int fd = openPlain(name, maxBytes, why);
    if (fd < 0) {
        return std::nullopt;
    }
    std::string out;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
        out.reserve(static_cast<size_t>(st.st_size));
    }
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            why = name + " cannot be read: " + std::strerror(errno);
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) {
            break;
        }
        if (out.size() + static_cast<size_t>(n) > maxBytes) { // it grew while being read
            why = name + " is over the limit of " + mib(maxBytes) + " for this file";
            ::close(fd);
            return std::nullopt;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

std::string ExportFolder::sha256(const std::string& name, uint64_t maxBytes,
                                 std::string& why) const {
    const int fd = openPlain(name, maxBytes, why);
    if (fd < 0) {
        return {};
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    std::vector<unsigned char> buf(1 << 18);
    uint64_t total = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            why = name + " cannot be read: " + std::strerror(errno);
            ::close(fd);
            return {};
        }
        if (n == 0) {
            break;
        }
        total += static_cast<uint64_t>(n);
        if (total > maxBytes) {
            why = name + " is over the limit of " + mib(maxBytes) + " for this file";
            ::close(fd);
            return {};
        }
        crypto_hash_sha256_update(&h, buf.data(), static_cast<size_t>(n));
    }
    ::close(fd);
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (unsigned char c : d) {
        s += hex[c >> 4];
        s += hex[c & 15];
    }
    return s;
}

std::vector<std::string> plainSubfolders(const fs::path& dir, size_t maxEntries, std::string& why) {
    std::vector<std::string> out;
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        why = dir.string() + ": cannot be opened as a folder (" + std::strerror(errno) + ")";
        return out;
    }
    DIR* d = ::fdopendir(fd);
    if (!d) {
        why = dir.string() + ": cannot be read (" + std::strerror(errno) + ")";
        ::close(fd);
        return out;
    }
    size_t seen = 0;
    while (dirent* e = ::readdir(d)) {
        const std::string n = e->d_name;
        if (n == "." || n == "..") {
            continue;
        }
        if (++seen > maxEntries) {
            why = dir.string() + " holds more than " + std::to_string(maxEntries) +
                  " entries; only the first were looked at";
            break;
        }
        if (n[0] == '.') {
            continue;
        }
        struct stat st {};
        if (::fstatat(::dirfd(d), n.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISDIR(st.st_mode)) {
            out.push_back(n);
        }
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace tramso::db
