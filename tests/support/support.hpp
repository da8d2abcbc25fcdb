// Helpers every test file used to write for itself: a temporary folder that removes itself,
// reading a whole file, counting rows. One copy here (tramso_test_support).
#pragma once
#include "db/sqlite.hpp"
#include "kiosk/core/base/diagnostic.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tramso {
struct Content;
}

namespace tramso::test {

// A fresh, empty folder under the system's temp dir, named for the test and the process;
// removed with everything in it when the object goes.
class TempDir {
  public:
    explicit TempDir(const std::string& name);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    operator const std::filesystem::path&() const { return m_path; }
    std::filesystem::path operator/(const std::filesystem::path& p) const { return m_path / p; }

  private:
    std::filesystem::path m_path;
};

// A fresh, empty folder "tramso-<name>-<pid>" under the temp dir, for a folder that outlives
// a scope (handed to a struct, shared by a test's helpers); TempDir removes its own. It is
// removed when the test program ends with every test passed, and kept for a look when one
// failed.
std::filesystem::path freshDir(const std::string& name);
// The same folder made once per program and kept as it is when asked for again (an
// end-to-end test's kiosk folder, which its helpers share); removed at the end the same way.
std::filesystem::path programDir(const std::string& name);
// The file's bytes, or "" when it cannot be read.
std::string readText(const std::filesystem::path& file);
// Names (not paths) of the entries in `dir`, sorted; empty when it does not exist.
std::vector<std::string> filesIn(const std::filesystem::path& dir);
// Every regular file below `dir`, relative to it, sorted.
std::vector<std::string> filesBelow(const std::filesystem::path& dir);
// The rows and fields of an exported CSV: RFC 4180 after the UTF-8 BOM (empty, with a test
// failure, when the BOM is missing).
std::vector<std::vector<std::string>> parseCsv(const std::string& text);
// The first column of the first row of `sql` (a count(*)).
int64_t scalar(db::Database& db, const std::string& sql);
// The same through a read-only connection of the test's own to the database file `file`.
int64_t count(const std::filesystem::path& file, const std::string& sql);
// Every diagnostic, one indented line each (for a failing assertion's message).
std::string formatAll(const Diagnostics& d);
// The source tree (its assets/ and tests/content/).
const std::filesystem::path& sourceDir();
// The bundled content: sourceDir()/assets with the default config, loaded once per program.
const Content& bundledContent();

} // namespace tramso::test
