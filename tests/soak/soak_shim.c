// The soak's probe (tests/soak/soak.sh preloads it into the kiosk with LD_PRELOAD). Built
// only with the tests, never installed: no production build can reach it.
//
// - SOAK_HEAP_LOG=FILE: ten times a second, a line "VISITS HEAP_BYTES PAGE_CACHE_BYTES": the
//   visits recorded so far, the bytes the kiosk has allocated and not freed (glibc's
//   mallinfo2: in use in the arenas plus mmapped blocks), and how many of them are SQLite's
//   page caches (sqlite3_status64's PAGECACHE_OVERFLOW: with no page-cache buffer configured,
//   all of it). Unlike RSS, the heap falls again when memory is freed, whether or not the
//   allocator returns the pages, so its lowest value over a few visits is what stays
//   allocated: a leak raises it, a picture being decoded at that moment does not. The page
//   caches grow with the database up to their bound (cache_size, per connection): a growth
//   that is not a leak, so soak.py judges the heap without them.
// - SOAK_LEAK_KB=N (the verdict's self-test): each time a visit's end is recorded, allocates
//   N KB, writes to it (so it is resident) and never frees it.
// Visits are counted by wrapping sqlite3_step: "UPDATE sessions SET ended_at" ends one.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*StepFn)(sqlite3_stmt*);

static atomic_long g_visits;
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

static void* logHeap(void* file) {
    const struct timespec tenth = {0, 100 * 1000 * 1000};
    for (;;) {
        struct mallinfo2 m = mallinfo2();
        sqlite3_int64 pageCache = 0;
        sqlite3_int64 highest = 0;
        sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &pageCache, &highest, 0);
        fprintf((FILE*)file, "%ld %zu %lld\n", atomic_load(&g_visits), m.uordblks + m.hblkhd,
                (long long)pageCache);
        fflush((FILE*)file);
        nanosleep(&tenth, NULL);
    }
    return NULL;
}

__attribute__((constructor)) static void startProbe(void) {
    const char* path = getenv("SOAK_HEAP_LOG");
    if (!path) {
        return;
    }
    FILE* f = fopen(path, "a");
    unsetenv("SOAK_HEAP_LOG"); // a program the kiosk starts logs nothing into it
    pthread_t thread;
    if (f && pthread_create(&thread, NULL, logHeap, f) == 0) {
        pthread_detach(thread);
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
        atomic_fetch_add(&g_visits, 1);
    }
    return real(stmt);
}
