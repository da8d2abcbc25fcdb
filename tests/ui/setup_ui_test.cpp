// The first start on the touchscreen, tapped through by label as the appliance's boot test
// does: no technician → the setup screen instead of the attract screen; every step by touch;
// each value in the settings file as soon as its step is confirmed; then the attract screen,
// and a restart that goes straight to it. Also: the safe screen's way out at short sizes.
#include "harness.hpp"

#include "kiosk/core/base/text.hpp"

#include <fstream>

using namespace tramso;
using namespace tramso::test;
namespace fs = std::filesystem;

namespace {

void tapAll(Harness& h, const std::vector<std::string>& labels) {
    for (const std::string& l : labels) {
        ASSERT_TRUE(h.tap(l)) << "no \"" << l << "\" on screen";
    }
}

std::string settingsFile(Harness& h) {
    auto t = readFile(settingsFileIn(h.dataDir)); // the kiosk's own settings file
    return t ? *t : std::string();
}

} // namespace

TEST(SetupUi, FirstStartWithoutATechnicianIsSetUpByTouchThenTheAttractScreen) {
    Harness h({1366, 768}, 0.252f);
    h.setupOnFirstStart = true;
    h.machineIdFile = h.dataDir / "machine-id";
    std::ofstream(h.machineIdFile) << "0123abcdef0123456789abcdef012345\n";
    h.rebuild(&h.recorder);
    ASSERT_EQ(h.screen(), ScreenId::Setup);
    EXPECT_TRUE(h.shows("Cài đặt máy — bước 1/8"));
    // English one tap away, and back
    ASSERT_TRUE(h.tap("English"));
    EXPECT_TRUE(h.shows("Name of the culture house"));
    ASSERT_TRUE(h.tap("Tiếng Việt"));

    tapAll(h, {"Nhà văn hóa xã", "Aa", "T", "â", "n", "Cách", "h", "o", "a"});
    tapAll(h, {"Xóa", "Xóa", "Xóa", "Xóa"});
    EXPECT_TRUE(h.shows("Nhà văn hóa xã Tân|"));
    ASSERT_TRUE(h.tap("Tiếp tục"));
    EXPECT_NE(settingsFile(h).find("site_name = \"Nhà văn hóa xã Tân\""), std::string::npos)
        << settingsFile(h);

    EXPECT_TRUE(h.shows("tramso-0123ab|")); // suggested from the machine id
    ASSERT_TRUE(h.tap("Tiếp tục"));
    EXPECT_NE(settingsFile(h).find("kiosk_id = \"tramso-0123ab\""), std::string::npos);

    ASSERT_TRUE(h.tap("Quảng Ninh"));
    EXPECT_TRUE(h.shows("Quảng Ninh (22)"));
    ASSERT_TRUE(h.tap("Tiếp tục"));

    tapAll(h, {"0", "6", "6", "6"});
    ASSERT_TRUE(h.tap("Tiếp tục"));
    EXPECT_TRUE(h.shows("Mã xã cần đúng 5 chữ số, hoặc để trống."));
    EXPECT_EQ(settingsFile(h).find("commune_code"), std::string::npos); // nothing written
    tapAll(h, {"7", "Tiếp tục"});

    tapAll(h, {"Xã", "Aa", "T", "â", "n", "Tiếp tục"});

    tapAll(h, {"1", "2", "3", "4", "5", "6", "Tiếp tục"}); // a sequence: refused
    EXPECT_TRUE(h.shows(h.tr("setup.err_pin")));
    tapAll(h, {"2", "7", "4", "9", "1", "5", "Tiếp tục"});
    EXPECT_TRUE(h.shows("Nhập lại mã PIN"));
    tapAll(h, {"2", "7", "4", "9", "1", "5", "Tiếp tục"});
    ASSERT_EQ(h.staff->list().size(), 1u);
    EXPECT_EQ(h.staff->list()[0].role, Role::Technician);

    EXPECT_TRUE(h.shows("Thử loa"));
    h.app->takeCues();
    ASSERT_TRUE(h.tap("Phát thử âm thanh"));
    EXPECT_EQ(h.app->takeCues(), std::vector<Cue>{Cue::Chime});
    EXPECT_TRUE(h.shows("Đã phát 1 lần."));
    ASSERT_TRUE(h.tap("Hoàn tất"));
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    EXPECT_TRUE(h.shows("Nhà văn hóa xã Tân"));
    EXPECT_EQ(h.kiosk->config().kioskId, "tramso-0123ab");

    const std::string file = settingsFile(h);
    ConfigLoad saved = parseConfig(file, "settings");
    EXPECT_TRUE(saved.diagnostics.empty());
    EXPECT_EQ(saved.config.siteName, "Nhà văn hóa xã Tân");
    EXPECT_EQ(saved.config.provinceCode, "22");
    EXPECT_EQ(saved.config.provinceName, "Quảng Ninh");
    EXPECT_EQ(saved.config.communeCode, "06667");
    EXPECT_EQ(saved.config.communeName, "Xã Tân");
    EXPECT_EQ(file.find("274915"), std::string::npos); // the PIN only as a hash, elsewhere

    // a restart: a technician exists, the attract screen comes first and setup cannot be opened
    h.rebuild(&h.recorder, saved.config);
    EXPECT_EQ(h.screen(), ScreenId::Attract);
    h.kiosk->apply(intent::Open{Route{ScreenId::Setup}});
    h.settle();
    EXPECT_EQ(h.screen(), ScreenId::Attract);
}

