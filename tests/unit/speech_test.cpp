// The speech engine without a sound card: the number normaliser, utterances from the bundled
// lessons, language packs, source resolution over a temporary assets folder, decoding,
// the service's cache and cancellation, the narrator, and real eSpeak NG synthesis.
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/speech.hpp"
#include "kiosk/core/speech/narrator.hpp"
#include "kiosk/core/speech/speech_audio.hpp"
#include "kiosk/core/speech/speech_check.hpp"
#include "kiosk/core/speech/speech_service.hpp"
#include "kiosk/core/speech/speech_sink.hpp"
#include "kiosk/core/speech/speech_synth.hpp"
#include "kiosk/core/speech/speech_text.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "tests/support/pack_fixture.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <future>

using namespace tramso;
using namespace tramso::speech;
namespace fs = std::filesystem;

namespace {
// A fresh folder of its own for each object, removed with it.
struct ScratchDir {
    fs::path path;
    ScratchDir() {
        path = fs::temp_directory_path() / ("tramso-speech-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<uintptr_t>(this)));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~ScratchDir() { fs::remove_all(path); }
};

// A 440 Hz tone, so a decoded recording is recognisably not silence.
Pcm tone(double seconds, int rate = kSpeechRate) {
    Pcm p;
    p.rate = rate;
    for (int i = 0; i < static_cast<int>(seconds * rate); ++i) {
        p.samples.push_back(static_cast<int16_t>(8000 * std::sin(2 * M_PI * 440.0 * i / rate)));
    }
    return p;
}

void writeTone(const fs::path& p, double seconds = 0.2) {
    fs::create_directories(p.parent_path());
    std::string err;
    ASSERT_TRUE(writeWav(p, tone(seconds), err)) << err;
}

auto noSynth = [](std::string_view) { return false; };
auto viEnSynth = [](std::string_view l) { return l == "vi" || l == "en"; };

Part stepPart(const std::string& text = "Mở ứng dụng.") {
    return {text, "vi", "bai/1"};
}

} // namespace

// --- the normaliser -----------------------------------------------------------------------

TEST(SpeechText, CodesAreReadDigitByDigit) {
    EXPECT_EQ(speakable("Không dùng 123456.", "vi"), "Không dùng 1 2 3 4 5 6.");
    EXPECT_EQ(speakable("Mã OTP của bạn là 482915", "vi"), "Mã OTP của bạn là 4 8 2 9 1 5");
    EXPECT_EQ(speakable("Your OTP is 4•••••.", "en"), "Your OTP is 4.");
}

TEST(SpeechText, PhoneNumbersAreReadInGroups) {
    EXPECT_EQ(speakable("Gọi 0912345678", "vi"), "Gọi 0 9 1 2, 3 4 5, 6 7 8");
    EXPECT_EQ(speakable("Gọi 0912 345 678.", "vi"), "Gọi 0 9 1 2, 3 4 5, 6 7 8.");
    EXPECT_EQ(speakable("Call 024.3823.4567", "en"), "Call 0 2 4, 3 8 2 3, 4 5 6 7");
    EXPECT_EQ(speakable("Tổng đài 1900 1234", "vi"), "Tổng đài 1 9 0 0, 1 2 3 4");
}

TEST(SpeechText, AddressesAreSpelledWithDots) {
    EXPECT_EQ(speakable("Vào dichvucong.gov.vn nhé", "vi"), "Vào dichvucong chấm gov chấm v n nhé");
    EXPECT_EQ(speakable("Open https://dichvucong.gov.vn/", "en"),
              "Open dichvucong dot gov dot v n");
    EXPECT_EQ(speakable("“vneid-capnhat.com”", "en"), "vneid dash capnhat dot com");
}

TEST(SpeechText, AmountsYearsAndDecimalsStayNumbers) {
    EXPECT_EQ(speakable("35.000 đồng", "vi"), "35000 đồng");
    EXPECT_EQ(speakable("35,000 dong", "en"), "35000 dong");
    EXPECT_EQ(speakable("năm 2026", "vi"), "năm 2026");
    EXPECT_EQ(speakable("4,8 sao", "vi"), "4 phẩy 8 sao");
    EXPECT_EQ(speakable("4.8 stars", "en"), "4 point 8 stars");
    EXPECT_EQ(speakable("sau 20 giây", "vi"), "sau 20 giây");
}

TEST(SpeechText, EachLineEndsWithAPause) {
    EXPECT_EQ(speakable("Ai được biết mã?\nChỉ mình bạn\nNgười nhà", "vi"),
              "Ai được biết mã? Chỉ mình bạn. Người nhà");
}

// --- utterances ---------------------------------------------------------------------------

namespace {
SpeechContent contentWith(const LanguageSet& langs) {
    return {test::bundledContent().strings, test::bundledContent().tutorials,
            &test::bundledContent().portals, langs};
}
} // namespace

TEST(SpeechUtterance, StepIsInstructionThenDetail) {
    LanguageSet langs;
    const Tutorial* t = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    ASSERT_NE(t, nullptr);
    Utterance u = utteranceFor(contentWith(langs), {SpeechScreen::Step, t->id, 1}, "vi");
    ASSERT_EQ(u.parts.size(), 1u);
    EXPECT_EQ(u.parts[0].text, t->steps[0].text.vi + "\n" + t->steps[0].detail->vi);
    EXPECT_EQ(u.parts[0].recording, "giu-bi-mat-otp/1");
    EXPECT_EQ(u.key.str(), "step/giu-bi-mat-otp/1/vi");
    Utterance en = utteranceFor(contentWith(langs), {SpeechScreen::Step, t->id, 2}, "en");
    EXPECT_EQ(en.text(), t->steps[1].text.en); // no detail on step 2
    EXPECT_EQ(en.parts[0].textLang, "en");
}

// A check's options are read in the order the screen shows them (the player's order), each
// as its own part named by its number in the file, so a recording of an option still plays
// wherever the shuffle puts it; without an order (or with one that is not a permutation of
// the options) they are read in file order.
TEST(SpeechUtterance, ACheckReadsItsOptionsInTheOrderShown) {
    LanguageSet langs;
    SpeechContent c = contentWith(langs);
    const Tutorial* t = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    ASSERT_NE(t, nullptr);
    const int last = static_cast<int>(t->steps.size());
    const Check& ck = *t->steps.back().check;
    ASSERT_EQ(ck.answers.size(), 3u);
    ScreenState s{SpeechScreen::Check, t->id, last};
    s.order = {2, 0, 1};
    Utterance u = utteranceFor(c, s, "vi");
    ASSERT_EQ(u.parts.size(), 4u);
    EXPECT_EQ(u.parts[0].text, ck.question.vi);
    EXPECT_EQ(u.parts[0].recording, "giu-bi-mat-otp/check");
    const int expect[] = {2, 0, 1};
    for (size_t k = 0; k < 3; ++k) {
        const size_t id = static_cast<size_t>(expect[k]);
        EXPECT_EQ(u.parts[k + 1].text, ck.answers[id].vi);
        EXPECT_EQ(u.parts[k + 1].recording, "giu-bi-mat-otp/check-" + std::to_string(id + 1));
    }
    // another order is another screen for the narration (it starts afresh)
    ScreenState fileOrder{SpeechScreen::Check, t->id, last};
    EXPECT_FALSE(s.sameKey(fileOrder));
    for (const std::vector<int>& bad : {std::vector<int>{}, std::vector<int>{0, 0, 1},
                                        std::vector<int>{0, 1}, std::vector<int>{3, 0, 1}}) {
        fileOrder.order = bad;
        Utterance f = utteranceFor(c, fileOrder, "vi");
        ASSERT_EQ(f.parts.size(), 4u);
        for (size_t k = 0; k < 3; ++k) {
            EXPECT_EQ(f.parts[k + 1].text, ck.answers[k].vi);
        }
    }
}

TEST(SpeechUtterance, CheckFeedbackEndIdleAndPortal) {
    LanguageSet langs;
    SpeechContent c = contentWith(langs);
    const Tutorial* t = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    ASSERT_NE(t, nullptr);
    const int last = static_cast<int>(t->steps.size());
    ASSERT_TRUE(t->steps.back().check);
    Utterance check = utteranceFor(c, {SpeechScreen::Check, t->id, last}, "vi");
    EXPECT_EQ(check.key.stepName(), "check");
    EXPECT_EQ(check.parts[0].recording, "giu-bi-mat-otp/check");
    EXPECT_NE(check.text().find("Chỉ mình bạn"), std::string::npos); // answers are read too
    ScreenState fb{SpeechScreen::Feedback, t->id, last};
    fb.right = true;
    Utterance right = utteranceFor(c, fb, "vi");
    ASSERT_EQ(right.parts.size(), 2u);
    EXPECT_EQ(right.parts[0].recording, "ui/tutorial.check_right");
    EXPECT_EQ(right.parts[1].text, t->steps.back().check->feedbackRight.vi);
    EXPECT_EQ(utteranceFor(c, {SpeechScreen::Check, t->id, 1}, "vi").parts.size(), 0u);

    Utterance end = utteranceFor(c, {SpeechScreen::End, t->id}, "en");
    EXPECT_EQ(end.parts.back().recording, "giu-bi-mat-otp/end");
    EXPECT_NE(end.text().find(t->summary.en), std::string::npos);

    ScreenState idle{SpeechScreen::IdleWarning, ""};
    idle.secondsLeft = 20;
    EXPECT_NE(utteranceFor(c, idle, "vi").text().find("sau 20 giây"), std::string::npos);

    Utterance portal = utteranceFor(c, {SpeechScreen::Portal, "dichvucong"}, "vi");
    ASSERT_EQ(portal.parts.size(), 4u);
    EXPECT_EQ(portal.parts[3].recording, "ui/portal.step3");
    EXPECT_EQ(utteranceFor(c, {SpeechScreen::Portal, "no-such"}, "vi").parts[0].recording,
              "ui/portal.missing");
}

TEST(SpeechUtterance, NothingForUnknownLessonsOrSteps) {
    LanguageSet langs;
    SpeechContent c = contentWith(langs);
    EXPECT_TRUE(utteranceFor(c, {SpeechScreen::Step, "no-such", 1}, "vi").empty());
    EXPECT_TRUE(utteranceFor(c, {SpeechScreen::Step, "giu-bi-mat-otp", 0}, "vi").empty());
    EXPECT_TRUE(utteranceFor(c, {SpeechScreen::Step, "giu-bi-mat-otp", 99}, "vi").empty());
}

TEST(SpeechUtterance, NextIsTheFollowingStepThenTheEnd) {
    LanguageSet langs;
    SpeechContent c = contentWith(langs);
    const Tutorial* t = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    auto n = nextScreen(c, {SpeechScreen::Step, t->id, 1});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->step, 2);
    auto end = nextScreen(c, {SpeechScreen::Step, t->id, static_cast<int>(t->steps.size())});
    ASSERT_TRUE(end);
    EXPECT_EQ(end->screen, SpeechScreen::End);
    EXPECT_FALSE(nextScreen(c, {SpeechScreen::End, t->id}));
}

// --- language packs -----------------------------------------------------------------------

TEST(SpeechLanguages, PackParsesAndFallsBack) {
    Diagnostics d;
    LanguageSet s = LanguageSet::parse(R"([[language]]
code = "hmn"
name = "Hmoob"
name_vi = "Tiếng Mông"
fallback = "vi"
titles = { "giu-bi-mat-otp" = "Tsis txhob qhia OTP" }
)",
                                       "languages.toml", d);
    EXPECT_TRUE(d.empty()) << d[0].format();
    ASSERT_NE(s.find("hmn"), nullptr);
    EXPECT_EQ(s.chain("hmn"), (std::vector<std::string>{"hmn", "vi"}));
    EXPECT_EQ(s.chain("en"), (std::vector<std::string>{"en"}));
    EXPECT_EQ(s.textLang("hmn"), "vi");
    const Tutorial* otp = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    const Tutorial* qr = test::bundledContent().tutorials.find("quet-ma-qr");
    ASSERT_TRUE(otp && qr);
    EXPECT_EQ(s.title("hmn", *otp), "Tsis txhob qhia OTP");
    EXPECT_EQ(s.title("hmn", *qr), qr->title.vi); // missing: the fallback's text
    EXPECT_EQ(s.title("en", *qr), qr->title.en);
}

