// Entering, leaving and retrying safe mode.
#include "safe_mode.hpp"

namespace tramso {

void SafeMode::enter(std::string lastError, Seconds now, Seconds retryAfter,
                     std::function<void()> onLeave, std::function<void()> onRetry) {
    m_active = true;
    m_error = std::move(lastError);
    m_retryAt = now + retryAfter;
    m_onLeave = std::move(onLeave);
    m_onRetry = std::move(onRetry);
}

void SafeMode::leave() {
    m_active = false;
    if (m_onLeave) {
        m_onLeave();
    }
}

bool SafeMode::retryDue(Seconds now) {
    if (!m_active || now < m_retryAt) {
        return false;
    }
    m_active = false;
    if (m_onRetry) {
        m_onRetry();
    }
    return true;
}

Seconds SafeMode::nextChange() const {
    return m_active ? m_retryAt : std::numeric_limits<Seconds>::infinity();
}

} // namespace tramso
