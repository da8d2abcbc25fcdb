// End-to-end: the real `tramso` binary in the Xvfb server ctest started (1920×1080), driven
// by --open, --screenshot, --dump-ui and --script; assertions read what it wrote.
#include "db/stats_store.hpp"
#include "kiosk/core/base/color.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/portals.hpp"
#include "tests/e2e/screenshot.hpp"
#include "tests/support/support.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

namespace fs = std::filesystem;
using nlohmann::json;
using tramso::contrastRatio;
using tramso::parseHex;
using tramso::Rgb;
using tramso::test::bytesApart;
using tramso::test::png;
using tramso::test::Png;
using namespace tramso;

namespace {

struct Result {
    int code = -1;
    std::string err;
};

fs::path workDir() {
    return test::programDir("e2e");
}

// Runs tramso with `args` (already shell-quoted) and a config with mm_per_px fixed, so sizes
// are the same on every machine.
Result runKiosk(const std::string& args, const std::string& configText = "mm_per_px = 0.265\n",
                const std::string& env = "") {
    fs::path dir = workDir();
    fs::path cfg = dir / "kiosk.toml";
    std::ofstream(cfg) << configText;
    fs::path err = dir / "stderr.txt";
    std::string cmd = env + std::string(TRAMSO_BINARY) + " --config '" + cfg.string() +
                      "' --data-dir '" + (dir / "var").string() + "' " + args + " 2> '" +
                      err.string() + "'";
    int st = std::system(cmd.c_str());
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, test::readText(err)};
}

// `tramso staff ARGS` with `input` on standard input, in the test's data dir.
Result staffCli(const std::string& args, const std::string& input) {
    fs::path dir = workDir();
    fs::path in = dir / "stdin.txt";
    std::ofstream(in) << input;
    fs::path err = dir / "stderr.txt";
    fs::path out = dir / "stdout.txt";
    std::string cmd = std::string(TRAMSO_BINARY) + " --config '" + (dir / "kiosk.toml").string() +
                      "' staff " + args + " --data-dir '" + (dir / "var").string() + "' < '" +
                      in.string() + "' > '" + out.string() + "' 2> '" + err.string() + "'";
    int st = std::system(cmd.c_str());
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, test::readText(err) + test::readText(out)};
}

// Script lines that open a staff route and type the PIN on the keypad.
std::string typePin(const std::string& pin) {
    std::string s;
    for (char d : pin) {
        s += "tap \"" + std::string(1, d) + "\"\n";
    }
    return s;
}

json dump(const fs::path& p) {
    return json::parse(test::readText(p));
}

Rgb hex(const json& v) {
    Rgb c;
    EXPECT_TRUE(parseHex(v.get<std::string>(), c)) << v;
    return c;
}

// The drawing tests' kiosk: the largest text, and no idle reset during a run.
const std::string kLargeText =
    "mm_per_px = 0.265\nidle_seconds = 3600\ndefault_text_size = \"A+\"\n";

// Decodes the QR code in a screenshot, from its pixels, as a phone camera would.
std::string decodeQr(const Png& p) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    auto r = ZXing::ReadBarcode({p.px.data(), p.w, p.h, ZXing::ImageFormat::RGBX}, hints);
    return r.isValid() ? r.text() : "";
}

void checkTargets(const json& d) {
    double min = d["contrast"] == "high" ? 10.0 : 7.0;
    ASSERT_FALSE(d["items"].empty());
    for (const auto& it : d["items"]) {
        if (it["role"] == "hold") {
            continue; // the hidden staff gesture is not a button
        }
        EXPECT_GE(std::min(it["w_mm"].get<double>(), it["h_mm"].get<double>()), 15.0)
            << it["label"];
        EXPECT_GE(contrastRatio(hex(it["fg"]), hex(it["bg"])), min) << it["label"];
    }
    for (const auto& t : d["texts"]) {
        EXPECT_GE(contrastRatio(hex(t["fg"]), hex(t["bg"])), min) << t["text"];
    }
}

} // namespace

TEST(E2E, VersionAndHelp) {
    EXPECT_EQ(runKiosk("--version").code, 0);
    EXPECT_EQ(runKiosk("--help > /dev/null").code, 0);
}

TEST(E2E, UnknownRouteExitsWith2) {
    Result r = runKiosk("--open staffroom --frames 1");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown route"), std::string::npos) << r.err;
    EXPECT_EQ(runKiosk("--open skill:9 --frames 1").code, 2);
}

