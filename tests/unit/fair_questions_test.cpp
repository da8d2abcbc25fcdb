// Fair questions by construction: the options of quiz questions and lesson checks are shown in
// a fresh shuffled order while the answer is recorded by the option's id in the file; a quiz
// question has at least three options; check-content warns (naming the file and the share)
// when the right option is nearly always the longest or in one place; the tie-break question.
#include "kiosk/core/base/shuffle.hpp"
#include "kiosk/core/content/answer_balance.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/portals.hpp"
#include "kiosk/core/content/quiz.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "kiosk/core/visit/player.hpp"
#include "kiosk/core/visit/quiz_session.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

using test::formatAll;

// Four options; the right one is the file's third (id 2).
Quiz fourOptions(int questions = 1) {
    Quiz q;
    q.id = "thu";
    q.title = {"Thử", "Test"};
    for (int i = 0; i < questions; ++i) {
        QuizQuestion x;
        x.skill = 4;
        x.question = {"Câu?", "Question?"};
        x.answers = {{"Một", "One"}, {"Hai", "Two"}, {"Ba", "Three"}, {"Bốn", "Four"}};
        x.right = 2;
        x.explain = {"Vì.", "Because."};
        q.questions.push_back(x);
    }
    return q;
}

size_t placeOf(const std::vector<int>& order, int id) {
    return static_cast<size_t>(std::find(order.begin(), order.end(), id) - order.begin());
}

bool isPermutation(std::vector<int> o, size_t n) {
    std::sort(o.begin(), o.end());
    for (size_t i = 0; i < o.size(); ++i) {
        if (o[i] != static_cast<int>(i)) {
            return false;
        }
    }
    return o.size() == n;
}

size_t balanceWarnings(const Diagnostics& d, const std::string& fileHas) {
    size_t n = 0;
    for (const auto& x : d) {
        n += x.severity == Diagnostic::Severity::Warning &&
                     x.file.find(fileHas) != std::string::npos &&
                     x.message.find("the right answer is") != std::string::npos
                 ? 1
                 : 0;
    }
    return n;
}

} // namespace

TEST(OptionShuffle, EveryOrderIsAPermutationAndTheyVary) {
    OptionShuffle s(7);
    std::set<std::vector<int>> seen;
    for (int i = 0; i < 200; ++i) {
        const std::vector<int> o = s.order(3);
        ASSERT_TRUE(isPermutation(o, 3));
        seen.insert(o);
    }
    EXPECT_EQ(seen.size(), 6u) << "all six orders of three options turn up";
    // a seed gives the same orders again (tests rely on it)
    OptionShuffle a(42), b(42);
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(a.order(4), b.order(4));
    }
}

// The kiosk's solo quiz over many visits: the right option turns up at every place on screen,
// and the answer recorded is "right" whenever the option with the file's id is tapped.
TEST(FairQuestions, ShownOrderVariesOverRunsWhileTheRecordedAnswerIsTheOptionsId) {
    const Quiz quiz = fourOptions();
    QuizSet set;
    set.quizzes.push_back(quiz);
    std::set<size_t> places;
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        ManualClock clock;
        MemoryRecorder rec;
        Kiosk k(Config(), clock, &rec);
        k.seedShuffle(seed);
        k.setQuizzes(&set);
        k.apply(intent::StartVisit{});
        k.apply(intent::Open{Route{ScreenId::Quiz, 0, "thu"}});
        k.apply(intent::QuizStart{});
        ASSERT_NE(k.quiz(), nullptr);
        const std::vector<int> order = k.quiz()->order();
        ASSERT_TRUE(isPermutation(order, 4));
        places.insert(placeOf(order, 2));
        // the screen returns the option's id, whatever its place
        k.apply(intent::QuizAnswer{order[placeOf(order, 2)]});
        EXPECT_EQ(k.quiz()->chosen(), 2);
        const auto answered = rec.ofType(EventType::QuizAnswered);
        ASSERT_EQ(answered.size(), 1u);
        EXPECT_EQ(answered[0].result, "right") << "seed " << seed;
        EXPECT_EQ(answered[0].step, 0);
    }
    EXPECT_EQ(places.size(), 4u) << "the right option was shown at every place";
}

