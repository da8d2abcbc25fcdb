// Installed content packs under <data-dir>/content: versions/<v>/ (content/ + install.toml),
// a `current` and a `previous` symbolic link, each switched by renaming a new link over it,
// so a power cut leaves the complete old or the complete new content, never a mix.
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "pack.hpp"
#include "tutorial.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tramso {

struct InstalledContent {
    std::string name; // the folder under versions/
    PackManifest manifest;
    std::string signerKeyId;
    std::filesystem::path dir;
    std::filesystem::path assets() const { return dir / "content"; }
};

class ContentStore {
  public:
    explicit ContentStore(const std::filesystem::path& dataDir);
    const std::filesystem::path& root() const { return m_root; }
    // What `current` / `previous` point at; nothing when absent (the bundled content) or
    // broken (`problem` then says why).
    std::optional<InstalledContent> current(std::string* problem = nullptr) const;
    std::optional<InstalledContent> previous(std::string* problem = nullptr) const;
    // The newest pack version this kiosk ever installed ("" = none): kept in
    // content/highest-version (written atomically at each install, never lowered; a rollback
    // does not lower it), and never below what `current` or `previous` hold. An older pack is
    // refused unless the technician confirms a deliberate downgrade.
    std::string highestVersion() const;
    // Raises the remembered version to `version` when it is newer; "" or what went wrong.
    std::string rememberVersion(const std::string& version) const;

  private:
    std::optional<InstalledContent> read(const char* link, std::string* problem) const;
    std::filesystem::path m_root;
};

// The content the kiosk shows: the installed current pack when there is a complete one,
// else the bundled assets.
struct ActiveContent {
    std::filesystem::path assets;
    std::string version; // the installed pack's version; empty for the bundled content
    std::string problem; // why an installed pack could not be used (the kiosk logs it)
};
ActiveContent activeContent(const std::filesystem::path& dataDir,
                            const std::filesystem::path& bundledAssets);

// A pack and its signature, read into memory once (so what is checked is what is unpacked).
struct PackSource {
    std::string name; // for messages
    std::string archive;
    std::string signature; // the .minisig text
};
// A pack file and PACK.minisig beside it, opened in their folder without following a link
// (a FIFO, device or link is refused without blocking), read on an abandonable thread.
std::optional<PackSource> readPackSource(const std::filesystem::path& pack,
                                         const PackLimits& limits, std::string& error);
// A pack on the stick mounted at `mount` (TRAMSO/packs/NAME and NAME.minisig). Both read
// through stick_fs (no link followed, plain files only, size limits) on a thread that is
// given up when the stick stops answering for limits.stall or limits.cancel is set.
std::optional<PackSource> readPackSource(const std::filesystem::path& mount,
                                         const std::string& name, const PackLimits& limits,
                                         std::string& error);

struct PackCheckOptions {
    Config config; // its allowlist decides which portal addresses a pack may carry
    // The technician confirmed installing a version older than one installed before.
    bool allowDowngrade = false;
    std::filesystem::path keysDir;
    std::string kioskVersion;
    GlyphCheck canDraw;
    PackLimits limits;
};

struct InstallResult {
    bool ok = false;
    std::string error;       // the reason, naming the file
    Diagnostics diagnostics; // content problems, as pack-relative file:line
    std::string version;
    std::string previousVersion; // what is kept for rollback ("" = the bundled content)
    // Refused only because the pack is older than a version installed before: the screen
    // then offers the deliberate downgrade. `highestVersion` is that newest one.
    bool downgrade = false;
    std::string highestVersion;
};

// Checks, in this order and before anything changes: the signature by a trusted key, the
// size limits, every entry, pack.toml, the kiosk version, the version (newer than the
// installed one, and not older than the newest ever installed unless allowDowngrade), the
// content (check-content rules, portals against config's allowlist).
// Then unpacks beside, syncs and switches `current` with one rename. `progress` gets 0..1.
InstallResult installPack(const ContentStore& store, const PackSource& pack,
                          const PackCheckOptions& options,
                          const std::function<void(double)>& progress = {});

struct RollbackResult {
    bool ok = false;
    std::string error;
    std::string from, to; // versions; "" = the bundled content
};
// Swaps `current` and `previous` (either may be the bundled content).
RollbackResult rollbackContent(const ContentStore& store);

// What a pack would change compared with the content shown now.
struct PackDiff {
    std::vector<std::string> lessonsAdded, lessonsChanged, lessonsRemoved; // file names
    std::vector<std::string> portalsChanged; // "id: added", "id: removed", "id: new address"
};
PackDiff diffPack(const PackScan& scan, const std::filesystem::path& currentAssets,
                  const Config& config);

// Packs on a stick under TRAMSO/packs/, for the technician's screen.
struct StickPack {
    std::string file;
    std::optional<PackManifest> manifest;
    std::string signerKeyId; // when a trusted key signed it
    std::string problem;     // why it cannot be installed (unsigned, damaged, …)
    PackDiff diff;
};
struct StickPacks {
    std::string error; // the stick as a whole is refused (TRAMSO is a link, …)
    std::vector<StickPack> packs;
};
StickPacks findPacksOnStick(const std::filesystem::path& mount,
                            const std::filesystem::path& currentAssets,
                            const PackCheckOptions& options);

} // namespace tramso
