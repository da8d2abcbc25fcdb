// "Rung chuông vàng": a team member runs a quiz for a room, like the presenter view of a
// guided lesson — a strip on top (what is playing, language, End), then one question at a
// time at A+ in the largest text, the answers lettered for the room to hold up (in the
// session's shuffled order: the letters are places on this one screen, which the presenter
// and the room both watch), a big countdown, "Show the answer" with its explanation, and
// Next. After the last question, a tie-break question if the quiz has one. Nothing about who
// answered what is kept; only that a round ran, with how many questions.
#include "screen.hpp"

namespace tramso::screens {
namespace {

using Phase = QuizSession::Phase;
constexpr int kSecondChoices[] = {15, 30, 45, 60, 90};

// The strip on top (at A, like the guided presenter strip). Returns its height.
float groupBar(Context& c, const QuizSession& q) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const float gap = ui.gap();
    ui.pushTextSize(TextSize::Normal);
    const float h = ui.touchMin() + gap * 2;
    ui.beginPanel("##quizgroupbar", c.pos, ImVec2(c.size.x, h), p.toolbar);
    const Lang lang = c.lang();
    struct B {
        std::string label;
        Intent intent;
        bool selected, primary;
    };
    const std::vector<B> bs = {
        {c.tr("toolbar.vietnamese"), intent::SetLanguage{Lang::Vi}, lang == Lang::Vi, false},
        {c.tr("toolbar.english"), intent::SetLanguage{Lang::En}, lang == Lang::En, false},
        {c.tr("quiz.group_end"), intent::Back{}, false, true},
    };
    float x = c.pos.x + c.size.x - gap * 2;
    for (size_t i = bs.size(); i-- > 0;) {
        const ImVec2 sz = ui.buttonSize(bs[i].label);
        x -= sz.x;
        ImGui::SetCursorScreenPos(ImVec2(x, c.pos.y + gap));
        if (ui.button(bs[i].label, sz,
                      bs[i].primary ? ui::ButtonKind::Primary : ui::ButtonKind::Secondary,
                      bs[i].selected, bs[i].primary ? "button" : "toggle")) {
            c.emit(bs[i].intent);
        }
        x -= gap;
    }
    std::string what = c.tr("quiz.group_title") + " – " + q.quiz().title.get(lang);
    if ((q.phase() == Phase::Question || q.phase() == Phase::Answer) && q.inTiebreak()) {
        what += " – " + c.tr("quiz.tiebreak");
    } else if (q.phase() == Phase::Question || q.phase() == Phase::Answer) {
        what += " – " + fill(fill(c.tr("quiz.question_of"), "i", std::to_string(q.index() + 1)),
                             "n", std::to_string(q.regularCount()));
    }
    const float wrap = std::max(ui.em(6.0f), x - c.pos.x - gap * 3);
    const ImVec2 t = ui.measure(what, ui::FontRole::Body, wrap);
    ImGui::SetCursorScreenPos(
        ImVec2(c.pos.x + gap * 2, c.pos.y + std::max(0.0f, (h - t.y) * 0.5f)));
    ui.text(what, ui::FontRole::Body, p.text, wrap);
    ui.endPanel();
    ui.popTextSize();
    return h;
}

// Buttons in a row that wraps; the one equal to `selected` is marked.
template <class F>
void choiceRow(Context& c, const std::vector<std::string>& labels, size_t selected, float w,
               F onTap) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    float x = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        ImVec2 sz = ui.buttonSize(labels[i]);
        sz.x = std::min(sz.x, w);
        if (x > 0 && x + gap + sz.x <= w) {
            ImGui::SameLine(0, gap);
            x += gap;
        } else {
            x = 0;
        }
        if (ui.button(labels[i], sz, ui::ButtonKind::Secondary, i == selected, "toggle")) {
            onTap(i);
        }
        x += sz.x;
    }
}

