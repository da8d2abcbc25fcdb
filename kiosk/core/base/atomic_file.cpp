// temp + fsync + rename + fsync(folder), with errno turned into words.
#include "atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tramso {

namespace {
std::string why(const std::string& what, const std::filesystem::path& p, int err) {
    return what + " " + p.string() + ": " + std::strerror(err);
}
} // namespace

std::string hexBytes(const unsigned char* d, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        s += digits[d[i] >> 4];
        s += digits[d[i] & 15];
    }
    return s;
}

std::string syncFolder(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return why("cannot open the folder", dir, errno);
    }
    std::string err;
    if (::fsync(fd) != 0 && errno != EINVAL) { // some filesystems cannot sync folders
        err = why("cannot sync the folder", dir, errno);
    }
    ::close(fd);
    return err;
}

AtomicFile::AtomicFile(std::filesystem::path file, std::filesystem::path temp)
    : m_file(std::move(file)), m_temp(std::move(temp)) {
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        int e = errno;
        throw AtomicFileError(e, "creating " + name(), why("cannot create", m_temp, e));
    }
    crypto_hash_sha256_init(&m_sha);
    m_buf.reserve(kBuffer);
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_temp.c_str());
    }
}

void AtomicFile::fail(int err, const char* doing, const char* verb) {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    ::unlink(m_temp.c_str());
    throw AtomicFileError(err, doing + (" " + name()),
                          why(std::string("cannot ") + verb, m_temp, err));
}

void AtomicFile::write(std::string_view s) {
    m_buf.append(s);
    if (m_buf.size() >= kBuffer) {
        flush();
    }
}

void AtomicFile::flush() {
    size_t done = 0;
    while (done < m_buf.size()) {
        ssize_t n = ::write(m_fd, m_buf.data() + done, m_buf.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail(n < 0 ? errno : ENOSPC, "writing", "write");
        }
        done += static_cast<size_t>(n);
    }
    crypto_hash_sha256_update(&m_sha, reinterpret_cast<const unsigned char*>(m_buf.data()),
                              m_buf.size());
    m_buf.clear();
}

void AtomicFile::finish() {
    flush();
    if (::fsync(m_fd) != 0) {
        fail(errno, "saving", "sync");
    }
    int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
        int e = errno;
        ::unlink(m_temp.c_str());
        throw AtomicFileError(e, "closing " + name(), why("cannot close", m_temp, e));
    }
    if (::rename(m_temp.c_str(), m_file.c_str()) != 0) {
        int e = errno;
        ::unlink(m_temp.c_str());
        throw AtomicFileError(e, "naming " + name(),
                              why("cannot rename the new file to", m_file, e));
    }
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&m_sha, d);
    m_hex = hexBytes(d, sizeof d);
}

std::string writeFileAtomically(const std::filesystem::path& file, std::string_view data) {
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    try {
        AtomicFile f(file, tmp);
        f.write(data);
        f.finish();
    } catch (const AtomicFileError& e) {
        return e.what();
    }
    return syncFolder(file.parent_path().empty() ? "." : file.parent_path());
}

} // namespace tramso
