// Roles and the lock-out rule.
#include "staff.hpp"

#include "kiosk/core/base/text.hpp"
#include "pin.hpp"

#include <algorithm>
#include <exception>

namespace tramso {

constexpr std::pair<Role, std::string_view> kRoleNames[] = {{Role::Team, "team"},
                                                            {Role::Technician, "technician"}};

std::string_view toString(Role r) {
    return lookup(kRoleNames, r, std::string_view("team"));
}

std::optional<Role> parseRole(std::string_view s) {
    return reverseLookup(kRoleNames, s);
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

std::optional<StaffMember> matchPin(const std::vector<PinCandidate>& candidates,
                                    std::string_view pin) {
    for (const PinCandidate& c : candidates) {
        if (verifyPin(c.hash, pin)) {
            return c.member;
        }
    }
    return std::nullopt;
}

PinCheck StaffDirectory::check(std::string_view pin, int64_t now) {
    PinAttempt a = beginCheck(now);
    if (a.decided) {
        return *a.decided;
    }
    std::optional<StaffMember> match;
    try {
        match = matchPin(a.candidates, pin);
    } catch (const std::exception& e) { // libsodium without the memory
        PinCheck r;
        r.result = PinCheck::Result::Unavailable;
        r.error = e.what();
        return r;
    }
    return finishCheck(std::move(match), now);
}

} // namespace tramso
