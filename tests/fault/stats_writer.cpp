// Helper for the power-cut test: writes visits to a stats file as the kiosk does, one
// transaction each, and prints each visit's id only after its commit returned.
#include "db/stats_store.hpp"

#include <cstdio>

using namespace tramso::db;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: stats_writer FILE PREFIX\n");
        return 2;
    }
    auto r = StatsStore::open(argv[1]);
    if (!r.store || !r.store->recording()) {
        std::fprintf(stderr, "cannot open: %s\n", r.message.c_str());
        return 1;
    }
    for (unsigned i = 0;; ++i) {
        char id[33];
        std::snprintf(id, sizeof id, "%.8s%024x", argv[2], i);
        std::vector<Row> rows{SessionStartRow{id, "fault-test", 1700000000 + i}};
        // a short visit (4 steps): the commits are what a power cut tests, and a smaller file
        // keeps the test's integrity_check after each of its 200 cuts quick (with 20 steps
        // the file reached ~13 MB and the checks took 3 minutes of CPU)
        for (int e = 0; e < 4; ++e) {
            rows.push_back(EventRow{id, 20261122, 10, "step_shown", "vneid-kich-hoat", "", "",
                                    e % 7, e * 1000, 900});
        }
        rows.push_back(
            SessionEndRow{id, 1700000100 + i, "timeout", "self", "vi", "A", "normal", 1});
        r.store->write(rows);
        std::printf("%s\n", id);
        std::fflush(stdout);
    }
}
