// A read-only connection, opened on first use by the thread that uses it.
#include "stats_reader.hpp"

#include "schema.hpp"
#include "staff_store.hpp"

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

std::function<DashboardData(const std::string&)>
dashboardSource(const std::filesystem::path& statsFile, StatsRecorder& recorder,
                StaffStore* staff) {
    auto reader = std::make_shared<StatsReader>(statsFile);
    return [reader, &recorder, staff](const std::string& funnel) {
        recorder.commitSoon();
        const int today = localDay(std::time(nullptr));
        DashboardData d = reader->dashboard(today, funnel);
        if (staff) {
            d.monthWrongPins = staff->wrongPins(today / 100 * 100 + 1, today);
        }
        return d;
    };
}

} // namespace tramso::db
