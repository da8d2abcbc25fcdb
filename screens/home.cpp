// Home: one big tile per basic digital skill, plus the official addresses. The grid is laid
// out for the screen it gets: all tiles in view (with their descriptions if there is room,
// else icon and title only); only when even that does not fit (big text on a small screen)
// do the tiles page, with big arrows and "1/2" — never a tile cut in half, never a scroll.
#include "screen.hpp"

#include <imgui_internal.h>

namespace tramso::screens {
namespace {

struct TileSpec {
    std::string title, desc;
    ui::Icon icon;
    Intent intent;
};

struct Grid {
    int cols = 1, rows = 1, perPage = 1;
    bool descriptions = true;
    float tileW = 0, tileH = 0;
    ui::FontRole titleRole = ui::FontRole::Title;
};

// One title size for the whole grid: the body size as soon as one title needs it.
ui::FontRole gridTitleRole(const ui::Ui& ui, const std::vector<TileSpec>& tiles, float w,
                           bool desc) {
    std::vector<std::string> titles;
    for (const auto& t : tiles) {
        titles.push_back(t.title);
    }
    return ui.tileTitleRole(titles, w, !desc);
}

// The tallest tile at `w`, with or without descriptions.
float tileNeed(const ui::Ui& ui, const std::vector<TileSpec>& tiles, float w, bool desc) {
    const ui::FontRole role = gridTitleRole(ui, tiles, w, desc);
    float need = 0;
    for (const auto& t : tiles) {
        need = std::max(need, ui.tileHeight(t.title, desc ? t.desc : std::string(), w, role));
    }
    return need;
}

// The roomiest grid showing every tile in `area`; nothing if none does.
std::optional<Grid> wholeGrid(const ui::Ui& ui, const std::vector<TileSpec>& tiles, ImVec2 area) {
    const float gap = ui.gap();
    const int n = static_cast<int>(tiles.size());
    for (bool desc : {true, false}) {
        for (int cols = 1; cols <= 4; ++cols) {
            const float w =
                (area.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
            if (w < ui.em(8.0f)) {
                break;
            }
            const int rows = (n + cols - 1) / cols;
            const float need = tileNeed(ui, tiles, w, desc);
            const float fill =
                (area.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
            if (need <= fill) {
                return Grid{cols,
                            rows,
                            n,
                            desc,
                            w,
                            std::min(fill, need * 1.6f),
                            gridTitleRole(ui, tiles, w, desc)};
            }
        }
    }
    return std::nullopt;
}

// Pages of whole tiles (icon and title) when they cannot all be shown.
Grid pagedGrid(const ui::Ui& ui, const std::vector<TileSpec>& tiles, ImVec2 area) {
    const float gap = ui.gap();
    Grid best;
    best.perPage = 0;
    for (int cols = 1; cols <= 4; ++cols) {
        const float w = (area.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        if (cols > 1 && w < ui.em(8.0f)) {
            break;
        }
        const float need = tileNeed(ui, tiles, w, false);
        const int rows = std::max(1, static_cast<int>((area.y + gap) / (need + gap)));
        if (cols * rows > best.perPage) {
            const float fill =
                (area.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
            best = Grid{cols,
                        rows,
                        cols * rows,
                        false,
                        w,
                        std::min(fill, need * 1.6f),
                        gridTitleRole(ui, tiles, w, false)};
        }
    }
    return best;
}

} // namespace

void home(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##home", c.pos, c.size);
    const float gap = ui.gap();
    const float margin = gap;
    const float innerW = c.size.x - 2 * margin;

    std::vector<TileSpec> tiles;
    for (int s = 1; s <= kSkillCount; ++s) {
        std::string k = "skill." + std::to_string(s);
        tiles.push_back({c.tr(k + ".title"), c.tr(k + ".desc"), ui::skillIcon(s),
                         intent::Open{Route{ScreenId::Skill, s}}});
    }
    tiles.push_back({c.tr("home.portals.title"), c.tr("home.portals.desc"), ui::Icon::Portals,
                     intent::Open{Route{ScreenId::Portals, 0}}});

    // The heading: the culture house's name (pressing it for 3 s opens the staff keypad),
    // the question, and the hint when there is room for it.
    const float x0 = c.pos.x + margin;
    float y = c.pos.y + margin;
    ImGui::SetCursorScreenPos(ImVec2(x0, y));
    ui.text(c.kiosk.config().siteName, ui::FontRole::Body, p.text, innerW);
    if (ui.holdArea(c.kiosk.config().siteName, ImVec2(x0, y),
                    ImVec2(x0 + innerW, ImGui::GetCursorScreenPos().y), kStaffHoldSeconds)) {
        c.emit(intent::OpenStaffLogin{});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
    ui.text(c.tr("home.title"), ui::FontRole::Title, p.text, innerW);
    const float bottom = c.pos.y + c.size.y - margin;
    float top = ImGui::GetCursorScreenPos().y;
    // "Đố vui" joins the tiles where all of them still fit in view (and at A+, which pages);
    // a lesson never gives way to it
    if (c.kiosk.quizzes() && !c.kiosk.quizzes()->quizzes.empty()) {
        std::vector<TileSpec> withQuiz = tiles;
        withQuiz.push_back(
            {c.tr("quiz.home_title"), c.tr("quiz.home_desc"), ui::Icon::Touch,
             intent::Open{Route{ScreenId::Quiz, 0, c.kiosk.quizzes()->quizzes.front().id}}});
        if (ui.textSize() == TextSize::Large ||
            wholeGrid(ui, withQuiz, ImVec2(innerW, bottom - top - gap))) {
            tiles = std::move(withQuiz);
        }
    }
    const float hintH = ui.measure(c.tr("home.hint"), ui::FontRole::Body, innerW).y;
    std::optional<Grid> whole =
        wholeGrid(ui, tiles, ImVec2(innerW, bottom - top - hintH - gap * 2));
    if (whole) {
        ImGui::SetCursorScreenPos(ImVec2(x0, top));
        ui.text(c.tr("home.hint"), ui::FontRole::Body, p.text, innerW);
        top += hintH;
    } else {
        whole = wholeGrid(ui, tiles, ImVec2(innerW, bottom - top - gap));
    }
    top += gap;

    Grid grid;
    int pages = 1, page = 0;
    float pagerH = 0;
    ImGuiStorage* st = ImGui::GetStateStorage();
    const ImGuiID pageId = ImHashStr("##home-page");
    if (whole) {
        grid = *whole;
    } else {
        pagerH = std::max(ui.touchMin(), ui.fontSize(ui::FontRole::Body) + ui.em(0.8f));
        grid = pagedGrid(ui, tiles, ImVec2(innerW, bottom - top - pagerH - gap));
        const int n = static_cast<int>(tiles.size());
        pages = (n + grid.perPage - 1) / grid.perPage;
        // the page shown is view state, like a scroll position; a new visit starts at 1
        const int key = c.kiosk.visitsEnded() * 16;
        const int stored = st->GetInt(pageId, 0);
        page = stored >= key && stored < key + 16 ? stored - key : 0;
        page = std::clamp(page, 0, pages - 1);
    }

    const size_t first = static_cast<size_t>(page * grid.perPage);
    const size_t last = std::min(tiles.size(), first + static_cast<size_t>(grid.perPage));
    for (size_t i = first; i < last; ++i) {
        const int k = static_cast<int>(i - first);
        ImGui::SetCursorScreenPos(
            ImVec2(x0 + static_cast<float>(k % grid.cols) * (grid.tileW + gap),
                   top + static_cast<float>(k / grid.cols) * (grid.tileH + gap)));
        if (ui.tile(tiles[i].title, grid.descriptions ? tiles[i].desc : std::string(),
                    tiles[i].icon, ImVec2(grid.tileW, grid.tileH), grid.titleRole)) {
            c.emit(tiles[i].intent);
        }
    }

    if (pages > 1) {
        const float py = bottom - pagerH;
        const std::string prev = c.tr("home.prev_page");
        const std::string next = c.tr("home.next_page");
        const ImVec2 ps(std::max(ui.buttonSize(prev, ui::FontRole::Body, 1.6f).x, ui.em(6.0f)),
                        pagerH);
        const ImVec2 ns(std::max(ui.buttonSize(next, ui::FontRole::Body, 1.6f).x, ui.em(6.0f)),
                        pagerH);
        const int key = c.kiosk.visitsEnded() * 16;
        const ui::Icon left = ui::Icon::ArrowLeft;
        const ui::Icon right = ui::Icon::ArrowRight;
        if (page > 0) {
            ImGui::SetCursorScreenPos(ImVec2(x0, py));
            if (ui.button(prev, ps, ui::ButtonKind::Secondary, false, "button", &left)) {
                st->SetInt(pageId, key + page - 1);
            }
        }
        const std::string count = std::to_string(page + 1) + "/" + std::to_string(pages);
        const ImVec2 cs = ui.measure(count, ui::FontRole::Title);
        ui.textAt(count, ui::FontRole::Title, p.text,
                  ImVec2(x0 + (innerW - cs.x) * 0.5f, py + (pagerH - cs.y) * 0.5f));
        if (page + 1 < pages) {
            ImGui::SetCursorScreenPos(ImVec2(x0 + innerW - ns.x, py));
            if (ui.button(next, ns, ui::ButtonKind::Primary, false, "button", &right)) {
                st->SetInt(pageId, key + page + 1);
            }
        }
    }
    ui.endPanel();
}

} // namespace tramso::screens
