// The lesson player: one instruction in big words, its detail, the phone replica to practise
// on (or a picture, or the QR code), a check question, and big Back / Next. Past the last
// step, the end screen: what was learned and what to do next.
// Laid out for the shape it gets, never flowing off it: the actions are pinned at the bottom,
// the picture is scaled to the room left (beside the words on a landscape screen, under them
// on a portrait one) and only the words scroll, inside their own column.
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
    ui.beginCard(a, b, p.warning, p.warningText, ui.em(0.4f), 2.0f);
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
    ui.text(s, ui::FontRole::Body, p.warningText, w - 2 * pad);
    ui.endCard();
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y + ui.gap()));
}

// The QR code block: caption above, host below, the code as large as `h` allows.
struct CodeBlock {
    const Portal* portal = nullptr;
    std::string caption;
};

float codeWordsHeight(Context& c, const CodeBlock& b, float w) {
    ui::Ui& ui = c.ui;
    return ui.measure(b.caption, ui::FontRole::Body, w).y +
           ui.measure(b.portal->host, ui::FontRole::Title, w).y + ui.gap() * 3;
}

// The smallest code that keeps every module ≥ 1 mm (once its size is known).
float codeMinSide(Context& c, const CodeBlock& b) {
    return c.ui.qrSide(b.portal->url, c.ui.mm(30.0f));
}

// Draws the block at the cursor, centred in `w`, within `h`.
void drawCode(Context& c, const CodeBlock& b, float w, float h) {
    ui::Ui& ui = c.ui;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ui.text(b.caption, ui::FontRole::Body, ui.palette().text, w);
    const float side = std::min({w, h - codeWordsHeight(c, b, w), ui.mm(110.0f)});
    const float drawn = ui.qrSide(b.portal->url, side);
    ImGui::SetCursorScreenPos(
        ImVec2(at.x + std::max(0.0f, (w - drawn) * 0.5f), ImGui::GetCursorScreenPos().y));
    ui.qrCode(b.portal->url, b.portal->id, side);
    ImGui::SetCursorScreenPos(ImVec2(at.x, ImGui::GetCursorScreenPos().y));
    ui.text(b.portal->host, ui::FontRole::Title, ui.palette().text, w, true);
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

// The check question, its feedback and its answers: a block that is never scrolled, so
// every answer is in view. Its words shrink a size (or two) when the room is short.
float checkHeight(Context& c, const TutorialPlayer& player, const Check& ck, float w) {
    ui::Ui& ui = c.ui;
    const Lang lang = c.lang();
    const float gap = ui.gap();
    float h = ui.measure(ck.question.get(lang), ui::FontRole::Title, w).y + gap;
    if (player.checkAnswer() >= 0) {
        const bool right = player.checkAnswer() == ck.right;
        const std::string fb = c.tr(right ? "tutorial.check_right" : "tutorial.check_wrong") + " " +
                               (right ? ck.feedbackRight : ck.feedbackWrong).get(lang);
        h += ui.measure(fb, ui::FontRole::Body, w - ui.em(1.2f)).y + ui.em(1.2f) + gap;
    }
    for (const auto& a : ck.answers) {
        h +=
            std::max(ui.touchMin(),
                     ui.measure(a.get(lang), ui::FontRole::Body, w - ui.em(1.6f)).y + ui.em(0.8f)) +
            gap;
    }
    return h;
}

// The text size the block fits `maxH` at (the page's if it can).
TextSize checkSize(Context& c, const TutorialPlayer& player, const Check& ck, float w, float maxH) {
    ui::Ui& ui = c.ui;
    for (int s = static_cast<int>(ui.textSize()); s > 0; --s) {
        ui.pushTextSize(static_cast<TextSize>(s));
        const float h = checkHeight(c, player, ck, w);
        ui.popTextSize();
        if (h <= maxH) {
            return static_cast<TextSize>(s);
        }
    }
    return TextSize::Small;
}

void drawCheck(Context& c, const TutorialPlayer& player, const Check& ck, float w) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const Lang lang = c.lang();
    const float x = ImGui::GetCursorScreenPos().x;
    ui.text(ck.question.get(lang), ui::FontRole::Title, p.text, w);
    // The feedback goes right under the question, where the eye already is.
    if (player.checkAnswer() >= 0) {
        const bool right = player.checkAnswer() == ck.right;
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
        note(c,
             c.tr(right ? "tutorial.check_right" : "tutorial.check_wrong") + " " +
                 (right ? ck.feedbackRight : ck.feedbackWrong).get(lang),
             w);
    }
    // in the player's shuffled order; a tap names the option by its id in the file
    for (const int id : player.checkOrder()) {
        const std::string& a = ck.answers[static_cast<size_t>(id)].get(lang);
        const ImVec2 size(
            w, std::max(ui.touchMin(),
                        ui.measure(a, ui::FontRole::Body, w - ui.em(1.6f)).y + ui.em(0.8f)));
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
        if (ui.button(a, size, ui::ButtonKind::Secondary, player.checkAnswer() == id, "answer")) {
            c.emit(intent::AnswerCheck{id});
        }
    }
}

