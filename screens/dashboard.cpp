// The team's dashboard: this month's numbers big at the top (what goes into the monthly
// report), then charts with labelled axes, then the quizzes. Data is computed between frames;
// this only draws.
#include "screen.hpp"

#include "../kiosk/ui/charts.hpp"

#include <algorithm>

namespace tramso::screens {
namespace {

std::string shortDay(int ymd) {
    return std::to_string(ymd % 100) + "/" + std::to_string(ymd / 100 % 100);
}

// Quizzes: per quiz, solo answers right and wrong (bars and the numbers with the share
// right, which a team copies into its report) and how many times a room played it.
void quizPanel(Context& c, const DashboardData& d, float w) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    if (d.quizzes.empty()) {
        ui.text(c.tr("dashboard.quiz"), ui::FontRole::Title, p.text, w);
        ui.text(c.tr("dashboard.quiz_none"), ui::FontRole::Body, p.text, w);
        return;
    }
    std::vector<ui::Bar> bars;
    std::vector<std::string> lines;
    for (const QuizDashboardRow& q : d.quizzes) {
        const Quiz* quiz = c.content.quizzes.find(q.quizId);
        const std::string title = quiz ? quiz->title.get(c.lang()) : q.quizId;
        bars.push_back({title, static_cast<double>(q.right), static_cast<double>(q.wrong)});
        const int64_t answered = q.right + q.wrong;
        const std::string share =
            answered > 0 ? std::to_string((q.right * 100 + answered / 2) / answered) : "–";
        std::string line = fill(c.tr("dashboard.quiz_line"), "t", title);
        line = fill(line, "r", std::to_string(q.right));
        line = fill(line, "w", std::to_string(q.wrong));
        line = fill(line, "p", share);
        lines.push_back(fill(line, "g", std::to_string(q.groupRuns)));
    }
    ui::rowChart(ui,
                 {c.tr("dashboard.quiz"), c.tr("dashboard.quiz_right"),
                  c.tr("dashboard.quiz_wrong"), "", ""},
                 bars, w);
    for (const std::string& line : lines) {
        ui.text(line, ui::FontRole::Body, p.text, w);
    }
}

} // namespace

