// Progress on stderr, one line per 10 %; the folder on stdout; exit 0 only when verified.
#include "export_cli.hpp"

#include "../../db/export.hpp"
#include "../../db/staff_store.hpp"
#include "../../db/stats_store.hpp"
#include "../../db/usb_export.hpp"

#include <cstdio>
#include <ctime>
#include <regex>

namespace tramso {

void addExportCommands(CLI::App& cli, ExportCli& e) {
    e.exportCmd = cli.add_subcommand(
        "export", "Export the usage statistics and a report to a folder (a USB stick): "
                  "TRAMSO/<kiosk-id>/<date-time>/, verified, MANIFEST.sha256 written last");
    e.exportCmd->add_option("--to", e.to, "Where to write (the stick's mount point)")
        ->required()
        ->type_name("DIR");
    auto* since = e.exportCmd->add_option("--since", e.since, "Only visits from this day on")
                      ->type_name("YYYY-MM-DD");
    e.exportCmd->add_flag("--since-last", e.sinceLast, "Only visits since the last export")
        ->excludes(since);
    e.exportCmd->add_option("--data-dir", e.dataDir, "Where the kiosk keeps its data")
        ->type_name("DIR");
    e.mergeCmd = cli.add_subcommand(
        "merge", "Combine exports from many kiosks into one report (a visit exported twice "
                 "counts once). Exit codes: 0 done; 1 nothing merged (why on stderr); 5 some "
                 "exports were skipped (a link, FIFO or device in them, a damaged or crafted "
                 "stats.sqlite, an impossible value; each named), the others merged.");
    e.mergeCmd->add_option("exports", e.inputs, "Export folders (TRAMSO/<kiosk>/<date-time>)")
        ->required()
        ->check(CLI::ExistingDirectory);
    e.mergeCmd->add_option("--to", e.to, "A new folder for the combined report")
        ->required()
        ->type_name("DIR");
}

int runExportCommand(const ExportCli& e, const Config& config, const std::filesystem::path& dataDir,
                     const Content& content) {
    db::ExportOptions opt;
    opt.statsFile = dataDir / "stats.sqlite";
    opt.to = e.to;
    opt.scratchDir = dataDir;
    opt.kioskId = config.kioskId;
    opt.place = {config.provinceCode, config.provinceName, config.communeCode, config.communeName};
    opt.now = std::time(nullptr);
    opt.content = &content;
    if (!std::filesystem::exists(opt.statsFile)) {
        std::fprintf(stderr, "tramso: no statistics at %s (wrong --data-dir?)\n",
                     opt.statsFile.c_str());
        return 1;
    }
    std::unique_ptr<db::StaffStore> staff;
    try {
        staff = db::StaffStore::open(dataDir / "staff.sqlite");
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "tramso: warning: the last export cannot be remembered: %s\n",
                     ex.what());
    }
    if (!e.since.empty()) {
        static const std::regex kDay("([0-9]{4})-([0-9]{2})-([0-9]{2})");
        std::smatch m;
        if (!std::regex_match(e.since, m, kDay)) {
            std::fprintf(stderr, "tramso: --since needs a day like 2026-11-01\n");
            return 2;
        }
        opt.since =
            db::localMidnight(std::stoi(m[1]) * 10000 + std::stoi(m[2]) * 100 + std::stoi(m[3]));
    } else if (e.sinceLast) {
        if (!staff || staff->lastExport().first == 0) {
            std::fprintf(stderr, "tramso: no earlier export is remembered; exporting everything\n");
        } else {
            opt.since = staff->lastExport().first;
        }
    }
    int shown = -1;
    opt.progress = [&shown](double f) {
        int p = static_cast<int>(f * 10) * 10;
        if (p != shown) {
            shown = p;
            std::fprintf(stderr, "export: %d%%\n", p);
        }
    };
    for (const std::string& f : db::incompleteExports(opt.to)) {
        std::fprintf(stderr,
                     "tramso: note: %s is an incomplete export (no MANIFEST.sha256); it can be "
                     "deleted\n",
                     f.c_str());
    }
    const ExportKeyLoad key = loadOrCreateExportKey(dataDir);
    if (!key.key) {
        std::fprintf(stderr, "tramso: the kiosk's export key cannot be used (%s); export refused\n",
                     key.problem.c_str());
        return 1;
    }
    if (!key.problem.empty()) {
        std::fprintf(stderr, "tramso: warning: %s\n", key.problem.c_str());
    }
    opt.signingKey = &*key.key;
    // written, synced to the stick, read back: the kiosk's own order (db/usb_export)
    db::ExportResult r = db::runExportSteps(
        {[&] { return db::exportStats(opt); },
         [&](const std::filesystem::path& f) { return db::syncToStick(opt.to, f); },
         [](const std::filesystem::path& f) { return db::verifyExport(f); }});
    if (!r.ok) {
        std::fprintf(stderr, "tramso: export failed: %s\n", r.error.c_str());
        return 1;
    }
    const std::string rel = std::filesystem::relative(r.folder, opt.to).string();
    if (staff) {
        try {
            staff->setLastExport(opt.now, rel);
        } catch (const std::exception& ex) {
            std::fprintf(stderr,
                         "tramso: warning: the export is fine but cannot be remembered: "
                         "%s\n",
                         ex.what());
        }
    }
    std::fprintf(stderr,
                 "export: %lld visits, %lld events, %lld daily rows, %lld quiz rows; verified\n",
                 static_cast<long long>(r.sessions), static_cast<long long>(r.events),
                 static_cast<long long>(r.dailyRows), static_cast<long long>(r.quizRows));
    std::printf("%s\n", r.folder.c_str());
    return 0;
}

int runMergeCommand(const ExportCli& e, const Content& content) {
    std::vector<std::filesystem::path> in(e.inputs.begin(), e.inputs.end());
    db::MergeResult r = db::mergeExports(in, e.to, content);
    // names from a stick, printed with control characters escaped
    auto shown = [](const std::string& s) {
        std::string o;
        for (unsigned char c : s) {
            if (c < 0x20 || c == 0x7f) {
                char b[8];
                std::snprintf(b, sizeof b, "\\x%02x", c);
                o += b;
            } else {
                o += static_cast<char>(c);
            }
        }
        return o;
    };
    for (const std::string& w : r.warnings) {
        std::fprintf(stderr, "tramso: warning: %s\n", shown(w).c_str());
    }
    for (const std::string& s : r.skipped) {
        std::fprintf(stderr, "tramso: skipped export %s\n", shown(s).c_str());
    }
    if (!r.ok) {
        std::fprintf(stderr, "tramso: merge failed: %s\n", shown(r.error).c_str());
        return 1;
    }
    std::fprintf(stderr, "merge: %d kiosks, %lld visits (%lld seen twice, counted once)\n",
                 r.kiosks, static_cast<long long>(r.sessions),
                 static_cast<long long>(r.duplicates));
    std::printf("%s\n", e.to.c_str());
    if (!r.skipped.empty()) {
        std::fprintf(stderr,
                     "tramso: %zu export(s) skipped (named above); the others were merged\n",
                     r.skipped.size());
        return 5;
    }
    return 0;
}

} // namespace tramso