TEST(SpeechLanguages, BadPacksAreLeftOutWithALine) {
    Diagnostics d;
    LanguageSet s = LanguageSet::parse(R"([[language]]
code = "tay"
name_vi = "Tiếng Tày"

[[language]]
code = "dao"
name = "Dao"
name_vi = "Tiếng Dao"
fallback = "xx"

[[language]]
code = "vi"
name = "Việt"
name_vi = "Tiếng Việt"
)",
                                       "languages.toml", d);
    EXPECT_TRUE(s.packs().empty());
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].line, 1);
    EXPECT_NE(d[0].message.find("'name'"), std::string::npos);
}

TEST(SpeechLanguages, BundledFileIsValid) {
    Diagnostics d;
    LanguageSet s = LanguageSet::load(test::sourceDir() / "assets", d);
    EXPECT_TRUE(d.empty());
    auto choice =
        selectableLanguages(s, test::sourceDir() / "assets", test::bundledContent().tutorials);
    ASSERT_GE(choice.size(), 2u);
    EXPECT_EQ(choice[0].code, "vi");
    EXPECT_EQ(choice[1].code, "en");
}

TEST(SpeechLanguages, PackIsSelectableOnlyWithTitlesOrRecordings) {
    ScratchDir tmp;
    Diagnostics d;
    LanguageSet s = LanguageSet::parse(R"([[language]]
code = "hmn"
name = "Hmoob"
name_vi = "Tiếng Mông"
[[language]]
code = "tay"
name = "Tày"
name_vi = "Tiếng Tày"
titles = { "no-such-lesson" = "x" }
[[language]]
code = "km"
name = "ខ្មែរ"
name_vi = "Tiếng Khmer"
titles = { "giu-bi-mat-otp" = "x" }
)",
                                       "languages.toml", d);
    ASSERT_EQ(s.packs().size(), 3u);
    auto codes = [&] {
        std::vector<std::string> c;
        for (const auto& l : selectableLanguages(s, tmp.path, test::bundledContent().tutorials)) {
            c.push_back(l.code);
        }
        return c;
    };
    EXPECT_EQ(codes(), (std::vector<std::string>{"vi", "en", "km"}));
    writeTone(tmp.path / "voice/hmn/giu-bi-mat-otp/1.wav");
    EXPECT_EQ(codes(), (std::vector<std::string>{"vi", "en", "hmn", "km"}));
}

