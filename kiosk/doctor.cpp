// Each check prints "ok", "FAIL" or "skip" with its finding. OpenGL is tried only when a
// display is reachable (DISPLAY or WAYLAND_DISPLAY), so the rest runs on a bare shell.
#include "doctor.hpp"

#include "../db/sqlite.hpp"
#include "core/content.hpp"
#include "core/export_key.hpp"
#include "core/health.hpp"
#include "core/speech_synth.hpp"
#include "core/usb.hpp"
#include "platform/alsa_voice.hpp"
#include "ui/fonts.hpp"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#ifndef TRAMSO_BUILD_DAY
#define TRAMSO_BUILD_DAY 20260101
#endif

namespace tramso {
namespace fs = std::filesystem;

namespace {

int g_failures = 0;

void line(const char* status, const char* what, const std::string& detail) {
    std::printf("%-4s  %-10s %s\n", status, what, detail.c_str());
    if (std::string(status) == "FAIL") {
        ++g_failures;
    }
}

std::string openGlVersion(std::string& error) {
    glfwSetErrorCallback(nullptr);
    if (!glfwInit()) {
        error = "cannot open the display";
        return {};
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* w = glfwCreateWindow(64, 64, "tramso doctor", nullptr, nullptr);
    std::string version;
    if (!w) {
        error = "no OpenGL 3.2 context (check the Mesa driver)";
    } else {
        glfwMakeContextCurrent(w);
        using GetString = const unsigned char* (*)(unsigned int);
        auto getString = reinterpret_cast<GetString>(glfwGetProcAddress("glGetString"));
        const unsigned char* v = getString ? getString(0x1F02 /* GL_VERSION */) : nullptr;
        const unsigned char* r = getString ? getString(0x1F01 /* GL_RENDERER */) : nullptr;
        version = std::string(v ? reinterpret_cast<const char*>(v) : "?") + " (" +
                  (r ? reinterpret_cast<const char*>(r) : "?") + ")";
        glfwDestroyWindow(w);
    }
    glfwTerminate();
    return version;
}

} // namespace

int runDoctor(const ConfigLoad& cfg, const fs::path& configFile, const Paths& paths) {
    g_failures = 0;
    // fonts
    ui::FontFiles files;
    std::string err;
    if (!ui::findFonts(files, err)) {
        line("FAIL", "fonts", err + " (install fonts-noto-core)");
    } else {
        ui::FontCoverage cov;
        if (!cov.load(files, err)) {
            line("FAIL", "fonts", err);
        } else {
            bool ok = cov.has(U'ệ') && cov.has(U'ữ') && cov.has(U'Đ') && cov.has(U'ỹ');
            line(ok ? "ok" : "FAIL", "fonts",
                 files.regular.string() + (ok ? " draws Vietnamese" : " lacks Vietnamese letters"));
        }
    }
    // OpenGL
    auto set = [](const char* v) {
        const char* s = std::getenv(v);
        return s && *s;
    };
    if (!set("DISPLAY") && !set("WAYLAND_DISPLAY")) {
        line("skip", "opengl", "no display here (DISPLAY and WAYLAND_DISPLAY are unset)");
    } else {
        std::string v = openGlVersion(err);
        line(v.empty() ? "FAIL" : "ok", "opengl", v.empty() ? err : v);
    }
    // config
    int cfgErrors = 0;
    for (const auto& d : cfg.diagnostics) {
        cfgErrors += d.severity == Diagnostic::Severity::Error;
    }
    if (!cfg.fileFound) {
        line("ok", "config", configFile.string() + " is missing: defaults are used");
    } else if (cfgErrors) {
        line("FAIL", "config", cfg.diagnostics.front().format());
    } else {
        line("ok", "config", configFile.string());
    }
    // content
    if (!fs::is_directory(paths.assets)) {
        line("FAIL", "content", paths.assets.string() + " does not exist");
    } else {
        Content c = loadContent(paths.assets, cfg.config);
        int errors = 0;
        std::string first;
        for (const auto& d : c.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error) {
                if (!errors++) {
                    first = d.format();
                }
            }
        }
        line(errors ? "FAIL" : "ok", "content",
             errors
                 ? std::to_string(errors) + " errors, first: " + first
                 : std::to_string(c.tutorials.tutorials.size()) + " lessons, " +
                       std::to_string(c.portals.all().size()) + " portals, " +
                       std::to_string(c.plans.plans.size()) + " plans in " + paths.assets.string());
    }
    // database
    const fs::path stats = paths.dataDir / "stats.sqlite";
    if (!fs::exists(stats)) {
        line("ok", "database", stats.string() + " not created yet (the kiosk makes it)");
    } else {
        try {
            db::Database d(stats.string(), false, true);
            db::Statement q(d, "PRAGMA quick_check");
            std::string r = q.step() ? q.text(0) : "?";
            line(r == "ok" ? "ok" : "FAIL", "database", stats.string() + ": quick_check " + r);
        } catch (const std::exception& e) {
            line("FAIL", "database", stats.string() + ": " + e.what());
        }
    }
    // the kiosk's export signing key (made at its first start; never made by doctor)
    {
        const ExportKeyLoad key = loadExportKey(paths.dataDir);
        if (key.key) {
            line(key.problem.empty() ? "ok" : "FAIL", "export key",
                 key.problem.empty()
                     ? "id " + key.key->idHex() + ", public key " + key.key->publicKeyBase64() +
                           " (register it at the "
                           "province: tramso province kiosk add " +
                           cfg.config.kioskId + " " + key.key->publicKeyBase64() + ")"
                     : key.problem);
        } else if (!fs::exists(paths.dataDir / kExportKeyDir / kExportSecretKeyFile)) {
            line("ok", "export key",
                 "not made yet (the kiosk makes it at its first start, in " +
                     (paths.dataDir / kExportKeyDir).string() + ")");
        } else {
            line("FAIL", "export key", key.problem);
        }
    }
    // disk
    std::error_code ec;
    fs::path probe = fs::exists(paths.dataDir, ec) ? paths.dataDir : paths.dataDir.parent_path();
    auto space = fs::space(probe.empty() ? "." : probe, ec);
    if (ec) {
        line("FAIL", "disk", probe.string() + ": " + ec.message());
    } else {
        const bool ok = space.available >= 200ull * 1024 * 1024;
        line(ok ? "ok" : "FAIL", "disk",
             humanBytes(static_cast<int64_t>(space.available), false) + " free for " +
                 paths.dataDir.string() + (ok ? "" : " (under 200 MB)"));
    }
    // clock
    const int64_t now = std::time(nullptr);
    line(clockLooksWrong(now, TRAMSO_BUILD_DAY) ? "FAIL" : "ok", "clock",
         localDateTime(now) + (clockLooksWrong(now, TRAMSO_BUILD_DAY)
                                   ? " is before this build: set the clock"
                                   : ""));
    // USB mount roots
    std::vector<fs::path> roots = kDefaultUsbRoots;
    roots.insert(roots.end(), cfg.config.usbMountRoots.begin(), cfg.config.usbMountRoots.end());
    std::string seen;
    bool configuredMissing = false;
    for (const auto& r : roots) {
        const bool there = fs::is_directory(r, ec);
        seen += (seen.empty() ? "" : ", ") + r.string() + (there ? "" : " (missing)");
        for (const auto& c : cfg.config.usbMountRoots) {
            configuredMissing |= c == r && !there;
        }
    }
    line(configuredMissing ? "FAIL" : "ok", "usb", seen);
    // voice: the sound card (none is allowed: the kiosk runs silently) and eSpeak NG's data
    std::string audio;
    const bool card = platform::probeVoiceDevice(cfg.config.voiceDevice, audio);
    line(card ? "ok" : "skip", "audio",
         cfg.config.voice ? audio : audio + "; voice is off in the config");
    speech::Synthesizer synth;
    const std::string espeakData = speech::Synthesizer::dataPath(); // known once started
    const bool voices = synth.ok() && synth.hasVoice("vi") && synth.hasVoice("en");
    line(voices ? "ok" : (cfg.config.voice ? "FAIL" : "skip"), "espeak-ng",
         voices ? "voices vi and en in " + espeakData
                : (synth.ok() ? "the vi or en voice is missing" : synth.error()) +
                      " (install espeak-ng-data)");
    std::printf("doctor: %s\n", g_failures ? "problems found" : "all checks passed");
    return g_failures ? 1 : 0;
}

} // namespace tramso
