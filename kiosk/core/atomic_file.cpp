// temp + fsync + rename + fsync(folder), with errno turned into words.
#include "atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tramso {

namespace {
std::string why(const std::string& what, const std::filesystem::path& p) {
    return what + " " + p.string() + ": " + std::strerror(errno);
}
} // namespace

std::string syncFolder(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return why("cannot open the folder", dir);
    }
    std::string err;
    if (::fsync(fd) != 0 && errno != EINVAL) { // some filesystems cannot sync folders
        err = why("cannot sync the folder", dir);
    }
    ::close(fd);
    return err;
}

std::string writeFileAtomically(const std::filesystem::path& file, std::string_view data) {
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return why("cannot create", tmp);
    }
    std::string err;
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            err = why("cannot write", tmp);
            break;
        }
        done += static_cast<size_t>(n);
    }
    if (err.empty() && ::fsync(fd) != 0) {
        err = why("cannot sync", tmp);
    }
    if (::close(fd) != 0 && err.empty()) {
        err = why("cannot close", tmp);
    }
    if (err.empty() && ::rename(tmp.c_str(), file.c_str()) != 0) {
        err = why("cannot rename the new file to", file);
    }
    if (!err.empty()) {
        ::unlink(tmp.c_str());
        return err;
    }
    return syncFolder(file.parent_path().empty() ? "." : file.parent_path());
}

} // namespace tramso