TEST(FairQuestions, AFreshOrderEachTimeAQuestionIsShown) {
    const Quiz quiz = fourOptions();
    QuizSession s(std::make_shared<const Quiz>(quiz), QuizSession::Mode::Solo, 30, 3);
    std::set<std::vector<int>> seen;
    for (int i = 0; i < 30; ++i) {
        s.start(0);
        seen.insert(s.order());
        ASSERT_TRUE(s.answer(0).has_value());
        s.next(0); // → End; start plays again
    }
    EXPECT_GT(seen.size(), 5u);
    // a wrong option by id is wrong wherever it stood
    s.start(0);
    EXPECT_EQ(s.answer(3), std::optional<bool>(false));
}

// A group quiz: one session, one order, which the presenter's screen (and the room, watching
// it) sees; revealing the answer does not reshuffle.
TEST(FairQuestions, GroupOrderStaysPutWhileTheAnswerIsShown) {
    const Quiz quiz = fourOptions(2);
    QuizSession s(std::make_shared<const Quiz>(quiz), QuizSession::Mode::Group, 30, 11);
    s.start(0);
    const std::vector<int> asked = s.order();
    s.reveal();
    EXPECT_EQ(s.order(), asked);
}

TEST(FairQuestions, LessonChecksShuffleEachTimeTheStepIsShownAndRecordByIdInTheFile) {
    const char* lesson = R"(id = "thu"
skill = 4
minutes = 3
title = { vi = "Bài thử", en = "Test lesson" }
summary = { vi = "Tóm tắt", en = "Summary" }

[[steps]]
text = { vi = "Đọc.", en = "Read." }

[[steps]]
text = { vi = "Trả lời.", en = "Answer." }
[steps.check]
question = { vi = "Hỏi?", en = "Ask?" }
answers = [ { vi = "Một", en = "One" }, { vi = "Hai", en = "Two" }, { vi = "Ba", en = "Three" } ]
right = 3
feedback_right = { vi = "Đúng", en = "Right" }
feedback_wrong = { vi = "Sai", en = "Wrong" }
)";
    Diagnostics d;
    PortalRegistry none;
    auto t = parseTutorial(lesson, "thu.toml", test::sourceDir() / "assets", none, d);
    ASSERT_TRUE(t) << formatAll(d);
    ManualClock clock;
    MemoryRecorder rec;
    TutorialPlayer p(*t, rec, clock, 5);
    EXPECT_TRUE(p.checkOrder().empty()) << "no check on the first step";
    std::set<std::vector<int>> seen;
    for (int i = 0; i < 30; ++i) {
        p.next();
        ASSERT_TRUE(isPermutation(p.checkOrder(), 3));
        seen.insert(p.checkOrder());
        p.back();
    }
    EXPECT_EQ(seen.size(), 6u) << "a fresh order each time the step is shown";
    p.next();
    const std::vector<int> order = p.checkOrder();
    EXPECT_TRUE(p.answerCheck(2)); // the file's third option, wherever it is drawn
    EXPECT_EQ(p.checkOrder(), order) << "answering does not reshuffle";
    EXPECT_EQ(p.checkAnswer(), 2);
    EXPECT_FALSE(p.answerCheck(0));
    const auto checks = rec.ofType(EventType::CheckAnswered);
    ASSERT_EQ(checks.size(), 2u);
    EXPECT_EQ(checks[0].result, "right");
    EXPECT_EQ(checks[1].result, "wrong");
}

