// Plays a `--script` against a UiApp, frame by frame, the way a finger would: a tap is a
// press and a release on the labelled item's centre, so scripts test what residents get.
#pragma once
#include "kiosk/core/base/clock.hpp"
#include "kiosk/core/visit/script.hpp"
#include "ui_app.hpp"

#include <string>

namespace tramso::ui {

class ScriptRunner {
  public:
    enum class Status { Running, Done, Failed };

    ScriptRunner(Script script, UiApp& app, const Clock& clock);

    // Call before UiApp::frame(): injects input for the current command.
    void beforeFrame();
    // What the script asks to keep of the frame just drawn: a path in `screenshot` for its
    // pixels, in `dump` for its UI dump (as `--dump-ui` writes). Written before the next call.
    struct Capture {
        std::string screenshot, dump;
    };
    // Call after the frame was drawn (before it is shown).
    Status afterFrame(Capture& capture);

    const std::string& error() const { return m_error; }
    // Seconds until the runner needs another frame (0: at once).
    double secondsUntilNextFrame() const;

  private:
    Status fail(const std::string& message);
    const ScriptCommand* current() const;
    // True while a screenshot or the quit waits for the pictures and a screen's data.
    bool waitForWorkers();

    Script m_script;
    UiApp& m_app;
    const Clock& m_clock;
    size_t m_index = 0;
    int m_phase = 0;   // step within the current command
    int m_retries = 0; // frames spent waiting for a label or text to appear
    double m_waitingSince = 0;
    double m_until = 0; // end of a wait
    ImVec2 m_tapAt{};
    std::string m_error;
};

} // namespace tramso::ui