// --- source resolution --------------------------------------------------------------------

namespace {
LanguageSet hmongPack() {
    Diagnostics d;
    return LanguageSet::parse(
        "[[language]]\ncode = \"hmn\"\nname = \"Hmoob\"\nname_vi = \"Tiếng Mông\"\n", "l", d);
}
} // namespace

TEST(SpeechSource, RecordingComesFirst) {
    ScratchDir tmp;
    LanguageSet langs;
    writeTone(tmp.path / "vi/bai/1.ogg");
    Source s = resolveSource(stepPart(), "vi", langs, tmp.path, viEnSynth);
    EXPECT_EQ(s.kind, SourceKind::Recorded);
    EXPECT_EQ(s.file, tmp.path / "vi/bai/1.ogg");
    // .ogg before .wav
    writeTone(tmp.path / "vi/bai/1.wav");
    EXPECT_EQ(resolveSource(stepPart(), "vi", langs, tmp.path, viEnSynth).file.extension(), ".ogg");
}

TEST(SpeechSource, SynthWhenNoRecordingSilenceWhenNoVoice) {
    ScratchDir tmp;
    LanguageSet langs;
    writeTone(tmp.path / "vi/bai/2.wav"); // another step's recording
    Source s = resolveSource(stepPart(), "vi", langs, tmp.path, viEnSynth);
    EXPECT_EQ(s.kind, SourceKind::Synth);
    EXPECT_EQ(s.lang, "vi");
    EXPECT_EQ(s.text, "Mở ứng dụng.");
    EXPECT_EQ(resolveSource(stepPart(), "vi", langs, tmp.path, noSynth).kind, SourceKind::Silent);
    // English does not borrow a Vietnamese recording
    writeTone(tmp.path / "vi/bai/1.wav");
    Part en{"Open the app.", "en", "bai/1"};
    EXPECT_EQ(resolveSource(en, "en", langs, tmp.path, viEnSynth).kind, SourceKind::Synth);
}

TEST(SpeechSource, LanguagePackRecordingThenFallbackLanguage) {
    ScratchDir tmp;
    LanguageSet langs = hmongPack();
    // no Mông recording: the Vietnamese recording plays
    writeTone(tmp.path / "vi/bai/1.wav");
    Source s = resolveSource(stepPart(), "hmn", langs, tmp.path, viEnSynth);
    EXPECT_EQ(s.kind, SourceKind::Recorded);
    EXPECT_EQ(s.lang, "vi");
    // a Mông recording plays over the Vietnamese text
    writeTone(tmp.path / "hmn/bai/1.mp3");
    s = resolveSource(stepPart(), "hmn", langs, tmp.path, viEnSynth);
    EXPECT_EQ(s.lang, "hmn");
    EXPECT_EQ(s.file.extension(), ".mp3");
    // neither: the fallback's synthesis
    EXPECT_EQ(resolveSource({"x", "vi", "bai/9"}, "hmn", langs, tmp.path, viEnSynth).lang, "vi");
    EXPECT_EQ(resolveSource({"x", "vi", "bai/9"}, "hmn", langs, tmp.path, noSynth).kind,
              SourceKind::Silent);
}

TEST(SpeechSource, OutdatedRecordingIsPassedOver) {
    ScratchDir tmp;
    LanguageSet langs;
    writeTone(tmp.path / "vi/bai/1.wav");
    // same words with other line breaks and a byte-order mark: still current
    test::writeText(tmp.path / "vi/bai/1.txt", "\xEF\xBB\xBFMở  ứng\ndụng.\n");
    EXPECT_FALSE(recordingOutdated(tmp.path / "vi/bai/1.wav", "Mở ứng dụng."));
    EXPECT_EQ(resolveSource(stepPart(), "vi", langs, tmp.path, viEnSynth).kind,
              SourceKind::Recorded);
    test::writeText(tmp.path / "vi/bai/1.txt", "Mở ứng dụng Zalo.");
    Source s = resolveSource(stepPart(), "vi", langs, tmp.path, viEnSynth);
    EXPECT_EQ(s.kind, SourceKind::Synth);
    ASSERT_EQ(s.outdated.size(), 1u);
    EXPECT_EQ(s.outdated[0], tmp.path / "vi/bai/1.wav");
}

