// The per-frame sequence. Intents are applied after ImGui::Render so a screen never sees
// the state change halfway through drawing itself.
#include "app.hpp"

#include "../../screens/screen.hpp"

#include "../core/log.hpp"
#include "../core/qr.hpp"

#include <stb_image.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>

namespace tramso::ui {
namespace {
// Each screen's draw function, from the screen table, indexed by ScreenId.
constexpr std::array kDraw = {
#define TRAMSO_SCREEN_DRAW(id, name, audience, parameter, draw) &screens::draw,
    TRAMSO_SCREENS(TRAMSO_SCREEN_DRAW)
#undef TRAMSO_SCREEN_DRAW
};
} // namespace

UiApp::UiApp(Kiosk& kiosk, const Content& content, const FontSet& fonts, const Clock& clock,
             TextureProvider* textures)
    : m_kiosk(kiosk), m_content(content), m_strings(content.strings), m_textures(textures),
      m_fonts(fonts), m_clock(clock) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    io.MouseDrawCursor = false;
}

void UiApp::setDisplay(ImVec2 size, float mmPerPx) {
    if (size.x == m_display.x && size.y == m_display.y && mmPerPx == m_mmPerPx) {
        return; // called every frame by the platform; only a change needs new frames
    }
    m_display = size;
    m_mmPerPx = mmPerPx;
    m_framesAfterInput = 3;
}

void UiApp::pointerDown(ImVec2 p) {
    m_ui.touch().pointerDown(p, m_clock.now());
    m_framesAfterInput = 3;
}

void UiApp::pointerMove(ImVec2 p) {
    m_ui.touch().pointerMove(p, m_clock.now());
    if (m_ui.touch().fingerDown()) {
        m_framesAfterInput = 3;
    }
}

void UiApp::pointerUp(ImVec2 p) {
    m_ui.touch().pointerUp(p, m_clock.now());
    m_framesAfterInput = 3;
}

void UiApp::open(const Route& r) {
    m_kiosk.apply(intent::Open{r});
    m_framesAfterInput = 3;
}

void UiApp::setHealthSource(HealthSource source) {
    m_healthSource = std::move(source);
}

void UiApp::setDashboardSource(DashboardSource source, std::string notice) {
    m_dashboardSource = std::move(source);
    m_dashboardNotice = std::move(notice);
}

void UiApp::frame() {
    // The dashboard's queries run here, before the frame, never inside drawing: on arriving
    // at the dashboard and when another lesson's funnel is chosen.
    const bool onDashboard = m_kiosk.route().screen == ScreenId::Dashboard;
    if (onDashboard && m_dashboardSource &&
        (!m_dashboardShown || m_kiosk.dashboardFunnel() != m_dashboardFunnel)) {
        m_dashboardFunnel = m_kiosk.dashboardFunnel();
        try {
            m_dashboard = m_dashboardSource(m_dashboardFunnel);
        } catch (const std::exception& e) {
            m_dashboard.reset();
            m_dashboardNotice = std::string("the statistics cannot be read: ") + e.what();
        }
    }
    m_dashboardShown = onDashboard;
    const bool onHealth = m_kiosk.route().screen == ScreenId::Health;
    if (onHealth && !m_healthShown && m_healthSource) {
        m_health = m_healthSource();
    }
    m_healthShown = onHealth;
    // USB sticks: the mount table is read between frames, at most once a second
    // (the export's scanner also mounts new sticks through udisks2: the packs screen asks it too)
    const ScreenId usbScreen = m_kiosk.route().screen;
    if ((usbScreen == ScreenId::Export || usbScreen == ScreenId::Packs) &&
        m_clock.now() - m_lastUsbScan >= 1.0) {
        if (m_kiosk.exportService()) {
            m_kiosk.exportService()->refresh();
        }
        if (usbScreen == ScreenId::Packs && m_kiosk.packService()) {
            m_kiosk.packService()->refresh();
        }
        m_lastUsbScan = m_clock.now();
    }
    const double now = m_clock.now();
    const float dt = m_lastFrame < 0
                         ? 1.0f / 60.0f
                         : static_cast<float>(std::clamp(now - m_lastFrame, 1e-4, 0.25));
    m_lastFrame = now;

    const VisitSettings& s = m_kiosk.settings();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = m_display;
    io.DeltaTime = dt;
    io.FontDefault = m_fonts.get(s.textSize, FontRole::Body);
    m_ui.touch().beginFrame(io);
    const bool released = m_ui.touch().tapReleased() || m_ui.touch().flung();

    ImGui::NewFrame();
    Ui::FrameSetup setup;
    setup.fonts = &m_fonts;
    setup.textSize = s.textSize;
    setup.contrast = s.contrast;
    setup.mmPerPx = m_mmPerPx;
    setup.time = now;
    setup.dt = dt;
    setup.upLabel = m_strings.get("common.up", s.lang).c_str();
    setup.downLabel = m_strings.get("common.down", s.lang).c_str();
    m_ui.beginFrame(setup);

    std::vector<Intent> intents;
    screens::Context ctx{m_kiosk,
                         m_content,
                         m_strings,
                         m_ui,
                         intents,
                         ImVec2(0, 0),
                         m_display,
                         m_dashboard ? &*m_dashboard : nullptr,
                         &m_dashboardNotice,
                         m_health ? &*m_health : nullptr};
    const ScreenId screen = m_kiosk.route().screen;
    const bool presenter = m_kiosk.guided() && m_kiosk.guided()->presenter;
    if (isResidentScreen(screen)) {
        const float th = presenter ? screens::presenterBar(ctx) : screens::toolbar(ctx);
        ctx.pos = ImVec2(0, th);
        ctx.size = ImVec2(m_display.x, m_display.y - th);
    }
    m_ui.beginPageNext();
    kDraw[static_cast<size_t>(screen)](ctx);
    m_overlay = m_kiosk.idleWarningShown();
    if (m_overlay) {
        ctx.pos = ImVec2(0, 0);
        ctx.size = m_display;
        screens::idleWarning(ctx);
    }
    ImGui::Render();
    const Route before = m_kiosk.route();
    reportQrShown(before);
    makeQrCodes();
    loadImages();

    const VisitSettings settingsBefore = m_kiosk.settings();
    if (released) {
        m_kiosk.touched(); // any lift of a finger shows someone is there
    }
    for (const Intent& i : intents) {
        m_kiosk.apply(i);
    }
    m_kiosk.tick();
    if (!(m_kiosk.route() == before) || !(m_kiosk.settings() == settingsBefore) ||
        m_kiosk.idleWarningShown() != m_overlay) {
        m_framesAfterInput = std::max(m_framesAfterInput, 2);
    }
    if (m_framesAfterInput > 0) {
        --m_framesAfterInput;
    }
}

