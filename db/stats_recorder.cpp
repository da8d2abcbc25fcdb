// Session ids are 128 random bits from libsodium: unique, and linked to nothing.
#include "stats_recorder.hpp"

#include "kiosk/core/base/log.hpp"

#include <malloc.h>
#include <sodium.h>

#include <chrono>
#include <cmath>

namespace tramso::db {
namespace {

std::string randomId() {
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, b, sizeof b);
    return hex;
}

int64_t systemNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

StatsRecorder::StatsRecorder(StatsStore* store, std::string kioskId, WallClock wall)
    : m_store(store), m_kioskId(std::move(kioskId)), m_wall(wall ? std::move(wall) : systemNow) {
    if (sodium_init() < 0) {
        log::error("statistics: libsodium could not start");
    }
    m_queue.reserve(256);
    m_thread = std::thread([this] { run(); });
}

StatsRecorder::~StatsRecorder() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void StatsRecorder::record(const SessionEvent& e) {
    const int64_t wall = m_wall();
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(
            {e, wall, e.type == EventType::SessionStarted ? m_contentVersion : std::string()});
        ++m_queuedCount;
        if (e.type == EventType::SessionEnded) {
            m_urgent = true;
        }
    }
    if (e.type == EventType::SessionEnded) {
        m_wake.notify_one();
    }
}

void StatsRecorder::flush() {
    std::unique_lock lock(m_mutex);
    const uint64_t target = m_queuedCount;
    m_urgent = true;
    m_wake.notify_one();
    m_done.wait(lock, [&] { return m_writtenCount >= target || m_stop; });
}

void StatsRecorder::commitSoon() {
    {
        std::lock_guard lock(m_mutex);
        m_urgent = true;
    }
    m_wake.notify_one();
}

void StatsRecorder::setKioskId(const std::string& id) {
    std::lock_guard lock(m_mutex);
    m_kioskId = id;
}

void StatsRecorder::setContentVersion(const std::string& version) {
    std::lock_guard lock(m_mutex);
    m_contentVersion = version;
}

std::string StatsRecorder::lastError() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

void StatsRecorder::run() {
    std::vector<Queued> batch;
    std::string kioskId;
    for (;;) {
        uint64_t taken = 0;
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stop || m_urgent; });
            batch.swap(m_queue);
            taken = m_queuedCount;
            m_urgent = false;
            stopping = m_stop;
            kioskId = m_kioskId;
        }
        const bool visitEnded = writeBatch(batch, kioskId);
        batch.clear();
        if (visitEnded) {
            // A kiosk runs for months: its RSS crept ~2.6 KB a visit while the live heap
            // stayed flat (heaptrack) - memory freed during the visit that the allocator kept
            // (malloc_trim on a running kiosk gave back 5.5 MB). Between visits is when the
            // screen is still, so it is given back to the system here.
            malloc_trim(0);
        }
        {
            std::lock_guard lock(m_mutex);
            m_writtenCount = taken;
        }
        m_done.notify_all();
        if (stopping) {
            return;
        }
    }
}

bool StatsRecorder::writeBatch(std::vector<Queued>& batch, const std::string& kioskId) {
    bool ended = false;
    std::vector<Row> rows;
    rows.swap(m_pending);
    for (const Queued& q : batch) {
        const SessionEvent& e = q.event;
        if (e.type == EventType::SessionStarted) {
            m_sessionId = randomId();
            m_sessionStart = e.atSeconds;
            rows.push_back(SessionStartRow{m_sessionId, kioskId, q.wall, q.contentVersion});
        }
        if (e.type == EventType::QuizAnswered || e.type == EventType::GroupQuizRun) {
            // tied to no visit on purpose: answers cannot be summed into a person's score
            QuizRow r;
            r.day = localDay(q.wall);
            r.hour = localHour(q.wall);
            r.type = std::string(toString(e.type));
            r.quizId = e.tutorialId;
            if (e.type == EventType::QuizAnswered) {
                r.question = e.step;
                r.result = e.result;
            } else {
                r.questions = e.count;
            }
            rows.push_back(std::move(r));
            continue;
        }
        if (m_sessionId.empty()) {
            continue; // outside a visit: nothing to attach it to
        }
        EventRow r;
        r.sessionId = m_sessionId;
        r.day = localDay(q.wall);
        r.hour = localHour(q.wall);
        r.type = std::string(toString(e.type));
        r.tutorialId = e.tutorialId;
        r.portalId = e.portalId;
        r.result = e.result;
        r.step = e.step;
        r.atMs = std::max<int64_t>(0, std::llround((e.atSeconds - m_sessionStart) * 1000.0));
        r.durationMs = e.durationMs;
        rows.push_back(std::move(r));
        if (e.type == EventType::SessionEnded) {
            rows.push_back(SessionEndRow{
                m_sessionId, q.wall, e.result, e.mode.empty() ? "self" : e.mode,
                e.language.empty() ? "vi" : e.language, e.textSize.empty() ? "A" : e.textSize,
                e.contrast.empty() ? "normal" : e.contrast, e.groupSize, e.voice});
            m_sessionId.clear();
            ended = true;
        }
    }
    if (rows.empty() || !m_store || !m_store->recording()) {
        return ended;
    }
    try {
        m_store->write(rows);
        std::lock_guard lock(m_mutex);
        m_error.clear();
    } catch (const Error& e) {
        // Disk full or locked: keep the rows and try again with the next batch.
        log::error(std::string("statistics: cannot write (") + e.what() + "); will retry");
        if (rows.size() < 100000) {
            m_pending = std::move(rows);
        }
        std::lock_guard lock(m_mutex);
        m_error = e.what();
    }
    return ended;
}

} // namespace tramso::db
