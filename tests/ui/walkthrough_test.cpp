// Every bundled lesson, walked end to end by taps as a resident would: from home to the
// skill, into the lesson, practice taps on each replica target (demo digits on keypads), the
// right answer to each check, Next — and the recorded events say exactly that.
#include "harness.hpp"

using namespace tramso;
using tramso::test::Harness;

namespace {

std::string onScreen(Harness& h) {
    std::string all;
    for (const auto& it : h.app->registry().items()) {
        char buf[128];
        std::snprintf(buf, sizeof buf, " [%.0f,%.0f-%.0f,%.0f%s]", it.min.x, it.min.y, it.max.x,
                      it.max.y, it.visible() ? "" : " hidden");
        all += "\n  '" + it.label + "'" + buf;
    }
    return all;
}

// Taps `label`, first scrolling with the big Down (then Up) buttons until it is in view.
bool tapScrolling(Harness& h, const std::string& label) {
    for (int i = 0; i < 8 && !h.item(label) && h.item(h.tr("common.down")); ++i) {
        h.tap(h.tr("common.down"));
    }
    for (int i = 0; i < 16 && !h.item(label) && h.item(h.tr("common.up")); ++i) {
        h.tap(h.tr("common.up"));
    }
    return h.tap(label);
}

// Does one step the way the lesson asks; returns false with a message when it cannot.
::testing::AssertionResult doStep(Harness& h, const Tutorial& t, int index) {
    const Step& step = t.steps[static_cast<size_t>(index)];
    const Lang lang = h.kiosk->settings().lang;
    if (!h.shows(step.text.get(lang))) {
        return ::testing::AssertionFailure() << "instruction not shown: " << step.text.get(lang);
    }
    bool advanced = false;
    if (step.mockup) {
        const MockElement* target = step.mockup->targetElement();
        if (target->kind == MockElement::Kind::Keypad) {
            for (char d : target->digits) {
                if (!tapScrolling(h, std::string(1, d))) {
                    return ::testing::AssertionFailure() << "no key " << d << onScreen(h);
                }
            }
        } else if (!tapScrolling(h, target->label.get(lang))) {
            return ::testing::AssertionFailure()
                   << "no replica element '" << target->label.get(lang) << "'" << onScreen(h);
        }
        advanced = !step.check;
    }
    if (step.check) {
        if (!tapScrolling(h,
                          step.check->answers[static_cast<size_t>(step.check->right)].get(lang))) {
            return ::testing::AssertionFailure() << "no answer button" << onScreen(h);
        }
        if (!h.shows(step.check->feedbackRight.get(lang))) {
            return ::testing::AssertionFailure() << "no feedback after the right answer";
        }
    }
    if (!advanced && !tapScrolling(h, h.tr("tutorial.next"))) {
        return ::testing::AssertionFailure() << "no Next button";
    }
    return ::testing::AssertionSuccess();
}

void walk(Harness& h, const Tutorial& t) {
    const Lang lang = h.kiosk->settings().lang;
    ASSERT_TRUE(h.tap(h.tr("toolbar.home")));
    ASSERT_TRUE(tapScrolling(h, h.tr("skill." + std::to_string(t.skill) + ".title"))) << t.id;
    ASSERT_TRUE(tapScrolling(h, t.title.get(lang))) << t.id;
    ASSERT_EQ(h.kiosk->route(), (Route{ScreenId::Tutorial, 0, t.id}));
    for (int i = 0; i < static_cast<int>(t.steps.size()); ++i) {
        ASSERT_EQ(h.kiosk->player()->stepIndex(), i) << t.id;
        ASSERT_TRUE(doStep(h, t, i)) << t.id << " step " << i + 1;
    }
    ASSERT_TRUE(h.kiosk->player()->atEnd()) << t.id;
    EXPECT_TRUE(h.shows(h.tr("end.title")));
    EXPECT_TRUE(h.shows(t.summary.get(lang)));
    if (!t.portal.empty()) {
        ASSERT_EQ(h.app->registry().qrCodes().size(), 1u) << t.id;
        EXPECT_EQ(h.app->registry().qrCodes()[0].portalId, t.portal);
    }
}

void checkEvents(const MemoryRecorder& rec, const Tutorial& t) {
    std::vector<SessionEvent> mine;
    for (const auto& e : rec.events) {
        if (e.tutorialId == t.id) {
            mine.push_back(e);
        }
    }
    ASSERT_FALSE(mine.empty()) << t.id;
    EXPECT_EQ(mine.front().type, EventType::TutorialStarted);
    EXPECT_EQ(mine.back().type, EventType::TutorialCompleted);
    int shown = 0, rightTaps = 0, wrongTaps = 0, rightChecks = 0;
    for (const auto& e : mine) {
        shown += e.type == EventType::StepShown;
        rightTaps += e.type == EventType::PracticeTap && e.result == "right";
        wrongTaps += e.type == EventType::PracticeTap && e.result == "wrong";
        rightChecks += e.type == EventType::CheckAnswered && e.result == "right";
        EXPECT_NE(e.type, EventType::TutorialLeft);
    }
    int mockups = 0, checks = 0;
    for (const Step& s : t.steps) {
        mockups += s.mockup.has_value();
        checks += s.check.has_value();
    }
    EXPECT_EQ(shown, static_cast<int>(t.steps.size())) << t.id;
    EXPECT_EQ(rightTaps, mockups) << t.id;
    EXPECT_EQ(wrongTaps, 0) << t.id;
    EXPECT_EQ(rightChecks, checks) << t.id;
}

// A kiosk whose config names the province's app, so its lesson is walked too.
Config withProvinceApp() {
    Config c;
    c.provinceAppName = "C-ThaiNguyen";
    c.provinceAppUrl = "https://thainguyen.gov.vn";
    return c;
}

} // namespace

