// A kiosk without a window: a real ImGui context with the real fonts, a manual clock, and a
// finger that taps widgets by label — imgui_test_engine's ItemClick, re-done for 1.86.
#pragma once
#include "kiosk/core/kiosk.hpp"
#include "kiosk/core/strings.hpp"
#include "kiosk/ui/app.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <memory>

namespace tramso::test {

class Harness {
  public:
    explicit Harness(ImVec2 display = {1920, 1080}, float mmPerPx = 0.265f,
                     Config config = Config());
    ~Harness();

    void frame(int n = 1);
    // Press and release at the centre of the item with this label; false when not on screen.
    bool tap(const std::string& label);
    // Press on the item, drag by `delta` pixels over several frames, release.
    bool swipe(const std::string& label, ImVec2 delta, int steps = 6);
    const ui::TappableItem* item(const std::string& label);
    bool shows(const std::string& text);
    ScreenId screen() const { return kiosk->route().screen; }
    const std::string& tr(const std::string& key) const {
        return strings.get(key, kiosk->settings().lang);
    }
    void resize(ImVec2 display, float mmPerPx);

    ManualClock clock;
    Strings strings;
    ui::FontSet fonts;
    std::unique_ptr<Kiosk> kiosk;
    std::unique_ptr<ui::UiApp> app;
    ImGuiContext* ctx = nullptr;
    ImVec2 display;
    float mmPerPx;
    ui::FontFiles files;
    std::string allText;
};

} // namespace tramso::test