TEST(E2E, FullscreenHomeScreenshotAndDump) {
    fs::path d = workDir();
    Result r = runKiosk("--open home --screenshot '" + (d / "home.png").string() + "' --frames 5 " +
                        "--dump-ui '" + (d / "home.json").string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    Png p = png(d / "home.png");
    EXPECT_EQ(p.w, 1920); // fullscreen at the monitor's mode
    EXPECT_EQ(p.h, 1080);
    json j = dump(d / "home.json");
    EXPECT_EQ(j["screen"], "home");
    EXPECT_NEAR(j["mm_per_px"].get<double>(), 0.265, 1e-6);
    EXPECT_GE(j["body_cap_height_mm"].get<double>(), 4.8);
    checkTargets(j);
    // the page background is the normal theme's paper colour
    EXPECT_EQ(p.at(p.w / 2, p.h - 3), tramso::rgb(0xF7F3EA));
    int labels = 0;
    for (const auto& it : j["items"]) {
        labels += it["label"] == "Dịch vụ công trực tuyến" || it["label"] == "Gọi tổ công nghệ số";
    }
    EXPECT_EQ(labels, 2);
}

TEST(E2E, ScriptDrivesEveryToolbarButton) {
    fs::path d = workDir();
    struct Case {
        const char* tap;
        const char* key;
        const char* value;
    } cases[] = {{"English", "language", "en"},
                 {"A+", "text_size", "A+"},
                 {"A–", "text_size", "A-"},
                 {"Tương phản cao", "contrast", "high"}};
    for (const auto& c : cases) {
        fs::path script = d / "toolbar.txt";
        std::ofstream(script) << "open home\ntap \"" << c.tap << "\"\nquit\n";
        fs::path out = d / "toolbar.json";
        Result r = runKiosk("--script '" + script.string() + "' --dump-ui '" + out.string() + "'");
        ASSERT_EQ(r.code, 0) << c.tap << ": " << r.err;
        json j = dump(out);
        EXPECT_EQ(j[c.key], c.value) << c.tap;
        checkTargets(j);
    }
    // the high-contrast screenshot really is black
    fs::path script = d / "hc.txt";
    std::ofstream(script) << "open home\ntap \"Tương phản cao\"\nscreenshot "
                          << (d / "hc.png").string() << "\n";
    ASSERT_EQ(runKiosk("--script '" + script.string() + "'").code, 0);
    Png p = png(d / "hc.png");
    ASSERT_EQ(p.w, 1920);
    EXPECT_EQ(p.at(p.w / 2, p.h - 3), tramso::rgb(0x000000));
    // Home and "call the team"
    std::ofstream(script)
        << "open skill:2\nexpect \"Mua sắm trực tuyến\"\ntap \"Gọi tổ công nghệ số\"\n"
           "expect \"Chuông đã reo trong nhà văn hóa\"\ntap \"Trang chủ\"\n"
           "expect \"Bạn muốn học gì hôm nay?\"\n";
    fs::path out = d / "nav.json";
    Result r = runKiosk("--script '" + script.string() + "' --dump-ui '" + out.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(dump(out)["screen"], "home");
}

TEST(E2E, ScriptFailureNamesTheLine) {
    fs::path d = workDir();
    fs::path script = d / "bad.txt";
    std::ofstream(script) << "open home\n\ntap \"Không có nút này\"\n";
    Result r = runKiosk("--script '" + script.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(script.string() + ":3:"), std::string::npos) << r.err;
    std::ofstream(script) << "open home\nexpect \"chữ không có\"\n";
    r = runKiosk("--script '" + script.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(":2:"), std::string::npos) << r.err;
    std::ofstream(script) << "tapp \"x\"\n";
    r = runKiosk("--script '" + script.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(":1:"), std::string::npos) << r.err;
}

TEST(E2E, BadConfigValueIsNamedAndTheKioskStillStarts) {
    fs::path d = workDir();
    Result r = runKiosk(
        "--open home --frames 3 --dump-ui '" + (d / "c.json").string() + "'",
        "mm_per_px = 0.265\nidle_seconds = \"soon\"\nsite_name = \"Nhà văn hóa xã Xuân Lạc\"\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("kiosk.toml:2: error: idle_seconds"), std::string::npos) << r.err;
    fs::path s = d / "site.txt";
    std::ofstream(s) << "open attract\nexpect \"Nhà văn hóa xã Xuân Lạc\"\n";
    r = runKiosk("--script '" + s.string() + "'",
                 "mm_per_px = 0.265\nsite_name = \"Nhà văn hóa xã Xuân Lạc\"\n");
    EXPECT_EQ(r.code, 0) << r.err;
}

TEST(E2E, AttractTapStartsAVisit) {
    fs::path d = workDir();
    fs::path s = d / "attract.txt";
    std::ofstream(s)
        << "expect \"Chạm vào màn hình để bắt đầu\"\ntap \"Chạm vào màn hình để bắt đầu\"\n"
           "expect \"Bạn muốn học gì hôm nay?\"\n";
    Result r =
        runKiosk("--script '" + s.string() + "' --dump-ui '" + (d / "a.json").string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(dump(d / "a.json")["screen"], "home");
}

TEST(E2E, IdleWarningAppearsAndResetsToAttract) {
    fs::path d = workDir();
    fs::path s = d / "idle.txt";
    std::ofstream(s) << "open home\ntap \"English\"\nwait 15500\nexpect \"I need more time\"\n"
                        "screenshot "
                     << (d / "idle.png").string()
                     << "\nwait 20500\n"
                        "expect \"Chạm vào màn hình để bắt đầu\"\n";
    Result r =
        runKiosk("--script '" + s.string() + "' --dump-ui '" + (d / "idle.json").string() + "'",
                 "mm_per_px = 0.265\nidle_seconds = 15\nwarning_seconds = 20\n");
    ASSERT_EQ(r.code, 0) << r.err;
    json j = dump(d / "idle.json");
    EXPECT_EQ(j["screen"], "attract");
    EXPECT_EQ(j["language"], "vi"); // the visit's English was forgotten
    EXPECT_EQ(png(d / "idle.png").w, 1920);
}

TEST(E2E, EveryPortalCodeDecodesFromTheScreenshot) {
    fs::path d = workDir();
    Diagnostics diag;
    PortalRegistry reg = PortalRegistry::load(fs::path(TRAMSO_SOURCE_DIR) / "assets/portals.toml",
                                              Config().allowedHosts, diag);
    ASSERT_GE(reg.all().size(), 6u);
    for (const Portal& p : reg.all()) {
        fs::path shot = d / (p.id + ".png");
        fs::path ui = d / (p.id + ".json");
        Result r = runKiosk("--open portal:" + p.id + " --screenshot '" + shot.string() +
                            "' --frames 4 --dump-ui '" + ui.string() + "'");
        ASSERT_EQ(r.code, 0) << p.id << ": " << r.err;
        EXPECT_EQ(decodeQr(png(shot)), p.url) << p.id;
        json j = dump(ui);
        ASSERT_EQ(j["qr_codes"].size(), 1u);
        EXPECT_GE(j["qr_codes"][0]["module_mm"].get<double>(), 1.0);
        checkTargets(j);
    }
}

TEST(E2E, PortalCodeDecodesAtEveryTextSizeAndInHighContrast) {
    fs::path d = workDir();
    const char* variants[][2] = {{"A–", "small"}, {"A+", "large"}, {"Tương phản cao", "hc"}};
    for (const auto& v : variants) {
        fs::path s = d / "v.txt";
        fs::path shot = d / (std::string(v[1]) + ".png");
        std::ofstream(s) << "open portals\ntap \"" << v[0] << "\"\nopen portal:tinnhiemmang\n"
                         << "expect \"tinnhiemmang.vn\"\nscreenshot " << shot.string() << "\n";
        Result r = runKiosk("--script '" + s.string() + "'");
        ASSERT_EQ(r.code, 0) << v[1] << ": " << r.err;
        EXPECT_EQ(decodeQr(png(shot)), "https://tinnhiemmang.vn/website-lua-dao") << v[1];
    }
    // on a 1366x768 screen too
    fs::path shot = d / "small-screen.png";
    fs::path s = d / "w.txt";
    std::ofstream(s) << "open portal:vneid\nscreenshot " << shot.string() << "\n";
    Result r = runKiosk("--windowed 1366x768 --script '" + s.string() + "'", "mm_per_px = 0.252\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(decodeQr(png(shot)), "https://vneid.gov.vn");
}

TEST(E2E, UnknownPortalExitsWith2) {
    Result r = runKiosk("--open portal:fake-bank --frames 1");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown portal"), std::string::npos) << r.err;
}

TEST(E2E, CheckContent) {
    fs::path out = workDir() / "check.txt";
    int st = std::system(
        (std::string(TRAMSO_BINARY) + " check-content > '" + out.string() + "'").c_str());
    EXPECT_EQ(WEXITSTATUS(st), 0) << test::readText(out);
    EXPECT_NE(test::readText(out).find("0 errors"), std::string::npos) << test::readText(out);
    // a copy of the assets with a scam address slipped in
    fs::path assets = workDir() / "bad-assets";
    fs::remove_all(assets);
    fs::copy(fs::path(TRAMSO_SOURCE_DIR) / "assets", assets, fs::copy_options::recursive);
    std::ofstream(assets / "portals.toml", std::ios::app)
        << "\n[[portal]]\nid = \"fake\"\nurl = \"https://dichvucong.gov.vn.evil.com\"\n"
           "title = { vi = \"Giả\", en = \"Fake\" }\ndescription = { vi = \"x\", en = \"x\" }\n";
    st = std::system((std::string(TRAMSO_BINARY) + " check-content '" + assets.string() + "' > '" +
                      out.string() + "'")
                         .c_str());
    EXPECT_EQ(WEXITSTATUS(st), 1);
    EXPECT_NE(test::readText(out).find("portals.toml:"), std::string::npos) << test::readText(out);
    EXPECT_NE(test::readText(out).find("not on the allowlist"), std::string::npos)
        << test::readText(out);
    // and the kiosk still starts on it, without that code
    Result r = runKiosk("--assets '" + assets.string() + "' --open portals --frames 3");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("refused"), std::string::npos);
}

TEST(E2E, LessonByScriptWithReplicaScreenshotsInBothLanguages) {
    fs::path d = workDir();
    for (const char* lang : {"vi", "en"}) {
        fs::path s = d / "lesson.txt";
        fs::path shot = d / (std::string("replica-") + lang + ".png");
        fs::path ui = d / (std::string("replica-") + lang + ".json");
        std::ofstream(s) << "open home\n"
                         << (std::string(lang) == "en" ? "tap \"English\"\n" : "")
                         << "open tutorial:vneid-kich-hoat\n"
                         << "tap \"VNeID\"\n"
                         << "expect \"" << (std::string(lang) == "en" ? "Step 2 of 7" : "Bước 2/7")
                         << "\"\nscreenshot " << shot.string() << "\n";
        Result r = runKiosk("--script '" + s.string() + "' --dump-ui '" + ui.string() + "'");
        ASSERT_EQ(r.code, 0) << lang << ": " << r.err;
        EXPECT_EQ(png(shot).w, 1920);
        json j = dump(ui);
        EXPECT_EQ(j["screen"], "tutorial:vneid-kich-hoat");
        bool target = false;
        for (const auto& it : j["items"]) {
            target |=
                it["role"] == "replica" && it["label"] == "Kích hoạt tài khoản định danh điện tử";
        }
        EXPECT_TRUE(target) << lang;
        checkTargets(j);
    }
}

TEST(E2E, UnknownTutorialExitsWith2) {
    Result r = runKiosk("--open tutorial:khong-co --frames 1");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown tutorial"), std::string::npos) << r.err;
}

TEST(E2E, DashboardShowsWhatVisitsRecorded) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    fs::path s = d / "visit.txt";
    ASSERT_EQ(staffCli("add --role team", "246810\n246810\n").code, 0);
    std::ofstream(s) << "open portal:vneid\nopen attract\nopen dashboard\n"
                     << typePin("246810") << "expect \"Thống kê sử dụng máy\"\n"
                     << "screenshot " << (d / "dash.png").string() << "\n";
    Result r =
        runKiosk("--script '" + s.string() + "' --dump-ui '" + (d / "dash.json").string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(d / "var/stats.sqlite"));
    json j = dump(d / "dash.json");
    EXPECT_EQ(j["screen"], "dashboard");
    bool qr = false;
    for (const auto& t : j["texts"]) {
        qr |= t["text"] == "Mã QR đã hiện";
    }
    EXPECT_TRUE(qr);
    checkTargets(j);
}

TEST(E2E, DamagedStatisticsAreMovedAsideAndTheKioskRuns) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    fs::create_directories(d / "var");
    std::ofstream(d / "var/stats.sqlite") << "garbage, not a database";
    ASSERT_EQ(staffCli("add --role team", "246810\n246810\n").code, 0);
    fs::path script = d / "damaged.txt";
    // the PIN is checked off the drawing thread: wait for the dashboard before the dump
    std::ofstream(script) << "open dashboard\n"
                          << typePin("246810") << "expect \"Thống kê sử dụng máy\"\n";
    Result r =
        runKiosk("--script '" + script.string() + "' --dump-ui '" + (d / "n.json").string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("moved aside"), std::string::npos) << r.err;
    bool aside = false;
    for (const auto& e : fs::directory_iterator(d / "var")) {
        aside |= e.path().filename().string().rfind("stats.corrupt-", 0) == 0;
    }
    EXPECT_TRUE(aside);
    const json shown = dump(d / "n.json"); // kept alive: the loop reads into it
    bool notice = false;
    for (const auto& t : shown["texts"]) {
        notice |= t["text"].get<std::string>().find("damaged") != std::string::npos;
    }
    EXPECT_TRUE(notice) << "the dashboard shows the notice";
}

TEST(E2E, LessonStepCodeDecodesAtEveryTextSizeAndInHighContrast) {
    // "Tin nhắn và đường link lừa đảo", step 4 shows the scam-site checker's code
    fs::path d = workDir();
    const char* variants[][2] = {{"A–", "small"}, {"A+", "large"}, {"Tương phản cao", "hc"}};
    for (const auto& v : variants) {
        fs::path s = d / "step.txt";
        fs::path shot = d / (std::string("step-") + v[1] + ".png");
        std::ofstream(s) << "open home\ntap \"" << v[0] << "\"\nopen tutorial:tin-nhan-lua-dao\n"
                         << "tap \"Bước tiếp\"\ntap \"Bước tiếp\"\ntap \"Bước tiếp\"\n"
                         << "expect \"tinnhiemmang.vn\"\nscreenshot " << shot.string() << "\n";
        Result r = runKiosk("--script '" + s.string() + "'");
        ASSERT_EQ(r.code, 0) << v[1] << ": " << r.err;
        EXPECT_EQ(decodeQr(png(shot)), "https://tinnhiemmang.vn/website-lua-dao") << v[1];
    }
}

TEST(E2E, EveryLessonStepCodeDecodesFromTheScreenshot) {
    // every step of every lesson that shows an official address, the province app's included
    const std::string config = "mm_per_px = 0.265\nprovince_app_name = \"C-ThaiNguyen\"\n"
                               "province_app_url = \"https://thainguyen.gov.vn\"\n";
    ConfigLoad cfg = parseConfig(config, "kiosk.toml");
    ASSERT_TRUE(cfg.diagnostics.empty());
    Content content = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", cfg.config);
    ASSERT_NE(content.tutorials.find("ung-dung-cua-tinh"), nullptr);
    fs::path d = workDir();
    int codes = 0;
    for (const Tutorial& t : content.tutorials.tutorials) {
        for (size_t i = 0; i < t.steps.size(); ++i) {
            if (t.steps[i].portal.empty()) {
                continue;
            }
            const Portal* p = content.portals.find(t.steps[i].portal);
            ASSERT_NE(p, nullptr) << t.id;
            const std::string where = t.id + " step " + std::to_string(i + 1);
            fs::path s = d / "lesson-qr.txt";
            fs::path shot = d / (t.id + "-" + std::to_string(i + 1) + ".png");
            {
                std::ofstream out(s);
                out << "open tutorial:" << t.id << "\n";
                for (size_t k = 0; k < i; ++k) {
                    out << "tap \"Bước tiếp\"\n";
                }
                out << "screenshot " << shot.string() << "\n";
            }
            Result r = runKiosk("--script '" + s.string() + "'", config);
            ASSERT_EQ(r.code, 0) << where << ": " << r.err;
            EXPECT_EQ(decodeQr(png(shot)), p->url) << where;
            ++codes;
        }
    }
    EXPECT_GE(codes, 10);
}

TEST(E2E, StaffCommandsAddListRemoveAndRefuse) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    Result r = staffCli("add --role technician --label 'Anh Minh'", "902715\n902715\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("added staff 1 (technician)"), std::string::npos) << r.err;
    r = staffCli("add --role team", "123456\n123456\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("sequence"), std::string::npos) << r.err;
    r = staffCli("add --role team", "555555\n555555\n");
    EXPECT_EQ(r.code, 1);
    r = staffCli("add --role team", "2468\n2468\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("6 digits"), std::string::npos) << r.err;
    r = staffCli("add --role team", "246810\n246811\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("differ"), std::string::npos) << r.err;
    r = staffCli("add --role team", "");
    EXPECT_EQ(r.code, 1);
    r = staffCli("add --role boss", "246810\n246810\n");
    EXPECT_NE(r.code, 0);
    r = staffCli("add --role team --label Lan", "246810\n246810\n");
    ASSERT_EQ(r.code, 0) << r.err;
    r = staffCli("list", "");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("1\ttechnician"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2\tteam"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Anh Minh"), std::string::npos) << r.err;
    EXPECT_EQ(staffCli("remove 2", "").code, 0);
    EXPECT_EQ(staffCli("remove 2", "").code, 1);
    r = staffCli("list", "");
    EXPECT_EQ(r.err.find("2\tteam"), std::string::npos) << r.err;

    // The plain PINs are nowhere in the data folder or the config, after a login too.
    fs::path s = d / "login.txt";
    std::ofstream(s) << "open staff\n" << typePin("902715") << "expect \"Màn hình của tổ\"\n";
    ASSERT_EQ(runKiosk("--script '" + s.string() + "'").code, 0);
    for (const auto& e : fs::recursive_directory_iterator(d)) {
        if (!e.is_regular_file()) {
            continue;
        }
        const std::string text = test::readText(e.path());
        for (const char* pin : {"902715", "246810"}) {
            EXPECT_EQ(text.find(pin), std::string::npos) << pin << " in " << e.path();
        }
    }
}

TEST(E2E, GestureOpensTheKeypadAndTheTeamScreenShows) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    ASSERT_EQ(staffCli("add --role technician", "902715\n902715\n").code, 0);
    fs::path s = d / "gesture.txt";
    std::ofstream(s)
        << "hold \"Nhà văn hóa\"\nexpect \"Nhập mã PIN của tổ\"\ntap \"9\"\ntap \"0\"\n"
        << "screenshot " << (d / "keypad.png").string() << "\n"
        << "tap \"2\"\ntap \"7\"\ntap \"1\"\ntap \"5\"\n"
        << "expect \"Đang đăng nhập: kỹ thuật viên\"\n"
        << "screenshot " << (d / "team.png").string() << "\n"
        << "tap \"Bắt đầu buổi hướng dẫn\"\ntap \"Một nhóm\"\n"
        << "screenshot " << (d / "launch.png").string() << "\n"
        << "tap \"Quay lại\"\ntap \"Cài đặt máy\"\n"
        << "screenshot " << (d / "settings.png").string() << "\n"
        << "tap \"Quay lại\"\ntap \"Tình trạng máy\"\nexpect \"Phiên bản\"\n"
        << "screenshot " << (d / "health.png").string() << "\n";
    Result r =
        runKiosk("--script '" + s.string() + "' --dump-ui '" + (d / "h.json").string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(dump(d / "h.json")["screen"], "health");
    checkTargets(dump(d / "h.json"));
    for (const char* f : {"keypad.png", "team.png", "launch.png", "settings.png", "health.png"}) {
        EXPECT_GT(png(d / f).w, 0) << f;
    }
}

TEST(E2E, SettingsSavedByTapsGoToTheKiosksSettingsFile) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    ASSERT_EQ(staffCli("add --role technician", "902715\n902715\n").code, 0);
    fs::path s = d / "settings.txt";
    std::ofstream(s) << "open settings\n"
                     << typePin("902715")
                     << "tap \"+ 15\"\n"
                     // down past the team's phone keypad to the Save button
                     << "tap \"Xuống\"\ntap \"Xuống\"\ntap \"Xuống\"\ntap \"Xuống\"\n"
                     << "tap \"Xuống\"\ntap \"Xuống\"\ntap \"Xuống\"\ntap \"Xuống\"\n"
                     << "tap \"Lưu cài đặt\"\nexpect \"Đã lưu và áp dụng.\"\n";
    Result r = runKiosk("--script '" + s.string() + "'",
                        "# Cấu hình thử\nmm_per_px = 0.265\nidle_seconds = 60\n");
    ASSERT_EQ(r.code, 0) << r.err;
    // saved to the kiosk's own settings file; kiosk.toml (root's in the field) is untouched
    const std::string cfg = test::readText(d / "var" / "settings.toml");
    EXPECT_NE(cfg.find("idle_seconds = 75\n"), std::string::npos) << cfg;
    EXPECT_EQ(test::readText(d / "kiosk.toml"),
              "# Cấu hình thử\nmm_per_px = 0.265\nidle_seconds = 60\n");
    EXPECT_FALSE(fs::exists(d / "var" / "settings.toml.tmp"));
    fs::remove_all(d / "var"); // the next tests' kiosk.toml values are not overridden
}

// Under its session launcher (TRAMSO_SESSION=cage) a turn chosen on the setup's first step
// ends the kiosk by itself, cleanly (exit 0, not a crash), once the screen has said so: the
// launcher then starts cage turned. The script after the tap never runs.
TEST(E2E, ATurnChosenInTheSetupEndsTheKioskCleanlyForItsSessionToTurnTheScreen) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    fs::path s = d / "turn.txt";
    std::ofstream(s) << "open setup\nexpect \"Hướng màn hình\"\ntap \"Lộn ngược\"\n"
                     << "wait 20000\nscreenshot " << (d / "never.png").string() << "\n";
    Result r =
        runKiosk("--script '" + s.string() + "'", "mm_per_px = 0.265\n", "TRAMSO_SESSION=cage ");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("exiting so that the session turns the screen"), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(d / "never.png"));
    EXPECT_NE(test::readText(d / "var" / "settings.toml").find("screen_rotation = 180"),
              std::string::npos);
    EXPECT_EQ(test::readText(d / "var" / "screen-rotation-trial"), "0\n");
    EXPECT_FALSE(fs::exists(d / "var/running")) << "a turn is not a crash";
    // what the launcher and the touch rule read
    Result printed = runKiosk("screen-rotation > '" + (d / "rot.txt").string() + "'");
    EXPECT_EQ(printed.code, 0) << printed.err;
    EXPECT_EQ(test::readText(d / "rot.txt"), "180\n");
    fs::remove_all(d / "var"); // the next tests start unturned, without a setup on trial
}

TEST(E2E, ACrashLoopOpensTheSafeScreenAndACleanRunLeavesNoMarker) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    // the boot id comes from a file the test names, so a reboot is one write away
    const fs::path bootFile = d / "boot_id";
    std::ofstream(bootFile) << "boot-a\n";
    const std::string env = "TRAMSO_BOOT_ID_FILE='" + bootFile.string() + "' ";
    ASSERT_EQ(runKiosk("--open home --frames 2", "mm_per_px = 0.265\n", env).code, 0);
    EXPECT_FALSE(fs::exists(d / "var/running")) << "a clean exit is not a crash";
    // two unclean ends just now, and the last run never said goodbye: the third, this boot
    const auto now = std::time(nullptr);
    std::ofstream(d / "var/crashes") << now - 60 << " boot-a\n" << now - 30 << " boot-a\n";
    std::ofstream(d / "var/running") << now - 5 << " boot-a\n";
    // logged by the run that crashed (stamped with its start): the error the safe screen shows
    std::ofstream(d / "var/last-error") << "run " << now - 5 << " boot-a\n"
                                        << "cannot create an OpenGL 3.2 window\n";
    Result r = runKiosk("--open home --frames 3 --dump-ui '" + (d / "safe.json").string() +
                            "' --screenshot '" + (d / "safe.png").string() + "'",
                        "mm_per_px = 0.265\n", env);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("safe screen"), std::string::npos) << r.err;
    json j = dump(d / "safe.json");
    EXPECT_EQ(j["screen"], "safe");
    bool error = false;
    for (const auto& t : j["texts"]) {
        error |= t["text"].get<std::string>().find("OpenGL 3.2") != std::string::npos;
    }
    EXPECT_TRUE(error) << "the last error is shown for the technician";
    checkTargets(j);
}