TEST(Walkthrough, EveryLessonByTapsInVietnamese) {
    Harness h({1920, 1080}, 0.265f, withProvinceApp());
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_GE(h.content.tutorials.tutorials.size(), 30u);
    ASSERT_NE(h.content.tutorials.find("ung-dung-cua-tinh"), nullptr);
    for (const Tutorial& t : h.content.tutorials.tutorials) {
        walk(h, t);
        checkEvents(h.recorder, t);
        h.clock.advance(5); // a few seconds between lessons, well inside the idle time
    }
}

TEST(Walkthrough, EveryLessonByTapsInEnglishAtLargestText) {
    Harness h({1920, 1080}, 0.265f, withProvinceApp());
    ASSERT_GE(h.content.tutorials.tutorials.size(), 30u);
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap("English"));
    if (!h.item("A+")) { // the toolbar may fold its settings into one button
        ASSERT_TRUE(h.tap(h.tr("toolbar.settings")));
    }
    ASSERT_TRUE(h.tap("A+"));
    if (h.item(h.tr("toolbar.done"))) {
        ASSERT_TRUE(h.tap(h.tr("toolbar.done")));
    }
    for (const Tutorial& t : h.content.tutorials.tutorials) {
        walk(h, t);
        checkEvents(h.recorder, t);
    }
}

TEST(Walkthrough, WrongTapsGetAGentleHintNeverAnError) {
    Harness h;
    h.app->open(Route{ScreenId::Tutorial, 0, "vneid-kich-hoat"});
    h.frame(2);
    ASSERT_TRUE(h.tap("Tự làm thử"));
    EXPECT_TRUE(h.kiosk->player()->practiceMode());
    EXPECT_TRUE(h.shows("Hãy tự chạm vào đúng chỗ trên điện thoại mẫu."));
    ASSERT_TRUE(h.tap("Zalo")); // not the target
    EXPECT_EQ(h.kiosk->player()->stepIndex(), 0);
    EXPECT_TRUE(h.shows("Gần đúng rồi! Hãy chạm vào chỗ ngón tay đang chỉ."));
    ASSERT_TRUE(h.tap("VNeID"));
    EXPECT_EQ(h.kiosk->player()->stepIndex(), 1);
    // the OTP keypad: a wrong digit is not kept and the code is shown again
    ASSERT_TRUE(h.tap("Bước tiếp"));
    ASSERT_TRUE(h.tap("Bước tiếp"));
    ASSERT_EQ(h.kiosk->player()->stepIndex(), 3);
    EXPECT_TRUE(h.shows("Hãy bấm mã tập: 1 3 5 7 9 0"));
    EXPECT_TRUE(h.shows("Đây là điện thoại mẫu để tập. Đừng nhập số thật của bạn ở đây."));
    // at size A on a full-HD screen the keypad stands beside the words, no scrolling needed
    ASSERT_NE(h.item("8"), nullptr);
    ASSERT_TRUE(h.tap("8"));
    EXPECT_EQ(h.kiosk->player()->typed(), "");
    EXPECT_TRUE(h.shows("Chưa đúng số. Hãy bấm lần lượt: 1 3 5 7 9 0"));
    auto wrong = h.recorder.ofType(EventType::PracticeTap);
    EXPECT_EQ(wrong.size(), 3u);
    // leaving by Home records where
    ASSERT_TRUE(h.tap("Trang chủ"));
    auto left = h.recorder.ofType(EventType::TutorialLeft);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].step, 3);
}

TEST(Walkthrough, EndScreenButtons) {
    Harness h;
    h.app->open(Route{ScreenId::Tutorial, 0, "so-suc-khoe"});
    h.frame(2);
    const Tutorial& t = *h.content.tutorials.find("so-suc-khoe");
    for (int i = 0; i < static_cast<int>(t.steps.size()); ++i) {
        ASSERT_TRUE(doStep(h, t, i));
    }
    ASSERT_TRUE(h.kiosk->player()->atEnd());
    ASSERT_TRUE(h.tap("Học lại bài này"));
    EXPECT_EQ(h.kiosk->player()->stepIndex(), 0);
    ASSERT_TRUE(h.tap("Thoát bài học"));
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 5}));
    ASSERT_TRUE(tapScrolling(h, "Sổ sức khỏe điện tử trên VNeID"));
    for (int i = 0; i < static_cast<int>(t.steps.size()); ++i) {
        ASSERT_TRUE(doStep(h, t, i));
    }
    ASSERT_TRUE(h.tap("Chọn bài khác"));
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Skill, 5}));
}
