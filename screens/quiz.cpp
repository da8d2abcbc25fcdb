// "Đố vui": a resident plays a short quiz alone — one question at a time, big answer buttons
// in the order the session shuffled them (a tap returns the option's id in the file),
// the explanation after each answer, and a friendly end with how many were right (shown
// here only; the kiosk never stores it). The actions sit in a strip pinned to the bottom so
// they stay on screen at any text size; the question and answers scroll above it if needed.
#include "screen.hpp"

namespace tramso::screens {
namespace {

using Phase = QuizSession::Phase;

// The pinned strip: its buttons from the right, the last one primary. Returns its top.
float actionStrip(Context& c, const std::vector<std::pair<std::string, Intent>>& actions) {
    ui::Ui& ui = c.ui;
    float top = 0;
    if (const Intent* pressed = ui.buttonStrip(c.pos, c.size, actions, 7.0f, top)) {
        c.emit(*pressed);
    }
    ui::horizontalRule(*ImGui::GetWindowDrawList(), ImVec2(c.pos.x, top), c.pos.x + c.size.x,
                       ui::toU32(ui.palette().surfaceBorder), std::max(2.0f, ui.mm(0.5f)));
    return top;
}

} // namespace

void quiz(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##quiz", c.pos, c.size);
    const QuizSession* q = c.kiosk.quiz();
    if (!q || q->mode() != QuizSession::Mode::Solo) {
        ui.endPanel();
        return;
    }
    const Lang lang = c.lang();
    const Quiz& quiz = q->quiz();
    const float gap = ui.gap();
    const float margin = gap * 2;
    // the header while asking would push the answers off a small screen; Home is in the toolbar
    const bool asking = q->phase() == Phase::Question || q->phase() == Phase::Answer;
    const float top = asking ? c.pos.y + margin : header(c, quiz.title.get(lang), nullptr);
    // a tie-break question is for a room; playing alone, the quiz ends before it
    const std::string n = std::to_string(q->regularCount());

    std::vector<std::pair<std::string, Intent>> actions;
    switch (q->phase()) {
    case Phase::Intro:
        if (c.kiosk.quizzes() && c.kiosk.quizzes()->quizzes.size() > 1) {
            actions.push_back(
                {c.tr("quiz.another"),
                 intent::Open{Route{ScreenId::Quiz, 0, c.kiosk.quizzes()->after(quiz.id)->id}}});
        }
        actions.push_back({c.tr("quiz.start"), intent::QuizStart{}});
        break;
    case Phase::Question:
        break; // the answers are the actions
    case Phase::Answer:
        actions.push_back({c.tr(q->index() + 1 >= q->regularCount() ? "quiz.finish" : "quiz.next"),
                           intent::QuizNext{}});
        break;
    case Phase::End:
        actions.push_back({c.tr("quiz.home"), intent::GoHome{}});
        actions.push_back({c.tr("quiz.again"), intent::QuizStart{}});
        break;
    }
    const float bottom = actions.empty() ? c.pos.y + c.size.y - margin : actionStrip(c, actions);

    const int key = static_cast<int>(q->phase()) * 100 + static_cast<int>(q->index());
    // Landscape puts the answers two by two, so the question and all its answers stay on
    // screen at A+ on 1366×768; portrait stacks them.
    const bool wide = c.size.x > c.size.y * 1.2f;
    // A short screen at a large text size (1366×768 at A+): the question in body text, and
    // after answering only the verdict and the explanation, so nothing needs scrolling.
    const bool compact = c.pos.y + c.size.y - top < ui.em(16.0f);
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, top));
    ui.beginScroll("##quizbody",
                   ImVec2(c.size.x - 2 * margin, std::max(ui.touchMin(), bottom - gap - top)), key);
    const float w = ImGui::GetContentRegionAvail().x;
    switch (q->phase()) {
    case Phase::Intro:
        ui.text(fill(c.tr("quiz.intro"), "n", n), ui::FontRole::Title, p.text, w);
        ui.text(c.tr("quiz.intro_hint"), ui::FontRole::Body, p.text, w);
        break;
    case Phase::Question:
    case Phase::Answer: {
        const QuizQuestion& x = q->question();
        const std::string of =
            fill(fill(c.tr("quiz.question_of"), "i", std::to_string(q->index() + 1)), "n", n);
        if (compact) { // one line less: "Câu 2/9: the question", in body text
            if (q->phase() == Phase::Question) {
                ui.text(of + ": " + x.question.get(lang), ui::FontRole::Body, p.text, w);
                ImGui::Dummy(ImVec2(0, gap * 0.5f));
            }
        } else {
            ui.text(of, ui::FontRole::Body, p.text, w);
            ui.text(x.question.get(lang), ui::FontRole::Title, p.text, w);
            ImGui::Dummy(ImVec2(0, gap * 0.5f));
        }
        if (q->phase() == Phase::Answer) {
            ui.text(c.tr(q->chosenRight() ? "quiz.right" : "quiz.wrong"), ui::FontRole::Title,
                    p.text, w);
            ui.text(fill(c.tr("quiz.right_answer"), "a", x.answers[x.right].get(lang)),
                    ui::FontRole::Body, p.text, w);
            ui.text(x.explain.get(lang), ui::FontRole::Body, p.text, w);
            break;
        }
        // the options in the session's shuffled order; a tap names the option by its file id
        const std::vector<int>& order = q->order();
        const size_t cols = wide && order.size() > 2 ? 2 : (wide ? order.size() : 1);
        const float bw = (w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        for (size_t row = 0; row < order.size(); row += cols) {
            float bh = ui.touchMin(); // a row's buttons share the tallest label's height
            for (size_t k = row; k < std::min(row + cols, order.size()); ++k) {
                const std::string& a = x.answers[static_cast<size_t>(order[k])].get(lang);
                bh = std::max(bh,
                              ui.measure(a, ui::FontRole::Body, bw - ui.em(1.6f)).y + ui.em(1.0f));
            }
            for (size_t k = row; k < std::min(row + cols, order.size()); ++k) {
                if (k != row) {
                    ImGui::SameLine(0, gap);
                }
                if (ui.button(x.answers[static_cast<size_t>(order[k])].get(lang), ImVec2(bw, bh),
                              ui::ButtonKind::Secondary, false, "answer")) {
                    c.emit(intent::QuizAnswer{order[k]});
                }
            }
        }
        break;
    }
    case Phase::End:
        ui.text(c.tr("quiz.end_title"), ui::FontRole::Title, p.text, w);
        ui.text(fill(fill(c.tr("quiz.end_score"), "r", std::to_string(q->rightCount())), "n", n),
                ui::FontRole::Title, p.text, w);
        ui.text(c.tr("quiz.end_note"), ui::FontRole::Body, p.text, w);
        break;
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
