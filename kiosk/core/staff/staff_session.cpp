// The keypad, the lock, roles and the idle logout.
#include "staff_session.hpp"

#include "kiosk/core/base/log.hpp"
#include "pin.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

namespace tramso {

int64_t StaffSession::wallNow() const {
    if (m_wall) {
        return m_wall();
    }
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool StaffSession::mayOpen(ScreenId s) const {
    return m_member && (!needsTechnician(s) || allows(m_member->role, Role::Technician));
}

void StaffSession::openKeypad(std::optional<Route> after) {
    m_pin.clear();
    m_notice = LoginNotice::None;
    m_after = std::move(after);
    m_noStaff = false;
    try {
        m_noStaff = m_dir && !m_dir->hasStaff();
        if (m_noStaff) {
            m_notice = LoginNotice::NoStaff;
        } else if (m_dir) {
            PinLock l = m_dir->lock();
            if (isLocked(l, wallNow())) {
                m_notice = LoginNotice::Locked;
                m_lockedUntil = l.lockedUntil;
            }
        } else {
            m_notice = LoginNotice::Unavailable;
        }
    } catch (const std::exception& e) {
        m_notice = LoginNotice::Unavailable;
        log::error(std::string("staff: the staff list cannot be read: ") + e.what());
    }
    if (checking()) {
        m_notice = LoginNotice::Checking; // a PIN typed before is still being checked
    }
}

void StaffSession::digit(char d) {
    if (checking() || m_notice == LoginNotice::Locked || m_notice == LoginNotice::NoStaff ||
        d < '0' || d > '9' || m_pin.size() >= kPinLength) {
        return;
    }
    if (m_pin.empty()) {
        m_notice = LoginNotice::None;
    }
    m_pin += d;
    if (m_pin.size() == kPinLength) {
        submit();
    }
}

void StaffSession::erase() {
    if (!m_pin.empty()) {
        m_pin.pop_back();
    }
}

void StaffSession::submit() {
    std::string pin;
    pin.swap(m_pin);
    if (!m_dir) {
        m_notice = LoginNotice::Unavailable;
        return;
    }
    PinAttempt a = m_dir->beginCheck(wallNow());
    if (a.decided) {
        apply(*a.decided);
        return;
    }
    m_notice = LoginNotice::Checking;
    // The result is in the future before the wake, so a woken loop finds it ready.
    std::promise<std::optional<StaffMember>> result;
    m_check = result.get_future();
    m_worker =
        std::async(std::launch::async, [candidates = std::move(a.candidates), pin = std::move(pin),
                                        result = std::move(result), wake = m_wake]() mutable {
            std::optional<StaffMember> m;
            try {
                m = matchPin(candidates, pin);
            } catch (...) {
                // libsodium without the memory: counted as not matching
            }
            std::fill(pin.begin(), pin.end(), '\0');
            result.set_value(std::move(m));
            if (wake) {
                wake();
            }
        });
}

std::optional<StaffMember> StaffSession::poll(bool wait) {
    if (!checking()) {
        return std::nullopt;
    }
    if (!wait && m_check.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return std::nullopt;
    }
    std::optional<StaffMember> match = m_check.get(); // invalidates m_check
    if (!m_dir) {
        m_notice = LoginNotice::Unavailable;
        return std::nullopt;
    }
    PinCheck r = m_dir->finishCheck(std::move(match), wallNow());
    apply(r);
    return r.result == PinCheck::Result::Ok ? r.member : std::nullopt;
}

void StaffSession::apply(const PinCheck& r) {
    m_notice = LoginNotice::None;
    switch (r.result) {
    case PinCheck::Result::Ok:
        break;
    case PinCheck::Result::Wrong:
        m_notice = LoginNotice::Wrong;
        m_triesLeft = r.triesLeft;
        break;
    case PinCheck::Result::Locked:
        m_notice = LoginNotice::Locked;
        m_lockedUntil = r.lockedUntil;
        break;
    case PinCheck::Result::NoStaff:
        m_notice = LoginNotice::NoStaff;
        m_noStaff = true;
        break;
    case PinCheck::Result::Unavailable:
        m_notice = LoginNotice::Unavailable;
        log::error("staff: the PIN cannot be checked: " + r.error);
        break;
    }
}

std::optional<Route> StaffSession::signIn(StaffMember m, Seconds now) {
    m_member = std::move(m);
    m_lastTouch = now;
    m_notice = LoginNotice::None;
    std::optional<Route> after;
    after.swap(m_after);
    return after;
}

StaffSession::Tick StaffSession::tick(Seconds now, bool onKeypad) {
    if (m_member && now - m_lastTouch >= kStaffIdleSeconds) {
        return Tick::LogOut;
    }
    if (onKeypad) {
        if (now - m_lastTouch >= kKeypadIdleSeconds) {
            m_pin.clear();
            m_after.reset();
            return Tick::LeaveKeypad;
        }
        if (m_notice == LoginNotice::Locked && m_lockedUntil <= wallNow()) {
            m_notice = LoginNotice::None; // the lock ran out: the keypad works again
        }
    }
    return Tick::None;
}

Seconds StaffSession::nextChange(Seconds now, bool onKeypad) const {
    Seconds next = std::numeric_limits<Seconds>::infinity();
    if (m_member) {
        next = m_lastTouch + kStaffIdleSeconds;
    }
    if (onKeypad) {
        next = std::min(next, m_lastTouch + kKeypadIdleSeconds);
        if (m_notice == LoginNotice::Locked) { // the countdown on the keypad
            next = std::min(next, now + 1.0);
        }
    }
    if (checking()) {
        if (m_check.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            next = now; // the result is in: a loop woken for it draws at once
        } else if (!m_wake) {
            next = std::min(next, now + 0.02); // nobody wakes us: look soon
        }
    }
    return next;
}

} // namespace tramso
