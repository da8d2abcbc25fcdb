// A thin RAII layer over SQLite (the shape of SQLiteCpp, written small): a database, a
// statement whose parameters are always bound (never pasted into SQL), and a transaction
// that rolls back unless committed. SQLite is used here and nowhere else.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tramso::db {

struct Error : std::runtime_error {
    explicit Error(const std::string& what, int sqliteCode = 0)
        : std::runtime_error(what), code(sqliteCode) {}
    int code;
};

class Database {
  public:
    // Opens (creating when `create`) the file; ":memory:" for tests. `readOnly` never writes
    // (exports read the kiosk's statistics this way).
    Database(const std::string& path, bool create = true, bool readOnly = false);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    sqlite3* handle() const { return m_db; }
    int userVersion();
    void setUserVersion(int v);

  private:
    sqlite3* m_db = nullptr;
};

class Statement {
  public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int64_t v);
    Statement& bind(int index, std::string_view v);
    Statement& bindNull(int index);
    // Binds an empty string as NULL: optional ids are NULL in the database.
    Statement& bindOptional(int index, std::string_view v);
    Statement& bindOptional(int index, int64_t v, int64_t nullValue);

    // Advances; true while there is a row.
    bool step();
    void reset();
    int64_t integer(int col) const;
    std::string text(int col) const;
    bool isNull(int col) const;

  private:
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
};

class Transaction {
  public:
    explicit Transaction(Database& db); // BEGIN IMMEDIATE
    ~Transaction();                     // ROLLBACK unless committed
    void commit();

  private:
    Database& m_db;
    bool m_done = false;
};

} // namespace tramso::db