// The session launcher's kiosk: the screen's turn comes first. A new turn is saved and ends
// the kiosk (its session starts it again turned); there it waits 30 s for Next, else the turn
// that worked comes back.
TEST(SetupUi, TheScreensTurnIsChosenByTouchAndUndoneWhenNotConfirmed) {
    Harness h({1280, 800}, 0.2646f);
    h.setupOnFirstStart = true;
    h.turnsScreen = true;
    h.rebuild(&h.recorder);
    ASSERT_EQ(h.screen(), ScreenId::Setup);
    EXPECT_TRUE(h.shows("Cài đặt máy — bước 1/9"));
    EXPECT_TRUE(h.shows("Hướng màn hình"));
    const fs::path trial = h.dataDir / "screen-rotation-trial";
    // the turn on screen: saved, nothing restarts
    ASSERT_TRUE(h.tap("Bình thường"));
    EXPECT_FALSE(h.kiosk->restartForScreen());
    ASSERT_TRUE(h.tap("Xoay hình sang trái")); // the picture left: a screen hung turned right
    EXPECT_TRUE(h.kiosk->restartForScreen());
    EXPECT_TRUE(h.shows("Đang xoay màn hình, xin chờ vài giây…"));
    EXPECT_EQ(h.kiosk->nextTimedChange(), 0.0); // that frame is drawn, then the kiosk ends
    EXPECT_NE(settingsFile(h).find("screen_rotation = 90"), std::string::npos) << settingsFile(h);
    EXPECT_EQ(readFile(trial).value_or("?"), "0\n");
    ASSERT_TRUE(h.tap("Tiếp tục")); // no step is taken while the screen turns
    EXPECT_EQ(h.kiosk->setup().step(), SetupStep::Rotation);

    // started again on the turned screen: the turn is on trial
    auto restart = [&h] {
        ConfigLoad c;
        overlaySettings(c, settingsFile(h), "settings.toml");
        h.rebuild(&h.recorder, c.config);
    };
    restart();
    ASSERT_EQ(h.screen(), ScreenId::Setup);
    EXPECT_EQ(h.kiosk->config().screenRotation, 90);
    EXPECT_FALSE(h.kiosk->restartForScreen());
    EXPECT_EQ(h.kiosk->rotationTrialSecondsLeft(), kRotationTrialSeconds);
    EXPECT_TRUE(h.shows("sau 30 giây màn hình tự quay lại hướng cũ"));
    h.clock.advance(kRotationTrialSeconds - 10.5);
    h.frame();
    EXPECT_TRUE(h.shows("sau 11 giây màn hình tự quay lại hướng cũ"));
    EXPECT_LE(h.kiosk->nextTimedChange(), 0.5); // the countdown's next second
    h.clock.advance(10.1);
    h.frame();
    // the frame loop sleeps until then: the undo is due when the countdown ends
    const Seconds untilEnd = h.kiosk->nextTimedChange();
    EXPECT_GT(untilEnd, 0.0);
    EXPECT_LE(untilEnd, 0.4);
    h.clock.advance(untilEnd);
    EXPECT_EQ(h.kiosk->nextTimedChange(), 0.0);
    h.frame(2);
    EXPECT_TRUE(h.kiosk->restartForScreen()); // nobody confirmed: back to the turn that worked
    EXPECT_NE(settingsFile(h).find("screen_rotation = 0"), std::string::npos) << settingsFile(h);
    EXPECT_FALSE(fs::exists(trial));

    restart();
    EXPECT_EQ(h.kiosk->rotationTrialSecondsLeft(), 0); // nothing on trial on a turn that worked
    ASSERT_TRUE(h.tap("Lộn ngược"));
    ASSERT_TRUE(h.kiosk->restartForScreen());
    restart();
    EXPECT_EQ(h.kiosk->config().screenRotation, 180);
    ASSERT_TRUE(h.tap("Tiếp tục")); // confirmed
    EXPECT_FALSE(fs::exists(trial));
    EXPECT_TRUE(h.shows("Cài đặt máy — bước 2/9"));
    EXPECT_TRUE(h.shows("Tên nhà văn hóa"));
    h.clock.advance(kRotationTrialSeconds + 1);
    h.frame(2);
    EXPECT_FALSE(h.kiosk->restartForScreen());
    EXPECT_NE(settingsFile(h).find("screen_rotation = 180"), std::string::npos);
}

