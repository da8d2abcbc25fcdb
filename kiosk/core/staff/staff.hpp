// Staff as the kiosk's core sees them: roles, what a PIN attempt gave, and the lock-out
// rule. Where staff are stored (db/staff_store) is behind StaffDirectory so the kiosk is
// tested with an in-memory directory.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

enum class Role { Team, Technician };
std::string_view toString(Role r); // "team", "technician"
std::optional<Role> parseRole(std::string_view s);
// Whether someone with `have` may open what needs `need` (a technician may do all).
inline bool allows(Role have, Role need) {
    return have == Role::Technician || need == Role::Team;
}

struct StaffMember {
    int64_t id = 0;
    Role role = Role::Team;
    std::string label; // who the technician says it is ("Chị Lan"); never shown on screen
    int64_t createdAt = 0;
};

// Guessing: after kMaxWrongPins wrong PINs the keypad locks for 5 minutes, doubling with
// each further lock (capped at a day). The state survives restarts (it is stored).
struct PinLock {
    int failures = 0;        // wrong PINs since the last lock or success
    int locks = 0;           // locks since the last success
    int64_t lockedUntil = 0; // unix seconds; 0 when not locked
    bool operator==(const PinLock&) const = default;
};
constexpr int kMaxWrongPins = 5;
constexpr int64_t kFirstLockSeconds = 5 * 60;
constexpr int64_t kMaxLockSeconds = 24 * 60 * 60;

bool isLocked(const PinLock& l, int64_t now);
PinLock afterWrongPin(PinLock l, int64_t now);

struct PinCheck {
    enum class Result { Ok, Wrong, Locked, NoStaff, Unavailable };
    Result result = Result::Wrong;
    std::optional<StaffMember> member; // Ok
    int triesLeft = 0;                 // Wrong: before the keypad locks
    int64_t lockedUntil = 0;           // Locked (and Wrong that just locked it)
    std::string error;                 // Unavailable: why (for the log)
};

// One member's stored PIN hash, read for a check.
struct PinCandidate {
    StaffMember member;
    std::string hash; // argon2id
};

// A PIN check in three steps, so that the slow one (argon2id, 64 MiB, per member) runs on a
// worker while the staff file's connection stays with its owner's thread:
// beginCheck (owner: reads the hashes and the lock) → matchPin (any thread, no database) →
// finishCheck (owner: clears the lock, or counts the wrong PIN and maybe locks).
struct PinAttempt {
    std::optional<PinCheck> decided; // known without hashing: no staff, locked, unavailable
    std::vector<PinCandidate> candidates;
};

// The slow step: the member whose hash matches `pin`, if any. Touches no database.
std::optional<StaffMember> matchPin(const std::vector<PinCandidate>& candidates,
                                    std::string_view pin);

class StaffDirectory {
  public:
    virtual ~StaffDirectory() = default;
    virtual bool hasStaff() = 0;
    virtual PinAttempt beginCheck(int64_t now) = 0;
    // Applies and stores the lock-out after the match (null: a wrong PIN, which is counted,
    // without anything else, for the dashboard).
    virtual PinCheck finishCheck(std::optional<StaffMember> match, int64_t now) = 0;
    virtual PinLock lock() = 0;
    // All three steps on the calling thread (the command line, tests).
    PinCheck check(std::string_view pin, int64_t now);
};

} // namespace tramso
