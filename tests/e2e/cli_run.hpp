// The real `tramso` run as a technician's shell runs it, for the end-to-end tests.
#pragma once
#include "tests/support/support.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace tramso::test {

struct CliRun {
    int code = -1;
    std::string out, err;
};

// `tramso --config CONFIG ARGS` (ARGS already shell-quoted); its standard output and error
// pass through out.txt and err.txt in `scratch`.
inline CliRun runTramso(const std::filesystem::path& config, const std::string& args,
                        const std::filesystem::path& scratch) {
    const std::filesystem::path out = scratch / "out.txt", err = scratch / "err.txt";
    const std::string cmd = std::string(TRAMSO_BINARY) + " --config '" + config.string() + "' " +
                            args + " > '" + out.string() + "' 2> '" + err.string() + "'";
    const int st = std::system(cmd.c_str());
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, readText(out), readText(err)};
}

} // namespace tramso::test
