// The pack reader and writer. Untrusted bytes meet libarchive only here; paths are checked
// as text before any file is created, and files are created with openat(O_EXCL|O_NOFOLLOW)
// beneath the unpack folder so even a checked path cannot be steered elsewhere.
#include "pack.hpp"

#include "kiosk/core/base/toml_read.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>

namespace tramso {
namespace {

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriterDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

class Fd {
  public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int get() const { return m_fd; }

  private:
    int m_fd;
};

bool isTextFile(std::string_view path) {
    for (std::string_view ext : {".toml", ".md", ".txt"}) {
        if (path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext) {
            return true;
        }
    }
    return false;
}

bool writeAll(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        p += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

// The unpack side: folders made on demand beneath the root, each opened without following
// links. Only a few stay open (the most recently used), whatever the pack's shape, so a pack
// of thousands of folders unpacks under the service's descriptor limit; at the end each
// folder is opened again, one at a time, to be fsynced once its files are in.
class Unpacker {
  public:
    static constexpr size_t kOpenFolders = 8; // descriptors held at most, besides the root

    explicit Unpacker(int root) : m_root(root) {}
    ~Unpacker() {
        for (auto& [path, fd] : m_open) {
            ::close(fd);
        }
    }
    Unpacker(const Unpacker&) = delete;
    Unpacker& operator=(const Unpacker&) = delete;

    // The folder `dir` ("" = root), made if missing; -1 with `err` set on failure. The
    // descriptor stays valid until the next call.
    int dir(const std::string& dir, std::string& err) {
        if (dir.empty()) {
            return m_root;
        }
        for (size_t i = 0; i < m_open.size(); ++i) {
            if (m_open[i].first == dir) {
                std::rotate(m_open.begin() + static_cast<std::ptrdiff_t>(i),
                            m_open.begin() + static_cast<std::ptrdiff_t>(i) + 1, m_open.end());
                return m_open.back().second;
            }
        }
        size_t slash = dir.rfind('/');
        int parent = this->dir(slash == std::string::npos ? "" : dir.substr(0, slash), err);
        if (parent < 0) {
            return -1;
        }
        std::string name = slash == std::string::npos ? dir : dir.substr(slash + 1);
        if (!m_made.count(dir)) {
            if (::mkdirat(parent, name.c_str(), 0755) != 0 && errno != EEXIST) {
                err = dir + ": cannot create the folder (" + std::strerror(errno) + ")";
                return -1;
            }
        }
        int fd = ::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            err = dir + ": cannot open the folder (" + std::strerror(errno) + ")";
            return -1;
        }
        m_made.insert(dir);
        if (m_open.size() >= kOpenFolders) {
            ::close(m_open.front().second);
            m_open.erase(m_open.begin());
        }
        m_open.emplace_back(dir, fd);
        return fd;
    }

    // fsyncs every folder, deepest first, then the root.
    bool syncAll() {
        for (auto it = m_made.rbegin(); it != m_made.rend(); ++it) {
            int fd = openPath(*it);
            if (fd < 0) {
                return false;
            }
            const bool ok = ::fsync(fd) == 0;
            ::close(fd);
            if (!ok) {
                return false;
            }
        }
        return ::fsync(m_root) == 0;
    }

  private:
    // Opens `path` beneath the root part by part without following a link; one descriptor
    // at a time besides the result.
    int openPath(const std::string& path) const {
        int cur = ::fcntl(m_root, F_DUPFD_CLOEXEC, 0);
        size_t start = 0;
        while (cur >= 0 && start < path.size()) {
            size_t slash = path.find('/', start);
            const std::string part =
                path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            int next = ::openat(cur, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            ::close(cur);
            cur = next;
            start = slash == std::string::npos ? path.size() : slash + 1;
        }
        return cur;
    }

    int m_root;
    std::vector<std::pair<std::string, int>> m_open; // least recently used first
    std::set<std::string> m_made;                    // every folder, for the final sync
};

} // namespace

const PackFile* PackScan::find(std::string_view path) const {
    for (const PackFile& f : files) {
        if (f.path == path) {
            return &f;
        }
    }
    return nullptr;
}

std::string normalisePackPath(std::string_view path, std::string& why) {
    if (path.empty()) {
        why = "has an empty name";
        return {};
    }
    if (path.front() == '/') {
        why = "is an absolute path (entries must be relative to the pack)";
        return {};
    }
    std::string out;
    size_t start = 0;
    bool first = true;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        std::string_view part = path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (part == "..") {
            why = "climbs out of the pack with '..'";
            return {};
        }
        if (part.find('\\') != std::string_view::npos ||
            part.find('\0') != std::string_view::npos) {
            why = "has a backslash or NUL in its name";
            return {};
        }
        if (part == "." && first) {
            // "./tutorials": how `tar -C dir .` writes names
        } else if (part.empty() && slash == std::string_view::npos) {
            // a trailing '/' on a folder
        } else if (part.empty() || part == ".") {
            why = "has an empty or '.' part in its path";
            return {};
        } else {
            if (!out.empty()) {
                out += '/';
            }
            out += part;
        }
        first = false;
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    if (out.size() > 255) {
        why = "has a path longer than 255 bytes";
        return {};
    }
    if (out.empty()) {
        why = ".";
    }
    return out;
}

PackScan readPack(std::string_view bytes, const PackLimits& limits, int unpackDirFd,
                  const std::function<void(double)>& progress) {
    PackScan scan;
    if (sodium_init() < 0) {
        scan.error = "the cryptography library could not start";
        return scan;
    }
    if (bytes.size() > limits.maxArchiveBytes) {
        scan.error = "the pack is " + std::to_string(bytes.size() >> 20) +
                     " MB, over the limit of " + std::to_string(limits.maxArchiveBytes >> 20) +
                     " MB";
        return scan;
    }
    std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_filter_none(a.get());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_filter_zstd(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
        scan.error = std::string("the pack is not a tar archive (plain, gzip or zstd): ") +
                     (archive_error_string(a.get()) ? archive_error_string(a.get()) : "unknown");
        return scan;
    }
    std::optional<Unpacker> unpack;
    if (unpackDirFd >= 0) {
        unpack.emplace(unpackDirFd);
    }
    std::set<std::string> seen;
    std::string manifestText;
    std::vector<char> buf(64 * 1024);
    archive_entry* entry = nullptr;
    size_t count = 0;
    for (;;) {
        int r = archive_read_next_header(a.get(), &entry);
        if (r == ARCHIVE_EOF) {
            break;
        }
        if (r != ARCHIVE_OK) {
            scan.error = std::string("the archive is damaged: ") +
                         (archive_error_string(a.get()) ? archive_error_string(a.get()) : "?");
            return scan;
        }
        if (++count > limits.maxEntries) {
            scan.error = "the pack has more than " + std::to_string(limits.maxEntries) + " entries";
            return scan;
        }
        const char* rawName = archive_entry_pathname(entry);
        std::string shown = rawName ? rawName : "";
        std::string why;
        std::string path = normalisePackPath(shown, why);
        if (path.empty()) {
            if (why == "." && archive_entry_filetype(entry) == AE_IFDIR) {
                continue; // the root folder itself
            }
            scan.error = "entry '" + shown + "' " + (why == "." ? "has no name" : why);
            return scan;
        }
        const auto type = archive_entry_filetype(entry);
        if (archive_entry_hardlink(entry) || type == AE_IFLNK) {
            scan.error = "entry '" + shown + "' is a link; a pack holds only files and folders";
            return scan;
        }
        if (type != AE_IFREG && type != AE_IFDIR) {
            scan.error = "entry '" + shown +
                         "' is a device, pipe or socket; a pack holds only files and folders";
            return scan;
        }
        if (!seen.insert(path).second) {
            scan.error = "entry '" + shown + "' appears twice";
            return scan;
        }
        if (type == AE_IFDIR) {
            scan.dirs.push_back(path);
            if (unpack && unpack->dir(path, scan.error) < 0) {
                return scan;
            }
            continue;
        }
        const bool isManifest = path == kPackManifest;
        const uint64_t limit =
            isManifest ? 64 * 1024
                       : (isTextFile(path) ? limits.maxTextFileBytes : limits.maxFileBytes);
        auto overLimit = [&] {
            scan.error = "file '" + path + "' is over the size limit of " +
                         (limit >= (1u << 20) ? std::to_string(limit >> 20) + " MB"
                                              : std::to_string(limit >> 10) + " kB");
        };
        if (archive_entry_size_is_set(entry) &&
            static_cast<uint64_t>(archive_entry_size(entry)) > limit) {
            overLimit();
            return scan;
        }
        int fileFd = -1;
        std::unique_ptr<Fd> file;
        if (unpack) {
            size_t slash = path.rfind('/');
            int parent =
                unpack->dir(slash == std::string::npos ? "" : path.substr(0, slash), scan.error);
            if (parent < 0) {
                return scan;
            }
            std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
            fileFd = ::openat(parent, name.c_str(),
                              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (fileFd < 0) {
                scan.error = path + ": cannot create the file (" + std::strerror(errno) + ")";
                return scan;
            }
            file = std::make_unique<Fd>(fileFd);
        }
        PackFile pf;
        pf.path = path;
        crypto_generichash_state hash;
        crypto_generichash_init(&hash, nullptr, 0, pf.hash.size());
        for (;;) {
            la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
            if (n < 0) {
                scan.error = "file '" + path + "' is damaged in the archive: " +
                             (archive_error_string(a.get()) ? archive_error_string(a.get()) : "?");
                return scan;
            }
            if (n == 0) {
                break;
            }
            pf.size += static_cast<uint64_t>(n);
            scan.totalBytes += static_cast<uint64_t>(n);
            if (pf.size > limit) {
                overLimit();
                return scan;
            }
            if (scan.totalBytes > limits.maxTotalBytes) {
                scan.error = "the pack unpacks to more than " +
                             std::to_string(limits.maxTotalBytes >> 20) + " MB";
                return scan;
            }
            crypto_generichash_update(&hash, reinterpret_cast<const uint8_t*>(buf.data()),
                                      static_cast<size_t>(n));
            if (isManifest) {
                manifestText.append(buf.data(), static_cast<size_t>(n));
            } else if (path == "portals.toml") {
                scan.portalsToml.append(buf.data(), static_cast<size_t>(n));
            }
            if (file && !writeAll(file->get(), buf.data(), static_cast<size_t>(n))) {
                scan.error = path + ": cannot write (" + std::strerror(errno) + ")";
                return scan;
            }
        }
        crypto_generichash_final(&hash, pf.hash.data(), pf.hash.size());
        if (file && ::fsync(file->get()) != 0) {
            scan.error = path + ": cannot sync (" + std::strerror(errno) + ")";
            return scan;
        }
        if (isManifest) {
            scan.manifest = parsePackManifest(manifestText, std::string(kPackManifest),
                                              scan.manifestDiagnostics);
            if (!scan.manifest) {
                scan.error = "pack.toml is not valid";
                for (const Diagnostic& d : scan.manifestDiagnostics) {
                    scan.error += "\n  " + d.format();
                }
                return scan;
            }
        }
        scan.files.push_back(std::move(pf));
        if (progress && !bytes.empty()) {
            progress(static_cast<double>(archive_filter_bytes(a.get(), -1)) /
                     static_cast<double>(bytes.size()));
        }
    }
    if (!scan.manifest) {
        scan.error = "the pack has no pack.toml at its top level";
        return scan;
    }
    if (unpack && !unpack->syncAll()) {
        scan.error = std::string("cannot sync the unpacked folders (") + std::strerror(errno) + ")";
    }
    return scan;
}

bool isValidVersion(std::string_view v) {
    static const std::regex kVersion("[0-9]{1,9}(\\.[0-9]{1,9}){0,3}");
    return std::regex_match(v.begin(), v.end(), kVersion);
}

int compareVersions(std::string_view a, std::string_view b) {
    auto next = [](std::string_view& s) -> uint64_t {
        uint64_t n = 0;
        while (!s.empty() && s.front() != '.') {
            if (s.front() >= '0' && s.front() <= '9') {
                n = n * 10 + static_cast<uint64_t>(s.front() - '0');
            }
            s.remove_prefix(1);
        }
        if (!s.empty()) {
            s.remove_prefix(1);
        }
        return n;
    };
    while (!a.empty() || !b.empty()) {
        uint64_t x = next(a), y = next(b);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

std::optional<PackManifest> parsePackManifest(std::string_view text, const std::string& file,
                                              Diagnostics& diag) {
    auto parsed = parseToml(text, file, diag);
    if (!parsed) {
        return std::nullopt;
    }
    const toml::table& root = *parsed;
    bool ok = true;
    auto error = [&](const toml::node* n, const std::string& msg) {
        diag.push_back({Diagnostic::Severity::Error, file,
                        n ? static_cast<int>(n->source().begin.line) : 1, msg});
        ok = false;
    };
    PackManifest m;
    const toml::node* v = root.get("version");
    if (!v || !v->is_string() || !isValidVersion(*v->value<std::string>())) {
        error(v, "'version' must be dotted numbers in quotes, such as version = \"2026.12.1\"");
    } else {
        m.version = *v->value<std::string>();
    }
    static const std::regex kDate("(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
    const toml::node* d = root.get("date");
    if (d && d->is_date()) {
        const toml::date dt = d->as_date()->get();
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dt.year % 10000, dt.month % 100,
                      dt.day % 100);
        m.date = buf;
    } else if (d && d->is_string()) {
        m.date = *d->value<std::string>();
    }
    if (!std::regex_match(m.date, kDate)) {
        error(d, "'date' must be a day such as date = 2026-12-01");
    }
    const toml::node* k = root.get("min_kiosk_version");
    if (!k || !k->is_string() || !isValidVersion(*k->value<std::string>())) {
        error(k, "'min_kiosk_version' must be dotted numbers in quotes, such as "
                 "min_kiosk_version = \"0.1.0\"");
    } else {
        m.minKioskVersion = *k->value<std::string>();
    }
    if (auto t = readTranslated(root.get("title"), "title", 1, true, file, diag, ok)) {
        m.title = *t;
    }
    static const std::set<std::string> kKnown = {"version", "date", "min_kiosk_version", "title"};
    for (const auto& [key, node] : root) {
        if (!kKnown.count(std::string(key.str()))) {
            error(&node, "unknown key '" + std::string(key.str()) + "'");
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return m;
}

std::string formatPackManifest(const PackManifest& m) {
    auto quote = [](const std::string& s) {
        std::string out = "\"";
        for (char c : s) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        return out + "\"";
    };
    return "# Trạm Số content pack\nversion = " + quote(m.version) + "\ndate = " + m.date +
           "\nmin_kiosk_version = " + quote(m.minKioskVersion) +
           "\ntitle = { vi = " + quote(m.title.vi) + ", en = " + quote(m.title.en) + " }\n";
}

std::optional<PackCompression> packCompressionFor(const std::filesystem::path& file) {
    const std::string n = file.filename().string();
    auto ends = [&](std::string_view s) {
        return n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0;
    };
    if (ends(".tar")) {
        return PackCompression::None;
    }
    if (ends(".tar.gz") || ends(".tgz")) {
        return PackCompression::Gzip;
    }
    if (ends(".tar.zst")) {
        return PackCompression::Zstd;
    }
    return std::nullopt;
}

std::string writePackArchive(const std::filesystem::path& out, PackCompression compression,
                             const std::string& manifest, const std::vector<PackWriteInput>& files,
                             const std::vector<std::string>& dirs) {
    std::unique_ptr<archive, WriterDeleter> a(archive_write_new());
    archive_write_set_format_pax_restricted(a.get());
    int r = ARCHIVE_OK;
    if (compression == PackCompression::Gzip) {
        r = archive_write_add_filter_gzip(a.get());
    } else if (compression == PackCompression::Zstd) {
        r = archive_write_add_filter_zstd(a.get());
    }
    auto fail = [&](const std::string& what) {
        const char* e = archive_error_string(a.get());
        return what + (e ? std::string(": ") + e : std::string());
    };
    if (r != ARCHIVE_OK) {
        return fail("this libarchive cannot compress that way");
    }
    if (archive_write_open_filename(a.get(), out.c_str()) != ARCHIVE_OK) {
        return fail("cannot write " + out.string());
    }
    auto header = [&](const std::string& path, bool dir, int64_t size) {
        std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
        archive_entry_set_pathname(e.get(), path.c_str());
        archive_entry_set_filetype(e.get(), dir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(e.get(), dir ? 0755 : 0644);
        archive_entry_set_size(e.get(), dir ? 0 : size);
        archive_entry_set_mtime(e.get(), 0, 0);
        archive_entry_set_uname(e.get(), "root");
        archive_entry_set_gname(e.get(), "root");
        return archive_write_header(a.get(), e.get()) == ARCHIVE_OK;
    };
    if (!header(std::string(kPackManifest), false, static_cast<int64_t>(manifest.size())) ||
        archive_write_data(a.get(), manifest.data(), manifest.size()) < 0) {
        return fail("cannot write pack.toml into " + out.string());
    }
    for (const std::string& d : dirs) {
        if (!header(d + "/", true, 0)) {
            return fail("cannot write " + d + " into " + out.string());
        }
    }
    std::vector<char> buf(64 * 1024);
    for (const PackWriteInput& f : files) {
        std::ifstream in(f.source, std::ios::binary);
        std::error_code ec;
        const auto size = std::filesystem::file_size(f.source, ec);
        if (!in || ec) {
            return "cannot read " + f.source.string();
        }
        if (!header(f.path, false, static_cast<int64_t>(size))) {
            return fail("cannot write " + f.path + " into " + out.string());
        }
        uint64_t done = 0;
        while (in) {
            in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
            if (in.gcount() > 0) {
                done += static_cast<uint64_t>(in.gcount());
                if (archive_write_data(a.get(), buf.data(), static_cast<size_t>(in.gcount())) < 0) {
                    return fail("cannot write " + f.path + " into " + out.string());
                }
            }
        }
        if (done != size) {
            return f.source.string() + " changed while it was being packed";
        }
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK) {
        return fail("cannot finish " + out.string());
    }
    return {};
}

} // namespace tramso