// --- audio --------------------------------------------------------------------------------

TEST(SpeechAudio, WavRoundTripAndResampling) {
    ScratchDir tmp;
    std::string err;
    ASSERT_TRUE(writeWav(tmp.path / "a.wav", tone(0.5, 44100), err)) << err;
    auto pcm = decodeFile(tmp.path / "a.wav", err);
    ASSERT_TRUE(pcm) << err;
    EXPECT_EQ(pcm->rate, kSpeechRate);
    EXPECT_NEAR(pcm->durationMs(), 500.0, 1.0);
    EXPECT_NEAR(rms(*pcm), rms(tone(0.5)), 0.01);
    auto secs = fileDurationSeconds(tmp.path / "a.wav", err);
    ASSERT_TRUE(secs);
    EXPECT_NEAR(*secs, 0.5, 0.001);
}

// Debian 12's libsndfile 1.2.0 reads every format a team may bring from a phone.
TEST(SpeechAudio, DecodesOggFlacAndMp3) {
    ScratchDir tmp;
    const Pcm src = tone(0.6, 44100);
    struct Format {
        const char* ext;
        int format;
    } formats[] = {{".ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS},
                   {".flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16},
                   {".mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III}};
    for (const Format& f : formats) {
        const fs::path file = tmp.path / (std::string("rec") + f.ext);
        SF_INFO info{};
        info.samplerate = src.rate;
        info.channels = 1;
        info.format = f.format;
        SNDFILE* out = sf_open(file.c_str(), SFM_WRITE, &info);
        ASSERT_NE(out, nullptr) << f.ext << ": " << sf_strerror(nullptr);
        sf_write_short(out, src.samples.data(), static_cast<sf_count_t>(src.samples.size()));
        sf_close(out);
        std::string err;
        auto pcm = decodeFile(file, err);
        ASSERT_TRUE(pcm) << f.ext << ": " << err;
        EXPECT_EQ(pcm->rate, kSpeechRate);
        EXPECT_NEAR(pcm->durationMs(), 600.0, 80.0) << f.ext; // mp3 pads a frame or two
        EXPECT_GT(rms(*pcm), 0.5 * rms(src)) << f.ext;
    }
}

TEST(SpeechAudio, BrokenFileIsAnErrorNotACrash) {
    ScratchDir tmp;
    test::writeText(tmp.path / "b.ogg", "not audio at all");
    std::string err;
    EXPECT_FALSE(decodeFile(tmp.path / "b.ogg", err));
    EXPECT_FALSE(err.empty());
    EXPECT_FALSE(decodeFile(tmp.path / "missing.wav", err));
}

// --- the service --------------------------------------------------------------------------

namespace {
Utterance utt(const std::string& id, int step, const std::string& text = "words") {
    Utterance u;
    u.key = {SpeechScreen::Step, id, step, false, "vi"};
    u.parts.push_back({text, "vi", id + "/" + std::to_string(step)});
    return u;
}

// A producer that makes `ms` of audio per utterance and counts its calls; `gate`, when set,
// holds each call until opened (or cancelled).
struct FakeProducer {
    std::mutex m;
    std::condition_variable cv;
    bool gated = false;
    std::vector<std::string> calls;
    std::vector<std::string> cancelled;
    int ms = 100;
    Producer producer() {
        return [this](const Utterance& u, const std::atomic<bool>& c) {
            std::unique_lock lock(m);
            calls.push_back(u.key.str());
            // the service sets `c` without notifying us: look every few milliseconds
            for (int i = 0; i < 1000 && gated && !c.load(); ++i) {
                cv.wait_for(lock, std::chrono::milliseconds(5));
            }
            if (c.load()) {
                cancelled.push_back(u.key.str());
            }
            Audio a;
            a.pcm = tone(ms / 1000.0);
            a.parts.push_back({SourceKind::Synth, "", "vi"});
            return a;
        };
    }
    void open() {
        {
            std::lock_guard lock(m);
            gated = false;
        }
        cv.notify_all();
    }
    size_t callCount() {
        std::lock_guard lock(m);
        return calls.size();
    }
};

bool waitFor(const std::function<bool()>& f) {
    for (int i = 0; i < 500 && !f(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return f();
}
} // namespace

TEST(SpeechService, ReadyOnceThenFromTheCache) {
    FakeProducer fake;
    ManualClock clock;
    SpeechService svc(fake.producer(), clock);
    std::atomic<int> wakes = 0;
    svc.setWake([&] { ++wakes; });
    svc.request(utt("a", 1));
    ASSERT_TRUE(svc.waitIdle(5));
    auto r = svc.takeReady();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->utterance.key.str(), "step/a/1/vi");
    EXPECT_FALSE(r->cached);
    EXPECT_EQ(wakes.load(), 1);
    EXPECT_FALSE(svc.takeReady()); // once
    svc.request(utt("a", 1));      // listen again
    r = svc.takeReady();
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->cached);
    EXPECT_EQ(fake.callCount(), 1u);
    EXPECT_EQ(svc.status().cacheEntries, 1u);
}

TEST(SpeechService, NextStepIsPreparedAhead) {
    FakeProducer fake;
    ManualClock clock;
    SpeechService svc(fake.producer(), clock);
    svc.request(utt("a", 1), utt("a", 2));
    ASSERT_TRUE(svc.waitIdle(5));
    EXPECT_EQ(fake.callCount(), 2u);
    ASSERT_TRUE(svc.takeReady());
    svc.request(utt("a", 2));
    auto r = svc.takeReady(); // at once: it was prepared
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->cached);
}

TEST(SpeechService, StepChangeCancelsAndTheStaleResultIsNeverHandedOut) {
    FakeProducer fake;
    fake.gated = true;
    ManualClock clock;
    SpeechService svc(fake.producer(), clock);
    svc.request(utt("a", 1));
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 1; }));
    clock.advance(0.05);
    svc.request(utt("a", 3)); // the resident moved on while step 1 was being made
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 2; }));
    {
        std::lock_guard lock(fake.m);
        ASSERT_EQ(fake.cancelled.size(), 1u);
        EXPECT_EQ(fake.cancelled[0], "step/a/1/vi");
    }
    clock.advance(0.2);
    fake.open();
    ASSERT_TRUE(svc.waitIdle(5));
    auto r = svc.takeReady();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->utterance.key.step, 3);
    EXPECT_NEAR(r->latencyMs, 200.0, 0.01); // from its own request
    EXPECT_FALSE(svc.takeReady());
    EXPECT_EQ(svc.status().cancelled, 1u);
    EXPECT_EQ(svc.status().cacheEntries, 1u); // the cancelled work is not cached
}

