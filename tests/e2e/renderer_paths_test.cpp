// The renderer's two ways to put a frame on screen, both tested on the one driver CI has
// (Mesa llvmpipe under Xvfb): in parts (only what changed is drawn, then shown with
// glXCopySubBufferMESA; what llvmpipe takes) and whole (every frame drawn in full and
// swapped; what a real GPU takes), forced with TRAMSO_PRESENT=whole. The same screens must
// come out the same both ways. And a lesson picture scaled to its box is sampled smoothly
// (linear), while text and QR codes stay sampled nearest.
#include "tests/e2e/screenshot.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using tramso::test::bytesApart;
using tramso::test::png;
using tramso::test::Png;
using tramso::test::readText;

namespace {

struct KioskRun {
    int code = -1;
    std::string err;
};

fs::path rendererDir() {
    return tramso::test::programDir("renderer");
}

// The largest text and no idle reset, as the other drawing tests; `env` before the command.
KioskRun kiosk(const std::string& args, const std::string& env = "") {
    const fs::path dir = rendererDir();
    const fs::path cfg = dir / "kiosk.toml";
    std::ofstream(cfg) << "mm_per_px = 0.265\nidle_seconds = 3600\ndefault_text_size = \"A+\"\n";
    const fs::path err = dir / "stderr.txt";
    const std::string cmd = env + std::string(TRAMSO_BINARY) + " --config '" + cfg.string() +
                            "' --data-dir '" + (dir / "var").string() + "' " + args + " 2> '" +
                            err.string() + "'";
    const int st = std::system(cmd.c_str());
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, readText(err)};
}

constexpr const char* kParts = "frames: drawn and shown in parts";
constexpr const char* kWhole = "frames: drawn and swapped whole";
constexpr const char* kForceWhole = "TRAMSO_PRESENT=whole ";

// Draws `args` both ways; each run must say which way it drew.
void bothWays(const std::string& args, const fs::path& parts, const fs::path& whole) {
    KioskRun r = kiosk(args + " --screenshot '" + parts.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.err.find(kParts), std::string::npos)
        << "llvmpipe under Xvfb should draw in parts: " << r.err;
    r = kiosk(args + " --screenshot '" + whole.string() + "'", kForceWhole);
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.err.find(kWhole), std::string::npos) << "TRAMSO_PRESENT=whole ignored: " << r.err;
}

} // namespace

// Still screens (tiles, lists, a QR code, a skill's lessons, a lesson's end) after a few
// frames: the frames after the first draw only what changed in one path, everything in the
// other; the pictures must agree. Mesa picks its fast or exact path per tile from what is
// drawn in it, so a soft edge may round a few levels apart; a missing or stale shape differs
// by far more.
TEST(RendererPaths, WholeFramesDrawWhatPartsDraw) {
    const fs::path d = rendererDir();
    for (const char* route : {"home", "portals", "portal:vneid", "skill:3"}) {
        SCOPED_TRACE(route);
        const fs::path parts = d / "parts.png", whole = d / "whole.png";
        bothWays(std::string("--windowed 1366x768 --open ") + route + " --frames 4", parts, whole);
        if (HasFatalFailure()) {
            return;
        }
        const Png a = png(parts), b = png(whole);
        ASSERT_EQ(a.w, 1366);
        ASSERT_EQ(a.px.size(), b.px.size());
        EXPECT_EQ(bytesApart(a, b, 48), 0u);
        // something was drawn at all: dark text on the page
        EXPECT_GT(std::count_if(a.px.begin(), a.px.end(), [](unsigned char v) { return v < 80; }),
                  2000);
    }
}

