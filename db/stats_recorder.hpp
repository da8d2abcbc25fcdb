// The SessionRecorder that persists: the UI thread only appends the event to a queue (a
// benchmark keeps that under 20 µs); a writer thread, the only user of the store's
// connection once recording starts, turns events into rows and commits them at least every
// second and at once when a visit ends.
#pragma once
#include "kiosk/core/visit/session.hpp"
#include "stats_store.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tramso::db {

class StatsRecorder final : public SessionRecorder {
  public:
    using WallClock = std::function<int64_t()>; // unix seconds

    // `store` may be null or not recording: events are then counted and dropped.
    StatsRecorder(StatsStore* store, std::string kioskId, WallClock wall = {});
    ~StatsRecorder() override; // writes what is queued, then stops

    void record(const SessionEvent& e) override;
    // Blocks until everything recorded so far is committed (tests, shutdown, export);
    // never on the UI thread while the kiosk runs (it waits on an fsync).
    void flush();
    // Asks the writer thread to commit what is queued now, without waiting (the UI thread,
    // before the dashboard reads its own connection).
    void commitSoon();
    std::string lastError() const;
    // Visits started from now on carry this kiosk id (the technician changed it).
    void setKioskId(const std::string& id);
    // Visits started from now on record this content version ("" = the bundled content).
    void setContentVersion(const std::string& version);

  private:
    struct Queued {
        SessionEvent event;
        int64_t wall;
        std::string contentVersion; // SessionStarted: the content the visit uses
    };
    void run();
    // Returns whether a visit ended in the batch.
    bool writeBatch(std::vector<Queued>& batch, const std::string& kioskId);

    StatsStore* m_store;
    std::string m_kioskId;
    std::string m_contentVersion;
    WallClock m_wall;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    std::vector<Queued> m_queue;
    std::vector<Row> m_pending; // rows that failed to commit, retried next time
    bool m_stop = false;
    bool m_urgent = false;
    uint64_t m_queuedCount = 0, m_writtenCount = 0;
    std::string m_error;
    // writer-thread state: the visit being recorded
    std::string m_sessionId;
    double m_sessionStart = 0;
    std::thread m_thread;
};

} // namespace tramso::db
