// One kiosk frame without a window: feeds touches to ImGui, draws the current screen with
// its toolbar and the idle warning, then applies the intents the screens returned. The
// platform layer and the headless tests drive the same object.
#pragma once
#include "../ui/fonts.hpp"
#include "../ui/ui.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/staff/health.hpp"
#include "kiosk/core/visit/kiosk.hpp"

#include <any>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace tramso::ui {

class UiApp {
  public:
    // `textures` turns QR codes into drawable textures; without one, codes stay blank.
    UiApp(Kiosk& kiosk, ContentPtr content, const FontSet& fonts, const Clock& clock,
          TextureProvider* textures);
    // The content drawn from the next frame on (a pack was swapped in between frames).
    void setContent(ContentPtr content);
    const ContentPtr& content() const { return m_content; }

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

    // What a screen shows besides the content (the dashboard's numbers, the health
    // screen's facts): loaded between frames, never while drawing, on arriving at the screen
    // and whenever `key` (may be empty) gives a new value; the screen reads it from its
    // Context (c.data<T>()). Without a source the screen gets none.
    //   load: quick, on the UI thread (the health screen's facts).
    //   work: may take longer than a frame (the dashboard's queries over a year of visits):
    //         called on the UI thread, it returns the job, which runs on a worker. Until the
    //         job is done the screen gets no data (c.data<T>() is null: it says so) and the
    //         frames go on; when done the loop is woken (setWake). One job at a time per
    //         screen; a result for a key no longer wanted is dropped and the job run again.
    struct ScreenData {
        std::function<std::string(const Kiosk&)> key;
        std::function<std::any(const Kiosk&)> load;
        std::function<std::function<std::any()>(const Kiosk&)> work;
    };
    void setScreenData(ScreenId screen, ScreenData source);
    Ui& ui() { return m_ui; }

    // Pictures still being decoded on a worker.
    bool loadingImages() const { return !m_decoding.empty(); }
    // A screen's data still being gathered on a worker.
    bool loadingData() const;
    // Called on a worker when a picture is decoded or a screen's data is ready, so a waiting
    // frame loop draws at once (the platform: glfwPostEmptyEvent). Set before the first frame.
    // The kiosk's PIN check wakes it too.
    void setWake(std::function<void()> wake);

  private:
    struct DecodedImage {
        std::string rel;
        std::vector<uint8_t> rgba;
        int w = 0, h = 0;
        std::string error;
    };
    void makeQrCodes();
    void loadImages();
    void reportQrShown(const Route& shownOn);
    void loadScreenData();
    bool workDone() const; // a worker's result waits for the next frame
    // Runs `work` on a worker (joined when the UiApp goes); wakes the loop when its result
    // is ready.
    template <class T> std::future<T> runThenWake(std::function<T()> work);

    Kiosk& m_kiosk;
    ContentPtr m_content;
    TextureProvider* m_textures;
    struct ScreenDataSlot {
        ScreenData source;
        std::any value;
        std::string key;
        std::future<std::any> pending; // a `work` job under way ...
        std::string pendingKey;        // ... for this key
        bool wanted = false;           // a job is to be started (the key changed)
    };
    std::vector<ScreenDataSlot> m_data;     // by ScreenId
    ScreenId m_dataScreen = ScreenId::Safe; // whose data was loaded last
    double m_lastUsbScan = -1e9;
    std::vector<std::future<DecodedImage>> m_decoding;
    std::vector<std::string> m_pendingImages; // what m_decoding decodes
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
    std::function<void()> m_wake;
    std::vector<std::future<void>> m_workers; // last: joined first, before what jobs fill
};

} // namespace tramso::ui
