// Language packs in the resident's language choice, tapped like a finger would: a pack is
// offered only with lesson titles or recordings of its own, by its own name over its
// Vietnamese name; chosen, it shows its titles over the fallback's words, speaks and is
// recorded as its code; its button fits at every text size on the supported screens.
#include "harness.hpp"

#include "kiosk/core/speech/speech_audio.hpp"

#include <cmath>
#include <fstream>
#include <numbers>
#include <unistd.h>

using namespace tramso;
using tramso::test::Harness;
namespace fs = std::filesystem;

namespace {

constexpr const char* kLesson = "tra-cuu-ho-so";
const std::string kHmong = "Hmoob\nTiếng Mông";
const std::string kTay = "Tày\nTiếng Tày";
const std::string kDao = "Kim Mun\nTiếng Dao";
const std::string kKhmer = "Khmer\nTiếng Khmer";
const std::string kTayTitle = "Tìm hồ sơ slư";

// Bundled assets plus four packs: Mông with one recording only, Tày with one lesson title
// only, Dao with nothing, Khmer with a title for a lesson the content does not have.
struct PackAssets {
    fs::path dir;
    PackAssets() {
        dir = fs::temp_directory_path() / ("tramso-language-ui-" + std::to_string(getpid()));
        fs::remove_all(dir);
        fs::copy(fs::path(TRAMSO_SOURCE_DIR) / "assets", dir, fs::copy_options::recursive);
        std::ofstream(dir / "languages.toml") << R"([[language]]
code = "hmn"
name = "Hmoob"
name_vi = "Tiếng Mông"

[[language]]
code = "tay"
name = "Tày"
name_vi = "Tiếng Tày"
titles = { "tra-cuu-ho-so" = ")" << kTayTitle << R"(" }

[[language]]
code = "dao"
name = "Kim Mun"
name_vi = "Tiếng Dao"

[[language]]
code = "km"
name = "Khmer"
name_vi = "Tiếng Khmer"
titles = { "no-such-lesson" = "x" }
)";
        speech::Pcm tone;
        for (int i = 0; i < tone.rate / 4; ++i) {
            tone.samples.push_back(static_cast<int16_t>(
                8000 * std::sin(2 * std::numbers::pi * 440.0 * i / tone.rate)));
        }
        fs::create_directories(dir / "voice/hmn" / kLesson);
        std::string err;
        EXPECT_TRUE(speech::writeWav(dir / "voice/hmn" / kLesson / "2.wav", tone, err)) << err;
    }
    ~PackAssets() { fs::remove_all(dir); }
};

// The harness showing `assets` instead of the bundled content.
void showContent(Harness& h, const fs::path& assets) {
    h.content = loadContent(assets, Config());
    for (const auto& problem : h.content.diagnostics) {
        ADD_FAILURE() << problem.format();
    }
    h.rebuild(&h.recorder);
    h.app->open(Route{ScreenId::Home});
    h.settle();
}

// The folded band's "Aa · …" button, if the band is folded.
const ui::TappableItem* panelButton(Harness& h) {
    for (const auto& it : h.app->registry().items()) {
        if (it.label.rfind("Aa · ", 0) == 0 && it.visible()) {
            return &it;
        }
    }
    return nullptr;
}

// Whether the language `label` is offered: in the band, or in the panel the folded band opens.
bool offered(Harness& h, const std::string& label) {
    if (h.item(label)) {
        return true;
    }
    const ui::TappableItem* aa = panelButton(h);
    if (!aa) {
        return false;
    }
    const std::string aaLabel = aa->label;
    EXPECT_TRUE(h.tap(aaLabel));
    const bool there = h.item(label) != nullptr;
    EXPECT_TRUE(h.tap(h.tr("toolbar.done")));
    return there;
}

// Taps the language `label` wherever it is offered; leaves the panel closed.
bool choose(Harness& h, const std::string& label) {
    if (h.tap(label)) {
        if (h.item(h.tr("toolbar.done"))) {
            h.tap(h.tr("toolbar.done"));
        }
        return true;
    }
    const ui::TappableItem* aa = panelButton(h);
    if (!aa) {
        return false;
    }
    const std::string aaLabel = aa->label;
    return h.tap(aaLabel) && h.tap(label) && h.tap(h.tr("toolbar.done"));
}

