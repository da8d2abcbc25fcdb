// The voice controls tapped like a finger would: the toolbar's loudspeaker (in the band, or in
// the "Aa" panel when the band is folded) and a lesson step's "Nghe lại / Listen again" change
// the visit's settings, the narration follows, and the next visit starts from the defaults.
#include "harness.hpp"

using namespace tramso;
using tramso::test::Harness;

namespace {

constexpr const char* kLesson = "tra-cuu-ho-so";

bool folded(Harness& h) {
    return h.item(h.tr("toolbar.settings")) != nullptr;
}

// Voice off: the band's loudspeaker (tapped round to "Tắt"), or the panel's "Tắt".
void turnVoiceOff(Harness& h) {
    if (!folded(h)) {
        for (int i = 0; i < 4 && h.kiosk->settings().voice; ++i) {
            const std::string state =
                h.tr("voice.volume_" + std::to_string(h.kiosk->settings().voiceVolume));
            ASSERT_TRUE(h.tap("Giọng đọc: " + state));
        }
        return;
    }
    ASSERT_TRUE(h.tap(h.tr("toolbar.settings")));
    ASSERT_TRUE(h.tap(h.tr("voice.off")));
    ASSERT_TRUE(h.tap(h.tr("toolbar.done")));
}

void checkToolbar(Harness& h) {
    h.app->open(Route{ScreenId::Home});
    h.frame(2);
    ASSERT_TRUE(h.kiosk->inVisit());
    EXPECT_TRUE(h.kiosk->settings().voice);
    EXPECT_EQ(h.kiosk->settings().voiceVolume, 2);

    if (!folded(h)) {
        // one button round: medium, loud, off, quiet
        ASSERT_TRUE(h.tap("Giọng đọc: Vừa"));
        EXPECT_EQ(h.kiosk->settings().voiceVolume, 3);
        ASSERT_TRUE(h.tap("Giọng đọc: To"));
        EXPECT_FALSE(h.kiosk->settings().voice);
        ASSERT_TRUE(h.tap("Giọng đọc: Tắt"));
        EXPECT_TRUE(h.kiosk->settings().voice);
        EXPECT_EQ(h.kiosk->settings().voiceVolume, 1);
    } else {
        turnVoiceOff(h);
        EXPECT_FALSE(h.kiosk->settings().voice);
        ASSERT_TRUE(h.tap(h.tr("toolbar.settings")));
        ASSERT_TRUE(h.tap(h.tr("voice.volume_1"))); // on again, quietly
        ASSERT_TRUE(h.tap(h.tr("toolbar.done")));
        EXPECT_TRUE(h.kiosk->settings().voice);
        EXPECT_EQ(h.kiosk->settings().voiceVolume, 1);
    }
    h.frame(2);
    EXPECT_EQ(h.speech.volume, 1) << "the sink follows the visit's volume";

    // The visit ends: the next resident starts from the config's defaults.
    h.app->open(Route{ScreenId::Attract});
    h.frame(2);
    EXPECT_EQ(h.kiosk->settings(), h.kiosk->defaultSettings());
    auto ended = h.recorder.ofType(EventType::SessionEnded);
    ASSERT_FALSE(ended.empty());
    EXPECT_TRUE(ended.back().voice);
}

} // namespace

TEST(VoiceUi, ToolbarToggleAndVolumeInTheBand) {
    Harness h;
    h.frame(2);
    h.app->open(Route{ScreenId::Home});
    h.frame(2);
    ASSERT_FALSE(folded(h)) << "1920×1080 shows the whole band";
    checkToolbar(h);
}

TEST(VoiceUi, ToolbarToggleAndVolumeInTheFoldedPanel) {
    Harness h({800, 1280}, 0.2646f); // a 10-inch portrait tablet-sized panel
    h.app->open(Route{ScreenId::Home});
    h.frame(2);
    ASSERT_TRUE(folded(h)) << "a narrow portrait screen folds the settings";
    checkToolbar(h);
}

TEST(VoiceUi, ListenAgainOnALessonStepSpeaksTheStepAgain) {
    Harness h;
    h.app->open(Route{ScreenId::Tutorial, 0, kLesson});
    h.frame(2);
    ASSERT_NE(h.item(h.tr("voice.listen_again")), nullptr);
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    const std::string key = std::string("step/") + kLesson + "/1/vi";
    ASSERT_FALSE(h.speech.played.empty());
    EXPECT_EQ(h.speech.played.back(), key);
    const size_t before = h.speech.played.size();

    // Voice off: the step goes quiet; "Nghe lại" turns it on and reads the step again.
    turnVoiceOff(h);
    EXPECT_FALSE(h.kiosk->settings().voice);
    h.frame(2);
    ASSERT_TRUE(h.tap(h.tr("voice.listen_again")));
    EXPECT_TRUE(h.kiosk->settings().voice);
    EXPECT_EQ(h.kiosk->listenAgainCount(), 1);
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    ASSERT_GT(h.speech.played.size(), before);
    EXPECT_EQ(h.speech.played.back(), key);

    // Next step: its own words.
    ASSERT_TRUE(h.tap(h.tr("tutorial.next")));
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    EXPECT_EQ(h.speech.played.back(), std::string("step/") + kLesson + "/2/vi");
}
