// Small text files, written atomically; a damaged file counts as empty.
#include "crash_guard.hpp"

#include "atomic_file.hpp"
#include "log.hpp"
#include "text.hpp"

#include <sstream>

namespace tramso {
namespace fs = std::filesystem;

CrashGuard::CrashGuard(fs::path dataDir, int64_t now) : m_dir(std::move(dataDir)) {
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    std::vector<int64_t> crashes;
    if (auto text = readFile(m_dir / "crashes")) {
        std::istringstream in(*text);
        int64_t t = 0;
        while (in >> t) {
            if (t > now - 24 * 3600 && t <= now) {
                crashes.push_back(t);
            }
        }
    }
    if (fs::exists(m_dir / "running", ec)) {
        crashes.push_back(now); // the last run never said goodbye
    }
    for (int64_t t : crashes) {
        m_recent += t >= now - kCrashWindowSeconds ? 1 : 0;
    }
    m_safe = m_recent >= kCrashesForSafeMode;
    if (auto e = readFile(m_dir / "last-error")) {
        m_lastError = *e;
    }
    std::string list;
    for (size_t i = crashes.size() > 10 ? crashes.size() - 10 : 0; i < crashes.size(); ++i) {
        list += std::to_string(crashes[i]) + "\n";
    }
    std::string err = writeFileAtomically(m_dir / "crashes", list);
    if (err.empty()) {
        err = writeFileAtomically(m_dir / "running", std::to_string(now) + "\n");
    }
    if (!err.empty()) {
        log::warn("crash guard: " + err + " (crash loops will not be caught)");
    }
}

void CrashGuard::recordError(const std::string& line) {
    m_lastError = line;
    writeFileAtomically(m_dir / "last-error", line + "\n");
}

void CrashGuard::cleanExit() {
    std::error_code ec;
    fs::remove(m_dir / "running", ec);
}

void CrashGuard::clear() {
    writeFileAtomically(m_dir / "crashes", "");
    m_safe = false;
    m_recent = 0;
}

} // namespace tramso