// The language buttons and the band on screen now: each target at least 15 mm, its words
// inside it, wholly on screen, 3 mm from every other target; the band at most 15 %.
std::vector<std::string> layoutProblems(Harness& h, const std::vector<std::string>& labels) {
    std::vector<std::string> bad;
    const auto& reg = h.app->registry();
    const float mm = h.mmPerPx;
    if (const ui::Region* tb = reg.region("toolbar");
        !tb || tb->max.y - tb->min.y > h.display.y * 0.15f + 0.5f) {
        bad.push_back("the band is missing or taller than 15 %");
    }
    for (const auto& r : reg.regions()) {
        if (r.name.rfind("overflow:", 0) == 0) {
            bad.push_back("'" + r.name.substr(9) + "' does not fit its button");
        }
    }
    for (const std::string& l : labels) {
        const ui::TappableItem* it = reg.find(l);
        if (!it) {
            continue;
        }
        const float side = std::min(it->max.x - it->min.x, it->max.y - it->min.y) * mm;
        if (side < 15.0f) {
            bad.push_back("'" + l + "' is " + std::to_string(side) + " mm");
        }
        if (it->min.x < -0.5f || it->min.y < -0.5f || it->max.x > h.display.x + 0.5f ||
            it->max.y > h.display.y + 0.5f) {
            bad.push_back("'" + l + "' is not wholly on screen");
        }
        for (const auto& o : reg.items()) {
            if (&o == it || !o.visible() || o.role == "hold") {
                continue;
            }
            const float gx = std::max(o.min.x - it->max.x, it->min.x - o.max.x);
            const float gy = std::max(o.min.y - it->max.y, it->min.y - o.max.y);
            if (std::max(gx, gy) * mm < 3.0f) {
                bad.push_back("'" + l + "' and '" + o.label + "' are closer than 3 mm");
            }
        }
    }
    return bad;
}

} // namespace

TEST(LanguageUi, APackIsOfferedOnlyWithTitlesOrRecordings) {
    Harness h;
    ASSERT_FALSE(offered(h, kHmong)) << "the bundled content declares no pack";
    PackAssets assets;
    showContent(h, assets.dir);
    EXPECT_TRUE(offered(h, kHmong)) << "a recording of its own";
    EXPECT_TRUE(offered(h, kTay)) << "a lesson title of its own";
    EXPECT_FALSE(offered(h, kDao)) << "neither titles nor recordings";
    EXPECT_FALSE(offered(h, kKhmer)) << "a title only for a lesson the content does not have";
    EXPECT_TRUE(offered(h, h.tr("toolbar.english")));
}

TEST(LanguageUi, AChosenPackShowsItsTitlesOverTheFallbacksWordsAndIsRecordedAsItsCode) {
    Harness h;
    PackAssets assets;
    showContent(h, assets.dir);
    const Tutorial* t = h.content.tutorials.find(kLesson);
    ASSERT_TRUE(t);
    ASSERT_TRUE(choose(h, kTay));
    EXPECT_EQ(h.kiosk->settings().pack, "tay");
    EXPECT_EQ(h.kiosk->settings().lang, Lang::Vi);
    EXPECT_TRUE(h.shows(h.strings.get("home.title", Lang::Vi))) << "the fallback's words";
    // Tày's own title on the lesson, Vietnamese words in its steps
    h.app->open(Route{ScreenId::Tutorial, 0, kLesson});
    h.settle();
    EXPECT_TRUE(h.shows(kTayTitle));
    EXPECT_FALSE(h.shows(t->title.vi));
    EXPECT_TRUE(h.shows(t->steps[0].text.vi));
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    ASSERT_FALSE(h.speech.played.empty());
    EXPECT_EQ(h.speech.played.back(), std::string("step/") + kLesson + "/1/tay");
    // Mông: its recording for step 2, the Vietnamese title and voice elsewhere
    ASSERT_TRUE(choose(h, kHmong));
    EXPECT_EQ(h.kiosk->settings().pack, "hmn");
    h.settle();
    EXPECT_TRUE(h.shows(t->title.vi));
    ASSERT_TRUE(h.tap(h.tr("tutorial.next")));
    ASSERT_TRUE(h.speechServiceIdle());
    h.frame(2);
    EXPECT_EQ(h.speech.played.back(), std::string("step/") + kLesson + "/2/hmn");
    ASSERT_EQ(h.speech.sources.back().size(), 1u);
    EXPECT_EQ(h.speech.sources.back()[0].kind, speech::SourceKind::Recorded);
    EXPECT_EQ(h.speech.sources.back()[0].lang, "hmn");
    // back to English: the pack is left
    ASSERT_TRUE(choose(h, h.tr("toolbar.english")));
    EXPECT_TRUE(h.kiosk->settings().pack.empty());
    ASSERT_TRUE(choose(h, kHmong));
    h.kiosk->apply(intent::Open{Route{ScreenId::Attract}}); // the resident leaves
    const auto ended = h.recorder.ofType(EventType::SessionEnded);
    ASSERT_FALSE(ended.empty());
    EXPECT_EQ(ended.back().language, "hmn");
}

