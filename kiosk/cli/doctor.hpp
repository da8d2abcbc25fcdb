// `tramso doctor`: one line per check of what the kiosk needs, for a technician on a shell.
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/paths.hpp"

#include <filesystem>

namespace tramso {

// Returns the exit code: 0 when every check passed (skipped checks pass), 1 otherwise.
int runDoctor(const ConfigLoad& config, const std::filesystem::path& configFile,
              const Paths& paths);

} // namespace tramso