// Flickering power: the same two crashes, but the run that never said goodbye was in an
// earlier boot (the power went), so the kiosk opens normally.
TEST(E2E, APowerCutIsNotCountedAsACrash) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    fs::create_directories(d / "var");
    const fs::path bootFile = d / "boot_id";
    std::ofstream(bootFile) << "boot-b\n";
    const auto now = std::time(nullptr);
    std::ofstream(d / "var/crashes") << now - 60 << " boot-b\n" << now - 30 << " boot-b\n";
    std::ofstream(d / "var/running") << now - 5 << " boot-a\n";
    Result r = runKiosk("--open home --frames 3 --dump-ui '" + (d / "home.json").string() + "'",
                        "mm_per_px = 0.265\n", "TRAMSO_BOOT_ID_FILE='" + bootFile.string() + "' ");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("safe screen"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("power cut"), std::string::npos) << r.err;
    EXPECT_EQ(dump(d / "home.json")["screen"], "home");
    EXPECT_FALSE(fs::exists(d / "var/running"));
}

// A visit open when the kiosk stops is closed as 'shutdown' and committed: by the script's
// `quit`, by SIGTERM (systemd stopping the service) and by SIGHUP (tty1 hung up).
TEST(E2E, AVisitOpenWhenTheKioskStopsIsClosedAsShutdown) {
    fs::path d = workDir();
    auto shutdownVisits = [&] {
        auto opened = db::StatsStore::open(d / "var/stats.sqlite");
        EXPECT_TRUE(opened.store) << opened.message;
        if (!opened.store) {
            return std::pair<int64_t, int64_t>{-1, -1};
        }
        db::Statement all(opened.store->database(),
                          "SELECT count(*), sum(outcome = 'shutdown' AND ended_at IS NOT NULL) "
                          "FROM sessions");
        all.step();
        return std::pair<int64_t, int64_t>{all.integer(0), all.integer(1)};
    };
    fs::remove_all(d / "var");
    fs::path s = d / "quit.txt";
    std::ofstream(s) << "open home\ntap \"Thanh toán trực tuyến\"\nquit\n";
    Result r = runKiosk("--script '" + s.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(shutdownVisits(), (std::pair<int64_t, int64_t>{1, 1})) << r.err;

    // systemd's stop (SIGTERM), and the hang-up of tty1 that ends cage beside the kiosk
    for (const char* sig : {"TERM", "HUP"}) {
        fs::remove_all(d / "var");
        const fs::path cfg = d / "kiosk.toml";
        std::ofstream(cfg) << "mm_per_px = 0.265\n";
        const std::string cmd = std::string(TRAMSO_BINARY) + " --config '" + cfg.string() +
                                "' --data-dir '" + (d / "var").string() + "' --open home 2> '" +
                                (d / "term.txt").string() + "' & pid=$!; sleep 3; kill -" + sig +
                                " $pid; wait $pid";
        const int st = std::system(cmd.c_str());
        ASSERT_TRUE(WIFEXITED(st)) << sig << ": " << test::readText(d / "term.txt");
        EXPECT_EQ(WEXITSTATUS(st), 0) << sig << ": " << test::readText(d / "term.txt");
        EXPECT_EQ(shutdownVisits(), (std::pair<int64_t, int64_t>{1, 1}))
            << sig << ": " << test::readText(d / "term.txt");
        EXPECT_FALSE(fs::exists(d / "var/running")) << "SIG" << sig << " is an orderly end";
    }
}

// systemd's side of Type=notify: a datagram socket named by NOTIFY_SOCKET receives READY=1
// after the first frame and WATCHDOG=1 from the frame loop, even on a screen that is still.
TEST(E2E, TellsSystemdItIsReadyAndAliveFromTheFrameLoop) {
    fs::path d = workDir();
    const fs::path sock = d / "notify.sock";
    fs::remove(sock);
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    fs::path s = d / "still.txt";
    std::ofstream(s) << "open home\nwait 1500\n";
    Result r = runKiosk("--script '" + s.string() + "'", "mm_per_px = 0.265\n",
                        "NOTIFY_SOCKET='" + sock.string() + "' WATCHDOG_USEC=600000 ");
    ASSERT_EQ(r.code, 0) << r.err;
    std::string all;
    char buf[256];
    for (;;) {
        ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n <= 0) {
            break;
        }
        all += std::string(buf, static_cast<size_t>(n)) + "\n";
    }
    ::close(fd);
    EXPECT_NE(all.find("READY=1"), std::string::npos) << all;
    // a still screen for 1.5 s with a 0.6 s watchdog: pinged at least three times
    size_t pings = 0;
    for (size_t p = all.find("WATCHDOG=1"); p != std::string::npos;
         p = all.find("WATCHDOG=1", p + 1)) {
        ++pings;
    }
    EXPECT_GE(pings, 3u) << all;
    EXPECT_NE(all.find("STOPPING=1"), std::string::npos) << all;
}

