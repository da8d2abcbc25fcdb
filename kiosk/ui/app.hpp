// One kiosk frame without a window: feeds touches to ImGui, draws the current screen with
// its toolbar and the idle warning, then applies the intents the screens returned. The
// platform layer and the headless tests drive the same object.
#pragma once
#include "../../db/stats_store.hpp"
#include "../core/content.hpp"
#include "../core/health.hpp"
#include "../core/kiosk.hpp"
#include "fonts.hpp"
#include "ui.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tramso::ui {

class UiApp {
  public:
    // `textures` turns QR codes into drawable textures; without one, codes stay blank.
    UiApp(Kiosk& kiosk, const Content& content, const FontSet& fonts, const Clock& clock,
          TextureProvider* textures);

    void setDisplay(ImVec2 size, float mmPerPx);
    ImVec2 displaySize() const { return m_display; }
    float mmPerPx() const { return m_mmPerPx; }

    // A finger (or mouse) in window pixels.
    void pointerDown(ImVec2 p);
    void pointerMove(ImVec2 p);
    void pointerUp(ImVec2 p);
    // A key on a plugged-in keyboard (the technician's settings form).
    void keyboardUsed() {
        m_kiosk.touched();
        m_framesAfterInput = 3;
    }

    // Runs one ImGui frame (NewFrame … Render). The caller renders ImGui::GetDrawData().
    void frame();
    // Opens a route as a deep link would (`--open`, script `open`).
    void open(const Route& r);
    // Whether a route leads somewhere (a portal id must be in the registry).
    bool knows(const Route& r, std::string* why = nullptr) const;

    // Frame pacing: render at full rate while this is true ...
    bool wantsFullRate() const;
    // ... otherwise the next frame is needed after this many seconds (or at input).
    double secondsUntilNextFrame() const;

    const Registry& registry() const { return m_ui.registry(); }
    std::string dumpUi() const;
    std::string screenName() const;
    std::vector<Cue> takeCues() { return m_kiosk.takeCues(); }
    const Kiosk& kiosk() const { return m_kiosk; }

    // Where the dashboard's numbers come from (the stats store), and a notice to show with
    // them (a damaged file moved aside, not recording). Without it the dashboard says so.
    using DashboardSource = std::function<db::DashboardData(const std::string& funnelTutorial)>;
    void setDashboardSource(DashboardSource source, std::string notice);
    // The health screen's facts, gathered when it opens.
    using HealthSource = std::function<HealthInfo()>;
    void setHealthSource(HealthSource source);
    Ui& ui() { return m_ui; }

  private:
    void makeQrCodes();
    void loadImages();
    void reportQrShown(const Route& shownOn);

    Kiosk& m_kiosk;
    const Content& m_content;
    const Strings& m_strings;
    TextureProvider* m_textures;
    DashboardSource m_dashboardSource;
    std::string m_dashboardNotice;
    std::optional<db::DashboardData> m_dashboard;
    std::string m_dashboardFunnel;
    bool m_dashboardShown = false;
    HealthSource m_healthSource;
    std::optional<HealthInfo> m_health;
    bool m_healthShown = false;
    double m_lastUsbScan = -1e9;
    Route m_qrRoute;
    std::vector<std::string> m_qrReported;
    const FontSet& m_fonts;
    const Clock& m_clock;
    Ui m_ui;
    ImVec2 m_display{1280, 800};
    float m_mmPerPx = 0.25f;
    double m_lastFrame = -1;
    int m_framesAfterInput = 3;
    bool m_overlay = false;
};

} // namespace tramso::ui
