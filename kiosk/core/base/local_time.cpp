// localtime_r/mktime wrappers; std::chrono does the calendar arithmetic.
#include "local_time.hpp"

#include <chrono>
#include <ctime>

namespace tramso {
namespace {

std::tm localTm(int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    return tm;
}

} // namespace

std::string formatLocal(int64_t t, const char* format) {
    const std::tm tm = localTm(t);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

int localDay(int64_t t) {
    const std::tm tm = localTm(t);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int localHour(int64_t t) {
    return localTm(t).tm_hour;
}

int64_t localHourFloor(int64_t t) {
    const std::tm tm = localTm(t);
    return t - tm.tm_min * 60 - tm.tm_sec;
}

int addDays(int ymd, int days) {
    using namespace std::chrono;
    year_month_day d{year{ymd / 10000}, month{static_cast<unsigned>(ymd / 100 % 100)},
                     day{static_cast<unsigned>(ymd % 100)}};
    year_month_day r{sys_days{d} + std::chrono::days{days}};
    return static_cast<int>(r.year()) * 10000 +
           static_cast<int>(static_cast<unsigned>(r.month())) * 100 +
           static_cast<int>(static_cast<unsigned>(r.day()));
}

int64_t localMidnight(int ymd) {
    std::tm tm{};
    tm.tm_year = ymd / 10000 - 1900;
    tm.tm_mon = ymd / 100 % 100 - 1;
    tm.tm_mday = ymd % 100;
    tm.tm_isdst = -1;
    return static_cast<int64_t>(std::mktime(&tm));
}

std::string localStamp(int64_t t) {
    return formatLocal(t, "%Y%m%d-%H%M%S");
}

std::string localStampNow() {
    return localStamp(static_cast<int64_t>(std::time(nullptr)));
}

} // namespace tramso