// Both quizzes on the real binary at A+ on 1366×768 and in portrait 1080×1920: the solo
// quiz's answers, and the group quiz's presenter layout opened by a signed-in team member.
TEST(E2E, QuizSoloAndGroupScreenshotsAtLargeTextOnSmallAndPortraitScreens) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    ASSERT_EQ(staffCli("add --role team", "902715\n902715\n").code, 0);
    for (const char* size : {"1366x768", "1080x1920"}) {
        const std::string tag = size;
        fs::path s = d / "quiz.txt";
        std::ofstream(s) << "open quiz:dich-vu-cong\ntap \"Bắt đầu\"\n"
                         << "expect \"dichvucong.gov.vn\"\n"
                         << "screenshot " << (d / ("solo-q-" + tag + ".png")).string() << "\n"
                         << "tap \"dichvucong.gov.vn\"\nexpect \"Đúng rồi!\"\n"
                         << "screenshot " << (d / ("solo-a-" + tag + ".png")).string() << "\n"
                         << "open attract\nhold \"Nhà văn hóa\"\n"
                         << "tap \"9\"\ntap \"0\"\ntap \"2\"\ntap \"7\"\ntap \"1\"\ntap \"5\"\n"
                         // the team screen's tile is tapped in QuizUi; here its route
                         << "open quiz-group:dich-vu-cong\ntap \"Bắt đầu\"\nexpect \"30\"\n"
                         << "screenshot " << (d / ("group-q-" + tag + ".png")).string() << "\n"
                         << "tap \"Hiện đáp án\"\nexpect \"Đáp án: \"\n"
                         << "screenshot " << (d / ("group-a-" + tag + ".png")).string() << "\n";
        const fs::path ui = d / ("quiz-" + tag + ".json");
        Result r = runKiosk("--windowed " + tag + " --script '" + s.string() + "' --dump-ui '" +
                                ui.string() + "'",
                            "mm_per_px = 0.252\ndefault_text_size = \"A+\"\n");
        ASSERT_EQ(r.code, 0) << tag << ": " << r.err;
        EXPECT_EQ(dump(ui)["screen"], "quiz-group:dich-vu-cong");
        checkTargets(dump(ui));
        for (const char* f : {"solo-q-", "solo-a-", "group-q-", "group-a-"}) {
            EXPECT_GT(png(d / (f + tag + ".png")).w, 0) << f << tag;
        }
    }
}

