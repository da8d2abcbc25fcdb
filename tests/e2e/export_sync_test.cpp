// "Done — the stick can be removed" only once the data is on the stick: `tramso export` (the
// same steps as the technician's screen) must sync the stick's filesystem (syncfs) after the
// last file is written and before it reads the export back to check it. Watched with strace;
// the old exporter never called syncfs and read back what the kernel still held in memory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string slurpFile(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int run(const std::string& cmd) {
    const int st = std::system(cmd.c_str());
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

} // namespace

TEST(ExportSync, TheStickIsSyncedAfterTheLastWriteAndBeforeTheReadBack) {
    if (run("command -v strace >/dev/null") != 0) {
        GTEST_SKIP() << "strace is not installed";
    }
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-export-sync-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "stick");
    std::ofstream(dir / "kiosk.toml") << "mm_per_px = 0.265\n";
    const std::string kiosk = std::string(TRAMSO_BINARY) + " --config '" +
                              (dir / "kiosk.toml").string() + "' --data-dir '" +
                              (dir / "var").string() + "' ";
    // one start makes the statistics file
    ASSERT_EQ(run(kiosk + "--open home --frames 1 2>/dev/null"), 0);
    const fs::path trace = dir / "trace.txt";
    ASSERT_EQ(run("strace -f -qq -e trace=syncfs,fsync,openat,write -o '" + trace.string() + "' " +
                  std::string(TRAMSO_BINARY) + " export --to '" + (dir / "stick").string() +
                  "' --data-dir '" + (dir / "var").string() + "' 2>/dev/null"),
              0)
        << slurpFile(trace);
    std::istringstream lines(slurpFile(trace));
    std::string line;
    int n = 0, manifestWritten = -1, synced = -1, readBack = -1;
    while (std::getline(lines, line)) {
        ++n;
        if (line.find("MANIFEST.sha256") != std::string::npos &&
            line.find("O_WRONLY") != std::string::npos) {
            manifestWritten = n; // the manifest, the last file written
        }
        if (line.find("syncfs(") != std::string::npos && manifestWritten > 0 && synced < 0) {
            synced = n;
        }
        if (line.find("MANIFEST.sha256") != std::string::npos &&
            line.find("O_RDONLY") != std::string::npos && manifestWritten > 0 &&
            line.find("O_WRONLY") == std::string::npos) {
            readBack = n;
        }
    }
    EXPECT_GT(manifestWritten, 0);
    EXPECT_GT(synced, manifestWritten) << "no syncfs of the stick after the last file";
    EXPECT_GT(readBack, synced) << "the export was read back before it was on the stick";
    fs::remove_all(dir);
}
