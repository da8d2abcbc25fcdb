// What the technician's health screen shows, gathered by the platform between frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tramso {

struct HealthInfo {
    std::string version;
    int lessons = 0;
    std::vector<std::string> contentErrors; // file:line: message
    int64_t databaseBytes = -1;             // -1 when unknown
    std::string integrity;                  // "ok" or what quick_check said
    int64_t integrityAt = 0;                // unix seconds of that check
    int64_t freeDiskBytes = -1;
    int64_t lastExportAt = 0; // 0: never
    std::string lastExportFolder;
    bool clockWrong = false;
    std::string exportKeyId; // the key that signs this kiosk's exports; "" when there is none
    std::vector<std::string> notices; // damaged files moved aside, not recording, …
};

// "3,2 GB" / "3.2 GB": bytes for people.
std::string humanBytes(int64_t bytes, bool vietnamese);
// "22/11/2026 14:05" in local time.
std::string localDateTime(int64_t unixSeconds);
// Whether the clock reads a date before the day this program was built (yyyymmdd).
bool clockLooksWrong(int64_t nowUnix, int buildDay);

} // namespace tramso
