// Staff table, lock-out and wrong-PIN counts. The PIN itself never reaches SQL: only the
// argon2id string does.
#include "staff_store.hpp"

#include "stats_store.hpp"

#include <algorithm>
#include <ctime>

namespace tramso::db {
namespace fs = std::filesystem;

namespace {

// Ordered like db/migrations; small enough to live here.
const char* const kStaffMigrations[] = {
    R"(CREATE TABLE staff (
         id         INTEGER PRIMARY KEY,
         role       TEXT NOT NULL CHECK (role IN ('team', 'technician')),
         label      TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 80),
         pin_hash   TEXT NOT NULL CHECK (pin_hash GLOB '$argon2id$*'),
         created_at INTEGER NOT NULL);
       CREATE TABLE pin_lock (
         id           INTEGER PRIMARY KEY CHECK (id = 1),
         failures     INTEGER NOT NULL,
         locks        INTEGER NOT NULL,
         locked_until INTEGER NOT NULL);
       INSERT INTO pin_lock VALUES (1, 0, 0, 0);
       CREATE TABLE wrong_pins (
         day   INTEGER PRIMARY KEY CHECK (day BETWEEN 20000101 AND 29991231),
         count INTEGER NOT NULL);
       CREATE TABLE last_export (
         id     INTEGER PRIMARY KEY CHECK (id = 1),
         at     INTEGER NOT NULL,
         folder TEXT NOT NULL);)",
};

void migrate(Database& db) {
    const int latest = static_cast<int>(std::size(kStaffMigrations));
    int current = db.userVersion();
    if (current > latest) {
        throw Error("staff.sqlite was written by a newer tramso (schema " +
                    std::to_string(current) + "); update the kiosk");
    }
    for (int v = current + 1; v <= latest; ++v) {
        Transaction tx(db);
        db.exec(kStaffMigrations[v - 1]);
        db.setUserVersion(v);
        tx.commit();
    }
}

std::unique_ptr<Database> openChecked(const fs::path& file) {
    auto db = std::make_unique<Database>(file.string());
    db->exec("PRAGMA busy_timeout = 5000");
    {
        Statement qc(*db, "PRAGMA quick_check");
        if (!qc.step() || qc.text(0) != "ok") {
            throw Error("quick_check failed", SQLITE_CORRUPT);
        }
    }
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = FULL");
    migrate(*db);
    return db;
}

} // namespace

StaffStore::StaffStore(std::unique_ptr<Database> db) : m_db(std::move(db)) {}

std::unique_ptr<StaffStore> StaffStore::memory() {
    auto db = std::make_unique<Database>(":memory:");
    migrate(*db);
    return std::unique_ptr<StaffStore>(new StaffStore(std::move(db)));
}

std::unique_ptr<StaffStore> StaffStore::open(const fs::path& file, std::string* notice) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    try {
        return std::unique_ptr<StaffStore>(new StaffStore(openChecked(file)));
    } catch (const Error& e) {
        if (e.code != SQLITE_CORRUPT && e.code != SQLITE_NOTADB) {
            throw;
        }
    }
    // Damaged: keep the file for a technician to look at, start a new one.
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    fs::path aside = file.parent_path() / (std::string("staff.corrupt-") + stamp + ".sqlite");
    fs::rename(file, aside, ec);
    for (const char* suffix : {"-wal", "-shm"}) {
        fs::remove(file.string() + suffix, ec);
    }
    if (notice) {
        *notice = "the staff file was damaged and was moved to " + aside.filename().string() +
                  "; add the staff PINs again with tramso staff add";
    }
    return std::unique_ptr<StaffStore>(new StaffStore(openChecked(file)));
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

PinCheck StaffStore::check(std::string_view pin, int64_t now) {
    PinCheck r;
    try {
        if (!hasStaff()) {
            r.result = PinCheck::Result::NoStaff;
            return r;
        }
        PinLock l = lock();
        if (isLocked(l, now)) {
            r.result = PinCheck::Result::Locked;
            r.lockedUntil = l.lockedUntil;
            return r;
        }
        Statement all(*m_db, "SELECT id, role, label, created_at, pin_hash FROM staff");
        while (all.step()) {
            if (verifyPin(all.text(4), pin)) {
                r.result = PinCheck::Result::Ok;
                r.member = StaffMember{all.integer(0), parseRole(all.text(1)).value_or(Role::Team),
                                       all.text(2), all.integer(3)};
                saveLock(PinLock{});
                return r;
            }
        }
        Transaction tx(*m_db);
        l = afterWrongPin(l, now);
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
