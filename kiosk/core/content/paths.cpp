// An installed binary lives in <prefix>/bin and its assets in <prefix>/share/tramso; any
// other binary is a development build that uses the source tree it was configured from.
#include "paths.hpp"

#include "pack_store.hpp"

#ifndef TRAMSO_SOURCE_DIR
#define TRAMSO_SOURCE_DIR "."
#endif

namespace tramso {

Paths resolvePaths(const std::filesystem::path& exe,
                   const std::optional<std::filesystem::path>& assetsArg,
                   const std::optional<std::filesystem::path>& dataDirArg,
                   const std::optional<std::filesystem::path>& dataDirConfig) {
    namespace fs = std::filesystem;
    Paths p;
    fs::path installed = exe.parent_path().parent_path() / "share" / "tramso";
    std::error_code ec;
    bool isInstalled = exe.parent_path().filename() == "bin" && fs::is_directory(installed, ec);
    p.fromSourceTree = !isInstalled;
    p.bundledAssets = isInstalled ? installed : fs::path(TRAMSO_SOURCE_DIR) / "assets";
    p.assets = assetsArg ? *assetsArg : p.bundledAssets;
    if (dataDirArg) {
        p.dataDir = *dataDirArg;
    } else if (dataDirConfig) {
        p.dataDir = *dataDirConfig;
    } else {
        p.dataDir = isInstalled ? fs::path("/var/lib/tramso") : fs::path("var");
    }
    if (!assetsArg) {
        ActiveContent a = activeContent(p.dataDir, p.bundledAssets);
        p.assets = a.assets;
        p.contentVersion = a.version;
        p.contentProblem = a.problem;
    }
    return p;
}

} // namespace tramso
