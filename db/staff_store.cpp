// Staff table, lock-out and wrong-PIN counts. The PIN itself never reaches SQL: only the
// argon2id string does.
#include "staff_store.hpp"

#include "kiosk/core/base/local_time.hpp"
#include "schema.hpp"

#include <algorithm>

namespace tramso::db {
namespace fs = std::filesystem;

StaffStore::StaffStore(std::unique_ptr<Database> db) : m_db(std::move(db)) {}

std::unique_ptr<StaffStore> StaffStore::memory() {
    return std::unique_ptr<StaffStore>(new StaffStore(memoryDatabase(staffSchema())));
}

std::unique_ptr<StaffStore> StaffStore::open(const fs::path& file, std::string* notice) {
    OpenedDatabase o = openDatabase(file, staffSchema());
    switch (o.status) {
    case Opened::Failed:
        throw Error(o.message);
    case Opened::TooNew:
        throw Error("staff.sqlite was written by a newer tramso (schema " +
                    std::to_string(o.version) + "); update the kiosk");
    case Opened::MovedAside:
        if (notice) {
            *notice = "the staff file was damaged and was moved to " + o.movedTo +
                      "; add the staff PINs again with tramso staff add";
        }
        break;
    case Opened::Ready:
    case Opened::Created:
        break;
    }
    return std::unique_ptr<StaffStore>(new StaffStore(std::move(o.db)));
}

int64_t StaffStore::add(Role role, const std::string& label, std::string_view pin, int64_t now,
                        std::string& why, PinCost cost) {
    why = pinProblem(pin);
    if (!why.empty()) {
        return 0;
    }
    if (label.size() > 80) {
        why = "the label must be at most 80 bytes";
        return 0;
    }
    Statement all(*m_db, "SELECT pin_hash FROM staff");
    while (all.step()) {
        if (verifyPin(all.text(0), pin)) {
            why = "another staff member already has this PIN; choose another";
            return 0;
        }
    }
    Statement ins(*m_db,
                  "INSERT INTO staff (role, label, pin_hash, created_at) VALUES (?, ?, ?, ?)");
    ins.bind(1, toString(role)).bind(2, label).bind(3, hashPin(pin, cost)).bind(4, now);
    ins.step();
    return sqlite3_last_insert_rowid(m_db->handle());
}

bool StaffStore::remove(int64_t id) {
    Statement del(*m_db, "DELETE FROM staff WHERE id = ?");
    del.bind(1, id);
    del.step();
    return sqlite3_changes(m_db->handle()) > 0;
}

std::vector<StaffMember> StaffStore::list() {
    std::vector<StaffMember> out;
    Statement q(*m_db, "SELECT id, role, label, created_at FROM staff ORDER BY id");
    while (q.step()) {
        out.push_back(
            {q.integer(0), parseRole(q.text(1)).value_or(Role::Team), q.text(2), q.integer(3)});
    }
    return out;
}

bool StaffStore::hasStaff() {
    Statement q(*m_db, "SELECT EXISTS (SELECT 1 FROM staff)");
    return q.step() && q.integer(0) != 0;
}

PinLock StaffStore::lock() {
    Statement q(*m_db, "SELECT failures, locks, locked_until FROM pin_lock WHERE id = 1");
    PinLock l;
    if (q.step()) {
        l.failures = static_cast<int>(q.integer(0));
        l.locks = static_cast<int>(q.integer(1));
        l.lockedUntil = q.integer(2);
    }
    return l;
}

void StaffStore::saveLock(const PinLock& l) {
    Statement u(*m_db,
                "UPDATE pin_lock SET failures = ?, locks = ?, locked_until = ? WHERE id = 1");
    u.bind(1, static_cast<int64_t>(l.failures))
        .bind(2, static_cast<int64_t>(l.locks))
        .bind(3, l.lockedUntil);
    u.step();
}

PinAttempt StaffStore::beginCheck(int64_t now) {
    PinAttempt a;
    PinCheck r;
    try {
        if (!hasStaff()) {
            r.result = PinCheck::Result::NoStaff;
            a.decided = r;
            return a;
        }
        const PinLock l = lock();
        if (isLocked(l, now)) {
            r.result = PinCheck::Result::Locked;
            r.lockedUntil = l.lockedUntil;
            a.decided = r;
            return a;
        }
        // Read the list and let the statement go before the slow hashing (on a worker): a
        // read kept open through it could not become the write in finishCheck if another
        // process (`tramso export` remembering its folder) wrote meanwhile; SQLite refuses
        // that at once, without waiting, and a right PIN would read "unavailable".
        Statement all(*m_db, "SELECT id, role, label, created_at, pin_hash FROM staff");
        while (all.step()) {
            a.candidates.push_back(
                {StaffMember{all.integer(0), parseRole(all.text(1)).value_or(Role::Team),
                             all.text(2), all.integer(3)},
                 all.text(4)});
        }
    } catch (const std::exception& e) {
        r.result = PinCheck::Result::Unavailable;
        r.error = e.what();
        a.decided = r;
    }
    return a;
}

PinCheck StaffStore::finishCheck(std::optional<StaffMember> match, int64_t now) {
    PinCheck r;
    try {
        if (match) {
            r.result = PinCheck::Result::Ok;
            r.member = std::move(match);
            saveLock(PinLock{});
            return r;
        }
        Transaction tx(*m_db);
        // read again: the lock may have moved while the PIN was being hashed
        PinLock l = afterWrongPin(lock(), now);
        saveLock(l);
        Statement count(*m_db, "INSERT INTO wrong_pins (day, count) VALUES (?, 1) "
                               "ON CONFLICT (day) DO UPDATE SET count = count + 1");
        // a clock set before 2000 still counts (on the first day the table accepts)
        count.bind(1, static_cast<int64_t>(std::max(localDay(now), 20000101)));
        count.step();
        tx.commit();
        r.result = isLocked(l, now) ? PinCheck::Result::Locked : PinCheck::Result::Wrong;
        r.lockedUntil = l.lockedUntil;
        r.triesLeft = kMaxWrongPins - l.failures;
    } catch (const std::exception& e) {
        r.result = PinCheck::Result::Unavailable;
        r.error = e.what();
        r.member.reset();
    }
    return r;
}

int64_t StaffStore::wrongPins(int fromDay, int toDay) {
    Statement q(*m_db, "SELECT coalesce(sum(count), 0) FROM wrong_pins WHERE day BETWEEN ? AND ?");
    q.bind(1, static_cast<int64_t>(fromDay)).bind(2, static_cast<int64_t>(toDay));
    return q.step() ? q.integer(0) : 0;
}

void StaffStore::setLastExport(int64_t when, const std::string& folder) {
    Statement u(*m_db, "INSERT INTO last_export (id, at, folder) VALUES (1, ?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET at = excluded.at, folder = excluded.folder");
    u.bind(1, when).bind(2, folder);
    u.step();
}

std::pair<int64_t, std::string> StaffStore::lastExport() {
    Statement q(*m_db, "SELECT at, folder FROM last_export WHERE id = 1");
    if (q.step()) {
        return {q.integer(0), q.text(1)};
    }
    return {0, {}};
}

} // namespace tramso::db
