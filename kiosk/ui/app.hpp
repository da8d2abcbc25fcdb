// One kiosk frame without a window: feeds touches to ImGui, draws the current screen with
// its toolbar and the idle warning, then applies the intents the screens returned. The
// platform layer and the headless tests drive the same object.
#pragma once
#include "../core/kiosk.hpp"
#include "../core/strings.hpp"
#include "fonts.hpp"
#include "ui.hpp"

#include <string>
#include <vector>

namespace tramso::ui {

class UiApp {
  public:
    UiApp(Kiosk& kiosk, const Strings& strings, const FontSet& fonts, const Clock& clock);

    void setDisplay(ImVec2 size, float mmPerPx);
    ImVec2 displaySize() const { return m_display; }
    float mmPerPx() const { return m_mmPerPx; }

    // A finger (or mouse) in window pixels.
    void pointerDown(ImVec2 p);
    void pointerMove(ImVec2 p);
    void pointerUp(ImVec2 p);

    // Runs one ImGui frame (NewFrame … Render). The caller renders ImGui::GetDrawData().
    void frame();
    // Opens a route as a deep link would (`--open`, script `open`).
    void open(const Route& r);

    // Frame pacing: render at full rate while this is true ...
    bool wantsFullRate() const;
    // ... otherwise the next frame is needed after this many seconds (or at input).
    double secondsUntilNextFrame() const;

    const Registry& registry() const { return m_ui.registry(); }
    std::string dumpUi() const;
    std::string screenName() const;
    std::vector<Cue> takeCues() { return m_kiosk.takeCues(); }
    const Kiosk& kiosk() const { return m_kiosk; }
    Ui& ui() { return m_ui; }

  private:
    Kiosk& m_kiosk;
    const Strings& m_strings;
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