void intro(Context& c, const QuizSession& q, float w) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const Lang lang = c.lang();
    ui.text(c.tr("quiz.group_choose"), ui::FontRole::Title, p.text, w);
    std::vector<std::string> names;
    size_t selected = 0;
    const QuizSet* set = c.kiosk.quizzes();
    for (size_t i = 0; set && i < set->quizzes.size(); ++i) {
        const Quiz& x = set->quizzes[i];
        names.push_back(x.title.get(lang) + " (" +
                        fill(c.tr("quiz.group_count"), "n", std::to_string(x.regularCount())) +
                        ")");
        if (x.id == q.quiz().id) {
            selected = i;
        }
    }
    choiceRow(c, names, selected, w, [&](size_t i) {
        c.emit(intent::Open{Route{ScreenId::QuizGroup, 0, set->quizzes[i].id}});
    });
    ImGui::Dummy(ImVec2(0, ui.gap()));
    ui.text(c.tr("quiz.group_seconds"), ui::FontRole::Title, p.text, w);
    std::vector<std::string> secs;
    size_t chosen = SIZE_MAX;
    for (size_t i = 0; i < std::size(kSecondChoices); ++i) {
        secs.push_back(fill(c.tr("quiz.group_seconds_n"), "n", std::to_string(kSecondChoices[i])));
        if (kSecondChoices[i] == q.seconds()) {
            chosen = i;
        }
    }
    if (chosen == SIZE_MAX) { // the config's own value, when it is not one of the choices
        secs.push_back(fill(c.tr("quiz.group_seconds_n"), "n", std::to_string(q.seconds())));
        chosen = secs.size() - 1;
    }
    choiceRow(c, secs, chosen, w, [&](size_t i) {
        if (i < std::size(kSecondChoices)) {
            c.emit(intent::QuizSeconds{kSecondChoices[i]});
        }
    });
}

} // namespace

