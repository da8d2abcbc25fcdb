// Plain logging for the kiosk and its command-line tools: one line per message on stderr,
// prefixed by level, so a technician reading `journalctl -u tramso` sees what went wrong.
#pragma once
#include <string>
#include <string_view>

namespace tramso::log {

enum class Level { Info, Warn, Error };

void write(Level level, std::string_view message);
inline void info(std::string_view m) {
    write(Level::Info, m);
}
inline void warn(std::string_view m) {
    write(Level::Warn, m);
}
inline void error(std::string_view m) {
    write(Level::Error, m);
}

// Also hands every error line to `sink` (the crash guard keeps the last one); null: none.
void setErrorSink(void (*sink)(std::string_view line, void* ctx), void* ctx);

// Quiets info lines (tests and CLI subcommands keep only warnings and errors).
void setQuiet(bool quiet);

} // namespace tramso::log