struct BarButton {
    std::string label;
    ui::ButtonKind kind;
    bool selected;
    Intent intent;
    ui::FontRole role = ui::FontRole::Body;
    ImVec2 size{};
    ImVec2 pos{};
};

// The actions, in rows `w` wide from the bottom edge `bottom` up; Next (the last) at the
// right of its row. Their words take the page's size if two rows hold them, else one size
// smaller (a wrapped third row would take the page from the picture). Returns the top y.
struct Bar {
    std::vector<BarButton> buttons;
    TextSize textSize;
    float top = 0;
};

bool placeBar(ui::Ui& ui, std::vector<BarButton>& bs, float x0, float w, float bottom, int maxRows,
              float& top) {
    const float gap = ui.gap();
    const float h = std::max(ui.touchMin(), ui.fontSize(ui::FontRole::Body) * 1.0f + ui.em(0.7f));
    std::vector<int> rowOf(bs.size());
    int row = 0;
    float x = 0;
    for (size_t i = 0; i < bs.size(); ++i) {
        ImVec2 t = ui.measure(bs[i].label, bs[i].role);
        // ui.button wraps its words at 1.2 em less than its width: a little slack on top
        bs[i].size = ImVec2(std::max({t.x + ui.em(1.5f), ui.em(4.5f), ui.touchMin()}),
                            std::max(h, t.y + ui.em(0.7f)));
        if (bs[i].size.x > w) {
            return false;
        }
        if (x > 0 && x + bs[i].size.x > w) {
            ++row;
            x = 0;
        }
        rowOf[i] = row;
        x += bs[i].size.x + gap;
    }
    if (row + 1 > maxRows) {
        return false;
    }
    const int rows = row + 1;
    float rowH = 0;
    for (const auto& b : bs) {
        rowH = std::max(rowH, b.size.y);
    }
    top = bottom - rowH * static_cast<float>(rows) - gap * static_cast<float>(rows - 1);
    x = x0;
    for (size_t i = 0; i < bs.size(); ++i) {
        if (i > 0 && rowOf[i] != rowOf[i - 1]) {
            x = x0;
        }
        bs[i].size.y = rowH;
        bs[i].pos = ImVec2(x, top + static_cast<float>(rowOf[i]) * (rowH + gap));
        if (i + 1 == bs.size()) {
            bs[i].pos.x = x0 + w - bs[i].size.x; // Next stands apart at the right edge
        }
        x += bs[i].size.x + gap;
    }
    return true;
}

// The page's text size and two rows if they leave the words `maxH`; else smaller words,
// then a third row.
Bar layoutBar(ui::Ui& ui, std::vector<BarButton> bs, float x0, float w, float bottom, float maxH) {
    Bar bar{std::move(bs), ui.textSize(), bottom};
    for (int rows : {2, 3}) {
        for (int s = static_cast<int>(ui.textSize()); s >= 0; --s) {
            ui.pushTextSize(static_cast<TextSize>(s));
            const bool ok =
                placeBar(ui, bar.buttons, x0, w, bottom, rows, bar.top) && bottom - bar.top <= maxH;
            ui.popTextSize();
            if (ok) {
                bar.textSize = static_cast<TextSize>(s);
                return bar;
            }
        }
    }
    ui.pushTextSize(TextSize::Small);
    placeBar(ui, bar.buttons, x0, w, bottom, 99, bar.top);
    ui.popTextSize();
    bar.textSize = TextSize::Small;
    return bar;
}