TEST(SpeechService, WorkForTheNewCurrentStepIsKept) {
    FakeProducer fake;
    fake.gated = true;
    ManualClock clock;
    SpeechService svc(fake.producer(), clock);
    svc.request(utt("a", 1), utt("a", 2));
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 1; }));
    fake.open();
    ASSERT_TRUE(svc.waitIdle(5));
    fake.gated = true;
    // step 2 was prepared; step 3 is being prepared when the resident taps Next twice
    svc.request(utt("a", 2), utt("a", 3));
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 3; }));
    svc.request(utt("a", 3), utt("a", 4));
    fake.open();
    ASSERT_TRUE(svc.waitIdle(5));
    std::lock_guard lock(fake.m);
    EXPECT_TRUE(fake.cancelled.empty());
    EXPECT_EQ(fake.calls.size(), 4u);
}

TEST(SpeechService, CacheIsBoundedByBytes) {
    FakeProducer fake;
    fake.ms = 1000; // 44 100 bytes each
    ManualClock clock;
    SpeechService svc(fake.producer(), clock, 100000);
    for (int i = 1; i <= 4; ++i) {
        svc.request(utt("a", i));
        ASSERT_TRUE(svc.waitIdle(5));
    }
    SpeechStatus st = svc.status();
    EXPECT_EQ(st.cacheEntries, 2u);
    EXPECT_LE(st.cacheBytes, 100000u);
    svc.request(utt("a", 4)); // the newest stays
    EXPECT_TRUE(svc.takeReady()->cached);
    svc.request(utt("a", 1)); // the oldest was evicted
    EXPECT_FALSE(svc.takeReady());
    ASSERT_TRUE(svc.waitIdle(5));
    EXPECT_EQ(fake.callCount(), 5u);
}

TEST(SpeechService, CancelDropsEverything) {
    FakeProducer fake;
    fake.gated = true;
    ManualClock clock;
    SpeechService svc(fake.producer(), clock);
    svc.request(utt("a", 1), utt("a", 2));
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 1; }));
    svc.cancel();
    ASSERT_TRUE(svc.waitIdle(5));
    EXPECT_FALSE(svc.takeReady());
    EXPECT_EQ(fake.callCount(), 1u); // the prepared-ahead step was dropped too
    EXPECT_EQ(svc.status().state, SpeechStatus::State::Idle);
}

// --- the narrator -------------------------------------------------------------------------

namespace {
struct FakeSink final : AudioSink {
    std::vector<std::string> played;
    int stops = 0;
    int volume = 0;
    void play(const Ready& r) override { played.push_back(r.utterance.key.str()); }
    void stop() override { ++stops; }
    void setVolume(int v) override { volume = v; }
};

struct NarratorRig {
    FakeProducer fake;
    ManualClock clock;
    SpeechService svc{fake.producer(), clock};
    FakeSink sink;
    LanguageSet langs;
    std::shared_ptr<const SpeechContent> content = std::make_shared<const SpeechContent>(
        SpeechContent{test::bundledContent().strings, test::bundledContent().tutorials,
                      &test::bundledContent().portals, langs});
    Narrator narrator{svc, sink, content, clock};

    NarrationState at(int step, std::string lang = "vi") {
        NarrationState s;
        s.screen = ScreenState{SpeechScreen::Step, "giu-bi-mat-otp", step};
        s.lang = std::move(lang);
        return s;
    }
};
} // namespace

TEST(Narrator, SpeaksANewStepOnceWhenReady) {
    NarratorRig r;
    r.fake.gated = true; // not ready within the first update, however quick the worker is
    r.narrator.update(r.at(1));
    EXPECT_EQ(r.sink.volume, 2);
    ASSERT_TRUE(waitFor([&] { return r.fake.callCount() >= 1; }));
    r.fake.open();
    ASSERT_TRUE(r.svc.waitIdle(5));
    r.clock.advance(0.12);
    r.narrator.update(r.at(1));
    ASSERT_EQ(r.sink.played.size(), 1u);
    EXPECT_EQ(r.sink.played[0], "step/giu-bi-mat-otp/1/vi");
    EXPECT_NEAR(r.narrator.stats().lastStartMs, 120.0, 0.01);
    EXPECT_EQ(r.narrator.stats().late, 0);
    for (int i = 0; i < 5; ++i) {
        r.narrator.update(r.at(1)); // later frames: nothing more
    }
    EXPECT_EQ(r.sink.played.size(), 1u);
    EXPECT_EQ(r.fake.callCount(), 2u); // step 1, and step 2 prepared ahead
}

TEST(Narrator, StepChangeStopsAtOnceAndNeverPlaysTheOldStep) {
    NarratorRig r;
    r.fake.gated = true;
    r.narrator.update(r.at(1));
    ASSERT_TRUE(waitFor([&] { return r.fake.callCount() >= 1; }));
    const int stops = r.sink.stops;
    r.narrator.update(r.at(3)); // the resident skipped ahead before step 1 was ready
    EXPECT_EQ(r.sink.stops, stops + 1);
    r.fake.open();
    ASSERT_TRUE(r.svc.waitIdle(5));
    r.clock.advance(0.4);
    r.narrator.update(r.at(3));
    ASSERT_EQ(r.sink.played.size(), 1u);
    EXPECT_EQ(r.sink.played[0], "step/giu-bi-mat-otp/3/vi");
    EXPECT_EQ(r.narrator.stats().late, 1); // 400 ms: counted as late
}