// On a software renderer each frame draws and shows only what changed. After a walk through
// many screens (each frame drawn over the last), the screen must be exactly what one whole
// drawing of the same screen gives: no pixel left over from an earlier screen.
TEST(E2E, FramesDrawnInPartsAddUpToTheWholeScreen) {
    const std::string config = kLargeText;
    fs::path d = workDir();
    fs::path walked = d / "walked.png";
    fs::path whole = d / "whole.png";
    fs::path s = d / "walk.txt";
    std::ofstream(s) << "open attract\n"
                        "tap \"Chạm vào màn hình để bắt đầu\"\n"
                        "tap \"Thanh toán trực tuyến\"\n"
                        "open tutorial:quet-ma-qr\n"
                        "tap \"Bước tiếp\"\n"
                        "tap \"Bước tiếp\"\n"
                        "open portals\n"
                        "open home\n"
                        "wait 500\n"
                        "screenshot "
                     << walked.string() << "\n";
    Result r = runKiosk("--windowed 1366x768 --script '" + s.string() + "'", config);
    ASSERT_EQ(r.code, 0) << r.err;
    r = runKiosk("--windowed 1366x768 --open home --frames 3 --screenshot '" + whole.string() + "'",
                 config);
    ASSERT_EQ(r.code, 0) << r.err;
    const Png a = png(walked);
    const Png b = png(whole);
    ASSERT_EQ(a.w, 1366);
    ASSERT_EQ(a.h, b.h);
    // Mesa's software renderer picks its fast or exact path per 64-pixel tile from what is
    // drawn in it, so a soft edge drawn within a part may round a few levels differently
    // than in the whole; anything stale or missing differs by far more.
    int most = 0;
    EXPECT_EQ(bytesApart(a, b, 48, &most), 0u) << "largest difference " << most;
}

