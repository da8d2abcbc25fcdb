// A read-only connection, opened on first use by the thread that uses it.
#include "stats_reader.hpp"

#include "schema.hpp"

#include <ctime>

namespace tramso::db {

StatsReader::StatsReader(std::filesystem::path file) : m_file(std::move(file)) {}

Database& StatsReader::database() {
    if (!m_db) {
        auto db = std::make_unique<Database>(m_file.string(), false, true);
        configureConnection(*db, false);
        m_db = std::move(db);
    }
    return *m_db;
}

DashboardData StatsReader::dashboard(int today, const std::string& funnelTutorial) {
    Database& db = database();
    // one snapshot for all the charts, even while the writer commits
    db.exec("BEGIN");
    try {
        DashboardData d = queryDashboard(db, today, funnelTutorial);
        db.exec("COMMIT");
        return d;
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
}

} // namespace tramso::db