TEST(Narrator, VoiceOffSilencesListenAgainRepeats) {
    NarratorRig r;
    r.narrator.update(r.at(2));
    ASSERT_TRUE(r.svc.waitIdle(5));
    r.narrator.update(r.at(2));
    ASSERT_EQ(r.sink.played.size(), 1u);
    r.narrator.listenAgain();
    r.narrator.update(r.at(2));
    EXPECT_EQ(r.sink.played.size(), 2u); // from the cache, the same frame
    NarrationState off = r.at(2);
    off.voiceOn = false;
    const int stops = r.sink.stops;
    r.narrator.update(off);
    EXPECT_EQ(r.sink.stops, stops + 1);
    r.narrator.update(off);
    EXPECT_EQ(r.sink.played.size(), 2u);
    r.narrator.update(r.at(2)); // on again: the step is read again
    EXPECT_EQ(r.sink.played.size(), 3u);
    NarrationState loud = r.at(2, "en");
    loud.volume = 3;
    r.narrator.update(loud); // a language change is a new utterance
    EXPECT_EQ(r.sink.volume, 3);
    ASSERT_TRUE(r.svc.waitIdle(5));
    r.narrator.update(loud);
    EXPECT_EQ(r.sink.played.back(), "step/giu-bi-mat-otp/2/en");
}

// --- the file sink ------------------------------------------------------------------------

TEST(SpeechFileSink, WritesAWavAndAJsonLine) {
    ScratchDir tmp;
    FileSink sink(tmp.path / "out");
    Ready r;
    r.utterance = utt("giu-bi-mat-otp", 2, "Chỉ tự tay nhập mã.");
    auto a = std::make_shared<Audio>();
    a->pcm = tone(0.25);
    a->parts.push_back({SourceKind::Recorded, "/x/2.ogg", "vi"});
    r.audio = a;
    r.latencyMs = 42.5;
    sink.play(r);
    std::ifstream in(tmp.path / "out/speech.jsonl");
    std::string line;
    ASSERT_TRUE(std::getline(in, line));
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["screen"], "step");
    EXPECT_EQ(j["lesson"], "giu-bi-mat-otp");
    EXPECT_EQ(j["step"], "2");
    EXPECT_EQ(j["language"], "vi");
    EXPECT_EQ(j["source"], "recorded");
    EXPECT_EQ(j["text"], "Chỉ tự tay nhập mã.");
    EXPECT_EQ(j["duration_ms"], 250);
    EXPECT_EQ(j["latency_ms"], 42.5);
    std::string err;
    auto pcm = decodeFile(tmp.path / "out" / j["file"].get<std::string>(), err);
    ASSERT_TRUE(pcm) << err;
    EXPECT_GT(rms(*pcm), 0.05);
}

// --- check-content ------------------------------------------------------------------------

TEST(SpeechCheck, CountsRecordingsAndReportsOutdatedUnreadableUnused) {
    ScratchDir tmp;
    fs::copy(test::sourceDir() / "assets", tmp.path, fs::copy_options::recursive);
    const Tutorial* t = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    writeTone(tmp.path / "voice/vi/giu-bi-mat-otp/1.wav");
    writeTone(tmp.path / "voice/vi/giu-bi-mat-otp/2.wav");
    test::writeText(tmp.path / "voice/vi/giu-bi-mat-otp/2.txt", t->steps[1].text.vi);
    writeTone(tmp.path / "voice/vi/giu-bi-mat-otp/3.wav");
    test::writeText(tmp.path / "voice/vi/giu-bi-mat-otp/3.txt", "Lời cũ.");
    test::writeText(tmp.path / "voice/vi/giu-bi-mat-otp/4.ogg", "broken");
    writeTone(tmp.path / "voice/vi/giu-bi-mat-otp/44.wav");
    writeTone(tmp.path / "voice/en/ui/portal.step1.wav");
    test::writeText(tmp.path / "voice/vi/giu-bi-mat-otp/5.m4a", "from an iPhone");
    LanguageSet langs;
    VoiceCheck c = checkVoices(tmp.path, contentWith(langs));
    ASSERT_EQ(c.languages.size(), 2u);
    EXPECT_EQ(c.languages[0].recorded, 2);
    EXPECT_EQ(c.languages[0].outdated, 1);
    EXPECT_EQ(c.languages[0].unreadable, 1);
    EXPECT_EQ(c.languages[1].recorded, 0); // a ui/ recording is not a lesson step
    EXPECT_EQ(c.languages[0].steps, c.languages[1].steps);
    int errors = 0, unused = 0, outdated = 0;
    for (const auto& d : c.diagnostics) {
        errors += d.severity == Diagnostic::Severity::Error;
        unused += d.message.find("not used") != std::string::npos;
        outdated += d.message.find("outdated") != std::string::npos;
    }
    EXPECT_EQ(errors, 1);
    EXPECT_EQ(unused, 1);
    EXPECT_EQ(outdated, 1);
    EXPECT_TRUE(std::any_of(c.diagnostics.begin(), c.diagnostics.end(), [](const Diagnostic& d) {
        return d.message.find("cannot be played") != std::string::npos;
    }));
    EXPECT_NE(c.languages[0].summary().find("2 of "), std::string::npos);
}

// A recording of one check option ("check-2") is a used, current recording, and it plays for
// that option wherever the shuffle shows it.
TEST(SpeechCheck, ARecordedCheckOptionPlaysInAnyOrder) {
    ScratchDir tmp;
    fs::copy(test::sourceDir() / "assets", tmp.path, fs::copy_options::recursive);
    const Tutorial* t = test::bundledContent().tutorials.find("giu-bi-mat-otp");
    const Check& ck = *t->steps.back().check;
    writeTone(tmp.path / "voice/vi/giu-bi-mat-otp/check-2.wav");
    test::writeText(tmp.path / "voice/vi/giu-bi-mat-otp/check-2.txt", ck.answers[1].vi);
    LanguageSet langs;
    VoiceCheck c = checkVoices(tmp.path, contentWith(langs));
    for (const auto& d : c.diagnostics) {
        EXPECT_EQ(d.message.find("not used"), std::string::npos) << d.file << ": " << d.message;
        EXPECT_EQ(d.message.find("outdated"), std::string::npos) << d.file << ": " << d.message;
    }
    for (const std::vector<int>& order : {std::vector<int>{0, 1, 2}, std::vector<int>{1, 2, 0}}) {
        ScreenState s{SpeechScreen::Check, t->id, static_cast<int>(t->steps.size())};
        s.order = order;
        Utterance u = utteranceFor(contentWith(langs), s, "vi");
        const auto at = std::find(order.begin(), order.end(), 1) - order.begin();
        const Part& part = u.parts[static_cast<size_t>(at) + 1];
        EXPECT_EQ(part.text, ck.answers[1].vi);
        Source src = resolveSource(part, "vi", langs, tmp.path / "voice", nullptr);
        EXPECT_EQ(src.kind, SourceKind::Recorded);
        EXPECT_EQ(src.file, tmp.path / "voice/vi/giu-bi-mat-otp/check-2.wav");
    }
}

