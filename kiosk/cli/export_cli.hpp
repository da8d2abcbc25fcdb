// `tramso export` and `tramso merge`: the USB export from a shell, and the combination of
// many kiosks' exports at the commune or district office.
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

struct ExportCli {
    CLI::App* exportCmd = nullptr;
    CLI::App* mergeCmd = nullptr;
    std::string to, since, dataDir;
    bool sinceLast = false;
    std::vector<std::string> inputs;
};

void addExportCommands(CLI::App& cli, ExportCli& e);
int runExportCommand(const ExportCli& e, const Config& config, const std::filesystem::path& dataDir,
                     ContentPtr content);
int runMergeCommand(const ExportCli& e, const Content& content);

} // namespace tramso
