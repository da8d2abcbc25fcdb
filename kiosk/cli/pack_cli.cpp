// Messages on stderr name the reason and the file; what was installed or built on stdout.
// Exit 0 on success, 1 on any refusal (nothing changed), 2 on bad arguments.
#include "pack_cli.hpp"

#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/pack.hpp"
#include "kiosk/core/content/pack_store.hpp"
#include "kiosk/core/stick/stick_fs.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>

namespace tramso {
namespace fs = std::filesystem;

void addPackCommands(CLI::App& cli, PackCli& p) {
    p.pack = cli.add_subcommand("pack", "Province side: make a content pack to sign and send");
    p.pack->require_subcommand(1);
    p.build = p.pack->add_subcommand(
        "build", "Check a content folder with the check-content rules and write it as a pack "
                 "(.tar, .tar.gz or .tar.zst) with pack.toml; sign it with minisign -S");
    p.build->add_option("assets", p.assets, "The content folder (like the kiosk's assets/)")
        ->required()
        ->check(CLI::ExistingDirectory)
        ->type_name("ASSETS_DIR");
    p.build->add_option("--version", p.version, "The pack's version, such as 2026.12.1")
        ->required();
    p.build->add_option("-o,--output", p.out, "The pack file to write")->required();
    p.build->add_option("--date", p.date, "The pack's date (default: today)")
        ->type_name("YYYY-MM-DD");
    p.build->add_option("--title-vi", p.titleVi, "Title in Vietnamese");
    p.build->add_option("--title-en", p.titleEn, "Title in English");
    p.build->add_option("--min-kiosk-version", p.minKioskVersion,
                        "Oldest kiosk version that can show it (default: this one)");

    p.content = cli.add_subcommand("content", "Kiosk side: signed content packs (install, status, "
                                              "rollback, list a stick)");
    p.content->require_subcommand(1);
    p.content->add_option("--data-dir", p.dataDir, "Where the kiosk keeps its data")
        ->type_name("DIR");
    p.install = p.content->add_subcommand(
        "install", "Check and install a signed pack (PACK.minisig beside it); the kiosk shows "
                   "it from its next start");
    p.install->add_option("pack", p.packFile, "The pack file")->required()->type_name("PACK");
    p.install->add_flag("--allow-downgrade", p.allowDowngrade,
                        "Install a version older than the newest this kiosk ever installed "
                        "(a deliberate downgrade)");
    p.status = p.content->add_subcommand(
        "status", "The installed content: version, date, signer key, previous version kept");
    p.rollback = p.content->add_subcommand("rollback",
                                           "Go back to the previous content (run again to undo)");
    p.list = p.content->add_subcommand("list", "The packs on a stick under TRAMSO/packs/ and "
                                               "what each would change");
    p.list->add_option("mount", p.mount, "The stick's mount point")->required()->type_name("DIR");
}

bool packCommandChosen(const PackCli& p) {
    return *p.pack || *p.content;
}

namespace {

std::string today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

void printDiagnostics(const Diagnostics& diag) {
    for (const Diagnostic& d : diag) {
        std::fprintf(stderr, "%s\n", d.format().c_str());
    }
}

int build(const PackCli& p, const Config& config, const std::string& kioskVersion,
          const GlyphCheck& canDraw) {
    const fs::path assets = p.assets;
    PackManifest m;
    m.version = p.version;
    m.date = p.date.empty() ? today() : p.date;
    m.minKioskVersion = p.minKioskVersion.empty() ? kioskVersion : p.minKioskVersion;
    m.title.vi = p.titleVi.empty() ? "Nội dung Trạm Số " + p.version : p.titleVi;
    m.title.en = p.titleEn.empty() ? "Trạm Số content " + p.version : p.titleEn;
    const std::string manifest = formatPackManifest(m);
    Diagnostics diag;
    if (!parsePackManifest(manifest, "pack.toml", diag)) {
        std::fprintf(stderr, "tramso pack build: the pack.toml these options give is invalid:\n");
        printDiagnostics(diag);
        return 2;
    }
    const auto compression = packCompressionFor(p.out);
    if (!compression) {
        std::fprintf(stderr, "tramso pack build: %s must end in .tar, .tar.gz or .tar.zst\n",
                     p.out.c_str());
        return 2;
    }
    // the rules the kiosk applies at install
    const Content content = loadContent(assets, config, canDraw);
    int errors = 0;
    for (const Diagnostic& d : content.diagnostics) {
        // warnings too (e.g. a quiz whose right answer is nearly always the longest): shown,
        // and the pack is still written
        std::fprintf(stderr, "%s\n", d.format().c_str());
        errors += d.severity == Diagnostic::Severity::Error ? 1 : 0;
    }
    if (errors) {
        std::fprintf(stderr, "tramso pack build: %d content error(s); no pack written\n", errors);
        return 1;
    }
    std::vector<PackWriteInput> files;
    std::vector<std::string> dirs;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(assets, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path rel = fs::relative(it->path(), assets, ec);
        const std::string relStr = rel.generic_string();
        if (it->is_symlink(ec)) {
            std::fprintf(stderr,
                         "tramso pack build: %s is a symbolic link; a pack holds only "
                         "files and folders\n",
                         it->path().c_str());
            return 1;
        }
        if (it->is_directory(ec)) {
            dirs.push_back(relStr);
        } else if (it->is_regular_file(ec)) {
            if (relStr != kPackManifest) {
                files.push_back({relStr, it->path()});
            }
        } else {
            std::fprintf(stderr, "tramso pack build: %s is not a plain file\n", it->path().c_str());
            return 1;
        }
    }
    if (ec) {
        std::fprintf(stderr, "tramso pack build: cannot read %s: %s\n", assets.c_str(),
                     ec.message().c_str());
        return 1;
    }
    std::sort(dirs.begin(), dirs.end());
    std::sort(files.begin(), files.end(),
              [](const PackWriteInput& a, const PackWriteInput& b) { return a.path < b.path; });
    const fs::path out = p.out;
    const fs::path tmp = out.string() + ".part";
    if (std::string e = writePackArchive(tmp, *compression, manifest, files, dirs); !e.empty()) {
        fs::remove(tmp, ec);
        std::fprintf(stderr, "tramso pack build: %s\n", e.c_str());
        return 1;
    }
    // read it back as a kiosk will: limits and entries
    std::ifstream in(tmp, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    const PackScan scan = readPack(bytes, PackLimits{});
    if (!scan.ok()) {
        fs::remove(tmp, ec);
        std::fprintf(stderr, "tramso pack build: a kiosk would refuse it: %s\n",
                     scan.error.c_str());
        return 1;
    }
    fs::rename(tmp, out, ec);
    if (ec) {
        std::fprintf(stderr, "tramso pack build: cannot write %s: %s\n", out.c_str(),
                     ec.message().c_str());
        return 1;
    }
    std::printf("%s\n", out.c_str());
    std::fprintf(stderr,
                 "tramso pack build: version %s, %zu lessons, %zu portals, %zu files, %llu kB; "
                 "now sign it: minisign -S -s KEY -m %s\n",
                 m.version.c_str(), content.tutorials.tutorials.size(),
                 content.portals.all().size(), scan.files.size(),
                 static_cast<unsigned long long>(bytes.size() >> 10), out.c_str());
    return 0;
}

void printVersion(const char* what, const std::optional<InstalledContent>& c) {
    if (!c) {
        std::printf("%s: bundled content (no pack)\n", what);
        return;
    }
    std::printf("%s: %s (%s) \"%s\" / \"%s\"\n", what, c->manifest.version.c_str(),
                c->manifest.date.c_str(), c->manifest.title.vi.c_str(),
                c->manifest.title.en.c_str());
}

} // namespace

int runPackCommand(const PackCli& p, const Config& config, const fs::path& dataDir,
                   const fs::path& bundledAssets, const std::string& kioskVersion,
                   const GlyphCheck& canDraw) {
    if (*p.build) {
        return build(p, config, kioskVersion, canDraw);
    }
    const ContentStore store(dataDir);
    PackCheckOptions opt;
    opt.config = config;
    opt.keysDir = config.contentKeysDir;
    opt.kioskVersion = kioskVersion;
    opt.canDraw = canDraw;
    opt.allowDowngrade = p.allowDowngrade;
    if (*p.install) {
        std::string error;
        auto src = readPackSource(p.packFile, opt.limits, error);
        if (!src) {
            std::fprintf(stderr, "tramso content install: refused: %s\nNothing was changed.\n",
                         error.c_str());
            return 1;
        }
        int shown = -1;
        InstallResult r = installPack(store, *src, opt, [&](double f) {
            const int pct = static_cast<int>(f * 100);
            if (pct / 10 != shown / 10) {
                shown = pct;
                std::fprintf(stderr, "tramso content install: %d %%\n", pct);
            }
        });
        if (!r.ok) {
            std::fprintf(stderr, "tramso content install: refused: %s\nNothing was changed.\n",
                         r.error.c_str());
            return 1;
        }
        std::printf("installed content %s (previous: %s kept for rollback); the kiosk shows it "
                    "from its next start\n",
                    r.version.c_str(),
                    r.previousVersion.empty() ? "bundled content" : r.previousVersion.c_str());
        return 0;
    }
    if (*p.status) {
        std::string problem;
        const auto cur = store.current(&problem);
        printVersion("installed", cur);
        if (cur) {
            std::printf("signer key: %s\n",
                        cur->signerKeyId.empty() ? "unknown" : cur->signerKeyId.c_str());
            std::printf("folder: %s\n", cur->assets().c_str());
        } else {
            std::printf("folder: %s\n", bundledAssets.c_str());
        }
        std::string prevProblem;
        const auto prev = store.previous(&prevProblem);
        if (prev) {
            printVersion("previous (kept for rollback)", prev);
        } else if (cur) {
            std::printf("previous (kept for rollback): bundled content\n");
        } else {
            std::printf("previous (kept for rollback): none\n");
        }
        if (!problem.empty()) {
            std::printf("problem: %s\n", problem.c_str());
            return 1;
        }
        return 0;
    }
    if (*p.rollback) {
        RollbackResult r = rollbackContent(store);
        if (!r.ok) {
            std::fprintf(stderr, "tramso content rollback: %s\n", r.error.c_str());
            return 1;
        }
        std::printf("content rolled back from %s to %s; the kiosk shows it from its next start\n",
                    r.from.empty() ? "bundled content" : r.from.c_str(),
                    r.to.empty() ? "bundled content" : r.to.c_str());
        return 0;
    }
    if (*p.list) {
        const ActiveContent active = activeContent(dataDir, bundledAssets);
        StickPacks found = findPacksOnStick(p.mount, active.assets, opt);
        if (!found.error.empty()) {
            std::fprintf(stderr, "tramso content list: refused: %s\n", found.error.c_str());
            return 1;
        }
        if (found.packs.empty()) {
            std::printf("no packs in %s/TRAMSO/packs\n", printableName(p.mount).c_str());
        }
        auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const std::string& x : v) {
                s += (s.empty() ? "" : ", ") + printableName(x);
            }
            return s.empty() ? std::string("none") : s;
        };
        for (const StickPack& sp : found.packs) {
            if (!sp.manifest) {
                std::printf("%s: cannot be installed: %s\n", printableName(sp.file).c_str(),
                            sp.problem.c_str());
                continue;
            }
            std::printf("%s: version %s (%s), signed by %s\n  lessons added: %s\n  lessons "
                        "changed: %s\n  lessons removed: %s\n  portals changed: %s\n",
                        printableName(sp.file).c_str(), sp.manifest->version.c_str(),
                        sp.manifest->date.c_str(), sp.signerKeyId.c_str(),
                        join(sp.diff.lessonsAdded).c_str(), join(sp.diff.lessonsChanged).c_str(),
                        join(sp.diff.lessonsRemoved).c_str(), join(sp.diff.portalsChanged).c_str());
        }
        return 0;
    }
    return 2;
}

} // namespace tramso
