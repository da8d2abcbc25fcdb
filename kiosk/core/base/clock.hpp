// Time as the kiosk sees it. Everything that waits (idle reset, staff logout, frame pacing)
// reads a Clock so tests can move time forward without sleeping.
#pragma once
#include <atomic>
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

// A clock a test advances by hand. Atomic: workers (speech, packs) read the clock the test's
// thread moves, like every Clock a thread shares.
class ManualClock final : public Clock {
  public:
    Seconds now() const override { return m_now.load(); }
    void advance(Seconds s) { m_now.store(m_now.load() + s); }
    void set(Seconds s) { m_now.store(s); }

  private:
    std::atomic<Seconds> m_now{1000.0};
};

} // namespace tramso
