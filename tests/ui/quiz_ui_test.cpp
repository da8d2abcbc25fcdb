// Quizzes by taps: a resident's solo quiz lands in the statistics as right/wrong counts per
// question (and nothing else); a team member's group quiz shows the presenter layout — very
// large question, a big countdown, show-the-answer — and is recorded as one round.
#include "harness.hpp"

#include <algorithm>

#include "db/stats_recorder.hpp"
#include "tests/support/support.hpp"

using namespace tramso;
using tramso::test::Harness;

namespace {

using test::count;

const ui::TextItem* textItem(Harness& h, const std::string& s) {
    for (const ui::TextItem& t : h.app->ui().registry().texts()) {
        if (t.text == s) {
            return &t;
        }
    }
    return nullptr;
}

// Every answer button fully on screen (not scrolled, not cut) at this size.
void expectAnswersOnScreen(Harness& h, const QuizQuestion& q, const char* what) {
    for (const Translated& a : q.answers) {
        const ui::TappableItem* it = h.item(a.vi);
        ASSERT_NE(it, nullptr) << what << ": " << a.vi;
        EXPECT_TRUE(it->visible()) << what << ": " << a.vi;
        EXPECT_GE(it->visMax.y - it->visMin.y, it->max.y - it->min.y - 1) << what << ": " << a.vi;
        EXPECT_LE(it->max.y, h.display.y) << what << ": " << a.vi;
    }
}

} // namespace

TEST(QuizUi, SoloQuizByTapsRecordsRightAndWrongPerQuestion) {
    Harness h;
    test::TempDir dir("quiz-ui");
    const auto file = dir / "stats.sqlite";
    auto opened = db::StatsStore::open(file);
    ASSERT_TRUE(opened.store) << opened.message;
    db::StatsRecorder rec(opened.store.get(), "test-kiosk");
    h.rebuild(&rec);
    h.settle();
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap(h.tr("quiz.home_title")));
    ASSERT_EQ(h.screen(), ScreenId::Quiz);
    const Quiz& quiz = h.kiosk->quiz()->quiz();
    ASSERT_TRUE(h.tap("Bắt đầu"));
    const QuizQuestion& q1 = quiz.questions[0];
    ASSERT_TRUE(h.shows(q1.question.vi));
    ASSERT_TRUE(h.tap(q1.answers[q1.right].vi));
    EXPECT_TRUE(h.shows("Đúng rồi!"));
    EXPECT_TRUE(h.shows(q1.explain.vi));
    ASSERT_TRUE(h.tap("Câu tiếp theo"));
    const QuizQuestion& q2 = quiz.questions[1];
    const size_t wrong = q2.right == 0 ? 1 : 0;
    ASSERT_TRUE(h.tap(q2.answers[wrong].vi));
    EXPECT_TRUE(h.shows("Chưa đúng."));
    EXPECT_TRUE(h.shows("Đáp án đúng: " + q2.answers[q2.right].vi));
    ASSERT_TRUE(h.tap("Câu tiếp theo"));
    rec.flush();
    const std::string where =
        "FROM quiz_events WHERE type = 'quiz_answered' AND quiz_id = '" + quiz.id + "'";
    EXPECT_EQ(count(file, "SELECT count(*) " + where + " AND question = 0 AND result = 'right'"),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) " + where + " AND question = 1 AND result = 'wrong'"),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) FROM quiz_events"), 2);
    // the score is on screen at the end only, and never in the database
    for (size_t i = 2; i < quiz.questions.size(); ++i) {
        ASSERT_TRUE(h.tap(quiz.questions[i].answers[0].vi)) << i;
        ASSERT_TRUE(h.tap(h.tr(i + 1 == quiz.questions.size() ? "quiz.finish" : "quiz.next")));
    }
    EXPECT_EQ(h.kiosk->quiz()->phase(), QuizSession::Phase::End);
    const int right = h.kiosk->quiz()->rightCount();
    EXPECT_TRUE(h.shows(fill(fill(h.tr("quiz.end_score"), "r", std::to_string(right)), "n",
                             std::to_string(quiz.questions.size()))));
    ASSERT_TRUE(h.tap(h.tr("quiz.home")));
    EXPECT_EQ(h.kiosk->quiz(), nullptr);
    rec.flush();
    EXPECT_EQ(count(file, "SELECT count(*) " + where), static_cast<int64_t>(quiz.questions.size()));
    EXPECT_EQ(count(file, "SELECT count(*) FROM quiz_events WHERE type = 'group_quiz_run'"), 0);
}