bool UiApp::knows(const Route& r, std::string* why) const {
    if (r.screen == ScreenId::Portal && !m_content.portals.find(r.id)) {
        if (why) {
            *why = "unknown portal '" + r.id + "' (not in portals.toml, or refused when loading)";
        }
        return false;
    }
    if (r.screen == ScreenId::Tutorial && !m_content.tutorials.find(r.id)) {
        if (why) {
            *why = "unknown tutorial '" + r.id +
                   "' (not in assets/tutorials, or refused when "
                   "loading: run tramso check-content)";
        }
        return false;
    }
    if ((r.screen == ScreenId::Quiz || r.screen == ScreenId::QuizGroup) &&
        !m_content.quizzes.find(r.id)) {
        if (why) {
            *why = "unknown quiz '" + r.id +
                   "' (not in assets/quizzes, or refused when loading: run tramso check-content)";
        }
        return false;
    }
    return true;
}

void UiApp::makeQrCodes() {
    for (const std::string& url : m_ui.takeQrRequests()) {
        std::string err;
        auto m = encodeQr(url, m_kiosk.config().qrEcc, &err);
        if (!m || !m_textures) {
            if (!m) {
                log::error("cannot make a QR code for " + url + ": " + err);
            }
            m_ui.addQrTexture(url, QrTexture{}); // ask only once
            continue;
        }
        int side = 0;
        std::vector<uint8_t> grey = rasterizeQr(*m, 1, side);
        std::vector<uint8_t> rgba(grey.size() * 4);
        for (size_t i = 0; i < grey.size(); ++i) {
            rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = grey[i];
            rgba[i * 4 + 3] = 255;
        }
        m_ui.addQrTexture(url, QrTexture{m_textures->upload(rgba, side, side), side});
        m_framesAfterInput = std::max(m_framesAfterInput, 2);
    }
}

void UiApp::loadImages() {
    for (const std::string& rel : m_ui.takeImageRequests()) {
        std::filesystem::path file = m_content.assets / "images" / rel;
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(file.c_str(), &w, &h, &n, 4);
        if (!px || !m_textures) {
            if (!px) {
                log::error("cannot read the image " + file.string() + ": " +
                           (stbi_failure_reason() ? stbi_failure_reason() : "unknown"));
            }
            stbi_image_free(px);
            m_ui.addImage(rel, QrTexture{}, ImVec2(0, 0)); // ask only once
            continue;
        }
        std::vector<uint8_t> rgba(px, px + static_cast<size_t>(w) * h * 4);
        stbi_image_free(px);
        m_ui.addImage(rel, QrTexture{m_textures->upload(rgba, w, h), 0},
                      ImVec2(static_cast<float>(w), static_cast<float>(h)));
        m_framesAfterInput = std::max(m_framesAfterInput, 2);
    }
}

void UiApp::reportQrShown(const Route& shownOn) {
    if (!(shownOn == m_qrRoute)) {
        m_qrRoute = shownOn;
        m_qrReported.clear();
    }
    for (const std::string& id : m_ui.qrShownThisFrame()) {
        if (std::find(m_qrReported.begin(), m_qrReported.end(), id) == m_qrReported.end()) {
            m_qrReported.push_back(id);
            m_kiosk.qrShown(id);
        }
    }
}

bool UiApp::wantsFullRate() const {
    return m_framesAfterInput > 0 || m_ui.touch().fingerDown() || m_ui.touch().pending() ||
           m_ui.animating();
}

double UiApp::secondsUntilNextFrame() const {
    if (wantsFullRate()) {
        return 0;
    }
    double wait = std::numeric_limits<double>::infinity();
    if (m_ui.tickFps() > 0) {
        wait = 1.0 / m_ui.tickFps();
    }
    double timed = m_kiosk.nextTimedChange() - m_clock.now();
    wait = std::min(wait, std::max(0.0, timed));
    return wait;
}

std::string UiApp::screenName() const {
    return std::string(tramso::screenName(m_kiosk.route().screen));
}

std::string UiApp::dumpUi() const {
    const VisitSettings& s = m_kiosk.settings();
    return m_ui.registry().toJson(routeName(m_kiosk.route()), m_overlay ? "idle_warning" : "",
                                  m_mmPerPx, std::string(toString(s.lang)),
                                  std::string(toString(s.textSize)),
                                  std::string(toString(s.contrast)),
                                  m_fonts.capHeightPx(s.textSize, FontRole::Body) * m_mmPerPx);
}

} // namespace tramso::ui
