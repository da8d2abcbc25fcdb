// libpq calls and how their failures are sorted: PQping tells "nobody answers" from "the
// server answered", so a refused login is told apart from an unreachable server even when
// the server's messages are in another language.
#include "pg.hpp"

#include <cstdlib>
#include <cstring>

namespace tramso::province {

int64_t PgResult::integer(int row, int col) const {
    return std::strtoll(PQgetvalue(m_r.get(), row, col), nullptr, 10);
}

double PgResult::real(int row, int col) const {
    return std::strtod(PQgetvalue(m_r.get(), row, col), nullptr);
}

int64_t PgResult::affected() const {
    return std::strtoll(PQcmdTuples(m_r.get()), nullptr, 10);
}

namespace {
std::string trimmed(const char* s) {
    std::string m = s ? s : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) {
        m.pop_back();
    }
    return m;
}
} // namespace

Pg::Pg(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
    if (!opts) {
        std::string m = trimmed(err);
        PQfreemem(err);
        throw PgError(PgFailure::Usage, "the --db connection string is not valid: " + m);
    }
    PQconninfoFree(opts);
    m_conn = PQconnectdb(conninfo.c_str());
    if (PQstatus(m_conn) == CONNECTION_OK) {
        PQsetClientEncoding(m_conn, "UTF8");
        PQsetErrorVerbosity(m_conn, PQERRORS_DEFAULT);
        // the server's NOTICEs ("relation … already exists, skipping" from the idempotent
        // set-up) are noise on the official's terminal; warnings and errors still show
        PQclear(PQexec(m_conn, "SET client_min_messages = warning"));
        return;
    }
    const std::string msg = trimmed(PQerrorMessage(m_conn));
    const bool neededPassword = PQconnectionNeedsPassword(m_conn) != 0;
    const bool usedPassword = PQconnectionUsedPassword(m_conn) != 0;
    PQfinish(m_conn);
    m_conn = nullptr;
    const PGPing ping = PQping(conninfo.c_str());
    if (ping == PQPING_NO_RESPONSE || ping == PQPING_REJECT) {
        throw PgError(PgFailure::Unreachable,
                      "the PostgreSQL server cannot be reached (" + msg +
                          "); check the host and port in --db, that the server runs and that "
                          "the network lets you through, then run the same command again");
    }
    if (neededPassword || usedPassword || msg.find("auth") != std::string::npos ||
        msg.find("28P01") != std::string::npos || msg.find("28000") != std::string::npos) {
        throw PgError(PgFailure::Auth,
                      "the PostgreSQL server refused the login (" + msg +
                          "); check the user and password in --db (or ~/.pgpass), and that "
                          "pg_hba.conf lets this user in");
    }
    throw PgError(PgFailure::Other, "cannot open the PostgreSQL database: " + msg);
}

Pg::~Pg() {
    if (m_conn) {
        PQfinish(m_conn);
    }
}

void Pg::fail(const PGresult* r, const std::string& doing) {
    const std::string msg = trimmed(PQerrorMessage(m_conn));
    if (PQstatus(m_conn) != CONNECTION_OK) {
        throw PgError(PgFailure::Lost, "the connection to the PostgreSQL server broke while " +
                                           doing + " (" + msg + ")");
    }
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    // class 22 (data exception), 23 (integrity) and 54 (a value over a limit, such as an
    // index row too big): the rows themselves are wrong, the export is skipped, not the run
    if (state && (std::strncmp(state, "22", 2) == 0 || std::strncmp(state, "23", 2) == 0 ||
                  std::strncmp(state, "54", 2) == 0)) {
        throw PgError(PgFailure::Data, msg);
    }
    if (state && std::strncmp(state, "57P", 3) == 0) { // admin shutdown, crash, cannot connect
        throw PgError(PgFailure::Lost,
                      "the PostgreSQL server stopped while " + doing + " (" + msg + ")");
    }
    throw PgError(PgFailure::Other, "PostgreSQL error while " + doing + ": " + msg);
}

void Pg::exec(const std::string& sql) {
    PGresult* r = PQexec(m_conn, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        PgResult keep(r);
        fail(r, "running " + sql.substr(0, sql.find_first_of("(\n")));
    }
    PQclear(r);
}

PgResult Pg::query(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& p : params) {
        values.push_back(p.c_str());
    }
    PGresult* r = PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    PgResult keep(r);
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fail(r, "running " + sql.substr(0, sql.find_first_of("(\n")));
    }
    return keep;
}

int64_t Pg::copyIn(const std::string& sql, const std::function<size_t(char*, size_t)>& next) {
    {
        PGresult* r = PQexec(m_conn, sql.c_str());
        PgResult keep(r);
        if (PQresultStatus(r) != PGRES_COPY_IN) {
            fail(r, "starting " + sql.substr(0, sql.find('(')));
        }
    }
    std::vector<char> buf(1 << 20);
    bool ok = true;
    for (;;) {
        const size_t n = next(buf.data(), buf.size());
        if (n == 0) {
            break;
        }
        if (PQputCopyData(m_conn, buf.data(), static_cast<int>(n)) != 1) {
            ok = false;
            break;
        }
    }
    if (ok && PQputCopyEnd(m_conn, nullptr) != 1) {
        ok = false;
    }
    int64_t rows = 0;
    std::string error;
    // the COPY's result, then the end of the command; a broken connection ends both
    while (PGresult* r = PQgetResult(m_conn)) {
        PgResult keep(r);
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            rows = keep.affected();
        } else {
            fail(r, "copying rows");
        }
    }
    if (!ok || PQstatus(m_conn) != CONNECTION_OK) {
        fail(nullptr, "copying rows");
    }
    return rows;
}

} // namespace tramso::province