void dashboard(Context& c) {
    ui::Ui& ui = c.ui;
    const Lang lang = c.lang();
    const ui::Palette& p = ui.beginPage("##dashboard", c.pos, c.size);
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float innerW = c.size.x - 2 * margin;

    float top = staffHeader(c, c.tr("dashboard.title"));
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, top));
    ui.beginScroll("##dash", ImVec2(innerW, c.pos.y + c.size.y - margin - top));
    const float w = ImGui::GetContentRegionAvail().x;
    const float x0 = ImGui::GetCursorScreenPos().x;
    const DashboardView* view = c.data<DashboardView>();
    if (view && !view->notice.empty()) {
        ui.text(view->notice, ui::FontRole::Title, p.text, w);
    }
    const DashboardData* d = view && view->data ? &*view->data : nullptr;
    if (!d) { // no view yet: its numbers are being counted on a worker
        ui.text(c.tr(view ? "dashboard.none" : "dashboard.loading"), ui::FontRole::Title, p.text,
                w);
        ui.endScroll();
        ui.endPanel();
        return;
    }

    // This month, big.
    ui.text(c.tr("dashboard.month"), ui::FontRole::Title, p.text, w);
    const std::pair<const char*, int64_t> totals[] = {{"dashboard.visits", d->monthSessions},
                                                      {"dashboard.started", d->monthStarted},
                                                      {"dashboard.completed", d->monthCompleted},
                                                      {"dashboard.qr", d->monthQr},
                                                      {"dashboard.help", d->monthHelp}};
    const float cardW = (w - gap * 4) / 5;
    // as tall as the longest label needs once wrapped (a narrow portrait card takes three lines)
    float labelH = ui.fontSize(ui::FontRole::Body) * 1.3f;
    for (const auto& t : totals) {
        labelH =
            std::max(labelH, ui.measure(c.tr(t.first), ui::FontRole::Body, cardW - ui.em(1.0f)).y);
    }
    const float cardH = ui.fontSize(ui::FontRole::Huge) + labelH + ui.em(1.3f);
    const float cy = ImGui::GetCursorScreenPos().y;
    for (int i = 0; i < 5; ++i) {
        ImVec2 a(x0 + static_cast<float>(i) * (cardW + gap), cy);
        ui.beginCard(a, ImVec2(a.x + cardW, a.y + cardH), p.surface, p.surfaceBorder, ui.em(0.4f),
                     2);
        ImGui::SetCursorScreenPos(ImVec2(a.x + ui.em(0.5f), a.y + ui.em(0.3f)));
        ui.text(std::to_string(totals[i].second), ui::FontRole::Huge, p.surfaceText,
                cardW - ui.em(1.0f));
        ImGui::SetCursorScreenPos(ImVec2(a.x + ui.em(0.5f), ImGui::GetCursorScreenPos().y));
        ui.text(c.tr(totals[i].first), ui::FontRole::Body, p.surfaceText, cardW - ui.em(1.0f));
        ui.endCard();
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, cy + cardH + gap));
    ui.text(c.tr("dashboard.wrong_pins") + ": " + std::to_string(d->monthWrongPins),
            ui::FontRole::Body, p.text, w);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));

    const float chartH = std::max(ui.em(12.0f), ui.mm(70.0f));
    std::vector<ui::Bar> days;
    for (const auto& [day, n] : d->sessionsPerDay) {
        days.push_back({shortDay(day), static_cast<double>(n)});
    }
    ui::columnChart(ui, {c.tr("dashboard.per_day"), "", "", c.tr("dashboard.day_axis"), ""}, days,
                    ImVec2(w, chartH), 5);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 2));

    // Lessons: started vs completed; tap one to see its funnel.
    std::vector<ui::Bar> lessons;
    std::string selectedTitle;
    for (const auto& t : d->tutorials) {
        const Tutorial* tut = c.content.tutorials.find(t.id);
        std::string title = tut ? tut->title.get(lang) : t.id;
        lessons.push_back(
            {title, static_cast<double>(t.started), static_cast<double>(t.completed)});
        if (t.id == d->funnelTutorial) {
            selectedTitle = title;
        }
    }
    std::string tapped = ui::rowChart(ui,
                                      {c.tr("dashboard.lessons"), c.tr("dashboard.started_short"),
                                       c.tr("dashboard.completed_short"), "", ""},
                                      lessons, w, true, selectedTitle);
    if (!tapped.empty()) {
        for (const auto& t : d->tutorials) {
            const Tutorial* tut = c.content.tutorials.find(t.id);
            if ((tut ? tut->title.get(lang) : t.id) == tapped) {
                c.emit(intent::SelectFunnel{t.id});
            }
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 2));
    if (d->funnelTutorial.empty()) {
        ui.text(c.tr("dashboard.funnel_hint"), ui::FontRole::Body, p.text, w);
    } else {
        std::vector<ui::Bar> steps;
        for (size_t i = 0; i < d->funnel.size(); ++i) {
            steps.push_back({std::to_string(i + 1), static_cast<double>(d->funnel[i])});
        }
        ui::columnChart(ui,
                        {fill(c.tr("dashboard.funnel"), "t", selectedTitle), "", "",
                         c.tr("dashboard.step_axis"), ""},
                        steps, ImVec2(w, chartH));
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 2));

    std::vector<ui::Bar> qr;
    for (const auto& q : d->qrPerPortal) {
        const Portal* portal = c.content.portals.find(q.key);
        qr.push_back({portal ? portal->title.get(lang) : q.key, static_cast<double>(q.value)});
    }
    ui::rowChart(ui, {c.tr("dashboard.qr"), "", "", "", ""}, qr, w);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 2));

    std::vector<ui::Bar> usage;
    for (const auto& m : d->modes) {
        usage.push_back({c.tr(m.key == "assisted" ? "dashboard.assisted" : "dashboard.self"),
                         static_cast<double>(m.value)});
    }
    for (const auto& l : d->languages) {
        usage.push_back({c.languageName(l.key), static_cast<double>(l.value)});
    }
    for (const auto& s : d->textSizes) {
        std::string shown = s.key == "A-" ? "A–" : s.key;
        usage.push_back({fill(c.tr("dashboard.size"), "s", shown), static_cast<double>(s.value)});
    }
    ui::rowChart(ui, {c.tr("dashboard.usage"), "", "", "", ""}, usage, w);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 2));

    std::vector<ui::Bar> hours;
    for (int h = 0; h < 24; ++h) {
        hours.push_back({std::to_string(h), static_cast<double>(d->hours[static_cast<size_t>(h)])});
    }
    ui::columnChart(ui, {c.tr("dashboard.hours"), "", "", c.tr("dashboard.hour_axis"), ""}, hours,
                    ImVec2(w, chartH), 3);
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap * 2));
    quizPanel(c, *d, w);
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
