// Formatting for the health screen.
#include "health.hpp"

#include <cstdio>
#include <ctime>

namespace tramso {

std::string humanBytes(int64_t bytes, bool vietnamese) {
    if (bytes < 0) {
        return "?";
    }
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    std::string s = buf;
    if (vietnamese) { // Vietnamese writes a decimal comma
        for (char& c : s) {
            if (c == '.') {
                c = ',';
            }
        }
    }
    return s;
}

std::string localDateTime(int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
    return buf;
}

bool clockLooksWrong(int64_t now, int buildDay) {
    std::time_t tt = static_cast<std::time_t>(now);
    std::tm tm{};
    localtime_r(&tt, &tm);
    int today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    return today < buildDay;
}

} // namespace tramso
