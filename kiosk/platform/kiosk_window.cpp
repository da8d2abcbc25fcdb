// GLFW + imgui_impl_opengl3. Input is fed to the UiApp's touch adapter, not through
// imgui_impl_glfw's callbacks, so touch semantics stay in one place.
#include "kiosk_window.hpp"

#include "../../db/staff_store.hpp"
#include "../../db/stats_reader.hpp"
#include "../../db/stats_recorder.hpp"
#include "../../db/usb_export.hpp"
#include "../core/atomic_file.hpp"
#include "../core/config_edit.hpp"
#include "../core/crash_guard.hpp"
#include "../core/log.hpp"
#include "../core/strings.hpp"
#include "../core/text.hpp"
#include "../ui/app.hpp"
#include "../ui/script_runner.hpp"
#include "gl_textures.hpp"
#include "screenshot.hpp"
#include "sound.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <systemd/sd-daemon.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <csignal>
#include <cstdio>

#ifndef TRAMSO_VERSION
#define TRAMSO_VERSION "0.0.0"
#endif
#ifndef TRAMSO_BUILD_DAY
#define TRAMSO_BUILD_DAY 20260101
#endif
#include <ctime>
#include <fstream>
#include <future>
#include <iterator>
#include <limits>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace tramso::platform {
namespace {

constexpr double kFallbackMmPerPx = 0.265; // a 96 dpi monitor

ui::UiApp* appOf(GLFWwindow* w) {
    return static_cast<ui::UiApp*>(glfwGetWindowUserPointer(w));
}

void onButton(GLFWwindow* w, int button, int action, int) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) {
        return;
    }
    double x = 0, y = 0;
    glfwGetCursorPos(w, &x, &y);
    ImVec2 p(static_cast<float>(x), static_cast<float>(y));
    if (action == GLFW_PRESS) {
        appOf(w)->pointerDown(p);
    } else if (action == GLFW_RELEASE) {
        appOf(w)->pointerUp(p);
    }
}

void onMove(GLFWwindow* w, double x, double y) {
    appOf(w)->pointerMove(ImVec2(static_cast<float>(x), static_cast<float>(y)));
}

// A keyboard plugged in for the technician's settings form (residents only touch).
void onChar(GLFWwindow*, unsigned int c) {
    ImGui::GetIO().AddInputCharacter(c);
}

void onKey(GLFWwindow* w, int key, int, int action, int mods) {
    ImGuiIO& io = ImGui::GetIO();
    if (key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) {
        io.KeysDown[key] = action != GLFW_RELEASE;
    }
    io.KeyCtrl = (mods & GLFW_MOD_CONTROL) != 0;
    io.KeyShift = (mods & GLFW_MOD_SHIFT) != 0;
    io.KeyAlt = (mods & GLFW_MOD_ALT) != 0;
    appOf(w)->keyboardUsed();
}

void mapKeys() {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
    io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
    io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
    io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
    io.KeyMap[ImGuiKey_Home] = GLFW_KEY_HOME;
    io.KeyMap[ImGuiKey_End] = GLFW_KEY_END;
    io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
    io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
    io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
    io.KeyMap[ImGuiKey_C] = GLFW_KEY_C;
    io.KeyMap[ImGuiKey_V] = GLFW_KEY_V;
    io.KeyMap[ImGuiKey_X] = GLFW_KEY_X;
    io.KeyMap[ImGuiKey_Z] = GLFW_KEY_Z;
}

// systemd stops the kiosk with SIGTERM: finish the frame, then exit cleanly (not a crash).
volatile std::sig_atomic_t g_stop = 0;
void onTerm(int) {
    g_stop = 1;
}

// The service's watchdog: WATCHDOG_USEC is set for cage (the main process); tramso, its
// child, pings on the service's behalf (NotifyAccess=all), so the PID is not checked.
double watchdogInterval() {
    const char* v = std::getenv("WATCHDOG_USEC");
    if (!v || !std::getenv("NOTIFY_SOCKET")) {
        return std::numeric_limits<double>::infinity();
    }
    char* end = nullptr;
    unsigned long long us = std::strtoull(v, &end, 10);
    if (end == v || us == 0 || us == ULLONG_MAX) {
        return std::numeric_limits<double>::infinity();
    }
    return static_cast<double>(us) / 1e6 / 3.0; // ping three times per period
}

int64_t fileBytes(const std::filesystem::path& f) {
    std::error_code ec;
    auto n = std::filesystem::file_size(f, ec);
    return ec ? 0 : static_cast<int64_t>(n);
}

void onGlfwError(int code, const char* what) {
    log::error("display: " + std::string(what) + " (" + std::to_string(code) + ")");
}

