// The kiosk's frames without a window, for the frame benchmarks (pin/, dashboard/): the
// production wiring (kiosk/app's Services and UiApp) on a manual clock that follows real
// time, the real fonts, and one frame as the kiosk's loop runs it.
#pragma once
#include "kiosk/app/services.hpp"
#include "kiosk/app/ui_app.hpp"
#include "kiosk/ui/fonts.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

namespace tramso::bench {

using Ms = std::chrono::duration<double, std::milli>;

struct FrameRig {
    ManualClock clock;
    ui::FontSet fonts;
    std::unique_ptr<app::Services> services;
    std::unique_ptr<ui::UiApp> app;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

    FrameRig() { ImGui::CreateContext(); }
    ~FrameRig() {
        app.reset();
        services.reset();
        ImGui::DestroyContext();
    }

    // The fonts for `content`; false (and why on stderr) when they cannot be built.
    bool buildFonts(const Content& content, const Config& config) {
        ui::FontFiles files;
        std::string why;
        if (!ui::findFonts(files, why) ||
            !fonts.build(*ImGui::GetIO().Fonts, files, 0.265f, content.allText(config), why,
                         content.screenText(config))) {
            std::fprintf(stderr, "fonts: %s\n", why.c_str());
            return false;
        }
        return true;
    }
    // The services from `o` (its clock is this rig's), and a 1280×800 UiApp on them.
    void wire(app::ServiceOptions o) {
        o.clock = &clock;
        services = std::make_unique<app::Services>(std::move(o));
        app = std::make_unique<ui::UiApp>(services->kiosk(), services->content(), fonts, clock,
                                          nullptr);
        app->setDisplay(ImVec2(1280, 800), 0.265f);
        services->attach(*app, std::nullopt);
    }
    // One frame as the kiosk's loop runs it (`inFrame` first); returns its wall time in ms.
    double frame(const std::function<void()>& inFrame = {}) {
        const auto t0 = std::chrono::steady_clock::now();
        clock.set(1000.0 + std::chrono::duration<double>(t0 - start).count());
        if (inFrame) {
            inFrame();
        }
        services->beforeFrame();
        app->frame();
        services->narrate();
        return Ms(std::chrono::steady_clock::now() - t0).count();
    }
};

} // namespace tramso::bench
