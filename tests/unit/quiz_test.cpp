// Quizzes: the bundled ones load clean with at least 40 questions over the 5 skills; every
// broken file in tests/content/broken-quizzes is refused by name while the others load; the
// quiz session and the kiosk's quiz part record answers, never a person's score.
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/content/quiz.hpp"
#include "kiosk/core/visit/kiosk.hpp"
#include "kiosk/core/visit/quiz_session.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

using test::formatAll;

Quiz twoQuestions() {
    Quiz q;
    q.id = "thu";
    q.title = {"Thử", "Test"};
    for (int i = 0; i < 2; ++i) {
        QuizQuestion x;
        x.skill = 1;
        x.question = {"Câu?", "Question?"};
        x.answers = {{"A", "A"}, {"B", "B"}, {"C", "C"}};
        x.right = i + 1;
        x.explain = {"Vì.", "Because."};
        q.questions.push_back(x);
    }
    return q;
}

} // namespace

TEST(Quizzes, BundledQuizzesLoadCleanWithSixtyQuestionsTenPerSkill) {
    Diagnostics d;
    QuizSet set = loadQuizzes(test::sourceDir() / "assets", d);
    EXPECT_TRUE(d.empty()) << formatAll(d);
    EXPECT_GE(set.questionCount(), 60u);
    std::map<int, int> perSkill;
    std::set<std::string> ids;
    for (const Quiz& q : set.quizzes) {
        EXPECT_TRUE(ids.insert(q.id).second) << q.id;
        for (const QuizQuestion& x : q.questions) {
            ++perSkill[x.skill];
            EXPECT_GE(x.answers.size(), 3u);
            EXPECT_FALSE(x.explain.vi.empty());
            EXPECT_LE(x.answers.size(), 4u);
            EXPECT_LT(x.right, static_cast<int>(x.answers.size()));
        }
        forEachText(q, [&](const std::string& s) {
            EXPECT_FALSE(s.empty()) << q.id;
            EXPECT_EQ(text::toNfc(s).value_or(""), s) << q.id << ": not NFC: " << s;
        });
    }
    for (int s = 1; s <= 5; ++s) {
        EXPECT_GE(perSkill[s], 10) << "skill " << s;
    }
}

// Each broken file says on its first line what it must produce: "# expect: LINE: text". It
// sits beside a good quiz (a copy of a bundled one) that must still load.
TEST(Quizzes, EveryBrokenQuizIsRefusedByNameAndTheOthersLoad) {
    int files = 0;
    for (const auto& e :
         fs::directory_iterator(test::sourceDir() / "tests/content/broken-quizzes")) {
        const std::string text = readAll(e.path());
        const std::string first = text.substr(0, text.find('\n'));
        ASSERT_EQ(first.rfind("# expect: ", 0), 0u) << e.path();
        const std::string expect = first.substr(10);
        const int line = std::stoi(expect);
        std::string words = expect.substr(expect.find(':') + 1);
        while (!words.empty() && words.front() == ' ') {
            words.erase(0, 1);
        }
        test::TempDir tmp("broken-quiz");
        fs::create_directories(tmp.path() / "quizzes");
        fs::copy(test::sourceDir() / "assets/quizzes/01-dich-vu-cong.toml",
                 tmp.path() / "quizzes/00-good.toml");
        const std::string name = "zz-" + e.path().filename().string();
        fs::copy(e.path(), tmp.path() / "quizzes" / name);
        Diagnostics d;
        QuizSet set = loadQuizzes(tmp.path(), d);
        bool found = false, refused = false;
        for (const auto& x : d) {
            const bool here = x.file.find(name) != std::string::npos;
            found |= here && x.line == line && x.format().find(words) != std::string::npos;
            refused |= here && x.severity == Diagnostic::Severity::Error;
        }
        EXPECT_TRUE(found) << name << ": expected line " << line << " '" << words << "', got:\n"
                           << formatAll(d);
        EXPECT_TRUE(refused) << name;
        ASSERT_EQ(set.quizzes.size(), 1u) << name << "\n" << formatAll(d);
        EXPECT_EQ(set.quizzes[0].id, "dich-vu-cong") << name;
        ++files;
    }
    EXPECT_GE(files, 10);
}

TEST(Quizzes, MissingFolderIsNoQuizzesAndNoError) {
    test::TempDir tmp("no-quizzes");
    Diagnostics d;
    EXPECT_TRUE(loadQuizzes(tmp.path(), d).quizzes.empty());
    EXPECT_TRUE(d.empty());
}

