// tramso: argument parsing and wiring only. The kiosk itself is in core/, ui/, screens/
// and platform/.
#include "cli/doctor.hpp"
#include "cli/export_cli.hpp"
#include "cli/pack_cli.hpp"
#include "cli/province_cli.hpp"
#include "cli/staff_cli.hpp"
#include "kiosk/core/base/abandoned_work.hpp"
#include "kiosk/core/base/log.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/paths.hpp"
#include "kiosk/core/nav/route.hpp"
#include "kiosk/core/speech/speech_check.hpp"
#include "kiosk/core/visit/script.hpp"
#include "platform/kiosk_window.hpp"
#include "platform/startup.hpp"
#include "ui/fonts.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <regex>

#ifndef TRAMSO_VERSION
#define TRAMSO_VERSION "0.0.0"
#endif

using namespace tramso;

namespace {
// What the kiosk's font can draw, for content checks; everything (no check) without the
// font. The font is read at the first question, on the thread that loads the content.
GlyphCheck glyphCheck() {
    return [](char32_t cp) {
        static ui::FontCoverage coverage;
        static const bool ok = [] {
            ui::FontFiles files;
            std::string err;
            return ui::findFonts(files, err) && coverage.load(files, err);
        }();
        return !ok || coverage.has(cp);
    };
}
} // namespace

