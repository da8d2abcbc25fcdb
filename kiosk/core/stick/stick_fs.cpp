// Walks a path on a stick one part at a time with openat(O_NOFOLLOW|O_NONBLOCK), checking
// each part's device against the root's, so neither a symlink nor a mount on top of the
// stick can lead a read or a write off it, and a FIFO never blocks the opener.
#include "stick_fs.hpp"

#include "kiosk/core/base/abandoned_work.hpp"
#include "kiosk/core/base/atomic_file.hpp"

#include <sodium.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace tramso {
namespace {

// Set once work was left behind on a thread of its own (see abandoned_work.hpp).
std::atomic<bool> g_abandoned{false};

// The progress counter of the runAbandonable() this thread runs under, if any.
thread_local std::atomic<uint64_t>* t_progress = nullptr;

void tick() {
    if (t_progress) {
        t_progress->fetch_add(1, std::memory_order_relaxed);
    }
}

const char* kindOf(mode_t m) {
    if (S_ISFIFO(m)) {
        return "a named pipe (FIFO)";
    }
    if (S_ISCHR(m) || S_ISBLK(m)) {
        return "a device";
    }
    if (S_ISSOCK(m)) {
        return "a socket";
    }
    if (S_ISDIR(m)) {
        return "a folder";
    }
    if (S_ISLNK(m)) {
        return "a symbolic link";
    }
    return "not a plain file";
}

} // namespace

std::string sizeText(uint64_t bytes) {
    if (bytes >= (1ull << 20)) {
        return std::to_string(bytes >> 20) + " MB";
    }
    if (bytes >= 4096) {
        return std::to_string(bytes >> 10) + " kB";
    }
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

namespace {
// "5 kB (5120 bytes)"; under 4096 bytes just "300 bytes"
std::string sizeAndBytes(uint64_t bytes) {
    const std::string t = sizeText(bytes);
    return bytes >= 4096 ? t + " (" + std::to_string(bytes) + " bytes)" : t;
}
} // namespace

std::string printableName(std::string_view name) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(name.size());
    auto hex = [&](unsigned char c) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    };
    size_t i = 0;
    while (i < name.size()) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == '\\') {
            out += "\\\\";
            ++i;
        } else if (c == '\n') {
            out += "\\n";
            ++i;
        } else if (c == '\t') {
            out += "\\t";
            ++i;
        } else if (c == '\r') {
            out += "\\r";
            ++i;
        } else if (c == 0x1b) {
            out += "\\e";
            ++i;
        } else if (c < 0x20 || c == 0x7f) {
            hex(c);
            ++i;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
        } else {
            // one UTF-8 sequence, checked; C1 controls (U+0080..U+009F) escaped too
            size_t len = c >= 0xf0 && c <= 0xf4  ? 4
                         : c >= 0xe0 && c < 0xf0 ? 3
                         : c >= 0xc2 && c < 0xe0 ? 2
                                                 : 0;
            bool ok = len > 0 && i + len <= name.size();
            uint32_t cp = len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
            for (size_t k = 1; ok && k < len; ++k) {
                const auto cc = static_cast<unsigned char>(name[i + k]);
                ok = (cc & 0xc0) == 0x80;
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
                       (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))) {
                ok = false;
            }
            if (!ok) {
                hex(c);
                ++i;
            } else if (cp >= 0x80 && cp <= 0x9f) {
                out += "\\u00";
                out += kHex[cp >> 4];
                out += kHex[cp & 15];
                i += len;
            } else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
                       (cp >= 0x2066 && cp <= 0x2069)) {
                // line separators and bidirectional overrides can fake a line or reorder it
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
                out += buf;
                i += len;
            } else {
                out.append(name.substr(i, len));
                i += len;
            }
        }
    }
    return out;
}