// A walk through many screens, each frame drawn over the last: in parts only the changed
// part is redrawn, whole every frame is; both end on the same screen, drawn the same.
TEST(RendererPaths, AWalkThroughScreensEndsTheSameBothWays) {
    const fs::path d = rendererDir();
    const fs::path parts = d / "walk-parts.png", whole = d / "walk-whole.png";
    const fs::path script = d / "walk.txt";
    auto write = [&](const fs::path& shot) {
        std::ofstream(script) << "open attract\n"
                                 "tap \"Chạm vào màn hình để bắt đầu\"\n"
                                 "tap \"Thanh toán trực tuyến\"\n"
                                 "open tutorial:quet-ma-qr\n"
                                 "tap \"Bước tiếp\"\n"
                                 "open portals\n"
                                 "open home\n"
                                 "wait 500\n"
                                 "screenshot "
                              << shot.string() << "\n";
    };
    write(parts);
    KioskRun r = kiosk("--windowed 1366x768 --script '" + script.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.err.find(kParts), std::string::npos) << r.err;
    write(whole);
    r = kiosk("--windowed 1366x768 --script '" + script.string() + "'", kForceWhole);
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.err.find(kWhole), std::string::npos) << r.err;
    const Png a = png(parts), b = png(whole);
    ASSERT_EQ(a.w, 1366);
    ASSERT_EQ(a.px.size(), b.px.size());
    EXPECT_EQ(bytesApart(a, b, 48), 0u);
}

// A lesson picture is drawn scaled to its box. A red and blue checkerboard of 8×8 pixels,
// enlarged many times: sampled nearest it stays pure red and pure blue squares (jagged on
// a photo); sampled linearly its squares blend into purple. Both ways of presenting agree.
TEST(RendererPaths, AScaledLessonPictureIsSampledSmoothly) {
    const fs::path d = rendererDir();
    const fs::path assets = d / "assets";
    fs::remove_all(assets);
    fs::copy(fs::path(TRAMSO_SOURCE_DIR) / "assets", assets, fs::copy_options::recursive);
    fs::create_directories(assets / "images" / "test");
    std::vector<unsigned char> checker(8 * 8 * 4);
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 8; ++x) {
            unsigned char* p = &checker[static_cast<size_t>(y * 8 + x) * 4];
            const bool red = (x + y) % 2 == 0;
            p[0] = red ? 255 : 0;
            p[1] = 0;
            p[2] = red ? 0 : 255;
            p[3] = 255;
        }
    }
    ASSERT_NE(stbi_write_png((assets / "images" / "test" / "checker.png").c_str(), 8, 8, 4,
                             checker.data(), 8 * 4),
              0);
    // the first step of a lesson whose first step has no practice phone gets the picture
    const fs::path lesson = assets / "tutorials" / "04-tra-cuu-ho-so.toml";
    std::string toml = readText(lesson);
    const size_t step = toml.find("[[steps]]\n");
    ASSERT_NE(step, std::string::npos);
    toml.insert(step + 10, "image = \"test/checker.png\"\n");
    std::ofstream(lesson) << toml;

    // a script, so the picture has time to load before the screenshot
    const fs::path parts = d / "picture-parts.png", whole = d / "picture-whole.png";
    const fs::path script = d / "picture.txt";
    const std::string args =
        "--assets '" + assets.string() + "' --windowed 1366x768 --script '" + script.string() + "'";
    std::ofstream(script) << "open tutorial:tra-cuu-ho-so\nwait 1000\nscreenshot " << parts.string()
                          << "\n";
    KioskRun r = kiosk(args);
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.err.find(kParts), std::string::npos) << r.err;
    std::ofstream(script) << "open tutorial:tra-cuu-ho-so\nwait 1000\nscreenshot " << whole.string()
                          << "\n";
    r = kiosk(args, kForceWhole);
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.err.find(kWhole), std::string::npos) << r.err;
    for (const fs::path& shot : {parts, whole}) {
        SCOPED_TRACE(shot.filename().string());
        const Png p = png(shot);
        ASSERT_EQ(p.w, 1366);
        size_t pure = 0, blended = 0;
        for (size_t i = 0; i + 3 < p.px.size(); i += 4) {
            const int red = p.px[i], green = p.px[i + 1], blue = p.px[i + 2];
            if (green > 30) {
                continue; // not the picture: the page, text, the lesson's other parts
            }
            if ((red > 240 && blue < 15) || (blue > 240 && red < 15)) {
                ++pure;
            } else if (red > 60 && blue > 60) {
                ++blended; // red and blue mixed: only linear sampling makes these
            }
        }
        EXPECT_GT(pure + blended, 5000u) << "the picture is not on the screen";
        EXPECT_GT(blended, (pure + blended) / 4) << "the enlarged picture is sampled nearest";
    }
    EXPECT_EQ(bytesApart(png(parts), png(whole), 48), 0u);
}
