// Logging to stderr; a mutex keeps lines whole when worker threads log too.
#include "log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace tramso::log {
namespace {
std::mutex g_mutex;
std::atomic<bool> g_quiet{false};
} // namespace

void setQuiet(bool quiet) {
    g_quiet = quiet;
}

namespace {
void (*g_sink)(std::string_view, void*) = nullptr;
void* g_sinkCtx = nullptr;
} // namespace

void setErrorSink(void (*sink)(std::string_view, void*), void* ctx) {
    std::lock_guard lock(g_mutex);
    g_sink = sink;
    g_sinkCtx = ctx;
}

void write(Level level, std::string_view message) {
    if (level == Level::Info && g_quiet) {
        return;
    }
    const char* tag = level == Level::Info ? "info" : level == Level::Warn ? "warning" : "error";
    std::lock_guard lock(g_mutex);
    std::fprintf(stderr, "tramso: %s: %.*s\n", tag, static_cast<int>(message.size()),
                 message.data());
    if (level == Level::Error && g_sink) {
        g_sink(message, g_sinkCtx);
    }
}

} // namespace tramso::log
