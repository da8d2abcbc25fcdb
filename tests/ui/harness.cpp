// Harness implementation: frames advance the manual clock by 1/60 s.
#include "harness.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <unistd.h>

namespace tramso::test {

Harness::Harness(ImVec2 d, float mm, Config config) : display(d), mmPerPx(mm) {
    static std::atomic<int> count{0};
    dataDir = std::filesystem::temp_directory_path() /
              ("tramso-harness-" + std::to_string(getpid()) + "-" + std::to_string(++count));
    std::filesystem::remove_all(dataDir);
    std::filesystem::create_directories(dataDir);
    configFile = dataDir / "kiosk.toml";
    content = loadContent(std::string(TRAMSO_SOURCE_DIR) + "/assets", config);
    for (const auto& problem : content.diagnostics) {
        // the answer-balance warnings have tests of their own (AnswerBalance.Bundled*)
        if (problem.severity == Diagnostic::Severity::Warning &&
            problem.message.find(": the right answer is ") != std::string::npos) {
            continue;
        }
        ADD_FAILURE() << problem.format();
    }
    ctx = ImGui::CreateContext();
    std::string err;
    if (!ui::findFonts(files, err)) {
        ADD_FAILURE() << err;
    }
    allText = content.allText(config);
    hugeText = content.screenText(config);
    if (!fonts.build(*ImGui::GetIO().Fonts, files, mmPerPx, allText, err, hugeText)) {
        ADD_FAILURE() << err;
    }
    rebuild(&recorder, config);
}

void Harness::rebuild(SessionRecorder* rec, Config config) {
    app.reset();
    services.reset();
    if (!config.dataDir) {
        config.dataDir = dataDir;
    }
    app::ServiceOptions o;
    o.config = config;
    o.content = std::make_shared<const Content>(content);
    o.clock = &clock;
    o.version = kioskVersion;
    o.recorder = rec;
    o.staffStore = staff.get();
    o.speechSink = &speech;
    o.wallClock = [this] { return wallStart + static_cast<int64_t>(clock.now()); };
    if (!mountinfo.empty()) {
        o.mountinfo = mountinfo;
    }
    o.setupOnFirstStart = setupOnFirstStart;
    o.turnsScreen = turnsScreen;
    if (!machineIdFile.empty()) {
        o.machineIdFile = machineIdFile;
    }
    services = std::make_unique<app::Services>(std::move(o));
    kiosk = &services->kiosk();
    app = std::make_unique<ui::UiApp>(*kiosk, services->content(), fonts, clock, &textures);
    app->setDisplay(display, mmPerPx);
    services->attach(*app, std::nullopt);
    frame(2);
}

Harness::~Harness() {
    app.reset();
    services.reset();
    ImGui::DestroyContext(ctx);
    std::error_code ec;
    std::filesystem::remove_all(dataDir, ec);
}

void Harness::resize(ImVec2 d, float mm) {
    display = d;
    mmPerPx = mm;
    std::string err;
    ASSERT_TRUE(fonts.build(*ImGui::GetIO().Fonts, files, mmPerPx, allText, err, hugeText)) << err;
    app->setDisplay(display, mmPerPx);
    frame(3);
}

void Harness::frame(int n) {
    for (int i = 0; i < n; ++i) {
        clock.advance(1.0 / 60.0);
        services->beforeFrame(); // as the real loop: content swaps happen between frames
        app->frame();
        services->narrate();
    }
}

const ui::TappableItem* Harness::item(const std::string& label) {
    return app->registry().find(label);
}

bool Harness::shows(const std::string& text) {
    return app->registry().showsText(text);
}

bool Harness::tap(const std::string& label) {
    const ui::TappableItem* it = item(label);
    if (!it) {
        return false;
    }
    ImVec2 c = it->tapPoint();
    app->pointerDown(c);
    frame();
    app->pointerUp(c);
    settle();
    return true;
}

bool Harness::tapScrolled(const std::string& label) {
    for (int i = 0; i < 12; ++i) {
        if (item(label)) {
            return tap(label);
        }
        if (!tap(tr("common.down"))) {
            return false;
        }
    }
    return false;
}

void Harness::settle() {
    // like the real loop: keep rendering while the app asks for frames (layout settling,
    // a QR code arriving), then a couple more
    frame(2);
    for (int i = 0; i < 30 && app->wantsFullRate(); ++i) {
        frame();
    }
    // pictures are decoded and the dashboard's numbers counted on workers: real time for
    // them, as the kiosk's frames would give
    if (app->loadingImages() || app->loadingData()) {
        for (int i = 0; i < 2000 && (app->loadingImages() || app->loadingData()); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            frame();
        }
        frame(2); // drawn with its picture
    }
}

bool Harness::hold(const std::string& label, double seconds) {
    const ui::TappableItem* it = item(label);
    if (!it) {
        return false;
    }
    ImVec2 c = it->tapPoint();
    app->pointerDown(c);
    frame();
    for (double t = 0; t < seconds; t += 0.25) {
        clock.advance(0.25);
        frame();
    }
    app->pointerUp(c);
    settle();
    return true;
}

int64_t Harness::addStaff(Role role, const std::string& pin) {
    std::string why;
    int64_t id = staff->add(role, "test", pin, wallStart, why, PinCost::Minimum);
    EXPECT_NE(id, 0) << why;
    return id;
}

bool Harness::typePin(const std::string& pin) {
    for (char d : pin) {
        if (!tap(std::string(1, d))) {
            return false;
        }
    }
    waitForPinCheck();
    return true;
}

void Harness::waitForPinCheck() {
    // the PIN is hashed on a worker: frames go on (as on the kiosk) until the result is in
    for (int i = 0; i < 10000 && kiosk->pinChecking(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        frame();
    }
    settle();
}

void Harness::login(const std::string& pin) {
    if (screen() != ScreenId::Attract && screen() != ScreenId::Home) {
        kiosk->apply(intent::Open{Route{ScreenId::Attract}});
        settle();
    }
    ASSERT_TRUE(hold(kiosk->config().siteName, 3.2));
    ASSERT_EQ(screen(), ScreenId::StaffLogin);
    ASSERT_TRUE(typePin(pin));
    ASSERT_EQ(screen(), ScreenId::StaffHome);
}

bool Harness::swipe(const std::string& label, ImVec2 delta, int steps) {
    const ui::TappableItem* it = item(label);
    if (!it) {
        return false;
    }
    ImVec2 p = it->tapPoint();
    app->pointerDown(p);
    frame();
    for (int i = 1; i <= steps; ++i) {
        ImVec2 q(p.x + delta.x * static_cast<float>(i) / static_cast<float>(steps),
                 p.y + delta.y * static_cast<float>(i) / static_cast<float>(steps));
        app->pointerMove(q);
        frame();
    }
    app->pointerUp(ImVec2(p.x + delta.x, p.y + delta.y));
    frame();
    return true;
}

float gapBetween(const ui::TappableItem& a, const ui::TappableItem& b) {
    float dx = std::max({0.0f, b.visMin.x - a.visMax.x, a.visMin.x - b.visMax.x});
    float dy = std::max({0.0f, b.visMin.y - a.visMax.y, a.visMin.y - b.visMax.y});
    return std::max(dx, dy);
}

} // namespace tramso::test