// Seconds since this process started (kernel start time in /proc/self/stat, field 22), so
// "launch to first frame" includes exec and dynamic loading.
double secondsSinceLaunch() {
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = stat.rfind(')');
    if (close == std::string::npos) {
        return -1;
    }
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i) {
    }
    double start = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9 - start;
}

bool writeText(const std::string& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

} // namespace

std::optional<double> monitorMmPerPx(int widthMm, int widthPx) {
    if (widthMm <= 0 || widthPx <= 0) {
        return std::nullopt;
    }
    double v = static_cast<double>(widthMm) / widthPx;
    // 0.1 mm/px is a 254 dpi panel, 1.0 mm/px a 25 dpi one: outside that is nonsense
    if (v < 0.1 || v > 1.0) {
        return std::nullopt;
    }
    return v;
}

int runKiosk(const RunOptions& opt) {
    const Content& content = *opt.content;
    ui::FontFiles fontFiles;
    std::string error;
    if (!ui::findFonts(fontFiles, error)) {
        log::error(error);
        return 1;
    }
    const std::string allText = content.allText(opt.config);
    const std::string hugeText = content.screenText(opt.config);

    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        log::error("cannot open the display: is the kiosk started inside a graphical session "
                   "(cage, X or Xvfb)? Check the DISPLAY or WAYLAND_DISPLAY variable.");
        return 1;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;

    // Physical size: config override, else the monitor's report if it is believable.
    double mmPerPx = kFallbackMmPerPx;
    if (opt.config.mmPerPx) {
        mmPerPx = *opt.config.mmPerPx;
    } else {
        int wmm = 0, hmm = 0;
        if (monitor) {
            glfwGetMonitorPhysicalSize(monitor, &wmm, &hmm);
        }
        if (auto v = monitorMmPerPx(wmm, mode ? mode->width : 0)) {
            mmPerPx = *v;
        } else {
            log::warn("the monitor reports no believable physical size (" + std::to_string(wmm) +
                      " mm wide); assuming 96 dpi. Set mm_per_px in the config for true sizes.");
        }
    }
    // The font atlas is CPU work: build it while the GL context is being created.
    ui::FontSet fonts;
    auto* atlas = IM_NEW(ImFontAtlas)();
    std::future<std::string> fontJob = std::async(std::launch::async, [&] {
        std::string err;
        if (fonts.build(*atlas, fontFiles, static_cast<float>(mmPerPx), allText, err, hugeText)) {
            unsigned char* px = nullptr;
            int w = 0, h = 0;
            atlas->GetTexDataAsRGBA32(&px, &w, &h); // converted here, uploaded later
        }
        return err;
    });
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window = nullptr;
    if (opt.windowed || !mode) {
        int w = opt.windowed ? opt.windowed->first : 1280;
        int h = opt.windowed ? opt.windowed->second : 800;
        window = glfwCreateWindow(w, h, "Trạm Số", nullptr, nullptr);
    } else {
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        window = glfwCreateWindow(mode->width, mode->height, "Trạm Số", monitor, nullptr);
    }
    error = fontJob.get();
    if (!window || !error.empty()) {
        log::error(window ? error
                          : "cannot create an OpenGL 3.2 window; check the graphics driver (Mesa)");
        IM_DELETE(atlas);
        if (window) {
            glfwDestroyWindow(window);
        }
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(atlas);
    ImGui_ImplOpenGL3_Init("#version 150");
    mapKeys();

    SteadyClock clock;
    // Crash loops: three unclean ends within two minutes open the safe screen.
    CrashGuard guard(*opt.config.dataDir, std::time(nullptr));
    const std::string previousError = guard.lastError(); // before this run logs its own
    log::setErrorSink([](std::string_view line,
                         void* g) { static_cast<CrashGuard*>(g)->recordError(std::string(line)); },
                      &guard);
    std::signal(SIGTERM, onTerm);
    std::signal(SIGINT, onTerm);
    // Statistics: opened (checked, migrated, moved aside if damaged) before the first visit.
    const std::filesystem::path statsFile = *opt.config.dataDir / "stats.sqlite";
    db::StatsStore::OpenResult stats = db::StatsStore::open(statsFile);
    std::string statsNotice = stats.message;
    if (stats.store && stats.store->recording()) {
        // retention: fold old events into daily totals, in small batches, before any visit
        const int before = db::addDays(db::localDay(std::time(nullptr)), -opt.config.retentionDays);
        try {
            int folded = 0;
            while (int n = stats.store->foldOldEvents(before, 500)) {
                folded += n;
            }
            if (folded > 0) {
                log::info("statistics: folded " + std::to_string(folded) +
                          " old events into daily totals");
            }
        } catch (const db::Error& e) {
            log::error(std::string("statistics: retention failed: ") + e.what());
        }
    }
    const int64_t openedAt = std::time(nullptr);
    db::StatsRecorder recorder(stats.store.get(), opt.config.kioskId);
    Kiosk kiosk(opt.config, clock, &recorder, &content.tutorials);
    kiosk.setPlans(&content.plans);
    // Staff PINs and the keypad lock.
    std::unique_ptr<db::StaffStore> staff;
    std::string staffNotice;
    try {
        staff = db::StaffStore::open(*opt.config.dataDir / "staff.sqlite", &staffNotice);
    } catch (const std::exception& e) {
        staffNotice = std::string("the staff file cannot be opened: ") + e.what();
    }
    if (!staffNotice.empty()) {
        log::error("staff: " + staffNotice);
    }
    kiosk.setStaffDirectory(staff.get());
    db::UsbExport usbExport(kiosk.config(), *opt.config.dataDir, content);
    kiosk.setExportService(&usbExport);
    // The technician's settings form writes the config file in place, atomically.
    const std::filesystem::path configFile = opt.configFile;
    kiosk.setSettingsSaver([configFile](const ConfigEdit& edit, std::string& ioError) {
        std::string original;
        if (std::filesystem::exists(configFile)) {
            auto text = readFile(configFile);
            if (!text) {
                ioError = "cannot read " + configFile.string();
                return ConfigEditResult{};
            }
            original = *text;
        }
        ConfigEditResult r = applyConfigEdit(original, edit);
        if (r.config) {
            ioError = writeFileAtomically(configFile, r.text);
            if (!ioError.empty()) {
                r.config.reset();
            } else {
                log::info("settings saved to " + configFile.string());
            }
        }
        return r;
    });
    auto textures = std::make_unique<GlTextures>(); // freed while the GL context lives
    ui::UiApp app(kiosk, content, fonts, clock, textures.get());
    glfwSetWindowUserPointer(window, &app);
    glfwSetMouseButtonCallback(window, onButton);
    glfwSetCursorPosCallback(window, onMove);
    glfwSetCharCallback(window, onChar);
    glfwSetKeyCallback(window, onKey);
    if (stats.store) {
        // its own read-only connection: the recorder's thread owns the writing one
        app.setDashboardSource(db::dashboardSource(statsFile, recorder, staff.get()), statsNotice);
    } else {
        app.setDashboardSource({}, statsNotice);
    }
    app.setHealthSource([&]() {
        HealthInfo h;
        h.version = TRAMSO_VERSION;
        h.lessons = static_cast<int>(content.tutorials.tutorials.size());
        for (const Diagnostic& d : content.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error) {
                h.contentErrors.push_back(d.format());
            }
        }
        h.databaseBytes = fileBytes(statsFile) + fileBytes(statsFile.string() + "-wal");
        h.integrity = stats.status == db::StatsStore::Opened::Failed ? "?" : "ok";
        if (!statsNotice.empty()) {
            h.integrity = statsNotice;
        }
        h.integrityAt = openedAt;
        std::error_code ec;
        auto space = std::filesystem::space(*opt.config.dataDir, ec);
        h.freeDiskBytes = ec ? -1 : static_cast<int64_t>(space.available);
        if (staff) {
            try {
                auto [at, folder] = staff->lastExport();
                h.lastExportAt = at;
                h.lastExportFolder = folder;
            } catch (const std::exception& e) {
                h.notices.push_back(e.what());
            }
        }
        h.clockWrong = clockLooksWrong(std::time(nullptr), TRAMSO_BUILD_DAY);
        for (const std::string* n : {&statsNotice, &staffNotice}) {
            if (!n->empty()) {
                h.notices.push_back(*n);
            }
        }
        return h;
    });
    if (guard.safeMode()) {
        log::warn("the kiosk ended unexpectedly " + std::to_string(guard.recentCrashes()) +
                  " times in two minutes: showing the safe screen until a technician leaves it");
        kiosk.setSafeMode(previousError, [&guard] { guard.clear(); });
    } else if (opt.open) {
        app.open(*opt.open);
    }
    const double watchdog = watchdogInterval();
    double lastPing = clock.now();
    std::optional<ui::ScriptRunner> runner;
    if (opt.script) {
        runner.emplace(*opt.script, app, clock);
    }
    Sound sound;
    Config shownConfig = kiosk.config();
    std::vector<double> frameMs;

    int exitCode = 0;
    int frame = 0;
    bool firstFrame = true;
    const bool batch = opt.frames > 0 || runner;
    while (!glfwWindowShouldClose(window) && !g_stop) {
        const double appWait = app.secondsUntilNextFrame();
        // wake at least this often: the watchdog's ping, and SIGTERM noticed within 2 s
        double wait = std::min({appWait, watchdog, 2.0});
        if (runner) {
            wait = std::min(wait, runner->secondsUntilNextFrame());
        }
        if (opt.frames > 0 || firstFrame) {
            wait = 0;
        }
        if (wait <= 0) {
            glfwPollEvents();
        } else if (std::isinf(wait)) {
            glfwWaitEvents();
        } else {
            glfwWaitEventsTimeout(wait);
        }
        // Woken only for the watchdog or to look for SIGTERM, with no input and nothing due:
        // ping, and draw nothing (a still screen stays near 0 % CPU).
        if (!runner && opt.frames == 0 && !firstFrame && appWait > wait &&
            app.secondsUntilNextFrame() > 0) {
            if (clock.now() - lastPing >= watchdog) {
                sd_notify(0, "WATCHDOG=1");
                lastPing = clock.now();
            }
            continue;
        }

        int ww = 0, wh = 0, fw = 0, fh = 0;
        glfwGetWindowSize(window, &ww, &wh);
        glfwGetFramebufferSize(window, &fw, &fh);
        if (ww <= 0 || wh <= 0) {
            continue;
        }
        ImGui::GetIO().DisplayFramebufferScale =
            ImVec2(static_cast<float>(fw) / ww, static_cast<float>(fh) / wh);
        app.setDisplay(ImVec2(static_cast<float>(ww), static_cast<float>(wh)),
                       static_cast<float>(mmPerPx));
        if (runner) {
            runner->beforeFrame();
        }
        // Settings saved by a technician: new sizes or a new name need a new font atlas.
        if (kiosk.config().mmPerPx != shownConfig.mmPerPx ||
            kiosk.config().siteName != shownConfig.siteName) {
            if (kiosk.config().mmPerPx) {
                mmPerPx = *kiosk.config().mmPerPx;
            }
            std::string err;
            atlas->Clear();
            if (fonts.build(*atlas, fontFiles, static_cast<float>(mmPerPx),
                            content.allText(kiosk.config()), err,
                            content.screenText(kiosk.config()))) {
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                ImGui_ImplOpenGL3_CreateFontsTexture();
            } else {
                log::error("fonts: " + err);
            }
        }
        if (kiosk.config().kioskId != shownConfig.kioskId) {
            recorder.setKioskId(kiosk.config().kioskId);
        }
        shownConfig = kiosk.config();
        const auto frameStart = std::chrono::steady_clock::now();
        ImGui_ImplOpenGL3_NewFrame();
        app.frame();
        for (Cue c : app.takeCues()) {
            sound.play(c);
        }
        glViewport(0, 0, fw, fh);
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame;

        bool done = false;
        if (runner) {
            std::string shot;
            auto status = runner->afterFrame(shot);
            if (!shot.empty() && !writeScreenshot(shot, fw, fh, error)) {
                log::error(error);
                exitCode = 1;
                done = true;
            }
            if (status == ui::ScriptRunner::Status::Failed) {
                log::error(runner->error());
                exitCode = 1;
                done = true;
            } else if (status == ui::ScriptRunner::Status::Done) {
                done = true;
            }
        } else if (opt.frames > 0 && frame >= opt.frames) {
            done = true;
        }
        if (done && !opt.screenshot.empty() && exitCode == 0) {
            if (!writeScreenshot(opt.screenshot, fw, fh, error)) {
                log::error(error);
                exitCode = 1;
            }
        }
        if (done && !opt.dumpUi.empty() && !writeText(opt.dumpUi, app.dumpUi())) {
            log::error("cannot write the UI dump " + opt.dumpUi);
            exitCode = 1;
        }
        glfwSwapBuffers(window);
        if (!opt.frameTimes.empty()) {
            glFinish(); // the frame is really drawn (llvmpipe renders on other threads)
            frameMs.push_back(std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - frameStart)
                                  .count());
        }
        if (clock.now() - lastPing >= watchdog) {
            sd_notify(0, "WATCHDOG=1");
            lastPing = clock.now();
        }
        if (firstFrame) {
            sd_notify(0, "READY=1"); // systemd: the kiosk is on screen
            firstFrame = false;
            char msg[64];
            std::snprintf(msg, sizeof msg, "first frame shown %.0f ms after launch",
                          secondsSinceLaunch() * 1000.0);
            log::info(msg);
        }
        if (done && batch) {
            break;
        }
    }
    if (!opt.frameTimes.empty()) {
        std::ostringstream s;
        for (double ms : frameMs) {
            s << ms << "\n";
        }
        if (!writeText(opt.frameTimes, s.str())) {
            log::error("cannot write the frame times to " + opt.frameTimes);
        }
    }
    sd_notify(0, "STOPPING=1");
    log::setErrorSink(nullptr, nullptr);
    guard.cleanExit();
    textures.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    IM_DELETE(atlas);
    glfwDestroyWindow(window);
    glfwTerminate();
    return exitCode;
}

} // namespace tramso::platform
