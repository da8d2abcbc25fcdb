// Staff PINs and the keypad lock in <data-dir>/staff.sqlite: argon2id hashes only, the
// lock-out state (so it survives a restart) and a per-day count of wrong PINs for the
// dashboard. Written by `tramso staff add/remove` and read by the kiosk.
#pragma once
#include "kiosk/core/staff/pin.hpp"
#include "kiosk/core/staff/staff.hpp"
#include "sqlite.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tramso::db {

class StaffStore final : public StaffDirectory {
  public:
    // Opens or creates the file. A damaged file is renamed staff.corrupt-<time>.sqlite and a
    // new one started (the technician adds the PINs again); `notice` says so. Throws db::Error
    // when the folder cannot be written.
    static std::unique_ptr<StaffStore> open(const std::filesystem::path& file,
                                            std::string* notice = nullptr);
    static std::unique_ptr<StaffStore> memory();

    // Adds a member after the PIN rules and a check that no one else has this PIN; returns
    // the new id, or 0 with `why` set.
    int64_t add(Role role, const std::string& label, std::string_view pin, int64_t now,
                std::string& why, PinCost cost = PinCost::Interactive);
    bool remove(int64_t id);
    std::vector<StaffMember> list();

    bool hasStaff() override;
    PinAttempt beginCheck(int64_t now) override;
    PinCheck finishCheck(std::optional<StaffMember> match, int64_t now) override;
    PinLock lock() override;
    // Wrong PINs typed on days from `fromDay` to `toDay` (yyyymmdd, local), for the dashboard.
    int64_t wrongPins(int fromDay, int toDay);

    // The last export that finished and verified (unix seconds, folder), 0 when none.
    void setLastExport(int64_t when, const std::string& folder);
    std::pair<int64_t, std::string> lastExport();

  private:
    explicit StaffStore(std::unique_ptr<Database> db);
    void saveLock(const PinLock& l);
    std::unique_ptr<Database> m_db;
};

} // namespace tramso::db
