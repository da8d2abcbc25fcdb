// `tramso staff add|list|remove`: how a technician manages PINs from a shell. PINs are read
// twice from standard input (without echo on a terminal) and stored only as argon2id hashes.
#pragma once
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace tramso {

struct StaffCli {
    CLI::App* add = nullptr;
    CLI::App* list = nullptr;
    CLI::App* remove = nullptr;
    std::string role, label, dataDir;
    int64_t id = 0;
};

// Adds the `staff` subcommand and its three verbs to `cli`.
CLI::App* addStaffCommands(CLI::App& cli, StaffCli& s);
// Runs the chosen verb with the staff file in `dataDir`; returns the exit code.
int runStaffCommand(const StaffCli& s, const std::filesystem::path& dataDir);

} // namespace tramso
