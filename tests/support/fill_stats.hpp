// Realistic anonymous statistics for tests and benchmarks: visits over the last 30 days,
// 14 lessons, 8 portals, started at odd minutes (so exports must round them).
#pragma once
#include "db/schema.hpp"
#include "db/stats_store.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace tramso::test {

// Writes about `target` events; returns {events, sessions}.
inline std::pair<int64_t, int> fillStats(db::StatsStore& store, int64_t target,
                                         const std::string& kioskId, unsigned seed,
                                         int idOffset = 0) {
    using namespace tramso::db;
    std::mt19937 rng(seed);
    const char* lessons[] = {"quet-ma-qr",       "vneid-kich-hoat", "dichvucong-dang-nhap",
                             "tra-cuu-ho-so",    "nop-ho-so",       "thanh-toan-vietqr",
                             "tien-dien-nuoc",   "mua-sam-an-toan", "cuoc-goi-lua-dao",
                             "tin-nhan-lua-dao", "giu-bi-mat-otp",  "vssid",
                             "so-suc-khoe",      "nhom-zalo-thon"};
    const char* portals[] = {"dichvucong",      "tra-cuu-ho-so", "vneid",          "vssid",
                             "bhxh-dichvucong", "tinnhiemmang",  "binhdanhocvuso", "onetouch"};
    const int today = localDay(std::time(nullptr));
    int64_t events = 0;
    int sessionNo = idOffset;
    while (events < target) {
        std::vector<Row> rows;
        for (int s = 0; s < 200 && events < target; ++s) {
            char id[33];
            std::snprintf(id, sizeof id, "%032x", ++sessionNo);
            int day = addDays(today, -static_cast<int>(rng() % 30));
            int hour = 7 + static_cast<int>(rng() % 13);
            rows.push_back(SessionStartRow{
                id, kioskId, localMidnight(day) + hour * 3600 + static_cast<int>(rng() % 3600)});
            rows.push_back(EventRow{id, day, hour, "session_started", "", "", "", -1, 0, -1});
            const char* lesson = lessons[rng() % 14];
            rows.push_back(EventRow{id, day, hour, "tutorial_started", lesson, "", "", -1, 10, -1});
            int steps = 1 + static_cast<int>(rng() % 8);
            for (int st = 0; st < steps; ++st) {
                rows.push_back(
                    EventRow{id, day, hour, "step_shown", lesson, "", "", st, st * 9000, 9000});
                rows.push_back(EventRow{id, day, hour, "practice_tap", lesson, "", "right", st,
                                        st * 9000 + 5, -1});
            }
            if (steps >= 6) {
                rows.push_back(
                    EventRow{id, day, hour, "tutorial_completed", lesson, "", "", -1, 80000, -1});
            }
            rows.push_back(
                EventRow{id, day, hour, "qr_shown", "", portals[rng() % 8], "", -1, 90000, -1});
            rows.push_back(
                EventRow{id, day, hour, "session_ended", "", "", "timeout", -1, 99000, -1});
            rows.push_back(SessionEndRow{id, localMidnight(day) + hour * 3600 + 3700, "timeout",
                                         rng() % 4 ? "self" : "assisted", rng() % 5 ? "vi" : "en",
                                         rng() % 3 ? "A" : "A+", "normal", 1});
            events += 4 + steps * 2 + (steps >= 6); // the rows of the events table
        }
        store.write(rows);
    }
    return {events, sessionNo - idOffset};
}

// A copy at `dest` of a statistics file filled as fillStats(target, kioskId, seed) does.
// The filled file is made once per day and schema (a lock keeps parallel tests from making
// it twice) and kept in the temporary folder: a fault test that needs 150,000 events then
// copies it in milliseconds instead of writing it for 10-15 s (30 s under ASan) each time.
inline void copyFilledStats(const std::filesystem::path& dest, int64_t target,
                            const std::string& kioskId, unsigned seed) {
    namespace fs = std::filesystem;
    size_t schema = 0;
    for (const db::Migration& m : db::statsSchema().migrations) {
        schema = schema * 31 + std::hash<std::string_view>{}(m.sql);
    }
    const fs::path cache =
        fs::temp_directory_path() / ("tramso-test-cache-" + std::to_string(::getuid()));
    fs::create_directories(cache);
    const std::string name = "stats-" + std::to_string(db::localDay(std::time(nullptr))) + "-" +
                             std::to_string(target) + "-" + kioskId + "-" + std::to_string(seed) +
                             "-" + std::to_string(schema);
    const fs::path made = cache / (name + ".sqlite");
    const int lock = ::open((cache / (name + ".lock")).c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
        throw std::runtime_error("cannot lock the test cache in " + cache.string());
    }
    if (!fs::exists(made)) {
        const fs::path part = cache / (name + ".part.sqlite");
        fs::remove(part);
        {
            auto opened = db::StatsStore::open(part);
            fillStats(*opened.store, target, kioskId, seed);
        } // closed: the WAL is checkpointed into the file and removed
        fs::rename(part, made);
    }
    fs::copy_file(made, dest, fs::copy_options::overwrite_existing);
    ::close(lock); // unlocks
}

} // namespace tramso::test