TEST(QuizUi, AnswersStayOnScreenAtLargeTextOnSmallAndPortraitScreens) {
    for (const auto& [size, mmPerPx] :
         {std::pair{ImVec2(1366, 768), 0.252f}, std::pair{ImVec2(1080, 1920), 0.265f}}) {
        Config cfg;
        cfg.defaultTextSize = TextSize::Large; // A+ (the toolbar may fold its settings)
        Harness h(size, mmPerPx, cfg);
        h.settle();
        ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
        ASSERT_EQ(h.kiosk->settings().textSize, TextSize::Large);
        const Quiz& quiz = h.content.quizzes.quizzes.front();
        h.kiosk->apply(intent::Open{Route{ScreenId::Quiz, 0, quiz.id}});
        h.settle();
        ASSERT_TRUE(h.tap("Bắt đầu"));
        for (size_t i = 0; i < quiz.questions.size(); ++i) {
            expectAnswersOnScreen(h, quiz.questions[i], size.x > size.y ? "1366x768" : "portrait");
            ASSERT_TRUE(h.tap(quiz.questions[i].answers[0].vi));
            const ui::TappableItem* next =
                h.item(h.tr(i + 1 == quiz.questions.size() ? "quiz.finish" : "quiz.next"));
            ASSERT_NE(next, nullptr);
            EXPECT_LE(next->max.y, size.y);
            EXPECT_TRUE(h.shows(quiz.questions[i].explain.vi)) << i;
            ASSERT_TRUE(h.tap(next->label));
        }
    }
}

TEST(QuizUi, GroupQuizFromTheTeamScreenShowsThePresenterLayout) {
    Harness h;
    test::TempDir dir("quiz-group-ui");
    const auto file = dir / "stats.sqlite";
    auto opened = db::StatsStore::open(file);
    ASSERT_TRUE(opened.store) << opened.message;
    db::StatsRecorder rec(opened.store.get(), "test-kiosk");
    h.rebuild(&rec);
    h.settle();
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    ASSERT_TRUE(h.tap("Rung chuông vàng"));
    ASSERT_EQ(h.screen(), ScreenId::QuizGroup);
    // choose the quiz and a countdown
    const Quiz& pay = *h.content.quizzes.find("thanh-toan");
    ASSERT_TRUE(h.tap(pay.title.vi + " (" +
                      fill(h.tr("quiz.group_count"), "n", std::to_string(pay.questions.size())) +
                      ")"));
    ASSERT_EQ(h.kiosk->quiz()->quiz().id, "thanh-toan");
    ASSERT_TRUE(h.tap("45 giây"));
    ASSERT_TRUE(h.tap("Bắt đầu"));
    const QuizQuestion& q = pay.questions[0];
    const ui::TextItem* question = textItem(h, q.question.vi);
    ASSERT_NE(question, nullptr);
    EXPECT_EQ(question->font, "title");
    // very large: at least 1.6 times the body text of the presenter strip (at A)
    const ui::TextItem* strip = nullptr;
    for (const ui::TextItem& t : h.app->ui().registry().texts()) {
        if (t.text.rfind("Rung chuông vàng – ", 0) == 0) {
            strip = &t;
        }
    }
    ASSERT_NE(strip, nullptr);
    EXPECT_GE(question->capHeightPx, strip->capHeightPx * 1.6f);
    // the answers lettered for the room, the countdown big and running
    // lettered in the order shown: the session's shuffle, the same one the room sees
    const std::vector<int>& order = h.kiosk->quiz()->order();
    ASSERT_EQ(order.size(), q.answers.size());
    EXPECT_TRUE(h.shows("A. " + q.answers[static_cast<size_t>(order[0])].vi));
    const size_t rightAt =
        static_cast<size_t>(std::find(order.begin(), order.end(), q.right) - order.begin());
    const ui::TextItem* clock = textItem(h, "45");
    ASSERT_NE(clock, nullptr);
    EXPECT_EQ(clock->font, "huge");
    h.clock.advance(10.5);
    h.frame(2);
    EXPECT_NE(textItem(h, "35"), nullptr);
    h.clock.advance(40);
    h.frame(2);
    EXPECT_TRUE(h.shows("Hết giờ!"));
    ASSERT_TRUE(h.tap("Hiện đáp án"));
    EXPECT_TRUE(h.shows(q.explain.vi));
    EXPECT_TRUE(h.shows("Đáp án: " + std::string(1, static_cast<char>('A' + rightAt)) + ". " +
                        q.answers[q.right].vi));
    EXPECT_EQ(h.kiosk->quiz()->order(), order) << "showing the answer does not reshuffle";
    ASSERT_TRUE(h.tap("Câu tiếp theo"));
    EXPECT_TRUE(h.shows(pay.questions[1].question.vi));
    ASSERT_TRUE(h.tap("Kết thúc"));
    EXPECT_EQ(h.screen(), ScreenId::StaffHome);
    rec.flush();
    EXPECT_EQ(count(file, "SELECT count(*) FROM quiz_events WHERE type = 'group_quiz_run' AND "
                          "quiz_id = 'thanh-toan' AND questions = 2"),
              1);
    EXPECT_EQ(count(file, "SELECT count(*) FROM quiz_events WHERE type = 'quiz_answered'"), 0);
}