bool readOpenFileChunks(int fd, uint64_t maxBytes, const std::string& shown, std::string& error,
                        const std::function<void(const char*, size_t)>& sink) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = shown + ": cannot read (" + std::strerror(errno) + ")";
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        error = shown + " is " + kindOf(st.st_mode) + ", not a plain file; refused";
        return false;
    }
    if (static_cast<uint64_t>(st.st_size) > maxBytes) {
        error = shown + " is " + sizeAndBytes(static_cast<uint64_t>(st.st_size)) +
                ", over the limit of " + sizeAndBytes(maxBytes);
        return false;
    }
    // a descriptor opened with O_NONBLOCK reads plainly again (a plain file never blocks
    // for O_NONBLOCK's sake, but a FUSE or network file might honour it)
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_NONBLOCK)) {
        ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    std::vector<char> buf(256 * 1024);
    uint64_t total = 0;
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error = shown + ": cannot read (" + std::strerror(errno) + ")";
            return false;
        }
        tick();
        if (n == 0) {
            return true;
        }
        total += static_cast<uint64_t>(n);
        if (total > maxBytes) {
            error = shown + " grew while it was read, over the limit of " + sizeAndBytes(maxBytes);
            return false;
        }
        sink(buf.data(), static_cast<size_t>(n));
    }
}

std::optional<std::string> readOpenFile(int fd, uint64_t maxBytes, const std::string& shown,
                                        std::string& error) {
    std::string data;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<uint64_t>(st.st_size) <= maxBytes) {
        data.reserve(static_cast<size_t>(st.st_size));
    }
    if (!readOpenFileChunks(fd, maxBytes, shown, error,
                            [&data](const char* p, size_t n) { data.append(p, n); })) {
        return std::nullopt;
    }
    return data;
}

void noteStickProgress() {
    tick();
}

bool stickWorkAbandoned() {
    return g_abandoned.load();
}

void noteWorkAbandoned() {
    g_abandoned.store(true);
}

bool runAbandonable(std::function<void()> work, std::chrono::milliseconds stall,
                    const std::atomic<bool>* cancel) {
    struct State {
        std::mutex m;
        std::condition_variable cv;
        bool done = false;
        std::atomic<uint64_t> progress{0};
        std::function<void()> work;
    };
    auto st = std::make_shared<State>();
    st->work = std::move(work);
    std::thread t([st] {
        t_progress = &st->progress;
        try {
            st->work();
        } catch (...) {
            // the work reports its own errors through what it captured
        }
        st->work = nullptr; // what it owned goes now, not with the last reference
        t_progress = nullptr;
        std::lock_guard lock(st->m);
        st->done = true;
        st->cv.notify_all();
    });
    uint64_t seen = st->progress.load();
    auto lastMove = std::chrono::steady_clock::now();
    std::unique_lock lock(st->m);
    for (;;) {
        if (st->cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return st->done; })) {
            lock.unlock();
            t.join();
            return true;
        }
        const auto now = std::chrono::steady_clock::now();
        if (const uint64_t p = st->progress.load(); p != seen) {
            seen = p;
            lastMove = now;
        }
        if ((cancel && cancel->load()) || now - lastMove >= stall) {
            lock.unlock();
            t.detach(); // it owns all it touches (st and what `work` captured)
            noteWorkAbandoned();
            return false;
        }
    }
}

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

