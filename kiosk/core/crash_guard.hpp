// Crash-loop protection: a marker file says "running"; a start that finds it knows the last
// run did not end cleanly (a crash, a hang killed by the watchdog, a power cut) and counts
// it. Three such starts within two minutes put the kiosk in its safe screen, so residents
// never watch it crash again and again. Also keeps the last error line for the technician.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

constexpr int kCrashesForSafeMode = 3;
constexpr int64_t kCrashWindowSeconds = 120;

class CrashGuard {
  public:
    // Reads and updates <dataDir>/crashes and the running marker. Never throws: a data folder
    // it cannot write only means no protection (and a log line).
    CrashGuard(std::filesystem::path dataDir, int64_t now);
    bool safeMode() const { return m_safe; }
    int recentCrashes() const { return m_recent; }
    const std::string& lastError() const { return m_lastError; }
    // Records the newest error line (shown on the safe screen next time).
    void recordError(const std::string& line);
    // The run ended on purpose: the next start is not a crash.
    void cleanExit();
    // A technician left safe mode: forget the crashes.
    void clear();

  private:
    std::filesystem::path m_dir;
    bool m_safe = false;
    int m_recent = 0;
    std::string m_lastError;
};

} // namespace tramso
