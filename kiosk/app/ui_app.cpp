// The per-frame sequence. Intents are applied after ImGui::Render so a screen never sees
// the state change halfway through drawing itself.
#include "ui_app.hpp"

#include "../../screens/screen.hpp"

#include "../ui/picture_textures.hpp"
#include "kiosk/core/base/log.hpp"
#include "kiosk/core/base/qr.hpp"

#include <stb_image.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <future>
#include <limits>

namespace tramso::ui {
namespace {
// Each screen's draw function, from the screen table, indexed by ScreenId.
constexpr std::array kDraw = {
#define TRAMSO_SCREEN_DRAW(id, name, audience, parameter, draw, data) &screens::draw,
    TRAMSO_SCREENS(TRAMSO_SCREEN_DRAW)
#undef TRAMSO_SCREEN_DRAW
};
} // namespace

UiApp::UiApp(Kiosk& kiosk, ContentPtr content, const FontSet& fonts, const Clock& clock,
             TextureProvider* textures)
    : m_kiosk(kiosk), m_content(std::move(content)), m_textures(textures), m_fonts(fonts),
      m_clock(clock) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    io.MouseDrawCursor = false;
}

void UiApp::setContent(ContentPtr content) {
    m_content = std::move(content);
    m_framesAfterInput = std::max(m_framesAfterInput, 2);
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

void UiApp::setScreenData(ScreenId screen, ScreenData source) {
    const size_t i = static_cast<size_t>(screen);
    if (m_data.size() <= i) {
        m_data.resize(i + 1);
    }
    ScreenDataSlot slot; // a job under way for the old source finishes unread
    slot.source = std::move(source);
    m_data[i] = std::move(slot);
    if (m_dataScreen == screen) {
        m_dataScreen = ScreenId::Safe; // loaded again at the next frame
    }
}

void UiApp::setWake(std::function<void()> wake) {
    m_wake = std::move(wake);
    m_kiosk.setWake(m_wake);
}

template <class T> std::future<T> UiApp::runThenWake(std::function<T()> work) {
    // The result is in the future before the wake, so a woken loop finds it ready.
    std::packaged_task<T()> task(std::move(work));
    std::future<T> result = task.get_future();
    std::erase_if(m_workers, [](const std::future<void>& w) {
        return w.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
    m_workers.push_back(
        std::async(std::launch::async, [task = std::move(task), wake = m_wake]() mutable {
            task();
            if (wake) {
                wake();
            }
        }));
    return result;
}

void UiApp::loadScreenData() {
    // A screen's data is loaded here, before the frame, never inside drawing: on arriving at
    // the screen and when its key changes (the dashboard: another lesson's funnel chosen).
    const ScreenId shown = m_kiosk.route().screen;
    const size_t si = static_cast<size_t>(shown);
    if (si < m_data.size() && (m_data[si].source.load || m_data[si].source.work)) {
        ScreenDataSlot& slot = m_data[si];
        std::string key = slot.source.key ? slot.source.key(m_kiosk) : std::string();
        if (m_dataScreen != shown || key != slot.key) {
            slot.key = std::move(key);
            if (slot.source.work) {
                slot.value.reset(); // "counting…" until the job is done
                slot.wanted = true;
            } else {
                slot.value = slot.source.load(m_kiosk);
            }
        }
    }
    m_dataScreen = shown;
    // jobs: a finished one delivers (if its key is still the one wanted), then the next starts
    for (size_t i = 0; i < m_data.size(); ++i) {
        ScreenDataSlot& slot = m_data[i];
        if (slot.pending.valid() &&
            slot.pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            std::any v = slot.pending.get();
            if (slot.pendingKey == slot.key && !slot.wanted) {
                slot.value = std::move(v);
                m_framesAfterInput = std::max(m_framesAfterInput, 2);
            }
        }
        if (i != si) {
            // left before its job could start (one at a time): none is needed now, and an
            // arrival asks anew. Else it would count as loading for as long as the kiosk
            // shows other screens, and scripts and tests would wait for it.
            slot.wanted = false;
        }
        if (slot.wanted && !slot.pending.valid() && i == si) { // only the shown screen's
            slot.wanted = false;
            slot.pendingKey = slot.key;
            slot.pending = runThenWake<std::any>([job = slot.source.work(m_kiosk)] {
                try {
                    return job();
                } catch (const std::exception& e) {
                    log::error(std::string("a screen's data: ") + e.what());
                    return std::any();
                }
            });
        }
    }
}

bool UiApp::loadingData() const {
    return std::any_of(m_data.begin(), m_data.end(),
                       [](const ScreenDataSlot& s) { return s.pending.valid() || s.wanted; });
}

bool UiApp::workDone() const {
    const auto ready = [](const auto& f) {
        return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    };
    return std::any_of(m_decoding.begin(), m_decoding.end(), ready) ||
           std::any_of(m_data.begin(), m_data.end(),
                       [&](const ScreenDataSlot& s) { return ready(s.pending); });
}

void UiApp::frame() {
    loadScreenData();
    const ScreenId shown = m_kiosk.route().screen;
    const size_t si = static_cast<size_t>(shown);
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
    // this frame's content: whatever is swapped in meanwhile, it lives until the frame ends
    const ContentPtr content = m_content;
    setup.upLabel = content->strings.get("common.up", s.lang).c_str();
    setup.downLabel = content->strings.get("common.down", s.lang).c_str();
    m_ui.beginFrame(setup);

    std::vector<Intent> intents;
    screens::Context ctx{
        m_kiosk,
        *content,
        content->strings,
        m_ui,
        intents,
        ImVec2(0, 0),
        m_display,
        si < m_data.size() && m_data[si].value.has_value() ? &m_data[si].value : nullptr};
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
    std::string problem = unknownRouteId(*m_content, r);
    if (why) {
        *why = problem;
    }
    return problem.empty();
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
    // A lesson's pictures are read and decoded on a worker (a large PNG takes longer than a
    // frame); the frame only uploads what is ready.
    for (const std::string& rel : m_ui.takeImageRequests()) {
        if (std::find(m_pendingImages.begin(), m_pendingImages.end(), rel) !=
            m_pendingImages.end()) {
            continue; // asked again while it is being decoded
        }
        m_pendingImages.push_back(rel);
        m_decoding.push_back(
            runThenWake<DecodedImage>([rel, file = m_content->assets / "images" / rel] {
                DecodedImage d;
                d.rel = rel;
                int n = 0;
                unsigned char* px = stbi_load(file.c_str(), &d.w, &d.h, &n, 4);
                if (!px) {
                    d.error = "cannot read the image " + file.string() + ": " +
                              (stbi_failure_reason() ? stbi_failure_reason() : "unknown");
                    return d;
                }
                d.rgba.assign(px, px + static_cast<size_t>(d.w) * d.h * 4);
                stbi_image_free(px);
                return d;
            }));
    }
    for (auto it = m_decoding.begin(); it != m_decoding.end();) {
        if (it->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            ++it;
            continue;
        }
        const DecodedImage d = it->get();
        it = m_decoding.erase(it);
        std::erase(m_pendingImages, d.rel);
        if (d.rgba.empty() || !m_textures) {
            if (!d.error.empty()) {
                log::error(d.error);
            }
            m_ui.addImage(d.rel, QrTexture{}, ImVec2(0, 0)); // ask only once
            continue;
        }
        const std::vector<uint8_t>& rgba = d.rgba;
        const int w = d.w, h = d.h;
        auto* pictures = dynamic_cast<PictureTextures*>(m_textures);
        const ImTextureID tex =
            pictures ? pictures->uploadPicture(rgba, w, h) : m_textures->upload(rgba, w, h);
        m_ui.addImage(d.rel, QrTexture{tex, 0},
                      ImVec2(static_cast<float>(w), static_cast<float>(h)));
        m_framesAfterInput = std::max(m_framesAfterInput, 2);
    }
    if (!m_decoding.empty() && !m_wake) {
        m_framesAfterInput = std::max(m_framesAfterInput, 1); // nobody wakes us: look again
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
           m_ui.animating() || workDone() || (loadingData() && !m_wake);
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
