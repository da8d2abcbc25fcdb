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
    // A database that came from outside (an export's stats.sqlite): `uri` opened read-only
    // and immutable, defensive, no trusted schema, views and triggers disabled, lengths and
    // depths limited, and each statement stopped after `maxSteps` virtual-machine steps
    // (a crafted schema cannot make a read run for ever). See db/untrusted in merge.
    struct Untrusted {
        int64_t maxSteps = 0;
    };
    Database(const std::string& uri, Untrusted limits);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    sqlite3* handle() const { return m_db; }
    int userVersion();
    void setUserVersion(int v);

  private:
    sqlite3* m_db = nullptr;
    int64_t m_steps = 0, m_maxSteps = 0; // the untrusted budget, in units of 1,000 steps
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
