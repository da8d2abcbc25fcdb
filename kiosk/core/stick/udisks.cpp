// udisksctl's output is meant for people, but stable: "  org.freedesktop.UDisks2.Block:"
// opens an interface, "    Key:   value" follows, extra values of a list continue on their
// own lines. Only a handful of keys matter here.
#include "udisks.hpp"

#include "kiosk/core/base/text.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tramso {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string_view s) {
    size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) {
        return {};
    }
    size_t b = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(a, b - a + 1));
}

std::string firstLine(const fs::path& f) {
    auto t = readFile(f);
    return t ? trim(t->substr(0, t->find('\n'))) : std::string();
}

bool neverAStick(const std::string& name) {
    for (const char* p : {"loop", "ram", "zram", "sr", "dm-", "md", "nbd", "fd", "nvme"}) {
        if (name.rfind(p, 0) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<BlockCandidate> blockCandidates(const fs::path& sysRoot) {
    std::vector<BlockCandidate> out;
    std::error_code ec;
    std::vector<fs::path> disks;
    for (const auto& e : fs::directory_iterator(sysRoot / "block", ec)) {
        disks.push_back(e.path());
    }
    std::sort(disks.begin(), disks.end());
    for (const fs::path& d : disks) {
        const std::string disk = d.filename().string();
        if (neverAStick(disk) || firstLine(d / "size") == "0") {
            continue; // a card reader without a card has size 0
        }
        const bool removable = firstLine(d / "removable") == "1";
        const std::string real = fs::canonical(d, ec).string();
        const bool usb = !ec && real.find("/usb") != std::string::npos;
        if (!removable && !usb) {
            continue;
        }
        std::vector<BlockCandidate> parts;
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(d, ec)) {
            entries.push_back(e.path());
        }
        std::sort(entries.begin(), entries.end());
        for (const fs::path& p : entries) {
            if (fs::exists(p / "partition", ec)) {
                parts.push_back({p.filename().string(), disk, firstLine(p / "dev")});
            }
        }
        if (parts.empty()) {
            parts.push_back({disk, disk, firstLine(d / "dev")});
        }
        out.insert(out.end(), parts.begin(), parts.end());
    }
    return out;
}

UdisksBlock parseUdisksInfo(std::string_view text) {
    UdisksBlock b;
    std::istringstream in{std::string(text)};
    std::string line, section, lastKey;
    while (std::getline(in, line)) {
        const size_t indent = line.find_first_not_of(' ');
        if (indent == std::string::npos) {
            continue;
        }
        const std::string t = trim(line);
        if (indent == 2 && !t.empty() && t.back() == ':') {
            section = t.substr(0, t.size() - 1);
            b.parsed = b.parsed || section == "org.freedesktop.UDisks2.Block";
            lastKey.clear();
            continue;
        }
        if (indent < 4) {
            continue;
        }
        const size_t colon = t.find(':');
        const bool continuation = lastKey == "MountPoints" && !t.empty() && t[0] == '/';
        if (continuation) {
            b.mountPoints.push_back(t);
            continue;
        }
        if (colon == std::string::npos) {
            continue;
        }
        const std::string key = t.substr(0, colon);
        const std::string value = trim(t.substr(colon + 1));
        lastKey = key;
        if (section == "org.freedesktop.UDisks2.Block") {
            if (key == "IdType") {
                b.idType = value;
            } else if (key == "IdUsage") {
                b.idUsage = value;
            } else if (key == "HintSystem") {
                b.hintSystem = value == "true";
            } else if (key == "HintIgnore") {
                b.hintIgnore = value == "true";
            } else if (key == "HintAuto") {
                b.hintAuto = value == "true";
            }
        } else if (section == "org.freedesktop.UDisks2.Filesystem" && key == "MountPoints" &&
                   !value.empty()) {
            b.mountPoints.push_back(value);
        }
    }
    return b;
}

bool shouldMount(const UdisksBlock& b) {
    return b.parsed && b.idUsage == "filesystem" && (b.idType == "vfat" || b.idType == "exfat") &&
           !b.hintSystem && !b.hintIgnore && b.mountPoints.empty();
}

CommandResult runCommand(const std::vector<std::string>& argv, double timeoutSeconds) {
    CommandResult r;
    if (argv.empty()) {
        return r;
    }
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
        return r;
    }
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        return r;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    std::vector<char*> args;
    for (const std::string& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    ::close(err[1]);
    if (spawned != 0) {
        ::close(out[0]);
        ::close(err[0]);
        r.err = "cannot run " + argv[0];
        return r;
    }
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(timeoutSeconds * 1000));
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int openPipes = 2;
    bool timedOut = false;
    while (openPipes > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        int n = ::poll(fds, 2, static_cast<int>(left));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            continue;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            char buf[4096];
            ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
            if (got > 0) {
                (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(got));
            } else if (got == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --openPipes;
            }
        }
    }
    for (auto& f : fds) {
        if (f.fd >= 0) {
            ::close(f.fd);
        }
    }
    if (timedOut) {
        ::kill(pid, SIGKILL);
    }
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    r.status = !timedOut && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (timedOut) {
        r.err += "timed out";
    }
    return r;
}