void drawBar(Context& c, const Bar& bar) {
    ui::Ui& ui = c.ui;
    ui.pushTextSize(bar.textSize);
    ImVec2 bmin(1e9f, 1e9f), bmax(-1e9f, -1e9f);
    for (const auto& b : bar.buttons) {
        ImGui::SetCursorScreenPos(b.pos);
        if (ui.button(b.label, b.size, b.kind, b.selected,
                      b.kind == ui::ButtonKind::Primary ? "button" : "toggle", nullptr, b.role)) {
            c.emit(b.intent);
        }
        bmin = ImVec2(std::min(bmin.x, b.pos.x), std::min(bmin.y, b.pos.y));
        bmax = ImVec2(std::max(bmax.x, b.pos.x + b.size.x), std::max(bmax.y, b.pos.y + b.size.y));
    }
    ui.popTextSize();
    ui.registry().addRegion({"actions", bmin, bmax});
}

// "Bước 3/8" and a progress bar beside it, on one line; returns the y below.
float progressLine(Context& c, const TutorialPlayer& player, float x, float y, float w) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    std::string progress =
        fill(fill(c.tr("tutorial.step_of"), "i", std::to_string(player.stepIndex() + 1)), "n",
             std::to_string(player.stepCount()));
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ui.text(progress, ui::FontRole::Body, p.text);
    const float tw = ui.measure(progress, ui::FontRole::Body).x + ui.gap();
    const float lineH = ui.fontSize(ui::FontRole::Body);
    const float barH = ui.em(0.5f);
    const float barX = x + tw;
    const float barW = std::max(0.0f, w - tw);
    const float barY = y + (lineH - barH) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(barX, barY), ImVec2(barX + barW, barY + barH),
                      ui::toU32(p.surfaceBorder), barH * 0.5f);
    float frac =
        static_cast<float>(player.stepIndex() + 1) / static_cast<float>(player.stepCount());
    dl->AddRectFilled(ImVec2(barX, barY), ImVec2(barX + barW * frac, barY + barH),
                      ui::toU32(p.accent), barH * 0.5f);
    return y + lineH + ui.gap();
}

// The header, scaled to a column `w` wide starting at c.pos.
float columnHeader(Context& c, float w, const std::string& title, const ui::Icon* icon) {
    Context col = c;
    col.size.x = w;
    return header(col, title, icon, "tutorial.exit");
}

// A short page (big text on a low screen) gives its height to the step: the lesson's title
// then scrolls with the words, and only "leave the lesson" heads the column.
bool shortPage(const Context& c) {
    return c.size.y < c.ui.em(16.0f);
}

// A portrait page stacks words, picture and actions: its header is compact too.
bool compactPage(const Context& c) {
    return shortPage(c) || c.size.x < c.size.y;
}

// "Leave the lesson" alone in a row; the progress line beside it when `player` is given.
// Returns the y below.
float compactHeader(Context& c, float w, const TutorialPlayer* player) {
    ui::Ui& ui = c.ui;
    const float gap = ui.gap();
    const ImVec2 start(c.pos.x + gap, c.pos.y + gap);
    ImVec2 b = ui.buttonSize(c.tr("tutorial.exit"));
    b.y = std::max(ui.touchMin(), ui.fontSize(ui::FontRole::Body) + ui.em(0.6f));
    ImGui::SetCursorScreenPos(start);
    if (ui.button(c.tr("tutorial.exit"), b, ui::ButtonKind::Secondary)) {
        c.emit(intent::Back{});
    }
    const float bottom = start.y + b.y + gap;
    if (!player) {
        return bottom;
    }
    const float x = start.x + b.x + gap * 2;
    const float pw = start.x + w - x;
    if (pw < ui.em(6.0f)) {
        return progressLine(c, *player, start.x, bottom, w);
    }
    progressLine(c, *player, x, start.y + (b.y - ui.fontSize(ui::FontRole::Body)) * 0.5f, pw);
    return bottom;
}