TEST(SetupUi, EveryStepFitsAndEveryKeyIsBigEnoughAtTheSizesOfTheField) {
    struct Shape {
        float w, h, mmPerPx;
    };
    for (const Shape s : {Shape{1280, 800, 0.2646f}, Shape{1366, 768, 0.252f},
                          Shape{800, 1280, 0.2646f}, Shape{1920, 1080, 0.248f}}) {
        for (TextSize size : {TextSize::Normal, TextSize::Large}) {
            Harness h({s.w, s.h}, s.mmPerPx);
            h.turnsScreen = true; // the rotation step too
            Config c;
            c.defaultTextSize = size;
            h.rebuild(&h.recorder, c);
            h.kiosk->apply(intent::Open{Route{ScreenId::Setup}});
            h.settle();
            ASSERT_EQ(h.screen(), ScreenId::Setup);
            for (int step = 0; step < 6; ++step) {
                const std::string where = std::to_string(static_cast<int>(s.w)) + "x" +
                                          std::to_string(static_cast<int>(s.h)) + " size " +
                                          std::to_string(static_cast<int>(size)) + " step " +
                                          std::to_string(step + 1);
                for (const ui::TappableItem& it : h.app->registry().items()) {
                    if (it.inScroll) {
                        continue; // the province list scrolls
                    }
                    EXPECT_TRUE(it.visible()) << where << ": " << it.label;
                    EXPECT_GE(it.min.x, -0.5f) << where << ": " << it.label;
                    EXPECT_GE(it.min.y, -0.5f) << where << ": " << it.label;
                    EXPECT_LE(it.max.x, s.w + 0.5f) << where << ": " << it.label;
                    EXPECT_LE(it.max.y, s.h + 0.5f) << where << ": " << it.label;
                    EXPECT_GE(std::min(it.max.x - it.min.x, it.max.y - it.min.y) * s.mmPerPx, 15.0f)
                        << where << ": " << it.label;
                }
                if (step == 3) {
                    ASSERT_TRUE(h.tap("Hà Nội")) << where;
                }
                ASSERT_TRUE(h.tap("Tiếp tục")) << where;
            }
            EXPECT_EQ(h.kiosk->setup().step(), SetupStep::Pin);
        }
    }
}

TEST(SetupUi, TheSafeScreensWayOutIsOnScreenAtShortSizes) {
    for (ImVec2 size : {ImVec2(1280, 800), ImVec2(1366, 768), ImVec2(800, 1280)}) {
        for (TextSize ts : {TextSize::Normal, TextSize::Large}) {
            Harness h(size, 0.2646f);
            Config c;
            c.defaultTextSize = ts;
            h.rebuild(&h.recorder, c);
            // an error as a real crash loop leaves it (the appliance's, three lines long)
            h.kiosk->setSafeMode("cage: Unable to open Wayland socket: Invalid argument; "
                                 "tramso.service: Main process exited, code=killed, "
                                 "status=6/ABRT after the watchdog timeout of 30 s",
                                 [] {});
            h.settle();
            ASSERT_EQ(h.screen(), ScreenId::Safe);
            const ui::TappableItem* b = h.item("Dành cho tổ công nghệ số");
            ASSERT_TRUE(b);
            EXPECT_TRUE(b->visible());
            EXPECT_LE(b->max.y, size.y) << size.x << "x" << size.y;
            EXPECT_GE(b->min.y, 0.0f);
            // the words stay above the button, the last error's last line too
            for (const ui::TextItem& t : h.app->ui().registry().texts()) {
                if (t.text != "Dành cho tổ công nghệ số") {
                    EXPECT_LE(t.max.y, b->min.y)
                        << size.x << "x" << size.y << " " << static_cast<int>(ts) << ": '"
                        << t.text.substr(0, 50) << "' runs into the button";
                }
            }
        }
    }
}
