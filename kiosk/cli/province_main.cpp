// tramso-province: `tramso province load|report`, the province office's side, as its own
// program (see province_cli.hpp). Takes the same command line as tramso does for it.
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/paths.hpp"
#include "province_cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

using namespace tramso;

int main(int argc, char** argv) {
    CLI::App cli{"Trạm Số for the province office: load kiosk exports into PostgreSQL and "
                 "write the monthly report.",
                 "tramso-province"};
    std::string configFile = kDefaultConfigPath.string(), assets;
    cli.add_option("--config", configFile, "Configuration file (for the content folder)")
        ->type_name("FILE")
        ->capture_default_str();
    cli.add_option("--assets", assets,
                   "Content folder, for lesson titles (default: the installed or the source "
                   "tree's assets/)")
        ->type_name("DIR");
    ProvinceCli provinceCli;
    addProvinceCommands(cli, provinceCli);
    cli.require_subcommand(1);
    CLI11_PARSE(cli, argc, argv);

    ConfigLoad cfg = loadConfig(configFile);
    for (const auto& d : cfg.diagnostics) {
        std::fprintf(stderr, "%s\n", d.format().c_str());
    }
    // the content lives next to tramso (this program is installed beside it)
    Paths p =
        resolvePaths(std::filesystem::canonical("/proc/self/exe"),
                     assets.empty() ? std::nullopt : std::optional<std::filesystem::path>(assets),
                     std::nullopt, cfg.config.dataDir);
    const Content content = loadContent(p.assets, cfg.config);
    return runProvinceCommand(provinceCli, content);
}
