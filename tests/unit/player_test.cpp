// The lesson player and its events, with a clock the test moves.
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/portals.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "kiosk/core/visit/player.hpp"

#include <gtest/gtest.h>

using namespace tramso;

namespace {
const char* kLesson = R"(id = "thu"
skill = 4
minutes = 3
title = { vi = "Bài thử", en = "Test lesson" }
summary = { vi = "Tóm tắt", en = "Summary" }

[[steps]]
text = { vi = "Chạm nút.", en = "Tap the button." }
[steps.mockup]
app = { vi = "Ứng dụng", en = "App" }
target = "ok"
elements = [
  { kind = "button", id = "ok", label = { vi = "Đồng ý", en = "OK" } },
  { kind = "button", id = "no", label = { vi = "Không", en = "No" } },
]

[[steps]]
text = { vi = "Bấm mã.", en = "Type the code." }
[steps.mockup]
app = { vi = "Ứng dụng", en = "App" }
target = "pin"
elements = [ { kind = "keypad", id = "pin", digits = "2468" } ]

[[steps]]
text = { vi = "Trả lời.", en = "Answer." }
[steps.mockup]
app = { vi = "Ứng dụng", en = "App" }
target = "ok"
elements = [ { kind = "row", id = "ok", label = { vi = "Xem", en = "See" } } ]
[steps.check]
question = { vi = "Hỏi?", en = "Ask?" }
answers = [ { vi = "Có", en = "Yes" }, { vi = "Không", en = "No" } ]
right = 2
feedback_right = { vi = "Đúng", en = "Right" }
feedback_wrong = { vi = "Sai", en = "Wrong" }
)";

} // namespace

struct PlayerTest : ::testing::Test {
    ManualClock clock;
    MemoryRecorder rec;
    Tutorial lesson;
    void SetUp() override {
        Diagnostics d;
        PortalRegistry none;
        auto t = parseTutorial(kLesson, "thu.toml", TRAMSO_SOURCE_DIR "/assets", none, d);
        ASSERT_TRUE(t) << (d.empty() ? "" : d[0].format());
        lesson = *t;
    }
};

TEST_F(PlayerTest, WalksStepsAndRecordsEveryMove) {
    TutorialPlayer p(lesson, rec, clock);
    EXPECT_EQ(p.stepIndex(), 0);
    ASSERT_EQ(rec.events.size(), 2u);
    EXPECT_EQ(rec.events[0].type, EventType::TutorialStarted);
    EXPECT_EQ(rec.events[1].type, EventType::StepShown);
    clock.advance(4.25);
    EXPECT_EQ(p.tapReplica("no"), TutorialPlayer::Tap::Wrong);
    EXPECT_TRUE(p.missed());
    EXPECT_TRUE(p.showFinger());
    EXPECT_EQ(p.stepIndex(), 0); // a wrong tap never moves on
    EXPECT_EQ(p.tapReplica("ok"), TutorialPlayer::Tap::Right);
    EXPECT_EQ(p.stepIndex(), 1);
    auto shown = rec.ofType(EventType::StepShown);
    ASSERT_EQ(shown.size(), 2u);
    EXPECT_EQ(shown[1].step, 1);
    EXPECT_EQ(shown[1].durationMs, 4250); // time on the step before
    auto taps = rec.ofType(EventType::PracticeTap);
    ASSERT_EQ(taps.size(), 2u);
    EXPECT_EQ(taps[0].result, "wrong");
    EXPECT_EQ(taps[1].result, "right");
    p.back();
    EXPECT_EQ(p.stepIndex(), 0);
    p.next();
    EXPECT_EQ(p.stepIndex(), 1);
}