Stick Stick::open(const std::filesystem::path& mount, std::string& error, std::string where) {
    Stick s;
    s.m_mount = mount;
    s.m_where = std::move(where);
    int fd = ::open(mount.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    tick();
    if (fd < 0) {
        const int err = errno;
        error = printableName(mount.string()) + ": cannot open " + s.place() + " (" +
                (err == ELOOP ? std::string("it is a symbolic link") : std::strerror(err)) + ")";
        return s;
    }
    s.m_root = StickFd(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = printableName(mount.string()) + ": cannot read " + s.place() + " (" +
                std::strerror(errno) + ")";
        s.m_root = StickFd();
        return s;
    }
    s.m_dev = st.st_dev;
    return s;
}

StickFd Stick::openAt(const std::filesystem::path& rel, Mode mode, std::string& error) const {
    if (!m_root) {
        error = printableName(m_mount.string()) + ": " + place() + " is not open";
        return {};
    }
    std::vector<std::string> parts;
    for (const auto& p : rel) {
        const std::string s = p.string();
        if (s.empty() || s == ".") {
            continue;
        }
        if (s == ".." || s == "/") {
            error = printableName(rel.string()) + ": only plain paths inside " + place() +
                    " are allowed";
            return {};
        }
        parts.push_back(s);
    }
    if (parts.empty() && mode != Mode::Dir && mode != Mode::MakeDir) {
        error = "no file named";
        return {};
    }
    const std::string on = this->on();
    StickFd dir(::fcntl(m_root.get(), F_DUPFD_CLOEXEC, 0));
    if (!dir) {
        error = std::string("cannot open ") + place() + " (" + std::strerror(errno) + ")";
        return {};
    }
    std::string done;
    for (size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        const std::string& name = parts[i];
        const std::string shown = printableName(done + name);
        // O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer
        int flags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
        if (!last || mode == Mode::Dir || mode == Mode::MakeDir) {
            flags |= O_RDONLY | O_DIRECTORY;
            if (mode == Mode::MakeDir) {
                if (::mkdirat(dir.get(), name.c_str(), 0755) == 0) {
                    ::fsync(dir.get()); // the new name survives a pulled stick
                } else if (errno != EEXIST) {
                    error = shown + ": cannot create the folder" + on + " (" +
                            std::strerror(errno) + ")";
                    return {};
                }
            }
        } else if (mode == Mode::Read) {
            flags |= O_RDONLY | O_NOCTTY;
            // a FIFO, device or socket is refused by its name alone, never opened (opening a
            // device node can already act on the device); a link falls through to openat's
            // ELOOP and its own message below
            struct stat pre {};
            if (::fstatat(dir.get(), name.c_str(), &pre, AT_SYMLINK_NOFOLLOW) == 0 &&
                !S_ISREG(pre.st_mode) && !S_ISLNK(pre.st_mode)) {
                tick();
                error = shown + on + " is " + kindOf(pre.st_mode) + ", not a plain file; refused";
                errno = EINVAL;
                return {};
            }
        } else {
            flags |= O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY;
        }
        int fd = ::openat(dir.get(), name.c_str(), flags, 0644);
        tick();
        if (fd < 0) {
            const int err = errno;
            struct stat st {};
            if (::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode)) {
                error =
                    shown + on +
                    (m_where.empty() ? std::string(" is a symbolic link, never followed; refused")
                                     : " is a symbolic link; the kiosk never follows links on " +
                                           m_where + " (remove it or use another stick)");
            } else if (err == ENOTDIR &&
                       ::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
                error = shown + on + " is " + kindOf(st.st_mode) + ", not a folder; refused";
            } else {
                error = shown + on + ": " + std::strerror(err);
            }
            errno = err;
            return {};
        }
        StickFd next(fd);
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            error = shown + on + ": " + std::strerror(errno);
            return {};
        }
        if (st.st_dev != m_dev) {
            error = shown + " is on another filesystem than " + place() +
                    " (something is mounted there); refused";
            errno = EXDEV;
            return {};
        }
        if (last && mode == Mode::Read) {
            if (!S_ISREG(st.st_mode)) {
                error = shown + on + " is " + kindOf(st.st_mode) + ", not a plain file; refused";
                errno = EINVAL;
                return {};
            }
            // a plain file is read with ordinary blocking reads
            const int fl = ::fcntl(fd, F_GETFL);
            if (fl >= 0) {
                ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
            }
        }
        if (mode == Mode::CreateNew && last) {
            const int fl = ::fcntl(fd, F_GETFL);
            if (fl >= 0) {
                ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
            }
        }
        dir = std::move(next);
        done += name + "/";
    }
    return dir;
}

