// Opening order: probe with quick_check, move aside if damaged, open for real, refuse to
// write a file newer than the code, then apply each missing migration in its own
// transaction with foreign keys off (so a migration may rebuild a table) and checked.
#include "schema.hpp"

#include "migrations.inc"
#include "staff_migrations.inc"

#include "kiosk/core/base/local_time.hpp"
#include "kiosk/core/base/log.hpp"

namespace tramso::db {
namespace fs = std::filesystem;

namespace {

bool damagedCode(int code) {
    const int primary = code & 0xff; // extended result codes are on
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// What quick_check says is wrong, or "" when the file is fine. Throws db::Error when the
// file cannot be read at all.
std::string quickCheck(const fs::path& file) {
    Database probe(file.string(), false);
    Statement st(probe, "PRAGMA quick_check");
    st.step();
    std::string res = st.text(0);
    if (res == "ok") {
        return {};
    }
    size_t nl = res.find('\n', res.find('\n') + 1); // SQLite lists every bad page
    return "failed its integrity check (" + res.substr(0, nl) +
           (nl == std::string::npos ? "" : " …") + ")";
}

// Renames the file (and its WAL companions) out of the way; never deletes.
std::string moveAside(const fs::path& file, std::string_view prefix) {
    const fs::path aside =
        file.parent_path() / (std::string(prefix) + ".corrupt-" + localStampNow() + ".sqlite");
    std::error_code ec;
    fs::rename(file, aside, ec);
    for (const char* ext : {"-wal", "-shm"}) {
        fs::path side = file.string() + ext;
        if (fs::exists(side, ec)) {
            fs::rename(side, aside.string() + ext, ec);
        }
    }
    return aside.filename().string();
}

void migrate(Database& db, const Schema& schema) {
    const int current = db.userVersion();
    if (current >= schema.latest()) {
        return;
    }
    // A migration may rebuild a table others reference; SQLite ignores this PRAGMA inside a
    // transaction, so it is set around them and foreign_key_check guards each commit.
    db.exec("PRAGMA foreign_keys = OFF");
    try {
        for (const Migration& m : schema.migrations) {
            if (m.version <= current) {
                continue;
            }
            Transaction tx(db);
            db.exec(m.sql);
            Statement fk(db, "PRAGMA foreign_key_check");
            if (fk.step()) {
                throw Error(std::string(schema.what) + ": migration " + std::string(m.name) +
                                " would leave rows of " + fk.text(0) + " without their parent",
                            SQLITE_CONSTRAINT);
            }
            db.setUserVersion(m.version);
            tx.commit();
            log::info(std::string(schema.what) + ": applied migration " + std::string(m.name));
        }
    } catch (...) {
        db.exec("PRAGMA foreign_keys = ON");
        throw;
    }
    db.exec("PRAGMA foreign_keys = ON");
}

} // namespace

const Schema& statsSchema() {
    static const Schema s{"statistics", "stats", kMigrations};
    return s;
}

const Schema& staffSchema() {
    static const Schema s{"staff", "staff", kStaffMigrations};
    return s;
}

void configureConnection(Database& db, bool writer) {
    // Bounded memory: the page cache is the only SQLite allocation that grows with the
    // file (until cache_size). 512 KiB a connection instead of the default 2 MB keeps
    // SQLite at ~1.2 MB for the writer and the dashboard's reader together (measured with
    // sqlite3_status over 2,000 visits); the hot pages of the appends and of the
    // dashboard's index ranges fit, the rest comes from the OS's file cache.
    db.exec("PRAGMA cache_size = -512");
    if (writer) {
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = FULL"); // a commit that returned survives a power cut
        // the WAL is checkpointed every 1000 pages and truncated back to 4 MB after that
        db.exec("PRAGMA wal_autocheckpoint = 1000");
        db.exec("PRAGMA journal_size_limit = 4194304");
    }
    db.exec("PRAGMA foreign_keys = ON");
}

std::unique_ptr<Database> memoryDatabase(const Schema& schema) {
    auto db = std::make_unique<Database>(":memory:");
    configureConnection(*db, false);
    migrate(*db, schema);
    return db;
}

OpenedDatabase openDatabase(const fs::path& file, const Schema& schema) {
    OpenedDatabase r;
    const std::string what(schema.what);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const bool existed = fs::exists(file, ec);
    if (existed) {
        std::string problem;
        try {
            problem = quickCheck(file);
        } catch (const Error& e) {
            if (!damagedCode(e.code)) {
                r.message = what + " cannot be kept: " + e.what();
                log::error(r.message);
                return r; // unreadable for another reason (permissions, locked): left alone
            }
            problem = std::string("is not a readable database (") + e.what() + ")";
        }
        if (!problem.empty()) {
            r.movedTo = moveAside(file, schema.asidePrefix);
            log::error(what + ": " + file.string() + " " + problem + "; moved aside as " +
                       r.movedTo + " and a new one started");
        }
    }
    try {
        auto db = std::make_unique<Database>(file.string());
        configureConnection(*db, true);
        r.version = db->userVersion();
        if (r.version > schema.latest()) {
            r.status = Opened::TooNew;
            r.message = "the " + what + " file was made by a newer Trạm Số (schema " +
                        std::to_string(r.version) + ", this kiosk knows " +
                        std::to_string(schema.latest()) + ")";
            log::error(what + ": " + r.message);
            r.db = std::move(db);
            return r;
        }
        migrate(*db, schema);
        r.db = std::move(db);
        r.status = !r.movedTo.empty() ? Opened::MovedAside
                   : existed          ? Opened::Ready
                                      : Opened::Created;
    } catch (const Error& e) {
        r.db.reset();
        r.status = Opened::Failed;
        r.message = what + " cannot be kept: " + e.what();
        log::error(r.message);
    }
    return r;
}

} // namespace tramso::db
