// Progress on stderr, one line per 10 %; the folder on stdout; exit 0 only when verified.
#include "export_cli.hpp"

#include "../../db/export.hpp"
#include "../../db/staff_store.hpp"
#include "../../db/stats_store.hpp"
#include "../../db/usb_export.hpp"
#include "kiosk/core/stick/stick_fs.hpp"

#include <chrono>
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

namespace {

// What the export's thread owns. On a stick that stops answering the thread is left behind
// (runAbandonable) and may outlive this command, so it touches nothing of the caller's.
struct CliExportJob {
    db::ExportOptions opt;
    ContentPtr content;
    ExportKey key;
    db::ExportResult result;
};

} // namespace

int runExportCommand(const ExportCli& e, const Config& config, const std::filesystem::path& dataDir,
                     ContentPtr content) {
    auto job = std::make_shared<CliExportJob>();
    db::ExportOptions& opt = job->opt;
    opt.statsFile = dataDir / "stats.sqlite";
    opt.to = e.to;
    opt.scratchDir = dataDir;
    opt.kioskId = config.kioskId;
    opt.place = {config.provinceCode, config.provinceName, config.communeCode, config.communeName};
    opt.now = std::time(nullptr);
    job->content = std::move(content);
    opt.content = job->content.get();
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
    // each step of the export counts as progress: a stick that stops answering is given up
    opt.progress = [shown = -1](double f) mutable {
        noteStickProgress();
        int p = static_cast<int>(f * 10) * 10;
        if (p != shown) {
            shown = p;
            std::fprintf(stderr, "export: %d%%\n", p);
        }
    };
    ExportKeyLoad key = loadOrCreateExportKey(dataDir);
    if (!key.key) {
        std::fprintf(stderr, "tramso: the kiosk's export key cannot be used (%s); export refused\n",
                     key.problem.c_str());
        return 1;
    }
    if (!key.problem.empty()) {
        std::fprintf(stderr, "tramso: warning: %s\n", key.problem.c_str());
    }
    job->key = std::move(*key.key);
    opt.signingKey = &job->key;
    // Everything that touches the stick runs on a thread of its own: a stick that stops
    // answering (a dying one, a FUSE driver that hangs) ends the command with a message
    // instead of holding the technician's terminal for good.
    const bool answered = runAbandonable(
        [job] {
            for (const std::string& f : db::incompleteExports(job->opt.to)) {
                std::fprintf(stderr,
                             "tramso: note: %s is an incomplete export (its MANIFEST.sha256 is "
                             "missing or not a plain file); it can be deleted\n",
                             f.c_str());
            }
            // written, synced to the stick, read back: the kiosk's own order (db/usb_export)
            job->result = db::runExportSteps(
                {[&] { return db::exportStats(job->opt); },
                 [&](const std::filesystem::path& f) { return db::syncToStick(job->opt.to, f); },
                 [](const std::filesystem::path& f) { return db::verifyExport(f); }});
        },
        kStickStall);
    if (!answered) {
        std::fprintf(stderr,
                     "tramso: export failed: the stick at %s stopped answering (nothing moved "
                     "for %lld s); the export was given up and has no manifest, so it counts as "
                     "unfinished. Pull the stick out and plug it in again.\n",
                     printableName(e.to).c_str(),
                     static_cast<long long>(
                         std::chrono::duration_cast<std::chrono::seconds>(kStickStall).count()));
        return 1;
    }
    const db::ExportResult& r = job->result;
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
    for (const std::string& w : r.warnings) {
        std::fprintf(stderr, "tramso: warning: %s\n", printableName(w).c_str());
    }
    for (const std::string& s : r.skipped) {
        std::fprintf(stderr, "tramso: skipped export %s\n", printableName(s).c_str());
    }
    if (!r.ok) {
        std::fprintf(stderr, "tramso: merge failed: %s\n", printableName(r.error).c_str());
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