TEST_F(PlayerTest, KeypadAcceptsOnlyTheDemoDigitsInOrder) {
    TutorialPlayer p(lesson, rec, clock);
    p.next();
    EXPECT_EQ(p.tapReplica("pin"), TutorialPlayer::Tap::Ignored); // keys answer for the keypad
    EXPECT_EQ(p.pressKey('1'), TutorialPlayer::Tap::Wrong);       // not the code: never kept
    EXPECT_EQ(p.typed(), "");
    EXPECT_EQ(p.pressKey('2'), TutorialPlayer::Tap::Right);
    EXPECT_EQ(p.pressKey('4'), TutorialPlayer::Tap::Right);
    EXPECT_EQ(p.pressKey('9'), TutorialPlayer::Tap::Wrong);
    EXPECT_EQ(p.typed(), "24");
    EXPECT_EQ(p.pressKey('6'), TutorialPlayer::Tap::Right);
    EXPECT_EQ(p.pressKey('8'), TutorialPlayer::Tap::Right);
    EXPECT_EQ(p.stepIndex(), 2);
    EXPECT_EQ(p.typed(), "") << "typed digits are forgotten with the step";
}

TEST_F(PlayerTest, TargetOnAStepWithACheckWaitsForTheAnswer) {
    TutorialPlayer p(lesson, rec, clock);
    p.next();
    p.next();
    EXPECT_EQ(p.tapReplica("ok"), TutorialPlayer::Tap::Right);
    EXPECT_EQ(p.stepIndex(), 2);
    EXPECT_TRUE(p.targetDone());
    EXPECT_FALSE(p.showFinger());
    EXPECT_FALSE(p.answerCheck(0));
    EXPECT_TRUE(p.answerCheck(1));
    EXPECT_FALSE(p.answerCheck(7));
    auto answers = rec.ofType(EventType::CheckAnswered);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].result, "wrong");
    EXPECT_EQ(answers[1].result, "right");
    p.next();
    EXPECT_TRUE(p.atEnd());
    EXPECT_TRUE(p.completed());
    EXPECT_EQ(rec.ofType(EventType::TutorialCompleted).size(), 1u);
    p.leave(); // leaving after the end is not "left"
    EXPECT_TRUE(rec.ofType(EventType::TutorialLeft).empty());
    p.startOver();
    EXPECT_EQ(p.stepIndex(), 0);
}

TEST_F(PlayerTest, LeavingIsRecordedOnceWithTheStep) {
    TutorialPlayer p(lesson, rec, clock);
    p.next();
    p.leave();
    p.leave();
    auto left = rec.ofType(EventType::TutorialLeft);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].step, 1);
    EXPECT_EQ(left[0].tutorialId, "thu");
}

TEST_F(PlayerTest, KioskOpensLessonsLikeTapsAndRecordsLeaving) {
    TutorialSet set;
    set.tutorials.push_back(lesson);
    Config cfg;
    Kiosk k(cfg, clock, &rec, &set);
    k.apply(intent::Open{Route{ScreenId::Tutorial, 0, "thu"}});
    // a deep link builds the same stack as home → skill → lesson
    EXPECT_EQ(k.route(), (Route{ScreenId::Tutorial, 0, "thu"}));
    EXPECT_EQ(k.navDepth(), 3u);
    ASSERT_NE(k.player(), nullptr);
    k.apply(intent::TapReplica{"ok"});
    EXPECT_EQ(k.player()->stepIndex(), 1);
    k.apply(intent::CallTeam{});
    auto help = rec.ofType(EventType::HelpAsked);
    ASSERT_EQ(help.size(), 1u);
    EXPECT_EQ(help[0].tutorialId, "thu");
    EXPECT_EQ(help[0].step, 1);
    k.apply(intent::Back{}); // back from help: the lesson is still there
    ASSERT_NE(k.player(), nullptr);
    EXPECT_EQ(k.player()->stepIndex(), 1);
    k.apply(intent::GoHome{});
    EXPECT_EQ(k.player(), nullptr);
    ASSERT_EQ(rec.ofType(EventType::TutorialLeft).size(), 1u);
    // idle reset in a lesson: left, then the session ends
    k.apply(intent::Open{Route{ScreenId::Tutorial, 0, "thu"}});
    clock.advance(200);
    k.tick();
    EXPECT_EQ(rec.events[rec.events.size() - 2].type, EventType::TutorialLeft);
    EXPECT_EQ(rec.events.back().type, EventType::SessionEnded);
    EXPECT_EQ(rec.events.back().result, "timeout");
    // an unknown id does nothing
    k.apply(intent::Open{Route{ScreenId::Tutorial, 0, "khong-co"}});
    EXPECT_EQ(k.player(), nullptr);
}
