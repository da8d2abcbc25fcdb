// Small text files, written atomically; a damaged file counts as empty. `crashes` holds one
// "unix-time boot-id" line per crash, `running` the start time and boot id of this run,
// `safe-retry` the next safe-mode delay and when the last retry happened. `last-error` is
// stamped with the run that logged it ("run <start> <boot>" then the line), so a crash is
// given its own run's error and never an older one; `crash-error` keeps the newest crash's.
#include "crash_guard.hpp"

#include "kiosk/core/base/atomic_file.hpp"
#include "kiosk/core/base/log.hpp"
#include "kiosk/core/base/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace tramso {
namespace fs = std::filesystem;

std::string currentBootId() {
    const char* file = std::getenv("TRAMSO_BOOT_ID_FILE");
    auto text =
        readFile(file && *file ? fs::path(file) : fs::path("/proc/sys/kernel/random/boot_id"));
    if (!text) {
        return {};
    }
    std::istringstream in(*text);
    std::string id;
    in >> id;
    return id;
}

CrashGuard::CrashGuard(fs::path dataDir, int64_t now, std::string bootId)
    : m_dir(std::move(dataDir)) {
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    struct Crash {
        int64_t at;
        std::string boot;
    };
    std::vector<Crash> crashes;
    if (auto text = readFile(m_dir / "crashes")) {
        std::istringstream in(*text);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            Crash c{0, bootId}; // a line without a boot id (older files): this boot
            if (!(fields >> c.at)) {
                continue;
            }
            fields >> c.boot;
            if (c.at > now - 24 * 3600 && c.at <= now) {
                crashes.push_back(c);
            }
        }
    }
    if (auto marker = readFile(m_dir / "running")) {
        // the last run never said goodbye: a crash if this boot, else the power went
        std::istringstream in(*marker);
        int64_t startedAt = 0;
        std::string boot = bootId; // a marker without a boot id (older files): this boot
        in >> startedAt >> boot;
        if (boot == bootId) {
            crashes.push_back({now, bootId});
            // the crash's error is what that run logged, if it logged anything
            std::string why;
            if (auto e = readFile(m_dir / "last-error")) {
                std::istringstream le(*e);
                std::string word, line;
                int64_t run = -1;
                std::string runBoot;
                le >> word >> run >> runBoot;
                std::getline(le, line); // the rest of the stamp line
                if (word == "run" && run == startedAt && runBoot == (boot.empty() ? "-" : boot)) {
                    std::getline(le, why);
                }
            }
            if (why.empty()) {
                why = "it stopped without logging an error (killed, or a fault such as a "
                      "segmentation fault)";
            }
            writeFileAtomically(m_dir / "crash-error", why + "\n");
        } else {
            m_powerLoss = true;
            log::info("crash guard: the last run ended with the machine (power cut or reboot), "
                      "not counted as a crash");
        }
    }
    for (const Crash& c : crashes) {
        m_recent += c.boot == bootId && c.at >= now - kCrashWindowSeconds ? 1 : 0;
    }
    m_safe = m_recent >= kCrashesForSafeMode;
    if (auto e = readFile(m_dir / "crash-error")) {
        m_lastError = *e;
        while (!m_lastError.empty() && m_lastError.back() == '\n') {
            m_lastError.pop_back();
        }
    }
    int64_t next = kFirstRetrySeconds, retriedAt = 0;
    if (auto r = readFile(m_dir / "safe-retry")) {
        std::istringstream in(*r);
        if (!(in >> next >> retriedAt) || next < kFirstRetrySeconds) {
            next = kFirstRetrySeconds, retriedAt = 0;
        }
        next = std::min(next, kMaxRetrySeconds);
    }
    if (!m_safe && retriedAt != 0 && now - retriedAt >= kRetryHeldSeconds) {
        next = kFirstRetrySeconds; // the last retry held: start again at 10 minutes
        writeRetry(next, 0);
    }
    m_retryAfter = next;
    std::string list;
    for (size_t i = crashes.size() > 10 ? crashes.size() - 10 : 0; i < crashes.size(); ++i) {
        list += std::to_string(crashes[i].at) + " " + crashes[i].boot + "\n";
    }
    std::string err = writeFileAtomically(m_dir / "crashes", list);
    m_runStamp = "run " + std::to_string(now) + " " + (bootId.empty() ? "-" : bootId);
    if (err.empty()) {
        err = writeFileAtomically(m_dir / "running", std::to_string(now) + " " + bootId + "\n");
    }
    if (!err.empty()) {
        log::warn("crash guard: " + err + " (crash loops will not be caught)");
    }
}

void CrashGuard::recordError(const std::string& line) {
    std::string one = line;
    std::replace(one.begin(), one.end(), '\n', ' ');
    writeFileAtomically(m_dir / "last-error", m_runStamp + "\n" + one + "\n");
}

void CrashGuard::cleanExit() {
    std::error_code ec;
    fs::remove(m_dir / "running", ec);
}

std::filesystem::path CrashGuard::runningMarker() const {
    return m_dir / "running";
}

void CrashGuard::clear() {
    writeFileAtomically(m_dir / "crashes", "");
    std::error_code ec;
    fs::remove(m_dir / "crash-error", ec);
    writeRetry(kFirstRetrySeconds, 0);
    m_safe = false;
    m_recent = 0;
    m_retryAfter = kFirstRetrySeconds;
}

void CrashGuard::retry(int64_t now) {
    writeFileAtomically(m_dir / "crashes", "");
    m_retryAfter = std::min(m_retryAfter * 2, kMaxRetrySeconds);
    writeRetry(m_retryAfter, now);
    m_safe = false;
    m_recent = 0;
}

void CrashGuard::writeRetry(int64_t next, int64_t at) {
    std::string err = writeFileAtomically(m_dir / "safe-retry",
                                          std::to_string(next) + " " + std::to_string(at) + "\n");
    if (!err.empty()) {
        log::warn("crash guard: " + err);
    }
}

} // namespace tramso
