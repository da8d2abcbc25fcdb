// The lesson player: one instruction in big words, its detail, the phone replica to practise
// on (or a picture), a check question, a QR code when the step names a portal, and big
// Back / Next. Past the last step, the end screen: what was learned and what to do next.
#include "screen.hpp"

#include "../kiosk/ui/phone.hpp"

#include <imgui_internal.h>

namespace tramso::screens {
namespace {

// A soft card for hints and reminders (never a red error).
void note(Context& c, const std::string& s, float w) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const float pad = ui.em(0.6f);
    ImVec2 a = ImGui::GetCursorScreenPos();
    ImVec2 t = ui.measure(s, ui::FontRole::Body, w - 2 * pad);
    ImVec2 b(a.x + w, a.y + t.y + 2 * pad);
    ImGui::GetWindowDrawList()->AddRectFilled(a, b, ui::toU32(p.warning), ui.em(0.4f));
    ImGui::GetWindowDrawList()->AddRect(a, b, ui::toU32(p.warningText), ui.em(0.4f), 0, 2.0f);
    ui.pushSurface(p.warning);
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
    ui.text(s, ui::FontRole::Body, p.warningText, w - 2 * pad);
    ui.popSurface();
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y + ui.gap()));
}

// The code with a caption above and the host below, sized so all three fit `pageH` (a
// resident should see the whole code without scrolling), never under 45 mm.
void portalCode(Context& c, const std::string& portalId, const std::string& caption, float w,
                float pageH) {
    const Portal* portal = c.content.portals.find(portalId);
    if (!portal) {
        return;
    }
    ui::Ui& ui = c.ui;
    const float x = ImGui::GetCursorScreenPos().x;
    ui.text(caption, ui::FontRole::Body, ui.palette().text, w);
    const float words = ui.measure(caption, ui::FontRole::Body, w).y +
                        ui.measure(portal->host, ui::FontRole::Title, w).y + ui.gap() * 3;
    float side = std::clamp(pageH - words, ui.mm(45.0f), std::min(w, ui.mm(110.0f)));
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ui.qrCode(portal->url, portal->id, side);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ui.text(portal->host, ui::FontRole::Title, ui.palette().text, w);
}

// The step's phone replica; its taps become intents.
void stepPhone(Context& c, const Step& step, const TutorialPlayer& player, ImVec2 pos,
               ImVec2 size) {
    ui::PhoneOptions opt{c.lang(), player.showFinger(), player.hintSince(), player.typed()};
    ui::PhoneTap tap = ui::drawPhone(c.ui, *step.mockup, opt, pos, size);
    if (tap.key) {
        c.emit(intent::PressKey{*tap.key});
    } else if (tap.element) {
        c.emit(intent::TapReplica{*tap.element});
    }
}

struct BarButton {
    std::string label;
    ui::ButtonKind kind;
    bool selected;
    Intent intent;
};

// The bottom bar: the main moves, big, wrapping onto two rows when needed. The last button
// (Next) stands apart at the right edge of its row.
void bottomBar(Context& c, std::vector<BarButton>& buttons, float y, float x0, float w) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    float x = x0;
    for (size_t i = 0; i < buttons.size(); ++i) {
        BarButton& b = buttons[i];
        ImVec2 size = ui.buttonSize(b.label, ui::FontRole::Body);
        size.x = std::max(size.x, ui.em(7.0f));
        if (x + size.x > x0 + w && x > x0) {
            x = x0;
            y += size.y + gap;
        }
        if (i + 1 == buttons.size()) {
            x = x0 + w - size.x;
        }
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (ui.button(b.label, size, b.kind, b.selected,
                      b.kind == ui::ButtonKind::Primary ? "button" : "toggle")) {
            c.emit(b.intent);
        }
        x += size.x + gap;
    }
}

float bottomBarHeight(Context& c, const std::vector<BarButton>& buttons, float w) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    float x = 0, rows = 1, h = 0;
    for (const auto& b : buttons) {
        ImVec2 size = ui.buttonSize(b.label, ui::FontRole::Body);
        size.x = std::max(size.x, ui.em(7.0f));
        if (x + size.x > w && x > 0) {
            x = 0;
            ++rows;
        }
        x += size.x + gap;
        h = std::max(h, size.y);
    }
    return rows * h + (rows - 1) * gap;
}

