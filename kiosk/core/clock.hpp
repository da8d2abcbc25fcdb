// Time as the kiosk sees it. Everything that waits (idle reset, staff logout, frame pacing)
// reads a Clock so tests can move time forward without sleeping.
#pragma once
#include <chrono>

namespace tramso {

using Seconds = double; // monotonic seconds since an arbitrary start

class Clock {
  public:
    virtual ~Clock() = default;
    virtual Seconds now() const = 0;
};

class SteadyClock final : public Clock {
  public:
    Seconds now() const override {
        using namespace std::chrono;
        return duration<double>(steady_clock::now().time_since_epoch()).count();
    }
};

// A clock a test advances by hand.
class ManualClock final : public Clock {
  public:
    Seconds now() const override { return m_now; }
    void advance(Seconds s) { m_now += s; }
    void set(Seconds s) { m_now = s; }

  private:
    Seconds m_now = 1000.0;
};

} // namespace tramso