// The team screen at A+ on the smallest landscape screen and on a portrait one: every tile,
// the group quiz's included, wholly in view without scrolling, and the auto-logout note.
TEST(QuizUi, TheTeamScreenShowsEveryTileWithoutScrollingAtLargeText) {
    for (const auto& [size, mmPerPx] :
         {std::pair{ImVec2(1366, 768), 0.252f}, std::pair{ImVec2(1080, 1920), 0.265f}}) {
        Config cfg;
        cfg.defaultTextSize = TextSize::Large;
        Harness h(size, mmPerPx, cfg);
        h.settle();
        h.addStaff(Role::Team, "246810");
        h.login("246810");
        h.settle();
        for (const char* key : {"staff.launch", "staff.dashboard", "quiz.group_title"}) {
            const ui::TappableItem* tile = h.item(h.tr(key));
            ASSERT_NE(tile, nullptr) << key;
            EXPECT_EQ(tile->visMin.y, tile->min.y) << key;
            EXPECT_EQ(tile->visMax.y, tile->max.y)
                << key << " is cut at " << size.x << "x" << size.y;
            EXPECT_LE(tile->max.y, size.y) << key;
        }
        EXPECT_EQ(h.item(h.tr("common.down")), nullptr) << "no scrolling needed";
        EXPECT_TRUE(h.shows(h.tr("staff.auto_logout")));
    }
}

// The evening's quiz: after its last regular question the presenter may ask the tie-break
// question ("Câu hỏi phụ (phân định)"), shown as such; a resident playing it alone ends before.
TEST(QuizUi, TheGroupEveningAsksItsTieBreakQuestionAfterTheOthers) {
    Harness h;
    h.settle();
    const Quiz* bell = h.content.quizzes.find("rung-chuong-vang");
    ASSERT_NE(bell, nullptr);
    ASSERT_TRUE(bell->hasTiebreak());
    const size_t n = bell->regularCount();
    h.addStaff(Role::Team, "246810");
    h.login("246810");
    h.kiosk->apply(intent::Open{Route{ScreenId::QuizGroup, 0, bell->id}});
    h.settle();
    ASSERT_EQ(h.screen(), ScreenId::QuizGroup);
    ASSERT_TRUE(h.tap("Bắt đầu"));
    for (size_t i = 0; i < n; ++i) {
        EXPECT_TRUE(h.shows(bell->questions[i].question.vi)) << i;
        EXPECT_FALSE(h.shows(h.tr("quiz.tiebreak"))) << i;
        ASSERT_TRUE(h.tap(h.tr("quiz.group_show")));
        ASSERT_TRUE(h.tap(h.tr(i + 1 == n ? "quiz.group_last" : "quiz.next"))) << i;
    }
    ASSERT_EQ(h.kiosk->quiz()->phase(), QuizSession::Phase::End);
    ASSERT_TRUE(h.tap(h.tr("quiz.tiebreak")));
    const QuizQuestion& tb = bell->questions.back();
    EXPECT_TRUE(h.shows(tb.question.vi));
    EXPECT_TRUE(h.shows(h.tr("quiz.tiebreak")));
    ASSERT_TRUE(h.tap(h.tr("quiz.group_show")));
    EXPECT_TRUE(h.shows(tb.explain.vi));
    ASSERT_TRUE(h.tap(h.tr("quiz.group_last")));
    EXPECT_EQ(h.kiosk->quiz()->phase(), QuizSession::Phase::End);
    EXPECT_EQ(h.kiosk->quiz()->shown(), bell->questions.size());
}

TEST(QuizUi, AloneTheEveningQuizEndsBeforeItsTieBreakQuestion) {
    Harness h;
    h.settle();
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    const Quiz* bell = h.content.quizzes.find("rung-chuong-vang");
    ASSERT_NE(bell, nullptr);
    const size_t n = bell->regularCount();
    ASSERT_LT(n, bell->questions.size());
    h.kiosk->apply(intent::Open{Route{ScreenId::Quiz, 0, bell->id}});
    h.settle();
    EXPECT_TRUE(h.shows(fill(h.tr("quiz.intro"), "n", std::to_string(n))));
    ASSERT_TRUE(h.tap("Bắt đầu"));
    for (size_t i = 0; i < n; ++i) {
        const QuizQuestion& x = bell->questions[i];
        ASSERT_TRUE(h.tap(x.answers[static_cast<size_t>(x.right)].vi)) << i;
        ASSERT_TRUE(h.tap(h.tr(i + 1 == n ? "quiz.finish" : "quiz.next"))) << i;
    }
    EXPECT_EQ(h.kiosk->quiz()->phase(), QuizSession::Phase::End);
    EXPECT_TRUE(h.shows(
        fill(fill(h.tr("quiz.end_score"), "r", std::to_string(n)), "n", std::to_string(n))));
}