int runMain(int argc, char** argv) {
    CLI::App cli{"Trạm Số — a touchscreen kiosk that teaches the five basic digital skills.\n"
                 "Without options it starts fullscreen on the attract screen.",
                 "tramso"};
    std::string windowed, configFile = kDefaultConfigPath.string(), dataDir, assets, route;
    std::string screenshot, dumpUi, scriptFile;
    int frames = 0;
    bool version = false;

    // tramso check-content [ASSETS_DIR]: what a team member runs after editing content.
    CLI::App* check = cli.add_subcommand(
        "check-content",
        "Check the content files (strings, portals, lessons, languages, voice recordings) "
        "and print every problem as "
        "file:line; exit 1 when any is an error");
    std::string checkDir;
    check->add_option("assets", checkDir, "Content folder (default: the kiosk's assets/)")
        ->type_name("ASSETS_DIR");
    CLI::App* doctor = cli.add_subcommand(
        "doctor", "Check fonts, OpenGL, config, content, database, disk, clock, USB roots, "
                  "audio output and eSpeak NG; "
                  "one line each; exit 1 on any failure");
    // tramso screen-rotation: what the session launcher and the touch rule turn the screen by
    CLI::App* rotation = cli.add_subcommand(
        "screen-rotation", "Print the screen's turn (screen_rotation: 0, 90, 180 or 270 degrees "
                           "clockwise) from the config and the setup's settings, for the kiosk's "
                           "session launcher; a problem goes to stderr and 0 is printed");
    StaffCli staffCli;
    CLI::App* staff = addStaffCommands(cli, staffCli);
    ExportCli exportCli;
    addExportCommands(cli, exportCli);
    PackCli packCli;
    addPackCommands(cli, packCli);
    ProvinceCli provinceCli;
    addProvinceCommands(cli, provinceCli);
    cli.add_option("--windowed", windowed, "Run in a window of this size instead of fullscreen")
        ->type_name("WxH");
    cli.add_option("--config", configFile, "Configuration file")
        ->type_name("FILE")
        ->capture_default_str();
    cli.add_option("--data-dir", dataDir,
                   "Where statistics are kept (default: from the config; ./var in a source tree)")
        ->type_name("DIR");
    cli.add_option("--assets", assets,
                   "Content folder (default: the installed or the source tree's assets/)")
        ->type_name("DIR");
    cli.add_option("--open", route,
                   "Start on a screen: home, attract, help, portals, portal:ID, tutorial:ID, "
                   "skill:1 … skill:5, dashboard")
        ->type_name("ROUTE");
    cli.add_option("--screenshot", screenshot,
                   "Write the screen as PNG after --frames frames, "
                   "then exit")
        ->type_name("FILE");
    cli.add_option("--frames", frames, "Frames to render before --screenshot / --dump-ui")
        ->type_name("N")
        ->check(CLI::Range(1, 100000));
    cli.add_option("--dump-ui", dumpUi,
                   "Write the tappable items and texts of the last frame as JSON, then exit")
        ->type_name("FILE");
    cli.add_option("--script", scriptFile,
                   "Replay a script: tap \"label\", open ROUTE, wait MS, screenshot FILE, "
                   "dump FILE, expect \"text\", quit")
        ->type_name("FILE");
    std::string frameTimes;
    cli.add_option("--frame-times", frameTimes,
                   "Benchmarks: write each frame's time in ms (one a line) at exit")
        ->type_name("FILE");
    std::string speechOut;
    cli.add_option("--speech-out", speechOut,
                   "Tests: write what the kiosk says as WAV files in DIR (and one JSON line each "
                   "in DIR/speech.jsonl) instead of playing it")
        ->type_name("DIR");
    cli.add_flag("--version", version, "Print the version and exit");
    CLI11_PARSE(cli, argc, argv);

    if (version) {
        std::printf("tramso %s\n", TRAMSO_VERSION);
        return 0;
    }

    platform::RunOptions opt;
    ConfigLoad cfg = loadConfig(configFile);
    if (*doctor) {
        Paths p = resolvePaths(
            std::filesystem::canonical("/proc/self/exe"),
            assets.empty() ? std::nullopt : std::optional<std::filesystem::path>(assets),
            dataDir.empty() ? std::nullopt : std::optional<std::filesystem::path>(dataDir),
            cfg.config.dataDir);
        loadSettings(cfg, configFile, p.dataDir); // the Settings screen's keys
        return runDoctor(cfg, configFile, p);
    }
    // A command's paths, after the config's problems on stderr: its own --data-dir (else the
    // global one), --assets when it reads content; the Settings screen's keys are loaded too.
    auto commandPaths = [&](const std::string& commandDataDir, bool withAssets) {
        for (const auto& d : cfg.diagnostics) {
            std::fprintf(stderr, "%s\n", d.format().c_str());
        }
        const std::string& dir = commandDataDir.empty() ? dataDir : commandDataDir;
        Paths p = resolvePaths(
            std::filesystem::canonical("/proc/self/exe"),
            !withAssets || assets.empty() ? std::nullopt
                                          : std::optional<std::filesystem::path>(assets),
            dir.empty() ? std::nullopt : std::optional<std::filesystem::path>(dir),
            cfg.config.dataDir);
        loadSettings(cfg, configFile, p.dataDir);
        return p;
    };
    if (*rotation) {
        // read only: run as root before the kiosk starts, it must not make settings.toml
        const Paths p = resolvePaths(
            std::filesystem::canonical("/proc/self/exe"), std::nullopt,
            dataDir.empty() ? std::nullopt : std::optional<std::filesystem::path>(dataDir),
            cfg.config.dataDir);
        loadSettings(cfg, configFile, p.dataDir, false);
        for (const auto& d : cfg.diagnostics) {
            std::fprintf(stderr, "%s\n", d.format().c_str());
        }
        std::printf("%d\n", cfg.config.screenRotation);
        return 0;
    }
    if (*staff) {
        return runStaffCommand(staffCli, commandPaths(staffCli.dataDir, false).dataDir);
    }
    if (*exportCli.exportCmd || *exportCli.mergeCmd) {
        const Paths p = commandPaths(exportCli.dataDir, true); // with the kiosk id it carries
        auto content = std::make_shared<const Content>(loadContent(p.assets, cfg.config));
        return *exportCli.exportCmd ? runExportCommand(exportCli, cfg.config, p.dataDir, content)
                                    : runMergeCommand(exportCli, *content);
    }
    if (packCommandChosen(packCli)) {
        const Paths p = commandPaths(packCli.dataDir, false);
        return runPackCommand(packCli, cfg.config, p.dataDir, p.bundledAssets, TRAMSO_VERSION,
                              glyphCheck());
    }
    if (*provinceCli.cmd) {
        return execProvinceTool(argv); // its arguments are checked: tramso-province runs them
    }
    if (*check) {
        for (const auto& d : cfg.diagnostics) {
            std::printf("%s\n", d.format().c_str());
        }
        // without a folder: what the kiosk shows (an installed pack, else the bundled assets)
        Paths p = resolvePaths(
            std::filesystem::canonical("/proc/self/exe"),
            checkDir.empty() ? std::nullopt : std::optional<std::filesystem::path>(checkDir),
            dataDir.empty() ? std::nullopt : std::optional<std::filesystem::path>(dataDir),
            cfg.config.dataDir);
        if (!p.contentProblem.empty()) {
            std::printf("%s\n", p.contentProblem.c_str());
        }
        if (!p.contentVersion.empty()) {
            std::printf("check-content: installed content %s in %s\n", p.contentVersion.c_str(),
                        p.assets.c_str());
        }
        Content content = loadContent(p.assets, cfg.config, glyphCheck());
        // the voice: language packs and recordings under assets/voice/
        const speech::LanguageSet& langs = content.languages; // loaded (and checked) with it
        speech::VoiceCheck voice = speech::checkVoices(
            p.assets, {content.strings, content.tutorials, &content.portals, langs});
        content.diagnostics.insert(content.diagnostics.end(), voice.diagnostics.begin(),
                                   voice.diagnostics.end());
        int errors = 0, warnings = 0;
        for (const auto& d : content.diagnostics) {
            std::printf("%s\n", d.format().c_str());
            (d.severity == Diagnostic::Severity::Error ? errors : warnings)++;
        }
        for (const auto& r : voice.languages) {
            std::printf("check-content: voice %s\n", r.summary().c_str());
        }
        std::printf("check-content: %zu tutorials, %zu quizzes (%zu questions), %zu portals, %zu "
                    "strings loaded; %d errors, %d warnings\n",
                    content.tutorials.tutorials.size(), content.quizzes.quizzes.size(),
                    content.quizzes.questionCount(), content.portals.all().size(),
                    content.strings.all().size(), errors, warnings);
        return errors ? 1 : 0;
    }
    for (const auto& d : cfg.diagnostics) {
        log::write(d.severity == Diagnostic::Severity::Error ? log::Level::Error : log::Level::Warn,
                   d.format());
    }
    opt.config = cfg.config;
    Paths paths =
        resolvePaths(std::filesystem::canonical("/proc/self/exe"),
                     assets.empty() ? std::nullopt : std::optional<std::filesystem::path>(assets),
                     dataDir.empty() ? std::nullopt : std::optional<std::filesystem::path>(dataDir),
                     cfg.config.dataDir);
    {
        // the Settings screen's keys, from <data_dir>/settings.toml (made on the first start)
        const size_t known = cfg.diagnostics.size();
        loadSettings(cfg, configFile, paths.dataDir);
        for (size_t i = known; i < cfg.diagnostics.size(); ++i) {
            const Diagnostic& d = cfg.diagnostics[i];
            log::write(d.severity == Diagnostic::Severity::Error ? log::Level::Error
                                                                 : log::Level::Warn,
                       d.format());
        }
        opt.config = cfg.config;
    }
    opt.config.dataDir = paths.dataDir;
    if (!paths.contentProblem.empty()) {
        log::error(paths.contentProblem);
    }
    if (!paths.contentVersion.empty()) {
        log::info("content " + paths.contentVersion + " from " + paths.assets.string());
    }
    if (!std::filesystem::is_directory(paths.assets)) {
        log::error("the assets folder " + paths.assets.string() +
                   " does not exist; pass --assets DIR");
        return 1;
    }
    platform::startup::mark("config");
    ContentPtr content;
    opt.content = &content;
    opt.bundledAssets = paths.bundledAssets;
    opt.canDraw = glyphCheck();
    if (!windowed.empty()) {
        std::smatch m;
        static const std::regex kSize("([0-9]{2,5})x([0-9]{2,5})");
        if (!std::regex_match(windowed, m, kSize)) {
            std::fprintf(stderr, "tramso: --windowed needs a size like 1280x800\n");
            return 2;
        }
        opt.windowed = std::pair{std::stoi(m[1]), std::stoi(m[2])};
    }
    if (!route.empty()) {
        RouteParse r = parseRoute(route);
        if (!r.route) {
            std::fprintf(stderr, "tramso: %s\n", r.error.c_str());
            return 2;
        }
        opt.open = r.route;
    }
    if (!scriptFile.empty()) {
        Diagnostics diag;
        Script s = loadScript(scriptFile, diag);
        if (hasErrors(diag)) {
            for (const auto& d : diag) {
                std::fprintf(stderr, "%s\n", d.format().c_str());
            }
            return 1;
        }
        opt.script = std::move(s);
    }
    // Read while the window opens (see runKiosk); a route naming content that is not there
    // is refused then.
    opt.loadContent = [&]() -> std::string {
        content = std::make_shared<const Content>(
            loadContent(paths.assets, opt.config, opt.canDraw, Spelling::Skip));
        for (const auto& d : content->diagnostics) {
            log::write(d.severity == Diagnostic::Severity::Error ? log::Level::Error
                                                                 : log::Level::Warn,
                       d.format());
        }
        return opt.open ? unknownRouteId(*content, *opt.open) : std::string();
    };
    opt.screenshot = screenshot;
    opt.frameTimes = frameTimes;
    opt.speechOut = speechOut;
    opt.dumpUi = dumpUi;
    opt.frames = frames;
    if (opt.frames == 0 && !opt.script && (!screenshot.empty() || !dumpUi.empty())) {
        opt.frames = 5;
    }
    return platform::runKiosk(opt);
}

int main(int argc, char** argv) {
    const int rc = runMain(argc, argv);
    if (tramso::stickWorkAbandoned()) {
        // a thread still waits in the kernel on a stick that stopped answering: leave now,
        // without exit handlers or destructors that could wait for it or free what it holds
        std::fflush(nullptr);
        std::_Exit(rc);
    }
    return rc;
}