void endScreen(Context& c, const TutorialPlayer& player) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.palette();
    const Tutorial& t = player.tutorial();
    const Lang lang = c.lang();
    const float gap = ui.gap();
    const float margin = gap;
    const float areaW = c.size.x - 2 * margin;
    const float bottom = c.pos.y + c.size.y - margin;

    CodeBlock code;
    code.portal = t.portal.empty() ? nullptr : c.content.portals.find(t.portal);
    code.caption = c.tr("end.next");
    const bool landscape = c.size.x >= c.size.y;
    float codeW = 0;
    if (code.portal && landscape) {
        codeW = std::min(areaW * 0.4f, c.size.y - 2 * margin);
        codeW = std::max(codeW, std::min(areaW * 0.5f, ui.em(12.0f)));
    }
    const float colW = code.portal && landscape ? areaW - codeW - margin * 2 : areaW;
    const ui::Icon icon = ui::skillIcon(t.skill);
    const bool compact = shortPage(c);
    float y = compact ? compactHeader(c, colW, nullptr)
                      : columnHeader(c, colW + 2 * margin, c.lessonTitle(t), &icon);

    // In a guided session the way on is the plan's next lesson (or back to the team).
    const auto& guided = c.kiosk.guided();
    std::string otherLabel = c.tr("end.other");
    if (guided) {
        const size_t next = guided->index + 1;
        const Tutorial* nt = next < guided->lessons.size()
                                 ? c.content.tutorials.find(guided->lessons[next])
                                 : nullptr;
        otherLabel =
            nt ? fill(c.tr("guided.next_lesson"), "t", c.lessonTitle(*nt)) : c.tr("guided.finish");
    }
    std::vector<BarButton> bs = {
        {c.tr("end.again"), ui::ButtonKind::Secondary, false, intent::StartOver{},
         ui::FontRole::Title},
        {otherLabel, ui::ButtonKind::Primary, false,
         guided ? Intent{intent::NextLesson{}} : Intent{intent::Back{}}, ui::FontRole::Title},
    };
    const float minWords = ui.touchMin() * 2 + gap;
    const float codeNeed = code.portal && !landscape
                               ? codeWordsHeight(c, code, colW) + codeMinSide(c, code) + gap
                               : 0.0f;
    Bar bar =
        layoutBar(ui, bs, c.pos.x + margin, colW, bottom, bottom - y - minWords - gap - codeNeed);
    drawBar(c, bar);

    float wordsBottom = bar.top - gap;
    float codeTop = 0, codeH = 0;
    if (code.portal && !landscape) {
        // portrait: the code under the words, above the actions
        const float words = codeWordsHeight(c, code, colW);
        const float side =
            std::clamp(std::min(colW, ui.mm(80.0f)), codeMinSide(c, code),
                       std::max(codeMinSide(c, code), (wordsBottom - y) * 0.55f - words));
        codeH = words + side;
        codeTop = wordsBottom - codeH;
        wordsBottom = codeTop - gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    ui.beginScroll("##end", ImVec2(colW, std::max(minWords, wordsBottom - y)),
                   static_cast<int>(ImHashStr(t.id.c_str())));
    const float w = ImGui::GetContentRegionAvail().x;
    const float x0 = ImGui::GetCursorScreenPos().x;
    if (compact) {
        ui.text(c.lessonTitle(t), ui::FontRole::Body, p.text, w);
    }
    ui.text(c.tr("end.title"), compact ? ui::FontRole::Title : ui::FontRole::Huge, p.text, w);
    ui.text(c.tr("end.learned"), ui::FontRole::Title, p.text, w);
    ui.text(t.summary.get(lang), ui::FontRole::Body, p.text, w);
    if (t.papers) {
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));
        ui.text(c.tr("end.papers"), ui::FontRole::Title, p.text, w);
        ui.text(t.papers->get(lang), ui::FontRole::Body, p.text, w);
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y + gap));
    note(c, c.tr("end.never_share"), w);
    ui.endScroll();

    if (code.portal) {
        if (landscape) {
            const float cx = c.pos.x + margin + colW + margin * 2;
            ImGui::SetCursorScreenPos(ImVec2(cx, c.pos.y + margin));
            drawCode(c, code, codeW, c.size.y - 2 * margin);
        } else {
            ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, codeTop));
            drawCode(c, code, colW, codeH);
        }
    }
}

} // namespace

