// Where the kiosk finds its assets and keeps its data: installed (/usr/share/tramso,
// /var/lib/tramso) or, when run from a build of the source tree, <source>/assets and ./var.
#pragma once
#include <filesystem>
#include <optional>

namespace tramso {

struct Paths {
    std::filesystem::path assets;
    std::filesystem::path dataDir;
    bool fromSourceTree = false;
};

// `exe` is the running binary; explicit values win over defaults.
Paths resolvePaths(const std::filesystem::path& exe,
                   const std::optional<std::filesystem::path>& assetsArg,
                   const std::optional<std::filesystem::path>& dataDirArg,
                   const std::optional<std::filesystem::path>& dataDirConfig);

} // namespace tramso