void endScreen(Context& c, const TutorialPlayer& player, float y) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const Tutorial& t = player.tutorial();
    const Lang lang = c.lang();
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float areaW = c.size.x - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.beginScroll(
        "##end", ImVec2(areaW, std::max(ui.touchMin() * 2 + gap, c.pos.y + c.size.y - margin - y)));
    const float w = ImGui::GetContentRegionAvail().x;
    const bool twoCols = !t.portal.empty() && w > ui.em(40.0f);
    const float colW = twoCols ? (w - margin) * 0.55f : w;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ui.text(c.tr("end.title"), ui::FontRole::Huge, p.text, colW);
    ui.text(c.tr("end.learned"), ui::FontRole::Title, p.text, colW);
    ui.text(t.summary.get(lang), ui::FontRole::Body, p.text, colW);
    if (t.papers) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x, ImGui::GetCursorScreenPos().y + gap));
        ui.text(c.tr("end.papers"), ui::FontRole::Title, p.text, colW);
        ui.text(t.papers->get(lang), ui::FontRole::Body, p.text, colW);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, ImGui::GetCursorScreenPos().y + gap));
    note(c, c.tr("end.never_share"), colW);
    float by = ImGui::GetCursorScreenPos().y + gap;
    ImGui::SetCursorScreenPos(ImVec2(origin.x, by));
    ImVec2 again = ui.buttonSize(c.tr("end.again"), ui::FontRole::Title);
    // In a guided session the way on is the plan's next lesson (or back to the team).
    const auto& guided = c.kiosk.guided();
    std::string otherLabel = c.tr("end.other");
    if (guided) {
        const size_t next = guided->index + 1;
        const Tutorial* nt = next < guided->lessons.size()
                                 ? c.content.tutorials.find(guided->lessons[next])
                                 : nullptr;
        otherLabel =
            nt ? fill(c.tr("guided.next_lesson"), "t", nt->title.get(lang)) : c.tr("guided.finish");
    }
    ImVec2 other = ui.buttonSize(otherLabel, ui::FontRole::Title);
    other.x = std::min(other.x, colW);
    if (ui.button(c.tr("end.again"), again, ui::ButtonKind::Secondary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(intent::StartOver{});
    }
    if (again.x + other.x + gap <= colW) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + again.x + gap, by));
    }
    if (ui.button(otherLabel, other, ui::ButtonKind::Primary, false, "button", nullptr,
                  ui::FontRole::Title)) {
        c.emit(guided ? Intent{intent::NextLesson{}} : Intent{intent::Back{}});
    }
    if (!t.portal.empty()) {
        if (twoCols) {
            ImGui::SetCursorScreenPos(ImVec2(origin.x + colW + margin, origin.y));
        }
        portalCode(c, t.portal, c.tr("end.next"), twoCols ? w - colW - margin : w,
                   c.pos.y + c.size.y - margin - y);
    }
    ui.endScroll();
}

} // namespace