void quizGroup(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const QuizSession* q = c.kiosk.quiz();
    if (!q || q->mode() != QuizSession::Mode::Group) {
        ui.beginPanel("##quizgroup", c.pos, c.size, p.background);
        ui.endPanel();
        return;
    }
    const float barH = groupBar(c, *q);
    ui.beginPanel("##quizgroup", ImVec2(c.pos.x, c.pos.y + barH), ImVec2(c.size.x, c.size.y - barH),
                  p.background);
    // the room reads this from the back: the largest text the kiosk has for any words, unless
    // the screen is too short for a question and its answers at that size (a 1366×768 panel
    // is about 165 mm tall below the strip; a 1920×1080 one about 265 mm)
    ui.pushTextSize(c.size.y - barH >= ui.mm(200.0f) ? TextSize::Large : TextSize::Normal);
    const Lang lang = c.lang();
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float left = c.pos.x + margin;
    const float top = c.pos.y + barH + margin;
    const float innerW = c.size.x - 2 * margin;

    // The pinned action strip.
    std::vector<std::pair<std::string, Intent>> actions;
    const size_t count = q->regularCount();
    switch (q->phase()) {
    case Phase::Intro:
        actions.push_back({c.tr("quiz.start"), intent::QuizStart{}});
        break;
    case Phase::Question:
        actions.push_back({c.tr("quiz.group_show"), intent::QuizReveal{}});
        break;
    case Phase::Answer:
        actions.push_back(
            {c.tr(q->index() + 1 >= count ? "quiz.group_last" : "quiz.next"), intent::QuizNext{}});
        break;
    case Phase::End:
        actions.push_back({c.tr("quiz.group_back"), intent::Back{}});
        if (q->quiz().hasTiebreak()) { // for a tie only: the presenter decides
            actions.push_back({c.tr("quiz.tiebreak"), intent::QuizTiebreak{}});
        }
        actions.push_back({c.tr("quiz.again"), intent::QuizStart{}});
        break;
    }
    float stripTop = 0;
    if (const Intent* pressed = ui.buttonStrip(c.pos, c.size, actions, 8.0f, stripTop)) {
        c.emit(*pressed);
    }

    // The countdown, large, at the right of the question (digits are in the huge atlas).
    float bodyW = innerW;
    if (q->phase() == Phase::Question) {
        const int left_s = c.kiosk.quizSecondsLeft();
        const std::string s = left_s > 0 ? std::to_string(left_s) : c.tr("quiz.group_time_up");
        const ui::FontRole role = left_s > 0 ? ui::FontRole::Huge : ui::FontRole::Title;
        const ImVec2 t = ui.measure(s, role);
        const float side = std::max(ui.measure("00", ui::FontRole::Huge).x, t.x) + ui.em(1.0f);
        const ImVec2 at(c.pos.x + c.size.x - margin - side, top);
        ImGui::GetWindowDrawList()->AddRect(at, ImVec2(at.x + side, at.y + side),
                                            ui::toU32(p.accent), ui.em(0.5f), 0,
                                            std::max(3.0f, ui.mm(1.0f)));
        ui.textAt(s, role, p.text, ImVec2(at.x + (side - t.x) * 0.5f, at.y + (side - t.y) * 0.5f));
        bodyW = innerW - side - margin;
        ui.requestTick(4.0);
    }

    ImGui::SetCursorScreenPos(ImVec2(left, top));
    const int key = static_cast<int>(q->phase()) * 100 + static_cast<int>(q->index());
    ui.beginScroll("##quizgroupbody", ImVec2(bodyW, std::max(ui.touchMin(), stripTop - gap - top)),
                   key);
    const float w = ImGui::GetContentRegionAvail().x;
    static constexpr const char* kLetters[] = {"A", "B", "C", "D"};
    switch (q->phase()) {
    case Phase::Intro:
        intro(c, *q, w);
        break;
    case Phase::Question:
    case Phase::Answer: {
        const QuizQuestion& x = q->question();
        if (q->inTiebreak()) {
            ui.text(c.tr("quiz.tiebreak"), ui::FontRole::Title, p.text, w);
        }
        ui.text(x.question.get(lang), ui::FontRole::Title, p.text, w);
        ImGui::Dummy(ImVec2(0, gap));
        const bool shown = q->phase() == Phase::Answer;
        // lettered in the shuffled order; the right one is found by its id in the file
        const std::vector<int>& order = q->order();
        size_t rightAt = 0;
        for (size_t k = 0; k < order.size(); ++k) {
            rightAt = order[k] == x.right ? k : rightAt;
            const bool right = shown && order[k] == x.right;
            const std::string line = std::string(kLetters[k]) + ". " +
                                     x.answers[static_cast<size_t>(order[k])].get(lang);
            if (right) { // a ring around the right answer, so it does not rely on colour
                const ImVec2 at = ImGui::GetCursorScreenPos();
                const ImVec2 t = ui.measure(line, ui::FontRole::Title, w - ui.em(1.0f));
                ImGui::GetWindowDrawList()->AddRect(
                    ImVec2(at.x, at.y), ImVec2(at.x + w, at.y + t.y + ui.em(0.6f)),
                    ui::toU32(p.accent), ui.em(0.4f), 0, std::max(3.0f, ui.mm(1.0f)));
                ImGui::SetCursorScreenPos(ImVec2(at.x + ui.em(0.5f), at.y + ui.em(0.3f)));
                ui.text(line, ui::FontRole::Title, p.text, w - ui.em(1.0f));
                ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + t.y + ui.em(0.6f)));
            } else {
                ui.text(line, ui::FontRole::Title, p.text, w);
            }
            ImGui::Dummy(ImVec2(0, gap * 0.5f));
        }
        if (shown) {
            ImGui::Dummy(ImVec2(0, gap));
            ui.text(fill(c.tr("quiz.group_answer"), "a",
                         std::string(kLetters[rightAt]) + ". " + x.answers[x.right].get(lang)),
                    ui::FontRole::Title, p.text, w);
            ui.text(x.explain.get(lang), ui::FontRole::Title, p.text, w);
        }
        break;
    }
    case Phase::End:
        ui.text(c.tr("quiz.group_done"), ui::FontRole::Title, p.text, w);
        ui.text(fill(c.tr("quiz.group_count"), "n", std::to_string(count)), ui::FontRole::Title,
                p.text, w);
        break;
    }
    ui.endScroll();
    ui.popTextSize();
    ui.endPanel();
}

} // namespace tramso::screens
