// Issue 14, end to end: the real binary in a window of each supported size (landscape and
// portrait), at text sizes A and A+, on home, a lesson step with a keypad, a lesson's end
// screen and a portal. Each screenshot's dump is checked (toolbar band, actions and phone on
// screen, QR code whole) and all of them go on one contact sheet in the test output.
// Needs an X server larger than the largest window: ctest runs it in its own xvfb-run.
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;
using nlohmann::json;
using tramso::test::readText;

namespace {

struct Shape {
    int w, h;
    const char* mmPerPx;
};
// The same pixel pitches as the headless layout matrix.
constexpr Shape kShapes[] = {{1280, 800, "0.2646"}, {1366, 768, "0.252"},  {1920, 1080, "0.248"},
                             {2560, 1440, "0.233"}, {800, 1280, "0.2646"}, {1080, 1920, "0.248"}};

struct PageScript {
    const char* name;
    const char* script;      // before the screenshot line
    bool safe = false;       // started after a crash loop: the safe screen
    bool textInside = false; // every line of text inside the window too
};
// "Kích hoạt VNeID" step 4 is the keypad; its end screen has no code, "Tra cứu hồ sơ" has.
constexpr PageScript kPages[] = {
    {"home", "open home\n"},
    {"keypad-step", "open tutorial:vneid-kich-hoat\ntap \"Bước tiếp\"\ntap \"Bước tiếp\"\n"
                    "tap \"Bước tiếp\"\nexpect \"Bước 4/7\"\n"},
    {"end", "open tutorial:tra-cuu-ho-so\ntap \"Bước tiếp\"\ntap \"Bước tiếp\"\n"
            "tap \"Bước tiếp\"\ntap \"Bước tiếp\"\nexpect \"Bạn đã học xong!\"\n"},
    {"portal", "open portal:dichvucong\n"},
    {"attract", "open attract\n", false, true},
    {"safe", "", true, true},
    {"setup", "open setup\n", false, true},
};

// A data folder after three crashes in this boot, the last one having logged an error: the
// next start shows the safe screen.
void crashLoop(const fs::path& var, const fs::path& bootFile) {
    fs::create_directories(var);
    std::ofstream(bootFile) << "layout-boot\n";
    const long now = static_cast<long>(std::time(nullptr));
    std::ofstream(var / "crashes") << now - 30 << " layout-boot\n" << now - 20 << " layout-boot\n";
    std::ofstream(var / "running") << now - 10 << " layout-boot\n";
    std::ofstream(var / "last-error")
        << "run " << now - 10 << " layout-boot\n"
        << "content: assets/tutorials/07-tien-dien-nuoc.toml:12: the step has no title; the "
           "lesson is hidden until it is fixed\n";
}

fs::path outDir() {
    const char* env = std::getenv("TRAMSO_LAYOUT_SHOTS");
    fs::path d = env ? fs::path(env)
                     : fs::temp_directory_path() / ("tramso-layout-" + std::to_string(getpid()));
    fs::create_directories(d);
    return d;
}

struct Image {
    int w = 0, h = 0;
    std::vector<unsigned char> px; // RGB
};

Image load(const fs::path& p) {
    Image out;
    int n = 0;
    unsigned char* data = stbi_load(p.c_str(), &out.w, &out.h, &n, 3);
    if (data) {
        out.px.assign(data, data + static_cast<size_t>(out.w) * out.h * 3);
        stbi_image_free(data);
    }
    return out;
}

// Pastes `img` scaled (area average) into a cell of `sheet` at (x, y), `cell` px square.
void paste(Image& sheet, const Image& img, int x, int y, int cell) {
    if (img.w == 0) {
        return;
    }
    const float scale = std::min(static_cast<float>(cell) / static_cast<float>(img.w),
                                 static_cast<float>(cell) / static_cast<float>(img.h));
    const int w = static_cast<int>(static_cast<float>(img.w) * scale);
    const int h = static_cast<int>(static_cast<float>(img.h) * scale);
    for (int j = 0; j < h; ++j) {
        for (int i = 0; i < w; ++i) {
            const int sx0 = static_cast<int>(static_cast<float>(i) / scale);
            const int sy0 = static_cast<int>(static_cast<float>(j) / scale);
            const int sx1 = std::max(sx0 + 1, static_cast<int>(static_cast<float>(i + 1) / scale));
            const int sy1 = std::max(sy0 + 1, static_cast<int>(static_cast<float>(j + 1) / scale));
            int sum[3] = {0, 0, 0}, n = 0;
            for (int sy = sy0; sy < std::min(sy1, img.h); ++sy) {
                for (int sx = sx0; sx < std::min(sx1, img.w); ++sx) {
                    for (int k = 0; k < 3; ++k) {
                        sum[k] += img.px[(static_cast<size_t>(sy) * img.w + sx) * 3 + k];
                    }
                    ++n;
                }
            }
            for (int k = 0; k < 3; ++k) {
                sheet.px[(static_cast<size_t>(y + j) * sheet.w + x + i) * 3 + k] =
                    static_cast<unsigned char>(sum[k] / std::max(1, n));
            }
        }
    }
}

bool insideWindow(const json& r, const Shape& s) {
    const double x = r["x"].get<double>(), y = r["y"].get<double>();
    const double w = r.contains("w") ? r["w"].get<double>() : r["side"].get<double>();
    const double h = r.contains("h") ? r["h"].get<double>() : r["side"].get<double>();
    return x >= -0.5 && y >= -0.5 && x + w <= s.w + 0.5 && y + h <= s.h + 0.5;
}

// What every page must show in a window of shape `s`: the screenshot at the window's size,
// and in its UI dump every region, QR code and (where asked) line of text inside the window,
// a toolbar band of at most 15 % of the height, codes of modules >= 1 mm, and every tappable
// item at least 15 mm across and, unless it scrolls, visible and inside the window.
void checkPage(const std::string& name, const PageScript& page, const Shape& s,
               const fs::path& shot, const fs::path& dumpFile) {
    const Image img = load(shot);
    EXPECT_EQ(img.w, s.w) << name;
    EXPECT_EQ(img.h, s.h) << name;
    ASSERT_TRUE(fs::exists(dumpFile)) << name;
    const json d = json::parse(readText(dumpFile));
    if (page.textInside) {
        for (const auto& t : d["texts"]) {
            EXPECT_TRUE(insideWindow(t, s)) << name << ": " << t["text"];
        }
    }
    for (const auto& r : d["regions"]) {
        EXPECT_TRUE(insideWindow(r, s)) << name << ": " << r["name"];
        if (r["name"] == "toolbar") {
            EXPECT_LE(r["h"].get<double>(), s.h * 0.15 + 0.5) << name;
        }
    }
    for (const auto& q : d["qr_codes"]) {
        EXPECT_TRUE(insideWindow(q, s)) << name << ": " << q["portal"];
        EXPECT_GE(q["module_mm"].get<double>(), 0.995) << name;
    }
    for (const auto& it : d["items"]) {
        if (it["role"] == "hold") {
            continue;
        }
        EXPECT_GE(std::min(it["w_mm"].get<double>(), it["h_mm"].get<double>()), 15.0)
            << name << ": " << it["label"];
        if (!it["in_scroll"].get<bool>()) {
            EXPECT_TRUE(it["visible"].get<bool>()) << name << ": " << it["label"];
            EXPECT_TRUE(insideWindow(it, s)) << name << ": " << it["label"];
        }
    }
}

} // namespace

