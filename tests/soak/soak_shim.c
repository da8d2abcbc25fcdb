// The soak's self-test (tests/soak/soak.sh with SOAK_LEAK_KB): a leak injected into the
// kiosk from outside, to show that the soak's memory verdict catches a real leak of that
// size. Preloaded (LD_PRELOAD) into the kiosk by the soak script only, it wraps
// sqlite3_step and, each time a visit's end is recorded ("UPDATE sessions SET ended_at"),
// allocates SOAK_LEAK_KB KB, writes to it (so it is resident) and never frees it.
// Built only with the tests, never installed: no production build can reach it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef int (*StepFn)(sqlite3_stmt*);

// the leaked blocks, chained, so no compiler can prove them unused and drop the allocation
static void* volatile g_leaked;

static void leakOneVisit(void) {
    static long kb = -1;
    if (kb < 0) {
        const char* v = getenv("SOAK_LEAK_KB");
        kb = v ? atol(v) : 0;
    }
    if (kb > 0) {
        char* p = malloc((size_t)kb * 1024);
        if (p) {
            memset(p, 0x5a, (size_t)kb * 1024); // resident, never freed
            memcpy(p, (const void*)&g_leaked, sizeof(void*));
            g_leaked = p;
        }
    }
}

int sqlite3_step(sqlite3_stmt* stmt) {
    static StepFn real;
    if (!real) {
        real = (StepFn)dlsym(RTLD_NEXT, "sqlite3_step");
    }
    const char* sql = sqlite3_sql(stmt);
    if (sql && strncmp(sql, "UPDATE sessions SET ended_at", 28) == 0) {
        leakOneVisit();
    }
    return real(stmt);
}