TEST(SpeechCheck, BundledContentHasNoVoiceErrors) {
    LanguageSet langs;
    VoiceCheck c = checkVoices(test::sourceDir() / "assets", contentWith(langs));
    EXPECT_FALSE(hasErrors(c.diagnostics));
}

// --- real synthesis -----------------------------------------------------------------------

TEST(SpeechSynth, VietnameseAndEnglishAreSpokenAndDiffer) {
    Synthesizer synth;
    ASSERT_TRUE(synth.ok()) << synth.error();
    ASSERT_TRUE(synth.hasVoice("vi"));
    ASSERT_TRUE(synth.hasVoice("en"));
    auto vi = synth.speak(speakable("Mở ứng dụng VNeID trên điện thoại.", "vi"), "vi");
    auto en = synth.speak(speakable("Open the VNeID app on your phone.", "en"), "en");
    ASSERT_TRUE(vi && en);
    ScratchDir tmp;
    std::string err;
    ASSERT_TRUE(writeWav(tmp.path / "vi.wav", *vi, err)) << err;
    ASSERT_TRUE(writeWav(tmp.path / "en.wav", *en, err)) << err;
    auto viBack = decodeFile(tmp.path / "vi.wav", err);
    auto enBack = decodeFile(tmp.path / "en.wav", err);
    ASSERT_TRUE(viBack && enBack);
    EXPECT_GT(rms(*viBack), 0.03);
    EXPECT_GT(rms(*enBack), 0.03);
    EXPECT_GT(viBack->durationMs(), 800.0);
    EXPECT_NE(viBack->samples, enBack->samples);
    // the Vietnamese voice on an English sentence is another sound than the English voice
    auto enInVi = synth.speak("Open the VNeID app on your phone.", "vi");
    ASSERT_TRUE(enInVi);
    EXPECT_NE(enInVi->samples, en->samples);
}

TEST(SpeechSynth, CancelStopsSynthesis) {
    Synthesizer synth;
    ASSERT_TRUE(synth.ok());
    std::atomic<bool> cancel = true;
    EXPECT_FALSE(synth.speak("Một câu khá dài để đọc.", "vi", &cancel));
}

TEST(SpeechSynth, LibraryUsesRecordingsOverTheSynthesizer) {
    ScratchDir tmp;
    writeTone(tmp.path / "voice/vi/giu-bi-mat-otp/2.wav", 0.5);
    Synthesizer synth;
    LanguageSet langs;
    VoiceLibrary lib(tmp.path, langs, &synth);
    SpeechContent c = contentWith(langs);
    std::atomic<bool> no = false;
    Audio rec = lib.produce(utteranceFor(c, {SpeechScreen::Step, "giu-bi-mat-otp", 2}, "vi"), no);
    EXPECT_EQ(rec.source(), SourceKind::Recorded);
    EXPECT_NEAR(rec.pcm.durationMs(), 500.0, 1.0);
    Audio syn = lib.produce(utteranceFor(c, {SpeechScreen::Step, "giu-bi-mat-otp", 1}, "vi"), no);
    EXPECT_EQ(syn.source(), SourceKind::Synth);
    EXPECT_GT(rms(syn.pcm), 0.03);
}

// --- a resident who chose a language pack -------------------------------------------------

namespace {
// A copy of the bundled assets whose languages.toml declares Mông (fallback vi) with a title
// for one lesson, and Dao (fallback Mông) with nothing of its own.
fs::path assetsWithPacks(const fs::path& dir) {
    const fs::path a = dir / "assets";
    fs::copy(test::sourceDir() / "assets", a, fs::copy_options::recursive);
    test::writeText(a / "languages.toml", R"([[language]]
code = "hmn"
name = "Hmoob"
name_vi = "Tiếng Mông"
fallback = "vi"
titles = { "giu-bi-mat-otp" = "Tsis txhob qhia OTP" }

[[language]]
code = "dao"
name = "Kim Mun"
name_vi = "Tiếng Dao"
fallback = "hmn"
)");
    return a;
}
} // namespace

// The content carries its languages and the choice a resident gets: a pack with a title is
// offered, one with neither titles nor recordings is not (until it gets a recording).
TEST(SpeechLanguages, ContentOffersPacksWithTitlesOrRecordings) {
    ScratchDir tmp;
    const fs::path a = assetsWithPacks(tmp.path);
    Content c = loadContent(a, Config());
    EXPECT_TRUE(c.diagnostics.empty()) << c.diagnostics[0].format();
    ASSERT_EQ(c.languages.packs().size(), 2u);
    ASSERT_EQ(c.languageChoices.size(), 3u);
    EXPECT_EQ(c.languageChoices[2].code, "hmn");
    EXPECT_EQ(c.languageChoices[2].name, "Hmoob");
    EXPECT_EQ(c.languageChoices[2].nameVi, "Tiếng Mông");
    EXPECT_EQ(c.languageChoices[2].text, Lang::Vi);
    EXPECT_TRUE(c.languageChoices[2].pack());
    EXPECT_FALSE(c.languageChoices[0].pack());
    EXPECT_NE(c.allText(Config()).find("Tsis txhob qhia OTP"), std::string::npos)
        << "a pack's words are in the font atlas";
    writeTone(a / "voice/dao/giu-bi-mat-otp/end.wav");
    Content later = loadContent(a, Config());
    ASSERT_EQ(later.languageChoices.size(), 4u);
    EXPECT_EQ(later.languageChoices[3].code, "dao");
    EXPECT_EQ(later.languageChoices[3].text, Lang::Vi) << "Dao → Mông → Vietnamese text";
}

