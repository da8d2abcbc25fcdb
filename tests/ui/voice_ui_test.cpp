// The voice controls tapped like a finger would: the toolbar's loudspeaker (in the band, or in
// the "Aa" panel when the band is folded) and a lesson step's "Nghe lại / Listen again" change
// the visit's settings, the narration follows, and the next visit starts from the defaults.
#include "harness.hpp"

#include "kiosk/core/content/pack_store.hpp"
#include "kiosk/core/speech/speech_audio.hpp"
#include "tests/support/pack_fixture.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <thread>
#include <unistd.h>

using namespace tramso;
using tramso::test::Harness;

namespace {

constexpr const char* kVoiceLesson = "tra-cuu-ho-so";

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
    h.app->open(Route{ScreenId::Tutorial, 0, kVoiceLesson});
    h.frame(2);
    ASSERT_NE(h.item(h.tr("voice.listen_again")), nullptr);
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    const std::string key = std::string("step/") + kVoiceLesson + "/1/vi";
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
    EXPECT_EQ(h.speech.played.back(), std::string("step/") + kVoiceLesson + "/2/vi");
}

// The lesson check is shown in a shuffled order; the voice reads the question and then the
// options in exactly the order they stand on screen (top to bottom), for a seed whose order
// is not the file's.
TEST(VoiceUi, ALessonCheckIsReadInTheOrderItsOptionsAreShown) {
    Harness h;
    // a lesson whose check asks at once (its step has nothing to do first)
    const Tutorial* lesson = nullptr;
    int checkStep = 0;
    for (const Tutorial& t : h.shown().tutorials.tutorials) {
        for (size_t i = 0; i < t.steps.size() && !lesson; ++i) {
            if (t.steps[i].check && !t.steps[i].mockup && t.steps[i].check->answers.size() >= 3) {
                lesson = &t;
                checkStep = static_cast<int>(i);
            }
        }
    }
    ASSERT_NE(lesson, nullptr);
    const Check& ck = *lesson->steps[static_cast<size_t>(checkStep)].check;
    std::vector<int> identity(ck.answers.size());
    for (size_t i = 0; i < identity.size(); ++i) {
        identity[i] = static_cast<int>(i);
    }
    bool shuffled = false;
    for (uint64_t seed = 1; seed <= 20 && !shuffled; ++seed) {
        h.app->open(Route{ScreenId::Home});
        h.frame(2);
        h.kiosk->seedShuffle(seed);
        h.app->open(Route{ScreenId::Tutorial, 0, lesson->id});
        h.frame(2);
        for (int i = 0; i < checkStep; ++i) {
            ASSERT_TRUE(h.tap(h.tr("tutorial.next")));
            h.frame(2);
        }
        ASSERT_NE(h.kiosk->player(), nullptr);
        ASSERT_EQ(h.kiosk->player()->stepIndex(), checkStep);
        shuffled = h.kiosk->player()->checkOrder() != identity;
    }
    ASSERT_TRUE(shuffled) << "some seed shows the options out of file order";

    // the order on screen, from where the option buttons are drawn
    std::vector<std::pair<float, std::string>> drawn;
    for (const Translated& a : ck.answers) {
        const ui::TappableItem* it = h.item(a.vi);
        ASSERT_NE(it, nullptr) << a.vi;
        drawn.emplace_back(it->min.y, a.vi);
    }
    std::sort(drawn.begin(), drawn.end());
    ASSERT_NE(drawn.front().second, ck.answers.front().vi) << "the test needs a shuffled screen";

    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    ASSERT_FALSE(h.speech.said.empty());
    const speech::Utterance& u = h.speech.said.back();
    EXPECT_EQ(u.key.str(), "check/" + lesson->id + "/check/vi");
    ASSERT_EQ(u.parts.size(), 1 + ck.answers.size());
    EXPECT_EQ(u.parts[0].text, ck.question.vi);
    for (size_t k = 0; k < drawn.size(); ++k) {
        EXPECT_EQ(u.parts[k + 1].text, drawn[k].second) << "option shown " << k + 1 << "-th";
    }
}