TEST(QuizSessionPart, SoloCountsRightAnswersAndEnds) {
    const Quiz quiz = twoQuestions();
    QuizSession s(std::make_shared<const Quiz>(quiz), QuizSession::Mode::Solo);
    EXPECT_EQ(s.phase(), QuizSession::Phase::Intro);
    EXPECT_FALSE(s.answer(0)); // not asking yet
    s.start(0);
    ASSERT_EQ(s.phase(), QuizSession::Phase::Question);
    EXPECT_FALSE(s.answer(3)); // out of range
    EXPECT_EQ(s.answer(1), std::optional<bool>(true));
    EXPECT_EQ(s.phase(), QuizSession::Phase::Answer);
    EXPECT_FALSE(s.answer(0)); // one answer per question
    s.next(0);
    EXPECT_EQ(s.index(), 1u);
    EXPECT_EQ(s.answer(0), std::optional<bool>(false));
    EXPECT_FALSE(s.chosenRight());
    s.next(0);
    EXPECT_EQ(s.phase(), QuizSession::Phase::End);
    EXPECT_EQ(s.rightCount(), 1);
    s.start(5); // play again: from zero
    EXPECT_EQ(s.rightCount(), 0);
    EXPECT_EQ(s.index(), 0u);
}

TEST(QuizSessionPart, GroupCountdownRevealAndNext) {
    const Quiz quiz = twoQuestions();
    QuizSession s(std::make_shared<const Quiz>(quiz), QuizSession::Mode::Group, 30);
    s.setSeconds(3); // clamped to the minimum
    EXPECT_EQ(s.seconds(), kMinQuizSeconds);
    s.setSeconds(20);
    s.start(100);
    EXPECT_EQ(s.secondsLeft(100), 20);
    EXPECT_EQ(s.secondsLeft(100.5), 20);
    EXPECT_EQ(s.secondsLeft(101.2), 19);
    EXPECT_DOUBLE_EQ(s.nextChange(101.2), 102.0);
    EXPECT_EQ(s.secondsLeft(125), 0); // time is up; the answer still waits for the presenter
    EXPECT_EQ(s.phase(), QuizSession::Phase::Question);
    EXPECT_FALSE(s.answer(0)); // a room does not answer on the kiosk
    s.reveal();
    EXPECT_EQ(s.phase(), QuizSession::Phase::Answer);
    EXPECT_EQ(s.secondsLeft(125), 0);
    s.next(130);
    EXPECT_EQ(s.secondsLeft(130), 20);
    EXPECT_EQ(s.shown(), 2u);
    s.reveal();
    s.next(140);
    EXPECT_EQ(s.phase(), QuizSession::Phase::End);
}

TEST(KioskQuiz, SoloAnswersAreRecordedOneByOneWithoutAScore) {
    const Quiz quiz = twoQuestions();
    QuizSet set;
    set.quizzes.push_back(quiz);
    ManualClock clock;
    MemoryRecorder rec;
    Kiosk k(Config(), clock, &rec);
    k.setQuizzes(&set);
    k.apply(intent::StartVisit{});
    k.apply(intent::Open{Route{ScreenId::Quiz, 0, "no-such-quiz"}});
    EXPECT_EQ(k.route().screen, ScreenId::Home);
    k.apply(intent::Open{Route{ScreenId::Quiz, 0, "thu"}});
    ASSERT_EQ(k.route().screen, ScreenId::Quiz);
    ASSERT_NE(k.quiz(), nullptr);
    k.apply(intent::QuizStart{});
    k.apply(intent::QuizAnswer{1}); // right
    k.apply(intent::QuizNext{});
    k.apply(intent::QuizAnswer{0}); // wrong
    k.apply(intent::QuizNext{});
    EXPECT_EQ(k.quiz()->phase(), QuizSession::Phase::End);
    EXPECT_EQ(k.quiz()->rightCount(), 1);
    const auto answered = rec.ofType(EventType::QuizAnswered);
    ASSERT_EQ(answered.size(), 2u);
    EXPECT_EQ(answered[0].tutorialId, "thu");
    EXPECT_EQ(answered[0].step, 0);
    EXPECT_EQ(answered[0].result, "right");
    EXPECT_EQ(answered[1].step, 1);
    EXPECT_EQ(answered[1].result, "wrong");
    // leaving forgets the quiz (and its count); a solo quiz records no round
    k.apply(intent::GoHome{});
    EXPECT_EQ(k.quiz(), nullptr);
    EXPECT_TRUE(rec.ofType(EventType::GroupQuizRun).empty());
}

TEST(KioskQuiz, AnotherQuizReplacesTheOneOnTop) {
    QuizSet set;
    set.quizzes.push_back(twoQuestions());
    set.quizzes.push_back(twoQuestions());
    set.quizzes[1].id = "thu-hai";
    ManualClock clock;
    Kiosk k(Config(), clock);
    k.setQuizzes(&set);
    k.apply(intent::StartVisit{});
    k.apply(intent::Open{Route{ScreenId::Quiz, 0, "thu"}});
    const size_t depth = k.navDepth();
    k.apply(intent::Open{Route{ScreenId::Quiz, 0, set.after("thu")->id}});
    EXPECT_EQ(k.navDepth(), depth);
    EXPECT_EQ(k.quiz()->quiz().id, "thu-hai");
    k.apply(intent::Back{});
    EXPECT_EQ(k.route().screen, ScreenId::Home);
    EXPECT_EQ(k.quiz(), nullptr);
}