// The resolution order for a resident in Dao (fallback Mông, whose fallback is Vietnamese):
// title and words from the nearest language that has them, the voice from the nearest
// recording, else the Vietnamese synthesizer; never an English one.
TEST(SpeechLanguages, ChosenPackResolvesTitlesWordsAndVoiceInOrder) {
    ScratchDir tmp;
    const fs::path a = assetsWithPacks(tmp.path);
    const Content c = loadContent(a, Config());
    const Tutorial* otp = c.tutorials.find("giu-bi-mat-otp");
    const Tutorial* qr = c.tutorials.find("quet-ma-qr");
    ASSERT_TRUE(otp && qr);
    EXPECT_EQ(c.languages.title("dao", *otp), "Tsis txhob qhia OTP") << "Mông's title";
    EXPECT_EQ(c.languages.title("dao", *qr), qr->title.vi) << "none: the Vietnamese title";
    EXPECT_EQ(c.languages.chain("dao"), (std::vector<std::string>{"dao", "hmn", "vi"}));

    const SpeechContent sc{c.strings, c.tutorials, &c.portals, c.languages};
    const Utterance u = utteranceFor(sc, {SpeechScreen::Step, "giu-bi-mat-otp", 1}, "dao");
    ASSERT_EQ(u.parts.size(), 1u);
    EXPECT_EQ(u.key.lang, "dao");
    EXPECT_EQ(u.parts[0].textLang, "vi");
    EXPECT_EQ(u.text(), utteranceFor(sc, {SpeechScreen::Step, "giu-bi-mat-otp", 1}, "vi").text())
        << "the words on screen are the Vietnamese ones";

    const fs::path voice = a / "voice";
    auto from = [&] {
        Source s = resolveSource(u.parts[0], "dao", c.languages, voice, viEnSynth);
        return std::string(toString(s.kind)) + ":" + s.lang;
    };
    EXPECT_EQ(from(), "synth:vi");
    writeTone(voice / "en/giu-bi-mat-otp/1.wav");
    EXPECT_EQ(from(), "synth:vi") << "English is not on Dao's way";
    writeTone(voice / "vi/giu-bi-mat-otp/1.wav");
    EXPECT_EQ(from(), "recorded:vi");
    writeTone(voice / "hmn/giu-bi-mat-otp/1.wav");
    EXPECT_EQ(from(), "recorded:hmn");
    writeTone(voice / "dao/giu-bi-mat-otp/1.wav");
    EXPECT_EQ(from(), "recorded:dao");
}

// The kiosk keeps the text language (for the string tables) and the pack apart; the visit is
// recorded, and spoken, with the pack's code; choosing vi or en again leaves the pack.
TEST(SpeechLanguages, KioskRecordsTheChosenPacksCode) {
    ManualClock clock;
    Config config;
    MemoryRecorder rec;
    Kiosk k(config, clock, &rec);
    k.apply(intent::StartVisit{});
    EXPECT_EQ(k.settings().languageCode(), "vi");
    k.apply(intent::SetLanguagePack{"hmn", Lang::Vi});
    EXPECT_EQ(k.settings().lang, Lang::Vi);
    EXPECT_EQ(k.settings().pack, "hmn");
    EXPECT_EQ(k.settings().languageCode(), "hmn");
    k.apply(intent::SetLanguage{Lang::En});
    EXPECT_EQ(k.settings().languageCode(), "en");
    EXPECT_TRUE(k.settings().pack.empty());
    k.apply(intent::SetLanguagePack{"hmn", Lang::Vi});
    k.apply(intent::Open{Route{ScreenId::Attract}}); // the resident leaves: the visit ends
    auto ended = rec.ofType(EventType::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].language, "hmn");
    EXPECT_TRUE(k.settings().pack.empty()) << "the next resident starts from the defaults";
}

// After a content swap the library reads the new content's recordings and languages, and
// the service forgets audio made from the old ones (the same words, another recording).
TEST(SpeechService, RepointAndClearCacheFollowANewContent) {
    ScratchDir oldDir, newDir;
    writeTone(newDir.path / "voice/hmn/giu-bi-mat-otp/1.wav", 0.3);
    const LanguageSet none, hmong = hmongPack();
    VoiceLibrary lib(oldDir.path, none, nullptr);
    const SpeechContent c = contentWith(hmong);
    const Utterance u = utteranceFor(c, {SpeechScreen::Step, "giu-bi-mat-otp", 1}, "hmn");
    std::atomic<bool> no = false;
    EXPECT_EQ(lib.produce(u, no).source(), SourceKind::Silent) << "no recording, no synthesizer";
    ManualClock clock;
    SpeechService service(lib.producer(), clock);
    service.request(u);
    ASSERT_TRUE(service.waitIdle(30));
    ASSERT_TRUE(service.takeReady());
    EXPECT_EQ(service.status().cacheEntries, 1u);

    lib.repoint(newDir.path, hmong);
    EXPECT_EQ(lib.voiceDir(), newDir.path / "voice");
    service.request(u);
    auto cached = service.takeReady();
    ASSERT_TRUE(cached) << "still cached: the swap must clear it";
    EXPECT_EQ(cached->audio->source(), SourceKind::Silent);
    service.clearCache();
    EXPECT_EQ(service.status().cacheEntries, 0u);
    service.request(u);
    ASSERT_TRUE(service.waitIdle(30));
    auto fresh = service.takeReady();
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->audio->source(), SourceKind::Recorded);
    ASSERT_EQ(fresh->audio->parts.size(), 1u);
    EXPECT_EQ(fresh->audio->parts[0].lang, "hmn");
    EXPECT_EQ(fs::path(fresh->audio->parts[0].file).parent_path().parent_path().parent_path(),
              newDir.path / "voice");
}

// Audio whose making began before clearCache() (a content swap) is neither kept nor handed
// out; the current request is made again, from the new content.
TEST(SpeechService, WorkUnderWayAtClearCacheIsMadeAgain) {
    FakeProducer fake;
    fake.gated = true;
    ManualClock clock;
    SpeechService svc(fake.producer(), clock);
    svc.request(utt("a", 1));
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 1; }));
    svc.clearCache();
    fake.open();
    ASSERT_TRUE(waitFor([&] { return fake.callCount() == 2; })) << "made again";
    ASSERT_TRUE(svc.waitIdle(5));
    auto r = svc.takeReady();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->utterance.key.str(), "step/a/1/vi");
    EXPECT_EQ(svc.status().cancelled, 1u);
    EXPECT_EQ(svc.status().cacheEntries, 1u) << "only the audio made after the clear";
}
