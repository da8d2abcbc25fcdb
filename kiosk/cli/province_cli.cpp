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
    "refused (user or password); 5 damaged, implausible or unsigned exports were skipped "
    "(named on stderr with the reason), the others "
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
    p.load->add_flag("--accept-unsigned", p.acceptUnsigned,
                     "Also load exports that are unsigned, or not signed by their kiosk's "
                     "registered key: their rows are marked unverified, and they never change "
                     "a kiosk's place nor replace a verified visit");
    p.kiosk = p.cmd->add_subcommand(
        "kiosk", "The register of kiosks and their export keys: only an export signed by its "
                 "kiosk's registered key is loaded as verified");
    p.kiosk->require_subcommand(1);
    p.kioskAdd = p.kiosk->add_subcommand(
        "add", "Register a kiosk's public export key (its id is on the kiosk's Health screen "
               "and in tramso doctor): KIOSK_ID PUBKEY, or --from DIR of KIOSK_ID.pub files");
    p.kioskAdd->add_option("kiosk_id", p.kioskId, "The kiosk's id (kiosk_id in its kiosk.toml)")
        ->type_name("KIOSK_ID");
    p.kioskAdd
        ->add_option("pubkey", p.publicKey,
                     "Its public key: the base64 line (RWQ…) or a minisign .pub file")
        ->type_name("PUBKEY");
    p.kioskAdd
        ->add_option("--from", p.keysFrom,
                     "A folder of <kiosk_id>.pub files (the kiosks' export-key/kiosk.pub, "
                     "renamed), each registered")
        ->type_name("DIR")
        ->check(CLI::ExistingDirectory);
    p.kioskAdd->add_flag("--replace", p.replaceKey,
                         "Replace a kiosk's registered key (a replaced kiosk or disk)");
    p.kioskAdd->add_option("--db", p.db, "libpq connection string")
        ->required()
        ->type_name("CONNINFO");
    p.kioskList = p.kiosk->add_subcommand("list", "The registered kiosks and their key ids");
    p.kioskList->add_option("--db", p.db, "libpq connection string")
        ->required()
        ->type_name("CONNINFO");
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
