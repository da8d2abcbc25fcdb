// The start-up timeline (see startup.hpp).
#include "startup.hpp"

#include <ctime>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <unistd.h>
#include <utility>
#include <vector>

namespace tramso::platform::startup {
namespace {
std::mutex g_mutex;
std::vector<std::pair<const char*, double>> g_marks; // guarded by g_mutex
} // namespace

double secondsSinceLaunch() {
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = stat.rfind(')');
    if (close == std::string::npos) {
        return -1;
    }
    // field 22, the start time in clock ticks since boot, counted after the command's ')'
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i) {
    }
    double start = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9 - start;
}

void mark(const char* what) {
    const double t = secondsSinceLaunch();
    std::lock_guard lock(g_mutex);
    g_marks.emplace_back(what, t);
}

std::string summary() {
    std::lock_guard lock(g_mutex);
    std::string out;
    for (const auto& [what, t] : g_marks) {
        if (!out.empty()) {
            out += " · ";
        }
        out +=
            std::string(what) + " " + std::to_string(static_cast<long>(t * 1000.0 + 0.5)) + " ms";
    }
    return out;
}

} // namespace tramso::platform::startup
