// Formatting for the health screen.
#include "health.hpp"

#include "kiosk/core/base/local_time.hpp"

#include <cstdio>

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
    return formatLocal(t, "%d/%m/%Y %H:%M");
}

bool clockLooksWrong(int64_t now, int buildDay) {
    return localDay(now) < buildDay;
}

} // namespace tramso
