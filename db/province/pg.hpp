// A small RAII layer over libpq for the province store: a connection whose failures say
// which kind they are (server unreachable, authentication refused, connection lost, bad
// data, other SQL), results read by row and column, and COPY FROM STDIN streaming.
#pragma once
#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tramso::province {

enum class PgFailure {
    Unreachable, // nothing answers at that address (or the server is starting/stopping)
    Auth,        // the server answered and refused the user or password
    Lost,        // the connection broke during work (the open transaction rolled back)
    Data,        // the server refused the rows (bad CSV, a value of the wrong type)
    Usage,       // the connection string itself is malformed
    Other,
};

class PgError : public std::runtime_error {
  public:
    PgError(PgFailure kind, const std::string& what) : std::runtime_error(what), m_kind(kind) {}
    PgFailure kind() const { return m_kind; }

  private:
    PgFailure m_kind;
};

class PgResult {
  public:
    explicit PgResult(PGresult* r) : m_r(r, &PQclear) {}
    int rows() const { return PQntuples(m_r.get()); }
    bool isNull(int row, int col) const { return PQgetisnull(m_r.get(), row, col) != 0; }
    std::string text(int row, int col) const { return PQgetvalue(m_r.get(), row, col); }
    int64_t integer(int row, int col) const;
    double real(int row, int col) const;
    int64_t affected() const; // rows of an INSERT, UPDATE, DELETE or COPY

  private:
    std::unique_ptr<PGresult, decltype(&PQclear)> m_r;
};

class Pg {
  public:
    // Throws PgError: Unreachable, Auth or Usage (the message names the server).
    explicit Pg(const std::string& conninfo);
    ~Pg();
    Pg(const Pg&) = delete;
    Pg& operator=(const Pg&) = delete;

    void exec(const std::string& sql);
    PgResult query(const std::string& sql, const std::vector<std::string>& params = {});
    // COPY … FROM STDIN: `next` fills the buffer and returns the bytes put there (0: end).
    // Returns the rows the server stored.
    int64_t copyIn(const std::string& sql, const std::function<size_t(char*, size_t)>& next);
    bool alive() const { return PQstatus(m_conn) == CONNECTION_OK; }
    PGconn* raw() { return m_conn; }

  private:
    [[noreturn]] void fail(const PGresult* r, const std::string& doing);
    PGconn* m_conn = nullptr;
};

} // namespace tramso::province