void tutorial(Context& c) {
    ui::Ui& ui = c.ui;
    const TutorialPlayer* player = c.kiosk.player();
    const ui::Palette& p = ui.beginPage("##tutorial", c.pos, c.size);
    if (!player) { // a stale route: nothing to play
        header(c, c.tr("home.title"), nullptr);
        ui.endPanel();
        return;
    }
    const Tutorial& t = player->tutorial();
    const Lang lang = c.lang();
    if (player->atEnd()) {
        endScreen(c, *player);
        ui.endPanel();
        return;
    }
    const Step& step = *player->step();
    const float gap = ui.gap();
    const float margin = gap;
    const float areaW = c.size.x - 2 * margin;
    const float areaH = c.size.y - 2 * margin;
    const float bottom = c.pos.y + c.size.y - margin;
    const bool landscape = c.size.x >= c.size.y;

    // What stands beside (or under) the words: the phone, a picture, the QR code, or the
    // check question — on a step with a phone, once its task is done the question takes
    // the phone's place, so its answers are always in view.
    CodeBlock code;
    const bool hasCheck = step.check && (!step.mockup || player->targetDone());
    const bool hasPhone = step.mockup.has_value() && !hasCheck;
    const bool hasImage = !hasPhone && !hasCheck && !step.image.empty();
    if (!hasPhone && !hasImage && !hasCheck && !step.portal.empty()) {
        code.portal = c.content.portals.find(step.portal);
        code.caption = c.tr("tutorial.scan");
    }
    const bool hasCode = code.portal != nullptr;

    // Landscape: the picture column takes the page's whole height at the right.
    float pictureW = 0;
    ImVec2 phone(0, 0);
    if (landscape) {
        if (hasPhone) {
            phone =
                ui::fitPhone(ui, *step.mockup, lang, ImVec2(areaW * 0.45f, areaH), ui.mm(110.0f));
            pictureW = phone.x;
        } else if (hasImage) {
            pictureW = areaW * 0.4f;
        } else if (hasCode) {
            pictureW = std::clamp(std::min(areaW * 0.4f, areaH), ui.em(12.0f), areaW * 0.5f);
        } else if (hasCheck) {
            pictureW = areaW * 0.55f;
        }
    }
    const float colW = pictureW > 0 ? areaW - pictureW - margin * 2 : areaW;
    const ui::Icon icon = ui::skillIcon(t.skill);
    const bool compact = compactPage(c);
    float y = 0;
    if (compact) {
        y = compactHeader(c, colW, player);
    } else {
        y = columnHeader(c, colW + 2 * margin, c.lessonTitle(t), &icon);
        y = progressLine(c, *player, c.pos.x + margin, y - gap * 0.5f, colW);
    }

    // The actions, pinned at the bottom of the words' column.
    std::vector<BarButton> bs;
    // "Nghe lại": the step read aloud again (and the voice turned on if it was off)
    bs.push_back(
        {c.tr("voice.listen_again"), ui::ButtonKind::Secondary, false, intent::ListenAgain{}});
    if (player->stepIndex() > 0) {
        bs.push_back({c.tr("tutorial.back"), ui::ButtonKind::Secondary, false, intent::PrevStep{}});
    }
    if (hasPhone) {
        bs.push_back(
            {c.tr("tutorial.replay"), ui::ButtonKind::Secondary, false, intent::ReplayHint{}});
        bs.push_back({c.tr("tutorial.practice"), ui::ButtonKind::Secondary, player->practiceMode(),
                      intent::SetPractice{!player->practiceMode()}});
    }
    if (player->stepIndex() > 0) {
        bs.push_back(
            {c.tr("tutorial.start_over"), ui::ButtonKind::Secondary, false, intent::StartOver{}});
    }
    bs.push_back({c.tr("tutorial.next"), ui::ButtonKind::Primary, false, intent::NextStep{}});
    // Portrait: the picture under the words, above the actions, scaled to the room left
    // once the words have a column of at least two scroll buttons.
    const float minWords = ui.touchMin() * 2 + gap;
    float pictureNeed = 0;
    if (!landscape && hasPhone) {
        const float pw = std::min(colW, ui.mm(110.0f));
        pictureNeed = ui::phoneNeeds(ui, *step.mockup, lang, pw) + gap;
    } else if (!landscape && hasCheck) {
        ui.pushTextSize(TextSize::Small);
        pictureNeed = checkHeight(c, *player, *step.check, colW) + gap;
        ui.popTextSize();
    } else if (!landscape && hasCode) {
        pictureNeed = codeWordsHeight(c, code, colW) + codeMinSide(c, code) + gap;
    }
    Bar bar = layoutBar(ui, bs, c.pos.x + margin, colW, bottom,
                        bottom - y - minWords - gap - pictureNeed);
    drawBar(c, bar);
    float wordsBottom = bar.top - gap;
    ImVec2 picturePos(0, 0), pictureSize(0, 0);
    TextSize checkText = ui.textSize();
    if (!landscape && (hasPhone || hasImage || hasCode || hasCheck)) {
        const float room = std::max(0.0f, wordsBottom - y - gap - minWords);
        if (hasPhone) {
            // the words keep at least a third of the page unless the phone needs it
            const float share = std::max(0.0f, (room + minWords) * 0.66f - minWords);
            phone = ui::fitPhone(ui, *step.mockup, lang, ImVec2(colW, share), ui.mm(110.0f));
            pictureSize = phone;
        } else if (hasCheck) {
            checkText = checkSize(c, *player, *step.check, colW, room);
            ui.pushTextSize(checkText);
            pictureSize = ImVec2(colW, checkHeight(c, *player, *step.check, colW));
            ui.popTextSize();
        } else if (hasCode) {
            const float words = codeWordsHeight(c, code, colW);
            const float side = std::clamp(std::min(colW, room * 0.6f - words), codeMinSide(c, code),
                                          std::min(colW, ui.mm(110.0f)));
            pictureSize = ImVec2(colW, side + words);
        } else {
            pictureSize = ImVec2(colW, room * 0.6f);
        }
        picturePos =
            ImVec2(c.pos.x + margin + (colW - pictureSize.x) * 0.5f, wordsBottom - pictureSize.y);
        wordsBottom = picturePos.y - gap;
    }

    // The words: the only part that scrolls. A new step (or lesson) starts at the top.
    ImGui::SetCursorScreenPos(ImVec2(c.pos.x + margin, y));
    const int pageKey = static_cast<int>(ImHashStr(t.id.c_str())) + player->stepIndex();
    const float wordsH = std::max(minWords, wordsBottom - y);
    ui.beginScroll("##step", ImVec2(colW, wordsH), pageKey);
    const float w = ImGui::GetContentRegionAvail().x;
    if (compact) {
        ui.text(c.lessonTitle(t), ui::FontRole::Body, p.text, w);
    }
    ui.text(step.text.get(lang), ui::FontRole::Title, p.text, w);
    if (step.detail) {
        ui.text(step.detail->get(lang), ui::FontRole::Body, p.text, w);
    }
    if (step.mockup && !hasCheck) {
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
    if (!step.image.empty() && !hasImage && !hasPhone) { // the check took the picture's place
        ImGui::SetCursorScreenPos(
            ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + gap));
        ui.image(step.image, ImVec2(w, wordsH));
    }
    if (!step.portal.empty() && !hasCode) { // a code beside a phone or picture: with the words
        if (const Portal* portal = c.content.portals.find(step.portal)) {
            CodeBlock extra{portal, c.tr("tutorial.scan")};
            ImGui::SetCursorScreenPos(
                ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + gap));
            drawCode(c, extra, w, wordsH);
        }
    }
    ui.endScroll();
    ui.registry().addRegion(
        {"words", ImVec2(c.pos.x + margin, y), ImVec2(c.pos.x + margin + colW, y + wordsH)});

    // The picture.
    if (landscape && pictureW > 0) {
        const float px = c.pos.x + margin + colW + margin * 2;
        if (hasPhone) {
            const float py = c.pos.y + margin + std::max(0.0f, (areaH - phone.y) * 0.5f);
            ImGui::SetCursorScreenPos(ImVec2(px, py));
            stepPhone(c, step, *player, ImVec2(px, py), phone);
        } else if (hasCode) {
            ImGui::SetCursorScreenPos(ImVec2(px, c.pos.y + margin));
            drawCode(c, code, pictureW, areaH);
        } else if (hasCheck) {
            ui.pushTextSize(checkSize(c, *player, *step.check, pictureW, areaH));
            const float ch = checkHeight(c, *player, *step.check, pictureW);
            ImGui::SetCursorScreenPos(
                ImVec2(px, c.pos.y + margin + std::max(0.0f, (areaH - ch) * 0.3f)));
            drawCheck(c, *player, *step.check, pictureW);
            ui.popTextSize();
        } else {
            ImGui::SetCursorScreenPos(ImVec2(px, c.pos.y + margin));
            ui.image(step.image, ImVec2(pictureW, areaH));
        }
    } else if (pictureSize.y > 0) {
        ImGui::SetCursorScreenPos(picturePos);
        if (hasPhone) {
            stepPhone(c, step, *player, picturePos, pictureSize);
        } else if (hasCheck) {
            ui.pushTextSize(checkText);
            drawCheck(c, *player, *step.check, pictureSize.x);
            ui.popTextSize();
        } else if (hasCode) {
            drawCode(c, code, pictureSize.x, pictureSize.y);
        } else {
            ui.image(step.image, pictureSize);
        }
    }
    ui.endPanel();
}

} // namespace tramso::screens
