// `tramso province …`'s command line, shared by tramso (which hands the command to
// tramso-province) and tramso-province (which runs it).
#include "province_cli.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace tramso {

namespace {

constexpr const char* kExitHelp =
    "Exit codes: 0 done; 1 other error; 2 bad --month, --province or connection string; 3 "
    "PostgreSQL server unreachable or "
    "gone during the load (nothing half-loaded is kept: run the same command again); 4 login "
    "refused (user or password); 5 damaged exports were skipped (named on stderr), the others "
    "loaded.";

} // namespace

void addProvinceCommands(CLI::App& cli, ProvinceCli& p) {
    p.cmd = cli.add_subcommand("province",
                               "The province office: load kiosk exports into PostgreSQL and "
                               "write the monthly report");
    p.cmd->require_subcommand(1);
    p.load = p.cmd->add_subcommand(
        "load", std::string("Check each export's MANIFEST.sha256 and load it into PostgreSQL in "
                            "one transaction (a visit loaded twice counts once). ") +
                    kExitHelp);
    p.load
        ->add_option("exports", p.inputs,
                     "Export folders (TRAMSO/<kiosk>/<time>), or folders holding them")
        ->required()
        ->check(CLI::ExistingDirectory);
    p.load
        ->add_option("--db", p.db,
                     "libpq connection string, e.g. \"host=db.tinh.gov.vn dbname=tramso "
                     "user=tramso\" (password from ~/.pgpass or PGPASSWORD)")
        ->required()
        ->type_name("CONNINFO");
    p.load
        ->add_option("--jobs", p.jobs,
                     "Connections loading different kiosks' exports side by side (the exports "
                     "of one kiosk always load one after another)")
        ->check(CLI::Range(1, 16))
        ->default_val(2)
        ->type_name("N");
    p.report = p.cmd->add_subcommand(
        "report", std::string("Write the month's report as XLSX and HTML into --to. ") + kExitHelp);
    p.report->add_option("--db", p.db, "libpq connection string")
        ->required()
        ->type_name("CONNINFO");
    p.report->add_option("--month", p.month, "The month")->required()->type_name("YYYY-MM");
    p.report->add_option("--province", p.province, "Only this province (2-digit code)")
        ->type_name("CODE");
    p.report->add_option("--to", p.to, "Folder for the report files")->required()->type_name("DIR");
}

int execProvinceTool(char** argv) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::canonical("/proc/self/exe", ec);
    const std::filesystem::path tool = self.parent_path() / "tramso-province";
    const std::string file = tool.string();
    argv[0] = const_cast<char*>(file.c_str());
    ::execv(file.c_str(), argv);
    std::fprintf(stderr,
                 "tramso: cannot run %s (%s): the province tools are installed with tramso, "
                 "next to it; reinstall the package\n",
                 file.c_str(), std::strerror(errno));
    return kProvinceOther;
}

} // namespace tramso
