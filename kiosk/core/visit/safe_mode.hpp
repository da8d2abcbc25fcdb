// Safe mode after a crash loop: the safe screen instead of attract until a technician leaves
// it, or until its retry delay runs out and the normal screens are tried again by themselves.
#pragma once
#include "kiosk/core/base/clock.hpp"

#include <functional>
#include <limits>
#include <string>

namespace tramso {

class SafeMode {
  public:
    // `onLeave`: a technician left it (forget the crashes); `onRetry`: the delay ran out
    // (the crash guard doubles it for the next fall-back).
    void enter(std::string lastError, Seconds now, Seconds retryAfter,
               std::function<void()> onLeave, std::function<void()> onRetry);
    bool active() const { return m_active; }
    const std::string& lastError() const { return m_error; }
    void leave();
    // True (once) when the delay ran out: the mode is then left.
    bool retryDue(Seconds now);
    // When retryDue() will next say yes; +inf when it will not.
    Seconds nextChange() const;

  private:
    bool m_active = false;
    std::string m_error;
    Seconds m_retryAt = std::numeric_limits<Seconds>::infinity();
    std::function<void()> m_onLeave, m_onRetry;
};

} // namespace tramso
