// Local calendar time in one place: the statistics' day and hour, the export's folder name,
// the dashboard's and health screen's dates. Every caller used to convert with its own
// localtime_r + strftime; now they share these.
#pragma once
#include <cstdint>
#include <string>

namespace tramso {

// strftime of `unixSeconds` in local time ("%Y%m%d-%H%M%S" …).
std::string formatLocal(int64_t unixSeconds, const char* format);
// yyyymmdd of the local date.
int localDay(int64_t unixSeconds);
// 0..23, the local hour.
int localHour(int64_t unixSeconds);
// The start of the local hour holding `unixSeconds` (start times are kept to the hour).
int64_t localHourFloor(int64_t unixSeconds);
// yyyymmdd plus `days` (negative goes back).
int addDays(int yyyymmdd, int days);
// Unix seconds of local midnight starting yyyymmdd.
int64_t localMidnight(int yyyymmdd);
// "20261122-140503": names of export folders and files moved aside.
std::string localStamp(int64_t unixSeconds);
// The same for now.
std::string localStampNow();

} // namespace tramso
