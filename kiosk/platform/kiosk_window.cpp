// GLFW + the kiosk's GL renderer: the window, GL, frame pacing, screenshots and sounds. Input is
// fed to the UiApp's touch adapter, not through imgui_impl_glfw's callbacks, so touch semantics
// stay in one place. The services come wired from kiosk/app (the same wiring the tests use).
#include "kiosk_window.hpp"
#include "startup.hpp"

#include "../app/script_runner.hpp"
#include "../app/services.hpp"
#include "../app/ui_app.hpp"
#include "../ui/damage.hpp"
#include "alsa_voice.hpp"
#include "gl_renderer.hpp"
#include "gl_textures.hpp"
#include "kiosk/core/base/log.hpp"
#include "partial_present.hpp"
#include "screenshot.hpp"
#include "sound.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <systemd/sd-daemon.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#ifndef TRAMSO_VERSION
#define TRAMSO_VERSION "0.0.0"
#endif
#ifndef TRAMSO_BUILD_DAY
#define TRAMSO_BUILD_DAY 20260101
#endif
#include <ctime>
#include <fstream>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <unistd.h>

namespace tramso::platform {
namespace {

constexpr double kFallbackMmPerPx = 0.265; // a 96 dpi monitor

ui::UiApp* appOf(GLFWwindow* w) {
    return static_cast<ui::UiApp*>(glfwGetWindowUserPointer(w));
}

// Where the pointer was at its last motion event (GLFW reports one on entering the window
// too). A press or release is placed there, in the order the events came, not where
// glfwGetCursorPos (XQueryPointer) finds the pointer when the event is handled: on a slow
// machine a frame can outlast the gap between two taps, and by then the finger has moved to
// the next key. In the boot test under TCG the setup's first tap was lost that way (pressed
// at one key and released at the next). Only the UI thread touches it.
std::optional<ImVec2> g_lastMotion;

void onButton(GLFWwindow* w, int button, int action, int) {
    if (button != GLFW_MOUSE_BUTTON_LEFT) {
        return;
    }
    ImVec2 p;
    if (g_lastMotion) {
        p = *g_lastMotion;
    } else { // no motion yet: ask where the pointer is
        double x = 0, y = 0;
        glfwGetCursorPos(w, &x, &y);
        p = ImVec2(static_cast<float>(x), static_cast<float>(y));
    }
    if (action == GLFW_PRESS) {
        appOf(w)->pointerDown(p);
    } else if (action == GLFW_RELEASE) {
        appOf(w)->pointerUp(p);
    }
}

void onMove(GLFWwindow* w, double x, double y) {
    g_lastMotion = ImVec2(static_cast<float>(x), static_cast<float>(y));
    appOf(w)->pointerMove(*g_lastMotion);
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

// A stop is not a crash even when the display goes first: `systemctl stop` sends SIGTERM to
// cage and the kiosk together, cage ends (it aborts), and Xlib then ends the kiosk with
// exit(1) before the frame loop sees the signal. Whatever exit() ends the process, a stop
// that was asked for, or the compositor that started the kiosk gone (its parent changed),
// removes the run's marker so the crash guard does not count it.
std::string g_runningMarker;
pid_t g_parent = 0;
void onExit() {
    if (!g_runningMarker.empty() && (g_stop || ::getppid() != g_parent)) {
        ::unlink(g_runningMarker.c_str());
    }
}

// The display lost the window's pixels (uncovered, remapped): the next frame is drawn and
// shown whole. Set by GLFW's refresh callback, on the main thread, during event polling.
bool g_exposed = false;
void onRefresh(GLFWwindow*) {
    g_exposed = true;
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

void onGlfwError(int code, const char* what) {
    log::error("display: " + std::string(what) + " (" + std::to_string(code) + ")");
}

bool writeText(const std::string& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

// GLFW, the window and the ImGui context are owned here, released in reverse order by scope.
struct Glfw {
    Glfw() { ok = glfwInit() == GLFW_TRUE; }
    ~Glfw() {
        if (ok) {
            glfwTerminate();
        }
    }
    Glfw(const Glfw&) = delete;
    Glfw& operator=(const Glfw&) = delete;
    bool ok = false;
};

struct WindowDeleter {
    void operator()(GLFWwindow* w) const { glfwDestroyWindow(w); }
};
using Window = std::unique_ptr<GLFWwindow, WindowDeleter>;

struct AtlasDeleter {
    void operator()(ImFontAtlas* a) const { IM_DELETE(a); }
};
using Atlas = std::unique_ptr<ImFontAtlas, AtlasDeleter>;

// An ImGui context with a font atlas it shares (ImGui never frees a shared atlas; its owner
// outlives this).
class ImGuiContextOwner {
  public:
    explicit ImGuiContextOwner(ImFontAtlas* atlas) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext(atlas);
    }
    ~ImGuiContextOwner() { ImGui::DestroyContext(); }
    ImGuiContextOwner(const ImGuiContextOwner&) = delete;
    ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
};

Window createWindow(const RunOptions& opt, GLFWmonitor* monitor, const GLFWvidmode* mode) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // No depth or stencil buffer: ImGui uses neither, and with one attached llvmpipe never
    // takes its fast path for rectangles (and keeps 8 MB more at 1920×1080).
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    if (opt.windowed || !mode) {
        int w = opt.windowed ? opt.windowed->first : 1280;
        int h = opt.windowed ? opt.windowed->second : 800;
        return Window(glfwCreateWindow(w, h, "Trạm Số", nullptr, nullptr));
    }
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_RED_BITS, mode->redBits);
    glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
    glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
    glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
    return Window(glfwCreateWindow(mode->width, mode->height, "Trạm Số", monitor, nullptr));
}

// Physical size: config override, else the monitor's report if it is believable.
double physicalMmPerPx(const Config& config, GLFWmonitor* monitor, const GLFWvidmode* mode) {
    if (config.mmPerPx) {
        return *config.mmPerPx;
    }
    int wmm = 0, hmm = 0;
    if (monitor) {
        glfwGetMonitorPhysicalSize(monitor, &wmm, &hmm);
    }
    if (auto v = monitorMmPerPx(wmm, mode ? mode->width : 0)) {
        return *v;
    }
    log::warn("the monitor reports no believable physical size (" + std::to_string(wmm) +
              " mm wide); assuming 96 dpi. Set mm_per_px in the config for true sizes.");
    return kFallbackMmPerPx;
}

void uploadFonts(ImFontAtlas& atlas, FontTexture& texture) {
    if (!texture.upload(atlas)) {
        log::error("fonts: the font atlas has no pixels to upload");
    }
}

// Settings saved by a technician: new sizes or a new name need a new font atlas.
// New content (a pack switched in) may bring characters the atlas lacks. True when the
// atlas was rebuilt (its texture is new: the whole screen must be drawn again).
bool followSettings(const Config& now, Config& shown, double& mmPerPx, ImFontAtlas& atlas,
                    FontTexture& fontTexture, ui::FontSet& fonts, const ui::FontFiles& files,
                    const Content& content, bool contentChanged) {
    const bool rebuild =
        contentChanged || now.mmPerPx != shown.mmPerPx || now.siteName != shown.siteName;
    if (rebuild) {
        if (now.mmPerPx) {
            mmPerPx = *now.mmPerPx;
        }
        std::string err;
        atlas.Clear();
        if (fonts.build(atlas, files, static_cast<float>(mmPerPx), content.allText(now), err,
                        content.screenText(now))) {
            uploadFonts(atlas, fontTexture);
        } else {
            log::error("fonts: " + err);
        }
    }
    shown = now;
    return rebuild;
}

// A rectangle of framebuffer pixels, top-left origin.
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// Draws the frame: with a damage tracker (partial presents) only what changed since the
// last frame, clipped, scissored and cleared to it; without, all of it. Returns what was
// drawn (empty: the screen already shows this frame).
PixelRect drawFrame(GlRenderer& renderer, ImDrawData& frame, ui::DamageTracker* damage, Rgb page,
                    int fw, int fh) {
    const ImVec2 scale = frame.FramebufferScale;
    const ImVec4 area = damage ? damage->update(frame)
                               : ImVec4(frame.DisplayPos.x, frame.DisplayPos.y,
                                        frame.DisplayPos.x + frame.DisplaySize.x,
                                        frame.DisplayPos.y + frame.DisplaySize.y);
    // whole pixels, so what is cleared, drawn and shown are the same pixels
    PixelRect r{static_cast<int>(std::floor(area.x * scale.x)),
                static_cast<int>(std::floor(area.y * scale.y)),
                std::min(fw, static_cast<int>(std::ceil(area.z * scale.x))),
                std::min(fh, static_cast<int>(std::ceil(area.w * scale.y)))};
    if (r.empty()) {
        return r;
    }
    if (damage) {
        ui::clipDrawData(
            frame, ImVec4(static_cast<float>(r.x0) / scale.x, static_cast<float>(r.y0) / scale.y,
                          static_cast<float>(r.x1) / scale.x, static_cast<float>(r.y1) / scale.y));
    }
    glEnable(GL_SCISSOR_TEST);
    glScissor(r.x0, fh - r.y1, r.x1 - r.x0, r.y1 - r.y0);
    glClearColor(page.r / 255.0f, page.g / 255.0f, page.b / 255.0f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    renderer.render(frame, atlas.TexID, atlas.TexUvWhitePixel, fw, fh);
    glDisable(GL_SCISSOR_TEST);
    return r;
}

// After a frame is drawn: the script's step, its screenshots and UI dumps, then at the end of a
// batch run the screenshot (finished while the kiosk shuts down) and the UI dump. True when the run
// is done; failures set `exitCode`.
bool afterFrame(const RunOptions& opt, ui::ScriptRunner* runner, const ui::UiApp& app, int frame,
                int fw, int fh, FinalScreenshot& finalShot, int& exitCode) {
    std::string error;
    bool done = false;
    if (runner) {
        ui::ScriptRunner::Capture capture;
        auto status = runner->afterFrame(capture);
        if (!capture.screenshot.empty() && !writeScreenshot(capture.screenshot, fw, fh, error)) {
            log::error(error);
            exitCode = 1;
            done = true;
        }
        if (!capture.dump.empty() && !writeText(capture.dump, app.dumpUi())) {
            log::error("cannot write the UI dump " + capture.dump);
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
        finalShot.start(opt.screenshot, fw, fh);
        startup::mark("screenshot read");
    }
    if (done && !opt.dumpUi.empty() && !writeText(opt.dumpUi, app.dumpUi())) {
        log::error("cannot write the UI dump " + opt.dumpUi);
        exitCode = 1;
    }
    return done;
}

// Benchmarks: each frame's time in ms, one a line.
void writeFrameTimes(const std::string& file, const std::vector<double>& frameMs) {
    if (file.empty()) {
        return;
    }
    std::ostringstream s;
    for (double ms : frameMs) {
        s << ms << "\n";
    }
    if (!writeText(file, s.str())) {
        log::error("cannot write the frame times to " + file);
    }
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

namespace {

// The kiosk until its window closes; the final screenshot may still be being written.
int runWindow(const RunOptions& opt, FinalScreenshot& finalShot) {
    // systemd stops the kiosk with SIGTERM: finish the frame, then exit cleanly (not a
    // crash). Caught from the very start: a stop during the start-up (the crash guard's
    // marker is written while the GL driver loads) is a stop too.
    std::signal(SIGTERM, onTerm);
    std::signal(SIGINT, onTerm);
    // A hang-up is a stop too: on `systemctl stop` the compositor (cage) was seen to end by
    // SIGHUP on tty1, and the kiosk beside it, killed by the same hang-up before it could
    // close its visit, left a crash behind (three restarts opened the safe screen).
    std::signal(SIGHUP, onTerm);
    // Loading the GL driver is the longest step of a launch, and needs the main thread.
    // Everything else runs beside it: the content is read, then the font atlas is
    // rasterised for its text, while the databases open.
    std::shared_future<std::string> contentJob =
        std::async(std::launch::async, [&] {
            std::string err = opt.loadContent ? opt.loadContent() : std::string();
            startup::mark("content");
            return err;
        }).share();
    // The statistics and staff databases, the crash guard and retention need no GL either:
    // opened while the context is created, so the first frame waits for neither.
    SteadyClock clock;
    // Narration's sink is made before the services (which speak into it) and outlives them.
    std::unique_ptr<speech::AudioSink> voice;
    if (!opt.speechOut.empty()) {
        voice = std::make_unique<speech::FileSink>(opt.speechOut);
    } else {
        voice = std::make_unique<AlsaVoice>(opt.config.voiceDevice);
    }
    std::future<std::unique_ptr<app::Services>> servicesJob = std::async(std::launch::async, [&] {
        if (!contentJob.get().empty()) {
            return std::unique_ptr<app::Services>();
        }
        app::ServiceOptions so;
        so.speechSink = voice.get();
        so.speechWake = [] { glfwPostEmptyEvent(); }; // speech ready: run narrate() now
        so.config = opt.config;
        so.content = *opt.content;
        so.bundledAssets = opt.bundledAssets;
        so.canDraw = opt.canDraw;
        so.clock = &clock;
        so.version = TRAMSO_VERSION;
        so.buildDay = TRAMSO_BUILD_DAY;
        so.setupOnFirstStart = !opt.script; // a script starts where it says (`open setup`)
        // started by the session launcher, which turns the screen as the config says
        const char* session = std::getenv("TRAMSO_SESSION");
        so.turnsScreen = session && std::string_view(session) == "cage";
        auto services = std::make_unique<app::Services>(std::move(so));
        startup::mark("databases");
        return services;
    });
    glfwSetErrorCallback(onGlfwError);
    Glfw glfw;
    if (!glfw.ok) {
        log::error("cannot open the display: is the kiosk started inside a graphical session "
                   "(cage, X or Xvfb)? Check the DISPLAY or WAYLAND_DISPLAY variable.");
        return 1;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    double mmPerPx = physicalMmPerPx(opt.config, monitor, mode);
    // The font atlas's sizes need the monitor's pixel size.
    ui::FontFiles fontFiles;
    ui::FontSet fonts;
    Atlas atlas(IM_NEW(ImFontAtlas)());
    std::future<std::string> fontJob = std::async(std::launch::async, [&] {
        std::string err;
        if (!contentJob.get().empty() || !ui::findFonts(fontFiles, err)) {
            return err;
        }
        const Content& content = **opt.content;
        if (fonts.build(*atlas, fontFiles, static_cast<float>(mmPerPx), content.allText(opt.config),
                        err, content.screenText(opt.config))) {
            unsigned char* px = nullptr;
            int w = 0, h = 0;
            atlas->GetTexDataAsRGBA32(&px, &w, &h); // rasterised here, uploaded later
        }
        startup::mark("font atlas");
        return err;
    });
    Window window = createWindow(opt, monitor, mode);
    startup::mark("window");
    const std::string contentError = contentJob.get();
    std::string error = fontJob.get();
    std::unique_ptr<app::Services> servicesOwner = servicesJob.get();
    if (!contentError.empty()) { // no services were made
        std::fprintf(stderr, "tramso: %s\n", contentError.c_str());
        return 2;
    }
    app::Services& services = *servicesOwner;
    // a stop from here on (SIGTERM caught since the start) leaves no crash behind
    g_runningMarker = services.crashGuard().runningMarker().string();
    g_parent = ::getppid();
    std::atexit(onExit);
    if (!window || !error.empty()) {
        log::error(window ? error
                          : "cannot create an OpenGL 3.2 window; check the graphics driver (Mesa)");
        return 1;
    }
    glfwMakeContextCurrent(window.get());
    glfwSwapInterval(1);
    glfwSetInputMode(window.get(), GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    ImGuiContextOwner imgui(atlas.get());
    GlRenderer renderer;
    if (!renderer.ok()) {
        return 1; // logged: the driver cannot run the kiosk's shaders
    }
    FontTexture fontTexture; // released before the ImGui context and the window
    uploadFonts(*atlas, fontTexture);
    startup::mark("GL ready");
    mapKeys();
    GlTextures textures; // freed while the GL context lives

    Kiosk& kiosk = services.kiosk();
    ui::UiApp app(kiosk, services.content(), fonts, clock, &textures);
    app.setWake([] { glfwPostEmptyEvent(); }); // a picture decoded, the dashboard counted
    glfwSetWindowUserPointer(window.get(), &app);
    glfwSetMouseButtonCallback(window.get(), onButton);
    glfwSetCursorPosCallback(window.get(), onMove);
    glfwSetCharCallback(window.get(), onChar);
    glfwSetKeyCallback(window.get(), onKey);
    glfwSetWindowRefreshCallback(window.get(), onRefresh);
    services.attach(app, opt.open);
    const double watchdog = watchdogInterval();
    double lastPing = clock.now();
    std::optional<ui::ScriptRunner> runner;
    if (opt.script) {
        runner.emplace(*opt.script, app, clock);
    }
    Sound sound;
    Config shownConfig = kiosk.config();
    int shownContent = services.contentGeneration();
    std::vector<double> frameMs;
    ui::DamageTracker damage;
    const PartialPresent partialPresent(window.get());
    log::info(partialPresent.available() ? "frames: drawn and shown in parts (software renderer)"
                                         : "frames: drawn and swapped whole");
    Rgb shownPage;

    int exitCode = 0;
    int frame = 0;
    int turnFrames = 0; // frames drawn since a new turn of the screen was chosen
    bool firstFrame = true;
    const bool batch = opt.frames > 0 || runner;
    while (!glfwWindowShouldClose(window.get()) && !g_stop) {
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
        services.narrate(); // audio that became ready while waiting starts now
        // Woken only for the watchdog or to look for SIGTERM, with no input and nothing due:
        // ping, and draw nothing (a still screen stays near 0 % CPU).
        if (!runner && opt.frames == 0 && !firstFrame && !g_exposed && appWait > wait &&
            app.secondsUntilNextFrame() > 0) {
            if (clock.now() - lastPing >= watchdog) {
                sd_notify(0, "WATCHDOG=1");
                lastPing = clock.now();
            }
            continue;
        }

        int ww = 0, wh = 0, fw = 0, fh = 0;
        glfwGetWindowSize(window.get(), &ww, &wh);
        glfwGetFramebufferSize(window.get(), &fw, &fh);
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
        services.beforeFrame();
        if (followSettings(kiosk.config(), shownConfig, mmPerPx, *atlas, fontTexture, fonts,
                           fontFiles, *services.content(),
                           services.contentGeneration() != shownContent)) {
            damage.reset();
        }
        shownContent = services.contentGeneration();
        const auto frameStart = std::chrono::steady_clock::now();
        app.frame();
        services.narrate(); // the screen this frame's intents led to
        for (Cue c : app.takeCues()) {
            sound.play(c);
        }
        glViewport(0, 0, fw, fh);
        const Rgb page = app.ui().clearColor(); // panels in the page colour are not painted
        if (!(page == shownPage) || g_exposed) {
            damage.reset();
            shownPage = page;
            g_exposed = false;
        }
        if (firstFrame) {
            startup::mark("first frame built");
        }
        // On a software renderer only what changed since the last frame is drawn and shown:
        // a scrolling list or the attract screen's ripples, not the whole screen.
        const bool partial = partialPresent.available();
        const PixelRect drawn =
            drawFrame(renderer, *ImGui::GetDrawData(), partial ? &damage : nullptr, page, fw, fh);
        ++frame;

        const bool done =
            afterFrame(opt, runner ? &*runner : nullptr, app, frame, fw, fh, finalShot, exitCode);
        if (done && batch) {
            // the run ends with this frame: captured above, never to be seen on screen
        } else if (!partial) {
            glfwSwapBuffers(window.get());
        } else if (!drawn.empty()) {
            partialPresent.present(drawn.x0, drawn.y0, drawn.x1 - drawn.x0, drawn.y1 - drawn.y0,
                                   fh);
        }
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
                          startup::secondsSinceLaunch() * 1000.0);
            log::info(msg);
            startup::mark("first frame");
            log::info("start-up: " + startup::summary());
        }
        if (done && batch) {
            break;
        }
        // a new turn of the screen: the frame that says so was shown; the kiosk ends cleanly
        // and its session launcher starts it again on the turned screen
        if (kiosk.restartForScreen() && ++turnFrames > 1) {
            log::info("exiting so that the session turns the screen");
            break;
        }
    }
    writeFrameTimes(opt.frameTimes, frameMs);
    sd_notify(0, "STOPPING=1");
    // SIGTERM, the window closed, the script's end or `quit`: an open visit ends as
    // "shutdown" and is committed before the process goes.
    services.shutdown();
    return exitCode;
}

} // namespace

int runKiosk(const RunOptions& opt) {
    FinalScreenshot finalShot; // outlives the window: written while it closes
    int exitCode = runWindow(opt, finalShot);
    std::string error;
    if (!finalShot.finish(error)) {
        log::error(error);
        exitCode = 1;
    }
    return exitCode;
}

} // namespace tramso::platform
