// A kiosk without a window: a real ImGui context with the real fonts, a manual clock, the
// production service wiring (kiosk/app) on a throwaway data folder, and a finger that taps
// widgets by label — imgui_test_engine's ItemClick, re-done for 1.86.
#pragma once
#include "db/staff_store.hpp"
#include "kiosk/app/services.hpp"
#include "kiosk/app/ui_app.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "kiosk/core/visit/session.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <memory>

namespace tramso::test {

// Keeps uploaded images in memory so a test can read back (and decode) what would be drawn.
class FakeTextures final : public ui::TextureProvider {
  public:
    struct Image {
        std::vector<uint8_t> rgba;
        int width = 0, height = 0;
    };
    ImTextureID upload(const std::vector<uint8_t>& rgba, int w, int h) override {
        images.push_back({rgba, w, h});
        return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(images.size()));
    }
    std::vector<Image> images;
};

// Keeps what the narration asked to play (no sound card in tests).
class FakeSink final : public speech::AudioSink {
  public:
    void play(const speech::Ready& r) override {
        played.push_back(r.utterance.key.str());
        said.push_back(r.utterance);
        sources.push_back(r.audio->parts);
    }
    void stop() override { ++stops; }
    void setVolume(int step) override { volume = step; }
    std::vector<std::string> played;     // utterance keys: "step/<lesson>/3/vi"
    std::vector<speech::Utterance> said; // the words of each, part by part
    // where the parts of each one played came from
    std::vector<std::vector<speech::PartSource>> sources;
    int stops = 0;
    int volume = 0;
};

class Harness {
  public:
    explicit Harness(ImVec2 display = {1920, 1080}, float mmPerPx = 0.265f,
                     Config config = Config());
    ~Harness();

    // New services, kiosk and app through the production wiring, recording to `rec` (null:
    // the production statistics in the data folder), with the harness's staff store and wall
    // clock. The data folder (crash guard, statistics, settings file) stays across rebuilds.
    void rebuild(SessionRecorder* rec, Config config = Config());
    void frame(int n = 1);
    // Frames until the app stops asking for them (as the real loop renders).
    void settle();
    // Press and release at the centre of the item with this label; false when not on screen.
    bool tap(const std::string& label);
    // Taps `label`, first scrolling the page down (its "down" button) while it is out of
    // view, as a person would.
    bool tapScrolled(const std::string& label);
    // Press on the item, drag by `delta` pixels over several frames, release.
    bool swipe(const std::string& label, ImVec2 delta, int steps = 6);
    // Press on the item and hold it for `seconds` (the staff gesture), then release.
    bool hold(const std::string& label, double seconds);
    // Adds a staff member with this PIN (cheap hashing) to the in-memory staff store.
    int64_t addStaff(Role role, const std::string& pin);
    // Types a PIN on the keypad by tapping its digit keys, and waits for its check.
    bool typePin(const std::string& pin);
    // Frames until the PIN typed has been checked (the hashing runs on a worker).
    void waitForPinCheck();
    // Gesture, keypad, PIN: lands on the team screen.
    void login(const std::string& pin);
    const ui::TappableItem* item(const std::string& label);
    bool shows(const std::string& text);
    ScreenId screen() const { return kiosk->route().screen; }
    const std::string& tr(const std::string& key) const {
        return strings.get(key, kiosk->settings().lang);
    }
    void resize(ImVec2 display, float mmPerPx);
    // Waits (real time) until the speech worker has made what the narration asked for.
    bool speechServiceIdle() {
        return services->speechService() && services->speechService()->waitIdle(30.0);
    }

    // The content shown now (a pack may have been swapped in since the last rebuild).
    const Content& shown() const { return *services->content(); }

    ManualClock clock;
    // What the next rebuild() shows (a snapshot of it is taken then): tests may change it.
    Content content;
    Strings& strings = content.strings;
    MemoryRecorder recorder;
    std::unique_ptr<db::StaffStore> staff = db::StaffStore::memory();
    int64_t wallStart = 1'900'000'000; // the keypad lock's clock: wallStart + clock
    FakeTextures textures;
    FakeSink speech; // before the services, which speak into it
    ui::FontSet fonts;
    std::filesystem::path dataDir;    // removed with the harness
    std::filesystem::path configFile; // <dataDir>/kiosk.toml: root's, never written
    std::filesystem::path mountinfo;  // a fake mount table for the services (set, then rebuild)
    // The first-start setup: off for tests that start at the attract screen with no staff.
    bool setupOnFirstStart = false;
    std::filesystem::path machineIdFile; // the suggested kiosk id's source (set, then rebuild)
    bool turnsScreen = false;          // as under the session launcher: the setup turns the screen
    std::string kioskVersion = "test"; // what the health screen shows and packs are checked by
    std::unique_ptr<app::Services> services;
    Kiosk* kiosk = nullptr; // services->kiosk()
    std::unique_ptr<ui::UiApp> app;
    ImGuiContext* ctx = nullptr;
    ImVec2 display;
    float mmPerPx;
    ui::FontFiles files;
    std::string allText;
    std::string hugeText;
};

// Gap between the parts a finger can reach (what is scrolled or clipped away cannot be
// tapped, so it cannot be mis-tapped either).
float gapBetween(const ui::TappableItem& a, const ui::TappableItem& b);

} // namespace tramso::test