TEST(FairQuestions, TheKioskGivesEachLessonItsOwnOrder) {
    Config cfg;
    const Content content = loadContent(test::sourceDir() / "assets", cfg, {}, Spelling::Skip);
    const Tutorial* withCheck = nullptr;
    for (const Tutorial& t : content.tutorials.tutorials) {
        for (const Step& s : t.steps) {
            if (s.check && !withCheck) {
                withCheck = &t;
            }
        }
    }
    ASSERT_NE(withCheck, nullptr);
    std::set<std::vector<int>> seen;
    for (uint64_t seed = 1; seed <= 12; ++seed) {
        ManualClock clock;
        Kiosk k(cfg, clock, nullptr, &content.tutorials);
        k.seedShuffle(seed);
        k.apply(intent::StartVisit{});
        k.apply(intent::Open{Route{ScreenId::Tutorial, 0, withCheck->id}});
        ASSERT_NE(k.player(), nullptr);
        while (k.player()->step() && !k.player()->step()->check) {
            k.apply(intent::NextStep{});
        }
        ASSERT_NE(k.player()->step(), nullptr);
        seen.insert(k.player()->checkOrder());
    }
    EXPECT_GT(seen.size(), 1u);
}

TEST(AnswerBalance, ACraftedLongestIsRightQuizIsReportedWithItsFileAndShare) {
    const char* text = R"(id = "dai-la-dung"
title = { vi = "Dài là đúng", en = "Long is right" }
[[questions]]
skill = 4
question = { vi = "Câu một?", en = "One?" }
answers = [ { vi = "Không", en = "No" }, { vi = "Có, nhưng chỉ khi chính bạn làm", en = "Yes, but only if you do it yourself" }, { vi = "Chưa", en = "Not yet" } ]
right = 2
explain = { vi = "Vì.", en = "Because." }
[[questions]]
skill = 4
question = { vi = "Câu hai?", en = "Two?" }
answers = [ { vi = "Gọi lại ngay vào số quen của người đó", en = "Call back on the number you know" }, { vi = "Chuyển", en = "Pay" }, { vi = "Chờ", en = "Wait" } ]
right = 1
explain = { vi = "Vì.", en = "Because." }
[[questions]]
skill = 4
question = { vi = "Câu ba?", en = "Three?" }
answers = [ { vi = "Xóa", en = "Delete" }, { vi = "Bấm", en = "Tap" }, { vi = "Tự tra cứu trên trang chính thức", en = "Look it up on the official site" } ]
right = 3
explain = { vi = "Vì.", en = "Because." }
)";
    Diagnostics d;
    auto q = parseQuiz(text, "quizzes/99-dai-la-dung.toml", d);
    ASSERT_TRUE(q) << formatAll(d);
    QuizSet set;
    set.quizzes.push_back(*q);
    checkAnswerBalance(set, {}, "tutorials", d);
    ASSERT_EQ(balanceWarnings(d, "99-dai-la-dung.toml"), 2u) << formatAll(d);
    EXPECT_NE(formatAll(d).find("99-dai-la-dung.toml: warning: quiz 'dai-la-dung': the right "
                                "answer is the longest option in 3 of 3 (100%) in Vietnamese"),
              std::string::npos)
        << formatAll(d);
    EXPECT_NE(formatAll(d).find("3 of 3 (100%) in English"), std::string::npos);

    // one position: the right answer is the file's second option in 3 of 4
    Quiz place = fourOptions(4);
    for (QuizQuestion& x : place.questions) {
        x.right = 1;
    }
    place.questions[3].right = 0;
    place.file = "quizzes/98-cho.toml";
    QuizSet ps;
    ps.quizzes.push_back(place);
    Diagnostics d2;
    checkAnswerBalance(ps, {}, "tutorials", d2);
    EXPECT_NE(formatAll(d2).find("98-cho.toml: warning: quiz 'thu': the right answer is answer 2 "
                                 "in 3 of 4 (75%)"),
              std::string::npos)
        << formatAll(d2);
    // exactly half is not more than half; lengths tied are not "longest"
    place.questions[2].right = 2;
    QuizSet half;
    half.quizzes.push_back(place);
    Diagnostics d3;
    checkAnswerBalance(half, {}, "tutorials", d3);
    EXPECT_EQ(balanceWarnings(d3, "98-cho.toml"), 0u) << formatAll(d3);
}

