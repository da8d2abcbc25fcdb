// The kiosk on a real screen: a GLFW window (fullscreen on the primary monitor unless
// windowed), OpenGL 3 rendering of ImGui, frame pacing, screenshots, sounds, and scripts.
#pragma once
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/nav/route.hpp"
#include "kiosk/core/visit/script.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace tramso::platform {

struct RunOptions {
    Config config;
    // Where loadContent puts the content shown at start (a pack switched in later is a new
    // snapshot the services swap in).
    ContentPtr* content = nullptr;
    // Reads the content into *content and checks what --open names; returns "" or the
    // problem (exit code 2). Runs on a worker while the window opens.
    std::function<std::string()> loadContent;
    std::filesystem::path bundledAssets;
    GlyphCheck canDraw;
    std::optional<std::pair<int, int>> windowed; // W×H
    std::optional<Route> open;
    std::string screenshot; // write after `frames` frames, then exit
    int frames = 0;
    std::string dumpUi; // write the UI dump when exiting after frames or a script
    std::optional<Script> script;
    std::string frameTimes; // benchmarks: each frame's time (build, render, swap) in ms
    // Tests: narration written as WAV files and DIR/speech.jsonl instead of played
    std::string speechOut;
};

// Runs until the window closes, the frames are done, or the script ends. Returns the
// process exit code (0 fine, 1 failure).
int runKiosk(const RunOptions& options);

// Millimetres per pixel from the monitor's physical size; nullopt when it reports nonsense.
std::optional<double> monitorMmPerPx(int widthMm, int widthPx);

} // namespace tramso::platform