// A lesson's pointer moves, so its frames after the first redraw only a part of the screen;
// the rest must stay exactly as the first frame drew it. A scissor whose origin and width
// were rounded apart once left a one-pixel white seam down the practice phone.
TEST(E2E, APartlyRedrawnLessonKeepsThePhoneWhole) {
    const std::string config = kLargeText;
    fs::path d = workDir();
    fs::path first = d / "first.png";
    fs::path later = d / "later.png";
    const std::string args = "--windowed 1366x768 --open tutorial:quet-ma-qr --screenshot ";
    Result r = runKiosk(args + "'" + first.string() + "' --frames 1", config);
    ASSERT_EQ(r.code, 0) << r.err;
    r = runKiosk(args + "'" + later.string() + "' --frames 8", config);
    ASSERT_EQ(r.code, 0) << r.err;
    const Png a = png(first);
    const Png b = png(later);
    ASSERT_EQ(a.w, 1366);
    ASSERT_EQ(b.w, 1366);
    // the phone's top: its app bar and first apps, above where the pointer moves
    size_t differ = 0;
    for (int y = 0; y < a.h * 39 / 100; ++y) {
        for (int x = a.w * 68 / 100; x < a.w; ++x) {
            differ += !(a.at(x, y) == b.at(x, y));
        }
    }
    EXPECT_EQ(differ, 0u);
}