void tutorial(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const TutorialPlayer* player = c.kiosk.player();
    ui.beginPanel("##tutorial", c.pos, c.size, p.background);
    if (!player) { // a stale route: nothing to play
        header(c, c.tr("home.title"), nullptr);
        ui.endPanel();
        return;
    }
    const Tutorial& t = player->tutorial();
    const Lang lang = c.lang();
    ui::Icon icon = ui::skillIcon(t.skill);
    float y = header(c, t.title.get(lang), &icon, "tutorial.exit");
    if (player->atEnd()) {
        endScreen(c, *player, y);
        ui.endPanel();
        return;
    }
    const Step& step = *player->step();
    const float gap = ui.gap();
    const float margin = gap * 2;
    const float left = c.pos.x + margin;
    const float areaW = c.size.x - 2 * margin;

    // "Bước 3/8" and a progress bar across the page.
    std::string progress =
        fill(fill(c.tr("tutorial.step_of"), "i", std::to_string(player->stepIndex() + 1)), "n",
             std::to_string(player->stepCount()));
    ImGui::SetCursorScreenPos(ImVec2(left, y - gap));
    ui.text(progress, ui::FontRole::Body, p.text);
    float barY = ImGui::GetCursorScreenPos().y;
    float barX = left;
    float barH = ui.em(0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(barX, barY), ImVec2(barX + areaW, barY + barH),
                      ui::toU32(p.surfaceBorder), barH * 0.5f);
    float frac =
        static_cast<float>(player->stepIndex() + 1) / static_cast<float>(player->stepCount());
    dl->AddRectFilled(ImVec2(barX, barY), ImVec2(barX + areaW * frac, barY + barH),
                      ui::toU32(p.accent), barH * 0.5f);
    y = barY + barH + gap;

    // Bottom bar first, so the page knows its height.
    std::vector<BarButton> bar;
    if (player->stepIndex() > 0) {
        bar.push_back(
            {c.tr("tutorial.back"), ui::ButtonKind::Secondary, false, intent::PrevStep{}});
    }
    if (step.mockup) {
        bar.push_back(
            {c.tr("tutorial.replay"), ui::ButtonKind::Secondary, false, intent::ReplayHint{}});
        bar.push_back({c.tr("tutorial.practice"), ui::ButtonKind::Secondary, player->practiceMode(),
                       intent::SetPractice{!player->practiceMode()}});
    }
    if (player->stepIndex() > 0) {
        bar.push_back(
            {c.tr("tutorial.start_over"), ui::ButtonKind::Secondary, false, intent::StartOver{}});
    }
    bar.push_back({c.tr("tutorial.next"), ui::ButtonKind::Primary, false, intent::NextStep{}});
    const float barHeight = bottomBarHeight(c, bar, areaW);
    float barTop = c.pos.y + c.size.y - margin - barHeight;
    // A short screen (or big text) gives the page its whole height; the controls then
    // scroll with the words instead of standing at the bottom.
    const bool pinnedBar = barTop - gap - y >= ui.touchMin() * 4;
    if (pinnedBar) {
        bottomBar(c, bar, barTop, left, areaW);
    } else {
        barTop = c.pos.y + c.size.y - margin + gap;
    }

    // The picture side: the phone replica or the step's image.
    const float pageH = std::max(ui.touchMin() * 2 + gap, barTop - gap - y);
    float pictureW = 0;
    if (step.mockup) {
        // as tall as the page allows; wider than a real phone when the page is short
        pictureW = std::min(pageH / ui::kMinPhoneAspect, areaW * 0.42f);
        pictureW = std::max(pictureW, std::min(areaW, ui.em(14.0f)));
    } else if (!step.image.empty()) {
        pictureW = areaW * 0.42f;
    }
    // A step whose picture is its QR code: the code stands beside the words, in full view.
    const bool codeIsPicture = !step.mockup && step.image.empty() && !step.portal.empty();
    if (codeIsPicture) {
        pictureW = areaW * 0.42f;
    }
    bool side = pictureW > 0 && areaW - pictureW - margin >= ui.em(14.0f);
    // The side phone: as wide as fits, as tall as its elements need; beside the words only
    // if that fits the page, else under them (scrolling) at its full height.
    const float sidePhoneW =
        std::min(pictureW, std::min(pageH, pictureW * ui::kPhoneAspect) / ui::kMinPhoneAspect);
    const float sidePhoneH =
        step.mockup ? ui::phoneHeight(ui, *step.mockup, lang, sidePhoneW, ui::kMinPhoneAspect) : 0;
    if (side && step.mockup) {
        side = sidePhoneH <= pageH + 0.5f;
    }
    const float textW = side ? areaW - pictureW - margin : areaW;

    // The words side scrolls when the words are many or the text is big.
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    // A new step (or lesson) starts at the top of the page.
    const int pageKey = static_cast<int>(ImHashStr(t.id.c_str())) + player->stepIndex();
    ui.beginScroll("##step", ImVec2(textW, pageH), pageKey);
    const float w = ImGui::GetContentRegionAvail().x;
    ui.text(step.text.get(lang), ui::FontRole::Title, p.text, w);
    if (step.detail) {
        ui.text(step.detail->get(lang), ui::FontRole::Body, p.text, w);
    }
    if (step.mockup) {
        const MockElement* target = step.mockup->targetElement();
        bool keypad = target && target->kind == MockElement::Kind::Keypad;
        std::string hint;
        if (keypad) {
            std::string spaced;
            for (char d : target->digits) {
                if (!spaced.empty()) {
                    spaced += ' ';
                }
                spaced += d;
            }
            hint = fill(c.tr(player->missed() ? "tutorial.keypad_missed" : "tutorial.keypad_hint"),
                        "code", spaced);
        } else if (player->missed()) {
            hint = c.tr("tutorial.missed");
        } else if (player->practiceMode()) {
            hint = c.tr("tutorial.practice_hint");
        }
        ImGui::SetCursorScreenPos(
            ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + gap * 0.5f));
        if (!hint.empty()) {
            note(c, hint, w);
        }
        bool typing = keypad;
        for (const auto& e : step.mockup->elements) {
            typing |= e.kind == MockElement::Kind::Input;
        }
        if (typing) {
            note(c, c.tr("tutorial.demo_note"), w);
        }
    }
    if (step.check) {
        const Check& ck = *step.check;
        ImGui::SetCursorScreenPos(
            ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + gap));
        ui.text(ck.question.get(lang), ui::FontRole::Title, p.text, w);
        // The feedback goes right under the question, where the eye already is.
        if (player->checkAnswer() >= 0) {
            bool right = player->checkAnswer() == ck.right;
            note(c,
                 c.tr(right ? "tutorial.check_right" : "tutorial.check_wrong") + " " +
                     (right ? ck.feedbackRight : ck.feedbackWrong).get(lang),
                 w);
        }
        for (size_t i = 0; i < ck.answers.size(); ++i) {
            const std::string& a = ck.answers[i].get(lang);
            ImVec2 size = ui.buttonSize(a, ui::FontRole::Body);
            size.x = w;
            size.y = std::max(size.y,
                              ui.measure(a, ui::FontRole::Body, w - ui.em(1.6f)).y + ui.em(1.0f));
            if (ui.button(a, size, ui::ButtonKind::Secondary,
                          player->checkAnswer() == static_cast<int>(i), "answer")) {
                c.emit(intent::AnswerCheck{static_cast<int>(i)});
            }
        }
    }
    if (!step.portal.empty() && !(codeIsPicture && side)) {
        ImGui::SetCursorScreenPos(
            ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + gap));
        portalCode(c, step.portal, c.tr("tutorial.scan"), w, pageH);
    }
    if (!side && step.mockup) { // one column: the phone under the words
        float pw = std::min(w, ui.em(18.0f));
        ImVec2 pos(ImGui::GetCursorScreenPos().x + (w - pw) * 0.5f,
                   ImGui::GetCursorScreenPos().y + gap);
        stepPhone(c, step, *player, pos, ImVec2(pw, ui::phoneHeight(ui, *step.mockup, lang, pw)));
    } else if (!side && !step.image.empty()) {
        ui.image(step.image, ImVec2(w, pageH));
    }
    if (!pinnedBar) {
        float by = ImGui::GetCursorScreenPos().y + gap;
        float bx = ImGui::GetCursorScreenPos().x;
        bottomBar(c, bar, by, bx, w);
        ImGui::SetCursorScreenPos(ImVec2(bx, by + bottomBarHeight(c, bar, w)));
        ImGui::Dummy(ImVec2(w, 0));
    }
    ui.endScroll();

    if (side) {
        const float px = left + textW + margin;
        if (step.mockup) {
            const float pw = sidePhoneW;
            const float ph = std::min(pageH, sidePhoneH);
            ImGui::SetCursorScreenPos(ImVec2(px + (pictureW - pw) * 0.5f, y));
            stepPhone(c, step, *player, ImVec2(px + (pictureW - pw) * 0.5f, y), ImVec2(pw, ph));
        } else if (codeIsPicture) {
            ImGui::SetCursorScreenPos(ImVec2(px, y));
            portalCode(c, step.portal, c.tr("tutorial.scan"), pictureW, pageH);
        } else {
            ImGui::SetCursorScreenPos(ImVec2(px, y));
            ui.image(step.image, ImVec2(pictureW, pageH));
        }
    }
    ui.endPanel();
}

} // namespace tramso::screens
