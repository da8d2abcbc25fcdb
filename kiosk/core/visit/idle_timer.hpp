// The resident idle reset: after `idle` seconds without a touch, a warning with a
// countdown of `warning` seconds; when it runs out the visit is over.
#pragma once
#include "kiosk/core/base/clock.hpp"

namespace tramso {

class IdleTimer {
  public:
    enum class Phase { Active, Warning, Expired };

    IdleTimer(Seconds idle, Seconds warning) : m_idle(idle), m_warning(warning) {}

    void touch(Seconds now) { m_lastTouch = now; }
    Phase phase(Seconds now) const;
    // Whole seconds left on the countdown, rounded up (what the resident sees).
    int secondsLeft(Seconds now) const;
    // When something visible next changes: the warning start, or the next countdown tick.
    Seconds nextChange(Seconds now) const;
    Seconds idleSeconds() const { return m_idle; }
    Seconds warningSeconds() const { return m_warning; }

  private:
    Seconds m_idle;
    Seconds m_warning;
    Seconds m_lastTouch = 0;
};

} // namespace tramso