// The renderer cuts frames so that Mesa's software renderer takes its fast "linear" path for
// rectangles; that path draws glyphs tinted by vertex colours wrong (Mesa 22.3), which the
// renderer avoids. The same screens drawn with the fast path switched off (LP_PERF, read by
// llvmpipe only; other drivers ignore it) must come out the same: the fast path rounds soft
// edges in 8 bits, so an edge pixel may differ a little, but no text or shape may go.
TEST(E2E, TheFastPathDrawsWhatTheSlowPathDraws) {
    const std::string config = kLargeText;
    fs::path d = workDir();
    // still screens (a lesson's pointer moves): tiles, lists, a QR code, a skill's lessons
    for (const char* route : {"home", "portals", "portal:vneid", "skill:3"}) {
        SCOPED_TRACE(route);
        fs::path fast = d / "fast.png";
        fs::path slow = d / "slow.png";
        const std::string args =
            std::string("--windowed 1366x768 --open ") + route + " --frames 3 --screenshot ";
        Result r = runKiosk(args + "'" + fast.string() + "'", config);
        ASSERT_EQ(r.code, 0) << r.err;
        r = runKiosk(args + "'" + slow.string() + "'", config, "LP_PERF=no_rast_linear ");
        ASSERT_EQ(r.code, 0) << r.err;
        const Png a = png(fast);
        const Png b = png(slow);
        ASSERT_EQ(a.w, 1366);
        ASSERT_EQ(a.px.size(), b.px.size());
        EXPECT_EQ(bytesApart(a, b, 48), 0u);
        // dark text is on the screen at all
        EXPECT_GT(std::count_if(a.px.begin(), a.px.end(), [](unsigned char v) { return v < 80; }),
                  2000);
    }
}