// Issue 16's bug: a content pack installed while the kiosk runs is swapped in between
// visits, and from then on the narration plays the NEW content's recordings (and knows its
// languages) — not the old content's, and not audio cached from before the swap.
TEST(VoiceUi, APackSwappedInBetweenVisitsIsNarratedFromItsOwnRecordings) {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() / ("tramso-voice-swap-" + std::to_string(getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(test::makeMinisignKey(dir / "province", "province", dir / "keys"));
    // the pack: the bundled content plus a recording of the lesson's first step and Mông
    const fs::path assets = test::assetsCopy(dir / "assets");
    speech::Pcm tone;
    for (int i = 0; i < tone.rate / 2; ++i) {
        tone.samples.push_back(
            static_cast<int16_t>(8000 * std::sin(2 * std::numbers::pi * 440.0 * i / tone.rate)));
    }
    std::string err;
    fs::create_directories(assets / "voice/vi" / kVoiceLesson);
    ASSERT_TRUE(speech::writeWav(assets / "voice/vi" / kVoiceLesson / "1.wav", tone, err)) << err;
    test::writeText(assets / "languages.toml",
                    "[[language]]\ncode = \"hmn\"\nname = \"Hmoob\"\nname_vi = \"Tiếng "
                    "Mông\"\ntitles = { \"" +
                        std::string(kVoiceLesson) + "\" = \"Saib ntaub ntawv\" }\n");
    const fs::path pack = dir / "noi-dung-2026.12.1.tar.gz";
    ASSERT_EQ(test::packFolder(assets, "2026.12.1", pack), "");
    ASSERT_TRUE(test::minisignSign(pack, dir / "province" / "province.key"));

    Config cfg;
    cfg.contentKeysDir = dir / "keys";
    Harness h;
    h.kioskVersion = "1.0.0";
    h.rebuild(&h.recorder, cfg);
    const std::string key = std::string("step/") + kVoiceLesson + "/1/vi";
    auto lastStep1 = [&]() -> const std::vector<speech::PartSource>* {
        for (size_t i = h.speech.played.size(); i-- > 0;) {
            if (h.speech.played[i] == key) {
                return &h.speech.sources[i];
            }
        }
        return nullptr;
    };
    // a first visit hears step 1 synthesised (and the audio is cached)
    h.app->open(Route{ScreenId::Tutorial, 0, kVoiceLesson});
    h.frame(2);
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    ASSERT_TRUE(lastStep1());
    ASSERT_EQ(lastStep1()->size(), 1u);
    EXPECT_NE(lastStep1()->at(0).kind, speech::SourceKind::Recorded);
    h.app->open(Route{ScreenId::Attract}); // the visit ends
    h.frame(2);

    // `tramso content install` while the kiosk runs; the kiosk notices and swaps between visits
    PackCheckOptions o;
    o.config = cfg;
    o.keysDir = cfg.contentKeysDir;
    o.kioskVersion = h.kioskVersion;
    auto src = readPackSource(pack, o.limits, err);
    ASSERT_TRUE(src) << err;
    const InstallResult installed = installPack(ContentStore(h.dataDir), *src, o);
    ASSERT_TRUE(installed.ok) << installed.error;
    for (int i = 0; i < 600 && h.shown().version != "2026.12.1"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        h.frame();
    }
    ASSERT_EQ(h.shown().version, "2026.12.1");
    ASSERT_NE(h.shown().assets, assets);

    // the next visit: step 1 plays the pack's recording, from the new content's folder
    const size_t before = h.speech.played.size();
    h.app->open(Route{ScreenId::Tutorial, 0, kVoiceLesson});
    h.frame(2);
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    ASSERT_GT(h.speech.played.size(), before);
    const auto* now = lastStep1();
    ASSERT_TRUE(now);
    ASSERT_EQ(now->size(), 1u);
    EXPECT_EQ(now->at(0).kind, speech::SourceKind::Recorded) << "the old content's voice";
    EXPECT_EQ(fs::path(now->at(0).file), h.shown().assets / "voice/vi" / kVoiceLesson / "1.wav");
    // and its language: offered, and Mông's recordings are looked for in the new content
    bool offered = false;
    for (const auto& l : h.shown().languageChoices) {
        offered |= l.code == "hmn";
    }
    EXPECT_TRUE(offered);
    h.kiosk->apply(intent::SetLanguagePack{"hmn", Lang::Vi});
    h.frame(2);
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    EXPECT_EQ(h.speech.played.back(), std::string("step/") + kVoiceLesson + "/1/hmn");
    ASSERT_EQ(h.speech.sources.back().size(), 1u);
    EXPECT_EQ(h.speech.sources.back()[0].kind, speech::SourceKind::Recorded)
        << "Mông falls back to the pack's Vietnamese recording";
    EXPECT_EQ(fs::path(h.speech.sources.back()[0].file),
              h.shown().assets / "voice/vi" / kVoiceLesson / "1.wav");
    h.services->shutdown();
    fs::remove_all(dir);
}
