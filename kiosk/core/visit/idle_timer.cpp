// Idle phases computed from the last touch, so nothing has to tick for the timer to be right.
#include "idle_timer.hpp"

#include <cmath>

namespace tramso {

IdleTimer::Phase IdleTimer::phase(Seconds now) const {
    Seconds quiet = now - m_lastTouch;
    if (quiet < m_idle) {
        return Phase::Active;
    }
    if (quiet < m_idle + m_warning) {
        return Phase::Warning;
    }
    return Phase::Expired;
}

int IdleTimer::secondsLeft(Seconds now) const {
    Seconds left = m_lastTouch + m_idle + m_warning - now;
    return left <= 0 ? 0 : static_cast<int>(std::ceil(left - 1e-9));
}

Seconds IdleTimer::nextChange(Seconds now) const {
    Seconds warnAt = m_lastTouch + m_idle;
    if (now < warnAt) {
        return warnAt;
    }
    Seconds end = warnAt + m_warning;
    if (now >= end) {
        return now;
    }
    // the next whole second of the countdown
    Seconds left = end - now;
    return now + (left - std::floor(left - 1e-9));
}

} // namespace tramso