// Fair questions on the real binary: each launch shows the first question's options in an
// order of its own; tapping the right answer by its text (wherever it stands) and a wrong one
// lands on the dashboard as one right and one wrong.
TEST(E2E, ShuffledQuizAnswerTappedByTextIsCountedRightOnTheDashboard) {
    fs::path d = workDir();
    fs::remove_all(d / "var");
    Diagnostics diag;
    const QuizSet quizzes = loadQuizzes(fs::path(TRAMSO_SOURCE_DIR) / "assets", diag);
    const Quiz* shop = quizzes.find("mua-sam");
    ASSERT_NE(shop, nullptr);
    const QuizQuestion& q1 = shop->questions[0];
    const QuizQuestion& q2 = shop->questions[1];
    // the order the answer buttons stand in, over several launches
    std::set<std::vector<std::string>> orders;
    for (int run = 0; run < 8; ++run) {
        fs::path s = d / "shown.txt";
        std::ofstream(s) << "open quiz:mua-sam\ntap \"Bắt đầu\"\nexpect \"" << q1.question.vi
                         << "\"\n";
        const fs::path ui = d / "shown.json";
        Result r = runKiosk("--script '" + s.string() + "' --dump-ui '" + ui.string() + "'");
        ASSERT_EQ(r.code, 0) << r.err;
        std::vector<std::pair<std::pair<double, double>, std::string>> buttons;
        const json shown = dump(ui); // kept alive: the loop reads into it
        for (const auto& it : shown["items"]) {
            if (it["role"] == "answer") {
                buttons.push_back({{it["y"].get<double>(), it["x"].get<double>()},
                                   it["label"].get<std::string>()});
            }
        }
        ASSERT_EQ(buttons.size(), q1.answers.size());
        std::sort(buttons.begin(), buttons.end());
        std::vector<std::string> labels;
        for (const auto& b : buttons) {
            labels.push_back(b.second);
        }
        orders.insert(labels);
    }
    EXPECT_GT(orders.size(), 1u) << "the options came in the file's order every time";

    ASSERT_EQ(staffCli("add --role team", "246810\n246810\n").code, 0);
    const std::string wrong = q2.answers[q2.right == 0 ? 1 : 0].vi;
    fs::path s = d / "answer.txt";
    std::ofstream(s) << "open quiz:mua-sam\ntap \"Bắt đầu\"\n"
                     << "tap \"" << q1.answers[static_cast<size_t>(q1.right)].vi << "\"\n"
                     << "expect \"Đúng rồi!\"\ntap \"Câu tiếp theo\"\n"
                     << "tap \"" << wrong << "\"\nexpect \"Chưa đúng.\"\n"
                     << "wait 1500\nopen attract\nopen dashboard\n"
                     << typePin("246810") << "expect \"" << shop->title.vi
                     << ": 1 câu trả lời đúng, 1 câu sai (50% đúng)\"\n";
    Result r =
        runKiosk("--script '" + s.string() + "' --dump-ui '" + (d / "dash.json").string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(dump(d / "dash.json")["screen"], "dashboard");
}

// "Call the team": the configured phone number on screen and the team's Zalo group as a code a
// phone camera decodes; without either, where to ask in the building.
TEST(E2E, HelpShowsTheTeamsPhoneAndADecodableZaloCode) {
    fs::path d = workDir();
    const std::string zalo = "https://zalo.me/g/tramso-thon-ban-chang";
    for (const char* size : {"1920x1080", "1366x768"}) {
        const fs::path shot = d / (std::string("help-") + size + ".png");
        const fs::path ui = d / (std::string("help-") + size + ".json");
        Result r = runKiosk(std::string("--windowed ") + size + " --open help --screenshot '" +
                                shot.string() + "' --frames 4 --dump-ui '" + ui.string() + "'",
                            "mm_per_px = 0.265\nallowed_hosts = [\"gov.vn\", \"tinnhiemmang.vn\", "
                            "\"zalo.me\"]\nteam_phone = \"0912 345 678\"\nteam_zalo = \"" +
                                zalo + "\"\n");
        ASSERT_EQ(r.code, 0) << size << ": " << r.err;
        EXPECT_EQ(decodeQr(png(shot)), zalo) << size;
        const json j = dump(ui);
        bool phone = false, chime = false;
        for (const auto& t : j["texts"]) {
            phone |= t["text"] == "0912 345 678";
            chime |= t["text"] == "Chuông đã reo trong nhà văn hóa";
        }
        EXPECT_TRUE(phone) << size;
        EXPECT_TRUE(chime) << size;
        ASSERT_EQ(j["qr_codes"].size(), 1u);
        EXPECT_GE(j["qr_codes"][0]["module_mm"].get<double>(), 1.0);
        checkTargets(j);
    }
    const fs::path ui = d / "help-none.json";
    Result r = runKiosk("--open help --frames 4 --dump-ui '" + ui.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    const json j = dump(ui);
    bool ask = false;
    for (const auto& t : j["texts"]) {
        ask |=
            t["text"].get<std::string>().find("bàn tiếp đón của nhà văn hóa") != std::string::npos;
    }
    EXPECT_TRUE(ask);
    EXPECT_TRUE(j["qr_codes"].empty());
}
