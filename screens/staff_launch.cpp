// Starting a guided session: a plan or a lesson on the left (scrolling), who it is for on
// the right (one resident, or a group of N with the presenter view), then Start.
#include "screen.hpp"

namespace tramso::screens {

void staffLaunch(Context& c) {
    ui::Ui& ui = c.ui;
    const Lang lang = c.lang();
    const LaunchChoice& choice = c.kiosk.launch();
    const ui::Palette& p = ui.beginPage("##launch", c.pos, c.size);
    float y = staffHeader(c, c.tr("launch.title"));
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float areaW = c.size.x - 2 * margin;
    const bool twoCols = areaW > ui.em(40.0f);
    const float rightW = twoCols ? std::max(ui.em(16.0f), areaW * 0.36f) : areaW;
    const float leftW = twoCols ? areaW - rightW - margin : areaW;
    const float pageH = c.pos.y + c.size.y - margin - y;

    // The list: plans first (what a team usually teaches), then single lessons by skill.
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.beginScroll("##launchlist", ImVec2(leftW, twoCols ? pageH : pageH * 0.55f));
    const float w = ImGui::GetContentRegionAvail().x;
    auto item = [&](const std::string& label, const std::string& id, bool plan) {
        ImVec2 size = ui.buttonSize(label);
        size.x = w;
        size.y = std::max(size.y,
                          ui.measure(label, ui::FontRole::Body, w - ui.em(1.6f)).y + ui.em(1.0f));
        const bool selected = choice.id == id && choice.plan == plan;
        if (ui.button(label, size, ui::ButtonKind::Secondary, selected, "toggle")) {
            c.emit(intent::LaunchSelect{id, plan});
        }
    };
    if (c.kiosk.plans() && !c.kiosk.plans()->plans.empty()) {
        ui.text(c.tr("launch.plans"), ui::FontRole::Title, p.text, w);
        for (const Plan& pl : c.kiosk.plans()->plans) {
            item(pl.title.get(lang) + " (" +
                     fill(c.tr("launch.plan_lessons"), "n", std::to_string(pl.tutorials.size())) +
                     ")",
                 pl.id, true);
        }
    }
    ui.text(c.tr("launch.lessons"), ui::FontRole::Title, p.text, w);
    for (int s = 1; s <= kSkillCount; ++s) {
        for (const Tutorial* t : c.content.tutorials.forSkill(s)) {
            item(t->title.get(lang), t->id, false);
        }
    }
    ui.endScroll();

    // Who it is for, and Start.
    const float rx = twoCols ? c.pos.x + margin + leftW + margin : c.pos.x + margin;
    const float ry = twoCols ? y : y + pageH * 0.55f + gap;
    ImGui::SetCursorScreenPos(ImVec2(rx, ry));
    ui.beginScroll("##launchwho", ImVec2(rightW, c.pos.y + c.size.y - margin - ry));
    const float rw = ImGui::GetContentRegionAvail().x;
    const float x0 = ImGui::GetCursorScreenPos().x;
    ui.text(c.tr("launch.who"), ui::FontRole::Title, p.text, rw);
    // a button as tall as its words need at this width
    auto sized = [&](const std::string& label, float width,
                     ui::FontRole role = ui::FontRole::Body) {
        return ImVec2(width,
                      std::max(ui.buttonSize(label, role).y,
                               ui.measure(label, role, width - ui.em(1.2f)).y + ui.em(1.0f)));
    };
    const bool group = choice.groupSize > 1;
    const float half = (rw - gap) * 0.5f;
    float by = ImGui::GetCursorScreenPos().y;
    if (ui.button(c.tr("launch.one"), sized(c.tr("launch.one"), half), ui::ButtonKind::Secondary,
                  !group, "toggle")) {
        c.emit(intent::LaunchGroup{1});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0 + half + gap, by));
    if (ui.button(c.tr("launch.group"), sized(c.tr("launch.group"), half),
                  ui::ButtonKind::Secondary, group, "toggle")) {
        c.emit(intent::LaunchGroup{std::max(choice.groupSize, 5)});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
    if (group) {
        ui.text(fill(c.tr("launch.group_size"), "n", std::to_string(choice.groupSize)),
                ui::FontRole::Title, p.text, rw);
        by = ImGui::GetCursorScreenPos().y;
        if (ui.button(c.tr("launch.fewer"), sized(c.tr("launch.fewer"), half),
                      ui::ButtonKind::Secondary)) {
            c.emit(intent::LaunchGroup{choice.groupSize - 1});
        }
        ImGui::SetCursorScreenPos(ImVec2(x0 + half + gap, by));
        if (ui.button(c.tr("launch.more"), sized(c.tr("launch.more"), half),
                      ui::ButtonKind::Secondary)) {
            c.emit(intent::LaunchGroup{choice.groupSize + 1});
        }
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
        if (ui.button(c.tr("launch.presenter"), sized(c.tr("launch.presenter"), rw),
                      ui::ButtonKind::Secondary, choice.presenter, "toggle")) {
            c.emit(intent::LaunchPresenter{!choice.presenter});
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));
    if (choice.id.empty()) {
        // the list is beside this column, or above it on a tall screen
        ui.text(c.tr(twoCols ? "launch.choose_first" : "launch.choose_first_above"),
                ui::FontRole::Body, p.text, rw);
    } else if (ui.button(c.tr("launch.start"), sized(c.tr("launch.start"), rw, ui::FontRole::Title),
                         ui::ButtonKind::Primary, false, "button", nullptr, ui::FontRole::Title)) {
        c.emit(intent::LaunchStart{});
    }
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
