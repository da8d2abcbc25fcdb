// Staff sign-in as a state machine apart from navigation: the PIN typed on the keypad (only
// in memory, cleared at once), the lock after wrong PINs, who is signed in, and the idle
// logout. The kiosk moves between screens on what this part says.
//
// The PIN is checked off the UI thread: the staff file is read on the caller's thread (its
// connection's owner), the argon2id hashing (about 0.1 s and 64 MiB per member) runs on a
// worker, and poll() applies the result back on the caller's thread; meanwhile the keypad
// says it is checking and takes no digits. The worker wakes the caller's loop (setWake) when
// the result is in; without a wake, nextChange() asks to be looked at every 20 ms.
#pragma once
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/nav/route.hpp"
#include "staff.hpp"

#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>

namespace tramso {

// Staff are logged out after this long without a touch.
constexpr Seconds kStaffIdleSeconds = 5 * 60;
// The keypad goes back to the attract screen after this long without a touch.
constexpr Seconds kKeypadIdleSeconds = 60;

// What the keypad says under the dots.
enum class LoginNotice { None, Checking, Wrong, Locked, NoStaff, Unavailable, NeedsTechnician };

class StaffSession {
  public:
    // Without a directory the keypad says staff are unavailable.
    void setDirectory(StaffDirectory* d) { m_dir = d; }
    // Unix seconds, for the keypad lock (which survives restarts); default: the system clock.
    void setWallClock(std::function<int64_t()> wall) { m_wall = std::move(wall); }
    int64_t wallNow() const;
    // Called on the worker once a check's result can be polled (the platform:
    // glfwPostEmptyEvent). Set before the first PIN.
    void setWake(std::function<void()> wake) { m_wake = std::move(wake); }

    const std::optional<StaffMember>& member() const { return m_member; }
    bool signedIn() const { return m_member.has_value(); }
    bool isTechnician() const { return m_member && m_member->role == Role::Technician; }
    // Whether the signed-in member may open this staff screen.
    bool mayOpen(ScreenId s) const;

    // The keypad opens (for `after`, a staff route asked for before the PIN).
    void openKeypad(std::optional<Route> after);
    // A digit typed; the sixth starts the check (see poll()).
    void digit(char d);
    // Whether a typed PIN is being checked.
    bool checking() const { return m_check.valid(); }
    // The check's result once it is in: the member whose PIN it was (not yet signed in), or
    // nullopt (still checking, or wrong, locked …: see notice()). `wait`: until it is in.
    std::optional<StaffMember> poll(bool wait = false);
    void erase();
    // Signs the member in; returns the route asked for before the PIN, if any.
    std::optional<Route> signIn(StaffMember m, Seconds now);
    void signOut() { m_member.reset(); }
    void setNotice(LoginNotice n) { m_notice = n; }

    size_t pinLength() const { return m_pin.size(); }
    LoginNotice notice() const { return m_notice; }
    int triesLeft() const { return m_triesLeft; }
    int64_t lockedUntil() const { return m_lockedUntil; }
    bool directoryEmpty() const { return m_noStaff; }

    // A touch by anyone (the idle logout and the keypad's timeout count from it).
    void touched(Seconds now) { m_lastTouch = now; }
    enum class Tick { None, LogOut, LeaveKeypad };
    // What time asks for: log out after 5 minutes, leave the keypad after one; the keypad
    // works again when its lock runs out.
    Tick tick(Seconds now, bool onKeypad);
    // When tick() next has something to do; +inf when nothing will. `now` once a PIN's
    // result is in: a frame loop woken by it must draw, not go back to sleep.
    Seconds nextChange(Seconds now, bool onKeypad) const;

  private:
    void submit();
    void apply(const PinCheck& r);

    StaffDirectory* m_dir = nullptr;
    std::function<int64_t()> m_wall;
    std::optional<StaffMember> m_member;
    Seconds m_lastTouch = 0;
    std::string m_pin;
    std::optional<Route> m_after;
    LoginNotice m_notice = LoginNotice::None;
    int m_triesLeft = 0;
    int64_t m_lockedUntil = 0;
    bool m_noStaff = false;
    std::function<void()> m_wake;
    std::future<std::optional<StaffMember>> m_check; // the hashing's result
    std::future<void> m_worker;                      // the hashing, on a worker
};

} // namespace tramso
