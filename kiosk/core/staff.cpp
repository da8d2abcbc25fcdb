// Roles and the lock-out rule.
#include "staff.hpp"

#include <algorithm>

namespace tramso {

std::string_view toString(Role r) {
    return r == Role::Technician ? "technician" : "team";
}

std::optional<Role> parseRole(std::string_view s) {
    if (s == "team") {
        return Role::Team;
    }
    if (s == "technician") {
        return Role::Technician;
    }
    return std::nullopt;
}

bool isLocked(const PinLock& l, int64_t now) {
    return l.lockedUntil > now;
}

PinLock afterWrongPin(PinLock l, int64_t now) {
    if (++l.failures >= kMaxWrongPins) {
        const int64_t seconds =
            std::min(kMaxLockSeconds, kFirstLockSeconds << std::min(l.locks, 20));
        l.lockedUntil = now + seconds;
        ++l.locks;
        l.failures = 0;
    }
    return l;
}

} // namespace tramso