std::string findUdisksctl() {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path && *path ? path : "/usr/bin:/bin");
    std::string d;
    while (std::getline(dirs, d, ':')) {
        const fs::path p = fs::path(d.empty() ? "." : d) / "udisksctl";
        if (::access(p.c_str(), X_OK) == 0) {
            return p.string();
        }
    }
    return {};
}

StickMounter::StickMounter(std::string udisksctl, CommandRunner run, fs::path sysRoot)
    : m_tool(std::move(udisksctl)), m_run(std::move(run)), m_sys(std::move(sysRoot)) {}

std::vector<std::string> StickMounter::poll() {
    m_notes.clear();
    std::vector<std::string> mounted;
    if (m_tool.empty()) {
        return mounted;
    }
    const std::vector<BlockCandidate> now = blockCandidates(m_sys);
    // a device that went away (or came back as another) is looked at afresh next time
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        bool still = false;
        for (const BlockCandidate& c : now) {
            still = still || (c.name == it->first && c.device == it->second);
        }
        it = still ? std::next(it) : m_seen.erase(it);
    }
    for (const BlockCandidate& c : now) {
        if (m_seen.count(c.name)) {
            continue;
        }
        const std::string dev = "/dev/" + c.name;
        CommandResult info = m_run({m_tool, "info", "-b", dev});
        if (info.status != 0) {
            m_notes.push_back("udisks2 does not know " + dev + " yet: " + trim(info.err));
            continue; // asked again next time: udisks may still be probing it
        }
        const UdisksBlock b = parseUdisksInfo(info.out);
        if (!b.parsed || b.idUsage.empty()) {
            continue; // not probed yet
        }
        m_seen[c.name] = c.device;
        if (!shouldMount(b)) {
            if (b.mountPoints.empty() && b.idUsage == "filesystem") {
                m_notes.push_back(dev + " holds " + b.idType +
                                  ", not FAT or exFAT (or is a system disk): not mounted");
            }
            continue;
        }
        CommandResult m =
            m_run({m_tool, "mount", "-b", dev, "-o", kStickMountOptions, "--no-user-interaction"});
        if (m.status != 0) {
            m_notes.push_back("cannot mount " + dev + ": " + trim(m.err));
            continue;
        }
        // "Mounted /dev/sdb1 at /media/tramso/STICK" (older: "... at /media/tramso/STICK.")
        std::string where = trim(m.out);
        if (size_t at = where.find(" at "); at != std::string::npos) {
            where = where.substr(at + 4);
            if (!where.empty() && where.back() == '.') {
                where.pop_back();
            }
        }
        mounted.push_back(where);
    }
    return mounted;
}

std::string StickMounter::eject(const std::string& source) const {
    if (m_tool.empty()) {
        return "udisks2 is not installed: unmount the stick by hand";
    }
    if (source.rfind("/dev/", 0) != 0) {
        return "the stick's device is not known (" + source + ")";
    }
    const std::string name = fs::path(source).filename().string();
    CommandResult u = m_run({m_tool, "unmount", "-b", source, "--no-user-interaction"});
    if (u.status != 0) {
        return "cannot unmount " + source + ": " + trim(u.err);
    }
    // the whole drive: a partition's folder sits in its disk's
    std::string disk = name;
    std::error_code ec;
    const fs::path node = m_sys / "class" / "block" / name;
    if (fs::exists(node / "partition", ec)) {
        const fs::path real = fs::canonical(node, ec);
        if (!ec) {
            disk = real.parent_path().filename().string();
        }
    }
    CommandResult p = m_run({m_tool, "power-off", "-b", "/dev/" + disk, "--no-user-interaction"});
    if (p.status != 0) {
        return "unmounted, but the drive cannot be powered off: " + trim(p.err);
    }
    return {};
}

} // namespace tramso