TEST(AnswerBalance, LessonChecksAreJudgedAsOneSetNamedByTheFolder) {
    TutorialSet set;
    for (int i = 0; i < 3; ++i) {
        Tutorial t;
        t.id = "bai-" + std::to_string(i);
        Step s;
        Check ck;
        ck.answers = {{"Ngắn", "Short"}, {"Một câu trả lời dài hơn hẳn", "A much longer answer"}};
        ck.right = 1;
        s.check = ck;
        t.steps.push_back(s);
        set.tutorials.push_back(t);
    }
    Diagnostics d;
    checkAnswerBalance({}, set, "assets/tutorials", d);
    EXPECT_EQ(balanceWarnings(d, "assets/tutorials"), 3u) << formatAll(d); // vi, en, place 2
    EXPECT_NE(formatAll(d).find("the lesson checks (all lessons together): the right answer is "
                                "answer 2 in 3 of 3 (100%)"),
              std::string::npos)
        << formatAll(d);
}

// What pack build and check-content run on the bundled content: no quiz warns.
TEST(AnswerBalance, BundledQuizzesHaveNoLongestOrPlaceWarning) {
    const Content c = loadContent(test::sourceDir() / "assets", Config());
    EXPECT_EQ(balanceWarnings(c.diagnostics, "quizzes"), 0u) << formatAll(c.diagnostics);
    EXPECT_FALSE(c.quizzes.quizzes.empty());
}

// The lesson checks as one set (their rebalancing is in the tutorials, edited apart).
TEST(AnswerBalance, BundledLessonChecksHaveNoLongestOrPlaceWarning) {
    const Content c = loadContent(test::sourceDir() / "assets", Config());
    EXPECT_EQ(balanceWarnings(c.diagnostics, "tutorials"), 0u) << formatAll(c.diagnostics);
}

TEST(Tiebreak, PlayedByARoomAfterTheOthersAndNotAlone) {
    const char* text = R"(id = "rung-chuong"
title = { vi = "Rung chuông", en = "Bell" }
[[questions]]
skill = 1
question = { vi = "Câu một?", en = "One?" }
answers = [ { vi = "A", en = "A" }, { vi = "B", en = "B" }, { vi = "C", en = "C" } ]
right = 1
explain = { vi = "Vì.", en = "Because." }
[[questions]]
skill = 2
question = { vi = "Câu phụ?", en = "Tie-break?" }
answers = [ { vi = "A", en = "A" }, { vi = "B", en = "B" }, { vi = "C", en = "C" } ]
right = 2
explain = { vi = "Vì.", en = "Because." }
tiebreak = true
)";
    Diagnostics d;
    auto q = parseQuiz(text, "rung.toml", d);
    ASSERT_TRUE(q) << formatAll(d);
    EXPECT_TRUE(q->hasTiebreak());
    EXPECT_EQ(q->regularCount(), 1u);
    // alone: the quiz ends before the tie-break question
    QuizSession solo(std::make_shared<const Quiz>(*q), QuizSession::Mode::Solo);
    solo.start(0);
    ASSERT_TRUE(solo.answer(0));
    solo.next(0);
    EXPECT_EQ(solo.phase(), QuizSession::Phase::End);
    EXPECT_FALSE(solo.tiebreak(0));
    // a room: after the others, on the presenter's word
    QuizSession group(std::make_shared<const Quiz>(*q), QuizSession::Mode::Group);
    group.start(0);
    EXPECT_FALSE(group.inTiebreak());
    group.reveal();
    group.next(0);
    ASSERT_EQ(group.phase(), QuizSession::Phase::End);
    ASSERT_TRUE(group.tiebreak(0));
    EXPECT_EQ(group.phase(), QuizSession::Phase::Question);
    EXPECT_TRUE(group.inTiebreak());
    EXPECT_EQ(group.index(), 1u);
    EXPECT_EQ(group.shown(), 2u);
    group.reveal();
    group.next(0);
    EXPECT_EQ(group.phase(), QuizSession::Phase::End);
    // a quiz without one has none to ask
    const Quiz plain = fourOptions(2);
    QuizSession none(std::make_shared<const Quiz>(plain), QuizSession::Mode::Group);
    none.start(0);
    none.reveal();
    none.next(0);
    none.reveal();
    none.next(0);
    EXPECT_FALSE(none.tiebreak(0));
}
