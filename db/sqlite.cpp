// SQLite calls with errors turned into exceptions carrying SQLite's message.
#include "sqlite.hpp"

namespace tramso::db {

Database::Database(const std::string& path, bool create, bool readOnly) {
    int flags =
        readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error("cannot open " + path + ": " + msg, rc);
    }
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);
}

Database::~Database() {
    sqlite3_close(m_db);
}

void Database::exec(std::string_view sql) {
    char* err = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw Error(msg, rc);
    }
}

int Database::userVersion() {
    Statement st(*this, "PRAGMA user_version");
    st.step();
    return static_cast<int>(st.integer(0));
}

void Database::setUserVersion(int v) {
    // PRAGMA takes no bound parameters; v is an int we produced, not input.
    exec("PRAGMA user_version = " + std::to_string(v));
}

Statement::Statement(Database& db, std::string_view sql) : m_db(db.handle()) {
    int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        throw Error(std::string(sqlite3_errmsg(m_db)) + " in: " + std::string(sql), rc);
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int i, int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int i) {
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

Statement& Statement::bindOptional(int i, std::string_view v) {
    return v.empty() ? bindNull(i) : bind(i, v);
}

Statement& Statement::bindOptional(int i, int64_t v, int64_t nullValue) {
    return v == nullValue ? bindNull(i) : bind(i, v);
}

bool Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw Error(sqlite3_errmsg(m_db), rc);
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int64_t Statement::integer(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}

std::string Statement::text(int col) const {
    const unsigned char* t = sqlite3_column_text(m_stmt, col);
    return t ? reinterpret_cast<const char*>(t) : "";
}

bool Statement::isNull(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
            // nothing more to do: the transaction is gone either way
        }
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace tramso::db