std::optional<std::string> Stick::readFile(const std::filesystem::path& rel, uint64_t maxBytes,
                                           std::string& error) const {
    StickFd f = openAt(rel, Mode::Read, error);
    if (!f) {
        return std::nullopt;
    }
    return readOpenFile(f.get(), maxBytes, printableName(rel.string()) + on(), error);
}

StickFd Stick::openFile(const std::filesystem::path& rel, uint64_t maxBytes,
                        std::string& error) const {
    StickFd f = openAt(rel, Mode::Read, error);
    if (!f) {
        return {};
    }
    struct stat st {};
    if (::fstat(f.get(), &st) != 0) {
        error = printableName(rel.string()) + on() + ": cannot read (" + std::strerror(errno) + ")";
        return {};
    }
    if (static_cast<uint64_t>(st.st_size) > maxBytes) {
        error = printableName(rel.string()) + on() + " is " +
                sizeAndBytes(static_cast<uint64_t>(st.st_size)) + ", over the limit of " +
                sizeAndBytes(maxBytes);
        return {};
    }
    return f;
}

std::string Stick::sha256(const std::filesystem::path& rel, uint64_t maxBytes,
                          std::string& error) const {
    StickFd f = openAt(rel, Mode::Read, error);
    if (!f) {
        return {};
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    if (!readOpenFileChunks(f.get(), maxBytes, printableName(rel.string()) + on(), error,
                            [&h](const char* p, size_t n) {
                                crypto_hash_sha256_update(
                                    &h, reinterpret_cast<const unsigned char*>(p), n);
                            })) {
        return {};
    }
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    return hexBytes(d, sizeof d);
}

bool Stick::has(const std::filesystem::path& rel) const {
    if (!rel.has_filename() || rel.filename() == "." || rel.filename() == "..") {
        return false;
    }
    std::string ignored;
    const StickFd parent = openAt(rel.parent_path(), Mode::Dir, ignored);
    struct stat st {};
    return parent && ::fstatat(parent.get(), rel.filename().c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

std::vector<StickEntry> Stick::entries(const StickFd& dir, std::string& error,
                                       size_t maxEntries) const {
    std::vector<StickEntry> out;
    // a descriptor of its own: readdir moves the position, and closedir closes it
    int fd = ::openat(dir.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        error = std::string("cannot read the folder (") + std::strerror(errno) + ")";
        return out;
    }
    DIR* d = ::fdopendir(fd);
    if (!d) {
        ::close(fd);
        error = std::string("cannot read the folder (") + std::strerror(errno) + ")";
        return out;
    }
    while (dirent* e = ::readdir(d)) {
        tick();
        std::string n = e->d_name;
        if (n == "." || n == "..") {
            continue;
        }
        if (out.size() >= maxEntries) {
            ::closedir(d);
            error =
                "the folder holds more than " + std::to_string(maxEntries) + " entries; refused";
            return {};
        }
        StickEntry entry;
        entry.name = std::move(n);
        struct stat st {};
        if (::fstatat(dir.get(), entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            entry.type = S_ISREG(st.st_mode)   ? StickEntry::Type::File
                         : S_ISDIR(st.st_mode) ? StickEntry::Type::Dir
                         : S_ISLNK(st.st_mode) ? StickEntry::Type::Link
                                               : StickEntry::Type::Other;
            entry.size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
        }
        out.push_back(std::move(entry));
    }
    ::closedir(d);
    std::sort(out.begin(), out.end(),
              [](const StickEntry& a, const StickEntry& b) { return a.name < b.name; });
    return out;
}

std::vector<std::string> Stick::list(const StickFd& dir, std::string& error,
                                     size_t maxEntries) const {
    std::vector<std::string> names;
    for (StickEntry& e : entries(dir, error, maxEntries)) {
        names.push_back(std::move(e.name));
    }
    return names;
}

} // namespace tramso