// The two names on one button, in the band or in the folded band's panel, at A–, A and A+ on
// the landscape monitor and the portrait kiosk (and the default 1920×1080).
TEST(LanguageUi, ThePacksButtonFitsAtEveryTextSize) {
    struct Shape {
        float w, h, mmPerPx;
    } shapes[] = {{1366, 768, 0.252f}, {1080, 1920, 0.248f}, {1920, 1080, 0.265f}};
    Harness h;
    PackAssets assets;
    showContent(h, assets.dir);
    const std::vector<std::string> labels = {kHmong, kTay, h.tr("toolbar.english"),
                                             h.tr("toolbar.vietnamese")};
    for (const Shape& s : shapes) {
        h.resize(ImVec2(s.w, s.h), s.mmPerPx);
        for (TextSize size : {TextSize::Small, TextSize::Normal, TextSize::Large}) {
            for (bool inLesson : {false, true}) {
                h.kiosk->apply(intent::SetTextSize{size});
                h.app->open(inLesson ? Route{ScreenId::Tutorial, 0, kLesson}
                                     : Route{ScreenId::Home});
                h.settle();
                const std::string where =
                    std::to_string(int(s.w)) + "x" + std::to_string(int(s.h)) + " " +
                    std::string(toString(size)) + (inLesson ? " lesson" : " home");
                if (const ui::TappableItem* aa = panelButton(h)) {
                    const std::string aaLabel = aa->label;
                    ASSERT_TRUE(h.tap(aaLabel)) << where;
                    EXPECT_TRUE(h.item(kHmong)) << where;
                    for (const std::string& p : layoutProblems(h, labels)) {
                        ADD_FAILURE() << where << " (panel): " << p;
                    }
                    ASSERT_TRUE(h.tap(h.tr("toolbar.done"))) << where;
                } else {
                    EXPECT_TRUE(h.item(kHmong)) << where;
                    for (const std::string& p : layoutProblems(h, labels)) {
                        ADD_FAILURE() << where << " (band): " << p;
                    }
                }
            }
        }
    }
}

// The dashboard names the languages visits were in: a pack's code by its name from
// languages.toml, an unknown code (a pack since removed) as it is, never as Vietnamese.
TEST(LanguageUi, TheDashboardNamesAPacksCodeAndKeepsAnUnknownOne) {
    Harness h;
    PackAssets assets;
    showContent(h, assets.dir);
    h.app->setScreenData(ScreenId::Dashboard,
                         {{},
                          [](const Kiosk&) {
                              db::DashboardView v;
                              v.data.emplace();
                              v.data->today = 20261201;
                              v.data->monthSessions = 6;
                              v.data->languages = {{"vi", 3}, {"hmn", 2}, {"xyz", 1}};
                              return std::any(v);
                          },
                          {}});
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Thống kê sử dụng"));
    ASSERT_EQ(h.screen(), ScreenId::Dashboard);
    EXPECT_TRUE(h.shows("Tiếng Mông"));
    EXPECT_TRUE(h.shows("xyz"));
    EXPECT_TRUE(h.shows("Tiếng Việt"));
}
