// The dashboard's own read-only connection to stats.sqlite. The recorder's writer thread
// owns the writing connection; the UI thread reads through this one (WAL lets a reader see
// the last commit beside the writer), so no connection is ever used by two threads and the
// UI thread never waits on the writer's fsync.
#pragma once
#include "stats_recorder.hpp"
#include "stats_store.hpp"

#include <filesystem>
#include <memory>

namespace tramso::db {

class StatsReader {
  public:
    // Opens lazily, at the first query, so a kiosk whose statistics cannot be read still
    // starts; a failure throws db::Error (the dashboard shows it).
    explicit StatsReader(std::filesystem::path file);
    DashboardData dashboard(int today, const std::string& funnelTutorial);
    Database& database();

  private:
    std::filesystem::path m_file;
    std::unique_ptr<Database> m_db;
};

} // namespace tramso::db
