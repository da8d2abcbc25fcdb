// Opening follows docs: quick_check at start, a database newer than the code keeps the
// kiosk running without recording, anything unreadable is renamed stats.corrupt-<time>.
#include "stats_store.hpp"

#include "kiosk/core/base/log.hpp"

#include <map>

namespace tramso::db {
namespace fs = std::filesystem;

int latestSchemaVersion() {
    return statsSchema().latest();
}

StatsStore::StatsStore(std::unique_ptr<Database> db, bool recording)
    : m_db(std::move(db)), m_recording(recording) {}

std::unique_ptr<StatsStore> StatsStore::memory() {
    return std::unique_ptr<StatsStore>(new StatsStore(memoryDatabase(statsSchema()), true));
}

StatsStore::OpenResult StatsStore::open(const fs::path& file) {
    OpenResult r;
    OpenedDatabase o = openDatabase(file, statsSchema());
    r.status = o.status;
    switch (o.status) {
    case Opened::Failed:
        r.message = o.message;
        return r;
    case Opened::TooNew:
        r.message = o.message + "; nothing is recorded until the kiosk is updated";
        r.store.reset(new StatsStore(std::move(o.db), false));
        return r;
    case Opened::MovedAside:
        r.message = "the statistics file was damaged; it was kept as " + o.movedTo +
                    " and a new one started";
        break;
    case Opened::Ready:
    case Opened::Created:
        break;
    }
    r.store.reset(new StatsStore(std::move(o.db), true));
    try {
        if (int n = r.store->closeInterruptedVisits(); n > 0) {
            log::warn("statistics: closed " + std::to_string(n) +
                      " visit(s) left open by a power cut as 'interrupted'");
        }
    } catch (const Error& e) {
        log::error(std::string("statistics: cannot close interrupted visits: ") + e.what());
    }
    return r;
}

int StatsStore::closeInterruptedVisits() {
    if (!m_recording) {
        return 0;
    }
    struct Open {
        std::string id;
        int64_t startedAt, lastAtMs;
    };
    std::vector<Open> open;
    Transaction tx(*m_db);
    {
        Statement q(*m_db, "SELECT s.id, s.started_at, (SELECT max(e.at_ms) FROM events e "
                           "WHERE e.session_id = s.id) FROM sessions s WHERE s.ended_at IS NULL");
        while (q.step()) {
            open.push_back({q.text(0), q.integer(1), q.isNull(2) ? 0 : q.integer(2)});
        }
    }
    Statement end(*m_db,
                  "UPDATE sessions SET ended_at = ?2, outcome = 'interrupted' WHERE id = ?1");
    Statement ev(*m_db, "INSERT INTO events (session_id, day, hour, type, at_ms, result) "
                        "VALUES (?1, ?2, ?3, 'session_ended', ?4, 'interrupted')");
    for (const Open& o : open) {
        const int64_t endedAt = o.startedAt + o.lastAtMs / 1000;
        end.bind(1, o.id).bind(2, endedAt);
        end.step();
        end.reset();
        // a clock set before 2000 still closes the visit (on the first day the table accepts)
        ev.bind(1, o.id).bind(2, static_cast<int64_t>(std::max(localDay(endedAt), 20000101)));
        ev.bind(3, static_cast<int64_t>(localHour(endedAt))).bind(4, o.lastAtMs);
        ev.step();
        ev.reset();
    }
    tx.commit();
    return static_cast<int>(open.size());
}

void StatsStore::write(const std::vector<Row>& rows) {
    if (!m_recording || rows.empty()) {
        return;
    }
    Transaction tx(*m_db);
    Statement start(*m_db,
                    "INSERT OR IGNORE INTO sessions (id, kiosk_id, started_at, content_version) "
                    "VALUES (?1, ?2, ?3, ?4)");
    Statement end(*m_db,
                  "UPDATE sessions SET ended_at = ?2, outcome = ?3, mode = ?4, "
                  "group_size = ?5, language = ?6, text_size = ?7, contrast = ?8, voice = ?9 "
                  "WHERE id = ?1");
    Statement ev(*m_db, "INSERT INTO events (session_id, day, hour, type, tutorial_id, step, "
                        "portal_id, at_ms, duration_ms, result) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    Statement quiz(*m_db, "INSERT INTO quiz_events (day, hour, type, quiz_id, question, "
                          "questions, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const Row& row : rows) {
        if (auto* s = std::get_if<SessionStartRow>(&row)) {
            start.bind(1, s->id)
                .bind(2, s->kioskId)
                .bind(3, s->startedAt)
                .bind(4, s->contentVersion);
            start.step();
            start.reset();
        } else if (auto* e = std::get_if<SessionEndRow>(&row)) {
            end.bind(1, e->id).bind(2, e->endedAt).bindOptional(3, e->outcome);
            end.bind(4, e->mode).bind(5, static_cast<int64_t>(e->groupSize)).bind(6, e->language);
            end.bind(7, e->textSize).bind(8, e->contrast).bind(9, static_cast<int64_t>(e->voice));
            end.step();
            end.reset();
        } else if (auto* v = std::get_if<EventRow>(&row)) {
            ev.bind(1, v->sessionId).bind(2, static_cast<int64_t>(v->day));
            ev.bind(3, static_cast<int64_t>(v->hour))
                .bind(4, v->type)
                .bindOptional(5, v->tutorialId);
            ev.bindOptional(6, v->step, -1).bindOptional(7, v->portalId).bind(8, v->atMs);
            ev.bindOptional(9, v->durationMs, -1).bindOptional(10, v->result);
            ev.step();
            ev.reset();
        } else if (auto* q = std::get_if<QuizRow>(&row)) {
            quiz.bind(1, static_cast<int64_t>(q->day)).bind(2, static_cast<int64_t>(q->hour));
            quiz.bind(3, q->type).bind(4, q->quizId).bindOptional(5, q->question, -1);
            quiz.bindOptional(6, q->questions, -1).bindOptional(7, q->result);
            quiz.step();
            quiz.reset();
        }
    }
    tx.commit();
}

DashboardData StatsStore::dashboard(int today, const std::string& funnelTutorial) {
    return queryDashboard(*m_db, today, funnelTutorial);
}

DashboardData queryDashboard(Database& db, int today, const std::string& funnelTutorial) {
    DashboardData d;
    d.today = today;
    const int from = addDays(today, -29);
    const int monthStart = today / 100 * 100 + 1;
    auto count = [&](const char* sql, auto&&... binds) {
        Statement st(db, sql);
        int i = 1;
        ((st.bind(i++, binds)), ...);
        st.step();
        return st.integer(0);
    };
    const int64_t m = monthStart;
    d.monthSessions =
        count("SELECT count(*) FROM events WHERE day >= ?1 AND type = 'session_started'", m);
    d.monthStarted =
        count("SELECT count(*) FROM events WHERE day >= ?1 AND type = 'tutorial_started'", m);
    d.monthCompleted =
        count("SELECT count(*) FROM events WHERE day >= ?1 AND type = 'tutorial_completed'", m);
    d.monthQr = count("SELECT count(*) FROM events WHERE day >= ?1 AND type = 'qr_shown'", m);
    d.monthHelp = count("SELECT count(*) FROM events WHERE day >= ?1 AND type = 'help_asked'", m);

    std::map<int, int64_t> perDay;
    {
        Statement st(db, "SELECT day, count(*) FROM events WHERE day >= ?1 AND type = "
                         "'session_started' GROUP BY day");
        st.bind(1, static_cast<int64_t>(from));
        while (st.step()) {
            perDay[static_cast<int>(st.integer(0))] = st.integer(1);
        }
    }
    for (int i = 0; i < 30; ++i) {
        int day = addDays(from, i);
        d.sessionsPerDay.push_back({day, perDay.count(day) ? perDay[day] : 0});
    }
    {
        std::map<std::string, TutorialCounts> t;
        for (const char* type : {"tutorial_started", "tutorial_completed"}) {
            Statement st(db, "SELECT tutorial_id, count(*) FROM events WHERE day >= ?1 AND "
                             "type = ?2 GROUP BY tutorial_id");
            st.bind(1, static_cast<int64_t>(from)).bind(2, std::string_view(type));
            while (st.step()) {
                TutorialCounts& c = t[st.text(0)];
                c.id = st.text(0);
                (std::string_view(type) == "tutorial_started" ? c.started : c.completed) =
                    st.integer(1);
            }
        }
        for (auto& [id, c] : t) {
            d.tutorials.push_back(c);
        }
    }
    d.funnelTutorial = funnelTutorial;
    if (!funnelTutorial.empty()) {
        Statement st(db, "SELECT step, count(DISTINCT session_id) FROM events WHERE "
                         "tutorial_id = ?1 AND type = 'step_shown' AND day >= ?2 GROUP BY step "
                         "ORDER BY step");
        st.bind(1, funnelTutorial).bind(2, static_cast<int64_t>(from));
        while (st.step()) {
            size_t s = static_cast<size_t>(st.integer(0));
            if (d.funnel.size() <= s) {
                d.funnel.resize(s + 1, 0);
            }
            d.funnel[s] = st.integer(1);
        }
    }
    auto counts = [&](const char* sql, std::vector<Count>& out) {
        Statement st(db, sql);
        st.bind(1, static_cast<int64_t>(from));
        while (st.step()) {
            out.push_back({st.text(0), st.integer(1)});
        }
    };
    counts("SELECT portal_id, count(*) FROM events WHERE day >= ?1 AND type = 'qr_shown' "
           "GROUP BY portal_id ORDER BY 2 DESC",
           d.qrPerPortal);
    // sessions started in the window: from local midnight of `from`, in unix seconds
    const std::string fromClause = " FROM sessions WHERE started_at >= ?1";
    auto countsSince = [&](const std::string& sql, std::vector<Count>& out) {
        Statement st(db, sql);
        st.bind(1, localMidnight(from));
        while (st.step()) {
            out.push_back({st.text(0), st.integer(1)});
        }
    };
    countsSince("SELECT mode, count(*)" + fromClause + " GROUP BY mode", d.modes);
    countsSince("SELECT language, count(*)" + fromClause + " GROUP BY language", d.languages);
    countsSince("SELECT text_size, count(*)" + fromClause + " GROUP BY text_size", d.textSizes);
    {
        Statement st(db, "SELECT hour, count(*) FROM events WHERE day >= ?1 AND type = "
                         "'session_started' GROUP BY hour");
        st.bind(1, static_cast<int64_t>(from));
        while (st.step()) {
            d.hours[static_cast<size_t>(st.integer(0)) % 24] = st.integer(1);
        }
    }
    {
        Statement st(db, "SELECT quiz_id, sum(result = 'right'), sum(result = 'wrong'), "
                         "sum(type = 'group_quiz_run') FROM quiz_events WHERE day >= ?1 "
                         "GROUP BY quiz_id ORDER BY quiz_id");
        st.bind(1, static_cast<int64_t>(from));
        while (st.step()) {
            d.quizzes.push_back({st.text(0), st.integer(1), st.integer(2), st.integer(3)});
        }
    }
    return d;
}

std::vector<QuizAnswerCounts> StatsStore::quizAnswers() {
    std::vector<QuizAnswerCounts> out;
    Statement st(*m_db, "SELECT quiz_id, question, sum(result = 'right'), sum(result = 'wrong') "
                        "FROM quiz_events WHERE type = 'quiz_answered' "
                        "GROUP BY quiz_id, question ORDER BY quiz_id, question");
    while (st.step()) {
        out.push_back({st.text(0), static_cast<int>(st.integer(1)), st.integer(2), st.integer(3)});
    }
    return out;
}

std::pair<int64_t, int64_t> StatsStore::groupQuizzes() {
    Statement st(*m_db, "SELECT count(*), coalesce(sum(questions), 0) FROM quiz_events "
                        "WHERE type = 'group_quiz_run'");
    st.step();
    return {st.integer(0), st.integer(1)};
}

int StatsStore::foldOldEvents(int beforeDay, int batch) {
    if (!m_recording) {
        return 0;
    }
    Transaction tx(*m_db);
    // the oldest `batch` events, counted into daily, then deleted
    m_db->exec("CREATE TEMP TABLE IF NOT EXISTS fold_ids (id INTEGER PRIMARY KEY)");
    m_db->exec("DELETE FROM fold_ids");
    Statement pick(
        *m_db, "INSERT INTO fold_ids SELECT id FROM events WHERE day < ?1 ORDER BY day LIMIT ?2");
    pick.bind(1, static_cast<int64_t>(beforeDay)).bind(2, static_cast<int64_t>(batch));
    pick.step();
    int n = sqlite3_changes(m_db->handle());
    if (n > 0) {
        m_db->exec("INSERT INTO daily (day, type, tutorial_id, step, portal_id, result, count) "
                   "SELECT day, type, coalesce(tutorial_id, ''), coalesce(step, -1), "
                   "coalesce(portal_id, ''), coalesce(result, ''), count(*) FROM events "
                   "WHERE id IN (SELECT id FROM fold_ids) GROUP BY 1, 2, 3, 4, 5, 6 "
                   "ON CONFLICT (day, type, tutorial_id, step, portal_id, result) "
                   "DO UPDATE SET count = count + excluded.count");
        m_db->exec("DELETE FROM events WHERE id IN (SELECT id FROM fold_ids)");
    }
    tx.commit();
    return n;
}

std::string StatsStore::integrityCheck() {
    Statement st(*m_db, "PRAGMA integrity_check");
    st.step();
    return st.text(0);
}

} // namespace tramso::db
