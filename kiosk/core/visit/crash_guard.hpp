// Crash-loop protection: a marker file says "running" (with this boot's id); a start that
// finds it from the same boot knows the last run crashed or hung and counts it, while one
// from an earlier boot was a power cut or a reboot, which is not the kiosk's fault. Three
// crashes within two minutes of one boot put the kiosk in its safe screen, so residents never
// watch it crash again and again; the safe screen tries the normal screens again after a
// delay that doubles each time it falls back (kept in the same folder across restarts).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

constexpr int kCrashesForSafeMode = 3;
constexpr int64_t kCrashWindowSeconds = 120;
// The safe screen tries again after this long, then twice as long each time it falls back,
// up to a day.
constexpr int64_t kFirstRetrySeconds = 10 * 60;
constexpr int64_t kMaxRetrySeconds = 24 * 3600;
// A retry that held this long without falling back makes the next loop start at 10 minutes.
constexpr int64_t kRetryHeldSeconds = 3600;

// This boot's id: the file named by TRAMSO_BOOT_ID_FILE if set (tests simulate a reboot),
// else /proc/sys/kernel/random/boot_id. Empty when unreadable (every end then counts).
std::string currentBootId();

class CrashGuard {
  public:
    // Reads and updates the files in `dataDir` (crashes, running, safe-retry, last-error).
    // Never throws: a data folder it cannot write only means no protection (and a log line).
    CrashGuard(std::filesystem::path dataDir, int64_t now, std::string bootId);
    CrashGuard(std::filesystem::path dataDir, int64_t now)
        : CrashGuard(std::move(dataDir), now, currentBootId()) {}
    bool safeMode() const { return m_safe; }
    int recentCrashes() const { return m_recent; }
    // Whether the last run ended with the machine (power cut, reboot) rather than a crash.
    bool lastEndWasPowerLoss() const { return m_powerLoss; }
    // The error logged by the run whose crash was counted last (what put the kiosk in safe
    // mode), or why none is known; never an error of a run that ended cleanly.
    const std::string& lastError() const { return m_lastError; }
    // In safe mode: how long the safe screen waits before trying the normal screens again.
    int64_t retryAfterSeconds() const { return m_retryAfter; }
    // Records the newest error line (shown on the safe screen next time).
    void recordError(const std::string& line);
    // The run ended on purpose: the next start is not a crash.
    void cleanExit();
    // The file whose presence at the next start means "this run did not end cleanly"; a stop
    // asked for by a signal removes it even when the display goes first (kiosk_window.cpp).
    std::filesystem::path runningMarker() const;
    // A technician left safe mode: forget the crashes and the doubling.
    void clear();
    // The safe screen's delay ran out: forget the crashes (a new loop is needed to fall back)
    // and double the delay for the next fall-back.
    void retry(int64_t now);

  private:
    void writeRetry(int64_t next, int64_t at);
    std::filesystem::path m_dir;
    bool m_safe = false;
    bool m_powerLoss = false;
    int m_recent = 0;
    int64_t m_retryAfter = kFirstRetrySeconds;
    std::string m_lastError;
    std::string m_runStamp; // "run <start> <boot>": whose error a last-error line is
};

} // namespace tramso