// One start of the kiosk per window size and text size takes every page in turn (a
// screenshot and a UI dump of each, by the script's `screenshot` and `dump`); the safe screen
// needs a start of its own, after a crash loop. 24 starts, not one per page (84): under ASan
// a start costs about a CPU-second and a half.
TEST(LayoutScreens, SixSizesTwoTextSizesFourPagesOnOneContactSheet) {
    const fs::path dir = outDir();
    std::vector<fs::path> shots;
    for (const char* textSize : {"A", "A+"}) {
        for (const Shape& s : kShapes) {
            const std::string run = std::to_string(s.w) + "x" + std::to_string(s.h) + "-" +
                                    (std::string(textSize) == "A" ? "A" : "Aplus");
            const fs::path cfg = dir / (run + ".toml");
            std::ofstream(cfg) << "mm_per_px = " << s.mmPerPx << "\ndefault_text_size = \""
                               << textSize << "\"\n";
            auto shotOf = [&](const PageScript& page) {
                return dir / (run + "-" + page.name + ".png");
            };
            auto dumpOf = [&](const PageScript& page) {
                return dir / (run + "-" + page.name + ".json");
            };
            // start: the pages that a plain start reaches by the script, or only the safe one
            auto start = [&](bool safe) {
                std::ostringstream script;
                for (const PageScript& page : kPages) {
                    if (page.safe == safe) {
                        script << page.script << "screenshot " << shotOf(page).string() << "\ndump "
                               << dumpOf(page).string() << "\n";
                    }
                }
                const std::string name = run + (safe ? "-safe" : "");
                const fs::path scriptFile = dir / (name + ".txt");
                std::ofstream(scriptFile) << script.str();
                const fs::path err = dir / (name + ".err");
                fs::path var = dir / "var";
                std::string env;
                if (safe) {
                    var = dir / "var-safe";
                    crashLoop(var, dir / "boot-id");
                    env = "TRAMSO_BOOT_ID_FILE='" + (dir / "boot-id").string() + "' ";
                }
                const std::string cmd = env + std::string(TRAMSO_BINARY) + " --config '" +
                                        cfg.string() + "' --data-dir '" + var.string() +
                                        "' --windowed " + std::to_string(s.w) + "x" +
                                        std::to_string(s.h) + " --script '" + scriptFile.string() +
                                        "' 2> '" + err.string() + "'";
                const int st = std::system(cmd.c_str());
                EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << name << ": " << readText(err);
                if (safe) {
                    EXPECT_NE(readText(err).find("showing the safe screen"), std::string::npos)
                        << name;
                }
            };
            start(false);
            start(true);
            for (const PageScript& page : kPages) {
                checkPage(run + "-" + page.name, page, s, shotOf(page), dumpOf(page));
                shots.push_back(shotOf(page));
            }
            if (HasFatalFailure()) {
                return;
            }
        }
    }
    // One row per screen size and text size, one column per page.
    const int cell = 360, pad = 8;
    const int cols = static_cast<int>(std::size(kPages));
    const int rows = static_cast<int>(shots.size()) / cols;
    Image sheet;
    sheet.w = cols * (cell + pad) + pad;
    sheet.h = rows * (cell + pad) + pad;
    sheet.px.assign(static_cast<size_t>(sheet.w) * sheet.h * 3, 60);
    for (size_t i = 0; i < shots.size(); ++i) {
        const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
        paste(sheet, load(shots[i]), pad + c * (cell + pad), pad + r * (cell + pad), cell);
    }
    const fs::path out = dir / "contact-sheet.png";
    ASSERT_NE(stbi_write_png(out.c_str(), sheet.w, sheet.h, 3, sheet.px.data(), sheet.w * 3), 0);
    std::cout << "contact sheet: " << out.string() << "\n";
}
