// Power cuts, simulated: a writer process is killed with SIGKILL at random moments, 200
// times, on the same file. Every time the file passes integrity_check, opens without being
// moved aside, and holds every visit whose commit had returned.
#include "db/sqlite.hpp"
#include "db/stats_store.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace tramso::db;

TEST(Fault, KillDuringWritesNeverCorruptsOrLosesACommittedVisit) {
    tramso::test::TempDir dir("kill");
    const fs::path file = dir / "stats.sqlite";
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> delayMs(2, 60);
    std::set<std::string> committed;
    const int rounds = 200;
    for (int round = 0; round < rounds; ++round) {
        int out[2];
        ASSERT_EQ(pipe(out), 0);
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%08x", round);
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            dup2(out[1], 1);
            close(out[0]);
            close(out[1]);
            execl(STATS_WRITER, STATS_WRITER, file.c_str(), prefix, static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        usleep(static_cast<useconds_t>(delayMs(rng)) * 1000);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the writer stopped by itself";
        std::string printed;
        char buf[4096];
        ssize_t n;
        while ((n = read(out[0], buf, sizeof buf)) > 0) {
            printed.append(buf, static_cast<size_t>(n));
        }
        close(out[0]);
        size_t pos = 0;
        while (pos < printed.size()) {
            size_t nl = printed.find('\n', pos);
            if (nl == std::string::npos) {
                break; // a half-printed line: its commit may or may not have returned
            }
            committed.insert(printed.substr(pos, nl - pos));
            pos = nl + 1;
        }
        // what a kiosk sees when the power comes back
        {
            Database db(file.string(), false);
            Statement check(db, "PRAGMA integrity_check");
            check.step();
            ASSERT_EQ(check.text(0), "ok") << "round " << round;
            Statement count(db, "SELECT count(*) FROM sessions");
            count.step();
            ASSERT_GE(count.integer(0), static_cast<int64_t>(committed.size()))
                << "round " << round;
        }
    }
    Database db(file.string(), false);
    Statement has(db, "SELECT count(*) FROM sessions WHERE id = ?1 AND ended_at IS NOT NULL");
    for (const std::string& id : committed) {
        has.bind(1, id);
        has.step();
        ASSERT_EQ(has.integer(0), 1) << id << " was committed but is missing";
        has.reset();
    }
    auto r = StatsStore::open(file);
    EXPECT_EQ(r.status, StatsStore::Opened::Ready) << r.message;
    // enough commits to mean something; a sanitizer build writes far fewer than a normal one
    EXPECT_GE(committed.size(), 10u) << "the writer should have committed visits";
    std::printf("%zu visits committed across %d power cuts\n", committed.size(), rounds);
}
