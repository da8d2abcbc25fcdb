// Where the kiosk finds its assets and keeps its data: installed (/usr/share/tramso,
// /var/lib/tramso) or, when run from a build of the source tree, <source>/assets and ./var.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace tramso {

struct Paths {
    std::filesystem::path assets; // what the kiosk shows: an installed pack or the bundled
    std::filesystem::path bundledAssets;
    std::string contentVersion; // the installed pack's version; empty for bundled content
    std::string contentProblem; // an installed pack that could not be used, and why
    std::filesystem::path dataDir;
    bool fromSourceTree = false;
};

// `exe` is the running binary; explicit values win over defaults. Without `assetsArg`, an
// installed content pack (<data-dir>/content/current) wins over the bundled assets.
Paths resolvePaths(const std::filesystem::path& exe,
                   const std::optional<std::filesystem::path>& assetsArg,
                   const std::optional<std::filesystem::path>& dataDirArg,
                   const std::optional<std::filesystem::path>& dataDirConfig);

} // namespace tramso
