// `tramso pack build` (province side: check the content as a kiosk will and write the
// archive to sign with minisign) and `tramso content install|status|rollback|list` (kiosk
// side: the signed pack installed atomically, and the way back).
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/tutorial.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace tramso {

struct PackCli {
    CLI::App* pack = nullptr;
    CLI::App* build = nullptr;
    CLI::App* content = nullptr;
    CLI::App* install = nullptr;
    CLI::App* status = nullptr;
    CLI::App* rollback = nullptr;
    CLI::App* list = nullptr;
    std::string assets, version, out, date, titleVi, titleEn, minKioskVersion;
    std::string packFile, dataDir, mount;
    bool allowDowngrade = false;
};

void addPackCommands(CLI::App& cli, PackCli& p);
bool packCommandChosen(const PackCli& p);
// `dataDir` and `bundledAssets` as resolvePaths gives them; `kioskVersion` is TRAMSO_VERSION.
int runPackCommand(const PackCli& p, const Config& config, const std::filesystem::path& dataDir,
                   const std::filesystem::path& bundledAssets, const std::string& kioskVersion,
                   const GlyphCheck& canDraw);

} // namespace tramso
