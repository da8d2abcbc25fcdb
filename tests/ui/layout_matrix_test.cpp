// Issue 14: every screen fits every supported kiosk screen at every text size and language.
// Iterates the loaded content (every lesson's every step and end screen, every portal) and
// checks the UI registry of each frame: toolbar band, actions and phone on screen, targets,
// gaps, QR codes, contrast. A failure names the screen, the size, the setting and the item.
#include "harness.hpp"

#include "kiosk/app/script_runner.hpp"
#include "kiosk/ui/theme.hpp"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace tramso;
using tramso::test::Harness;

namespace {

// The supported screens, each at the pixel pitch of the commonest monitor of that
// resolution (a denser pitch is harder: the same millimetres take more pixels).
struct ScreenShape {
    float w, h, mmPerPx;
    const char* name;
};
constexpr ScreenShape kShapes[] = {
    {1280, 800, 0.2646f, "1280x800"},  // 96 dpi, the README's window
    {1366, 768, 0.252f, "1366x768"},   // 15.6" touch monitor
    {1920, 1080, 0.248f, "1920x1080"}, // 21.5"
    {2560, 1440, 0.233f, "2560x1440"}, // 27"
    {800, 1280, 0.2646f, "800x1280"},  // portrait, 96 dpi
    {1080, 1920, 0.248f, "1080x1920"}, // 21.5" standing portrait kiosk
};

constexpr TextSize kTextSizes[] = {TextSize::Small, TextSize::Normal, TextSize::Large};
constexpr Lang kLangs[] = {Lang::Vi, Lang::En};

enum class PageKind { Resident, Home, Lesson, Keypad, Staff, Portal };

struct Page {
    std::string name;
    PageKind kind;
};

using test::gapBetween;

bool fullyVisible(const ui::TappableItem& it) {
    return std::abs(it.visMin.x - it.min.x) < 0.5f && std::abs(it.visMin.y - it.min.y) < 0.5f &&
           std::abs(it.visMax.x - it.max.x) < 0.5f && std::abs(it.visMax.y - it.max.y) < 0.5f;
}

bool inside(ImVec2 min, ImVec2 max, ImVec2 display) {
    return min.x >= -0.5f && min.y >= -0.5f && max.x <= display.x + 0.5f &&
           max.y <= display.y + 0.5f;
}

class Matrix {
  public:
    explicit Matrix(Harness& h) : m_h(h) {}

    // Checks the frame on screen; returns the problems found (empty: the combination passes).
    std::vector<std::string> check(const Page& page, bool checkContrast) {
        std::vector<std::string> bad;
        const ImVec2 d = m_h.display;
        const float mm = m_h.mmPerPx;
        const auto& reg = m_h.app->registry();
        const auto& items = reg.items();
        auto fail = [&](const std::string& rule, const std::string& what) {
            bad.push_back(rule + ": " + what);
        };
        if (items.empty()) {
            fail("empty", "nothing tappable");
        }
        if (page.kind != PageKind::Keypad && page.kind != PageKind::Staff) {
            const ui::Region* tb = reg.region("toolbar");
            if (!tb) {
                fail("toolbar", "no toolbar band recorded");
            } else if (tb->max.y - tb->min.y > d.y * 0.15f + 0.5f) {
                fail("toolbar", "band " + std::to_string(int(tb->max.y - tb->min.y)) +
                                    " px is more than 15 % of " + std::to_string(int(d.y)));
            }
        }
        // the settings panel covers the page: what it hides is neither seen nor tapped
        const ui::Region* panel = reg.region("settings panel");
        auto covered = [&](const ui::TappableItem& it) {
            return panel && !it.visible() && it.min.x < panel->max.x && it.max.x > panel->min.x &&
                   it.min.y < panel->max.y && it.max.y > panel->min.y;
        };
        for (const auto& it : items) {
            if (it.role == "hold" || covered(it)) {
                continue;
            }
            const std::string name = "'" + it.label + "' (" + it.role + ")";
            const float side = std::min(it.max.x - it.min.x, it.max.y - it.min.y) * mm;
            if (side < 15.0f) {
                fail("target", name + " is " + std::to_string(side) + " mm");
            }
            if (checkContrast) {
                const double min = m_h.kiosk->settings().contrast == Contrast::High ? 10.0 : 7.0;
                if (contrastRatio(it.fg, it.bg) < min) {
                    fail("contrast", name);
                }
            }
            const bool mustShow = !it.inScroll || it.role == "replica" || it.role == "key" ||
                                  (page.kind == PageKind::Home && it.role == "tile") ||
                                  page.kind == PageKind::Keypad;
            if (mustShow && (!fullyVisible(it) || !inside(it.min, it.max, d))) {
                fail("on screen", name + (it.inScroll ? " (in a scroll area)" : "") +
                                      " is not wholly on screen");
            }
            if (!it.inScroll && it.visible() && !inside(it.visMin, it.visMax, d)) {
                fail("on screen", name + " is partly off screen");
            }
        }
        for (size_t i = 0; i < items.size(); ++i) {
            if (!items[i].visible() || items[i].role == "hold") {
                continue;
            }
            for (size_t j = i + 1; j < items.size(); ++j) {
                if (!items[j].visible() || items[j].role == "hold") {
                    continue;
                }
                if (gapBetween(items[i], items[j]) * mm < 3.0f) {
                    fail("overlap", "'" + items[i].label + "' and '" + items[j].label + "'");
                }
            }
        }
        for (const auto& t : reg.texts()) {
            if (t.min.x < -0.5f || t.max.x > d.x + 0.5f) {
                fail("text cut", "'" + t.text.substr(0, 40) + "'");
            }
            if (checkContrast) {
                const double min = m_h.kiosk->settings().contrast == Contrast::High ? 10.0 : 7.0;
                if (contrastRatio(t.fg, t.bg) < min) {
                    fail("contrast", "text '" + t.text.substr(0, 40) + "'");
                }
            }
        }
        // words that do not fit their button or tile, and parts laid over each other
        for (const auto& r : reg.regions()) {
            if (r.name.rfind("overflow:", 0) == 0) {
                fail("text cut", "'" + r.name.substr(9) + "' does not fit its box");
            }
        }
        const char* parts[] = {"toolbar", "words", "replica", "actions", "settings panel"};
        for (size_t i = 0; i < std::size(parts); ++i) {
            for (size_t j = i + 1; j < std::size(parts); ++j) {
                const ui::Region* a = reg.region(parts[i]);
                const ui::Region* b = reg.region(parts[j]);
                if (a && b && a->min.x < b->max.x - 0.5f && b->min.x < a->max.x - 0.5f &&
                    a->min.y < b->max.y - 0.5f && b->min.y < a->max.y - 0.5f &&
                    std::string(parts[j]) != "settings panel") {
                    fail("overlap", std::string("the ") + parts[i] + " and the " + parts[j]);
                }
            }
        }
        for (const auto& q : reg.qrCodes()) {
            if (!inside(q.min, q.max, d)) {
                fail("qr", "the code for " + q.portalId + " is not wholly on screen");
            }
            if (q.pxPerModule * mm < 1.0f - 1e-3f) {
                fail("qr", "modules of " + q.portalId + " are under 1 mm");
            }
            for (const auto& it : items) {
                if (it.visible() && it.visMin.x < q.max.x && it.visMax.x > q.min.x &&
                    it.visMin.y < q.max.y && it.visMax.y > q.min.y) {
                    fail("qr", "'" + it.label + "' lies on the code for " + q.portalId);
                }
            }
        }
        if (page.kind == PageKind::Lesson) {
            if (!reg.region("actions")) {
                fail("actions", "no actions recorded");
            }
            for (const char* r : {"actions", "replica"}) {
                const ui::Region* g = reg.region(r);
                if (g && !inside(g->min, g->max, d)) {
                    fail(r, std::string("the ") + r + " are not wholly on screen");
                }
            }
            const ui::TappableItem* next = nullptr;
            for (const auto& it : items) {
                if (it.label == m_h.tr("tutorial.next")) {
                    next = &it;
                }
            }
            if (m_h.kiosk->player() && !m_h.kiosk->player()->atEnd() &&
                (!next || next->inScroll || !fullyVisible(*next))) {
                fail("actions", "'" + m_h.tr("tutorial.next") + "' is not in full view");
            }
        }
        if (page.kind == PageKind::Home && m_h.kiosk->settings().textSize != TextSize::Large) {
            int tiles = 0;
            for (const auto& it : items) {
                tiles += it.role == "tile" && it.visible();
            }
            // the skills, the official addresses, and "Đố vui" when there are quizzes
            const int expected = kSkillCount + 1 + (m_h.item(m_h.tr("quiz.home_title")) ? 1 : 0);
            if (tiles != expected) {
                fail("home",
                     std::to_string(tiles) + " tiles in view, not " + std::to_string(expected));
            }
        }
        if (page.kind == PageKind::Keypad) {
            for (const auto& it : items) {
                if (it.role == "scroll") {
                    fail("keypad", "the keypad scrolls");
                    break;
                }
            }
        }
        return bad;
    }

    Harness& m_h;
};

std::string settingsName(Harness& h) {
    const VisitSettings& s = h.kiosk->settings();
    return std::string(toString(s.textSize)) + " " + std::string(toString(s.lang)) + " " +
           std::string(toString(s.contrast));
}

// Every page of the kiosk in the current setting, drawn and handed to `visit`.
void everyPage(Harness& h, bool staff, const std::function<void(const Page&)>& visit) {
    auto show = [&](const Route& r) {
        h.kiosk->touched(); // the idle warning stays away while the matrix runs
        h.kiosk->apply(intent::Open{r});
        h.frame(3);
    };
    if (!staff) {
        show({ScreenId::Home, 0});
        visit({"home", PageKind::Home});
        // where the toolbar folds its settings into one button: the panel it opens
        if (h.item(h.tr("toolbar.settings"))) {
            h.tap(h.tr("toolbar.settings"));
            visit({"settings panel", PageKind::Resident});
            h.tap(h.tr("toolbar.done"));
        }
        show({ScreenId::Help, 0});
        visit({"help", PageKind::Resident});
        show({ScreenId::Portals, 0});
        visit({"portals", PageKind::Resident});
        for (int s = 1; s <= kSkillCount; ++s) {
            show({ScreenId::Skill, s});
            visit({"skill:" + std::to_string(s), PageKind::Resident});
        }
        for (const Portal& p : h.content.portals.all()) {
            show({ScreenId::Portal, 0, p.id});
            visit({"portal:" + p.id, PageKind::Portal});
        }
        for (const Tutorial& t : h.content.tutorials.tutorials) {
            show({ScreenId::Tutorial, 0, t.id});
            for (size_t i = 0; i <= t.steps.size(); ++i) {
                visit({"tutorial:" + t.id +
                           (i < t.steps.size() ? " step " + std::to_string(i + 1)
                                               : std::string(" end")),
                       PageKind::Lesson});
                h.kiosk->touched();
                h.kiosk->apply(intent::NextStep{});
                h.frame(3);
            }
        }
        // the staff keypad, as the hidden gesture opens it (nobody signed in yet)
        show({ScreenId::StaffLogin, 0});
        visit({"staff keypad", PageKind::Keypad});
        h.kiosk->apply(intent::GoHome{});
        return;
    }
    for (ScreenId s : {ScreenId::StaffHome, ScreenId::StaffLaunch, ScreenId::Dashboard,
                       ScreenId::Settings, ScreenId::Health, ScreenId::Export, ScreenId::Packs}) {
        show({s, 0});
        visit({routeName(Route{s, 0}), PageKind::Staff});
    }
}

} // namespace

TEST(LayoutMatrix, EveryScreenFitsEverySizeTextSizeAndLanguage) {
    const auto start = std::chrono::steady_clock::now();
    Harness h;
    h.addStaff(Role::Technician, "135790");
    Matrix m(h);
    int combos = 0, passed = 0;
    std::map<std::string, int> byRule;
    std::map<std::string, std::pair<int, int>> byKind; // passed, checked
    std::vector<std::string> failures;
    const bool verbose = std::getenv("LAYOUT_MATRIX_VERBOSE") != nullptr;
    for (const ScreenShape& shape : kShapes) {
        h.resize(ImVec2(shape.w, shape.h), shape.mmPerPx);
        for (bool staff : {false, true}) {
            if (staff) {
                h.kiosk->apply(intent::Open{Route{ScreenId::Attract}});
                h.frame(2);
                h.login("135790");
            }
            for (TextSize size : kTextSizes) {
                for (Lang lang : kLangs) {
                    // contrast changes colours, not sizes: high contrast is checked at one size
                    const bool both = shape.w == 1366;
                    for (Contrast contrast : {Contrast::Normal, Contrast::High}) {
                        if (contrast == Contrast::High && !both) {
                            continue;
                        }
                        h.kiosk->apply(intent::SetLanguage{lang});
                        h.kiosk->apply(intent::SetTextSize{size});
                        h.kiosk->apply(intent::SetContrast{contrast});
                        everyPage(h, staff, [&](const Page& page) {
                            ++combos;
                            auto bad = m.check(page, contrast == Contrast::High || both);
                            auto& kind = byKind[page.name.substr(0, page.name.find(':'))];
                            ++kind.second;
                            if (bad.empty()) {
                                ++passed;
                                ++kind.first;
                                return;
                            }
                            std::set<std::string> rules;
                            for (const auto& b : bad) {
                                rules.insert(b.substr(0, b.find(':')));
                                const std::string line =
                                    page.name + " " + shape.name + " " + settingsName(h) + ": " + b;
                                if (verbose || failures.size() < 60) {
                                    failures.push_back(line);
                                }
                            }
                            for (const auto& r : rules) {
                                ++byRule[r];
                            }
                        });
                    }
                }
            }
            if (staff) {
                h.kiosk->apply(intent::Logout{});
                h.frame(2);
            }
        }
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "layout matrix: " << passed << " of " << combos
              << " combinations pass (page x size x text size x language x contrast), " << secs
              << " s\n";
    for (const auto& [kind, n] : byKind) {
        std::cout << "  " << kind << ": " << n.first << " of " << n.second << " pass\n";
    }
    for (const auto& [rule, n] : byRule) {
        std::cout << "  " << rule << ": " << n << " combinations fail\n";
    }
    for (const auto& f : failures) {
        ADD_FAILURE() << f;
    }
    EXPECT_EQ(passed, combos);
    EXPECT_GT(combos, 1000);
}

namespace {

// A script that walks `t` the way a resident does: the replica's target (or the practice
// code), the right answer, Next — every tap by its label, never scrolling first.
std::string lessonScript(const Harness& h, const Tutorial& t, Lang lang) {
    auto q = [](const std::string& label) { return "tap \"" + label + "\"\n"; };
    std::string s = "open tutorial:" + t.id + "\n";
    for (const Step& step : t.steps) {
        bool advanced = false;
        if (step.mockup) {
            const MockElement* target = step.mockup->targetElement();
            if (target->kind == MockElement::Kind::Keypad) {
                for (char d : target->digits) {
                    s += q(std::string(1, d));
                }
            } else {
                s += q(target->label.get(lang));
            }
            advanced = !step.check;
        }
        if (step.check) {
            s += q(step.check->answers[static_cast<size_t>(step.check->right)].get(lang));
        }
        if (!advanced) {
            s += q(h.strings.get("tutorial.next", lang));
        }
    }
    return s + "expect \"" + h.strings.get("end.title", lang) + "\"\n";
}

} // namespace

// The script runner still says "scrolled out of view" for a label it cannot reach (that
// error stays), and no bundled lesson ever makes it say so at a supported size.
TEST(LayoutMatrix, EveryLessonPlaysByScriptWithoutScrollingAtEverySize) {
    Harness h;
    int runs = 0;
    for (const ScreenShape& shape : kShapes) {
        h.resize(ImVec2(shape.w, shape.h), shape.mmPerPx);
        for (TextSize size : kTextSizes) {
            for (Lang lang : kLangs) {
                for (const Tutorial& t : h.content.tutorials.tutorials) {
                    h.kiosk->apply(intent::GoHome{});
                    h.kiosk->apply(intent::SetLanguage{lang});
                    h.kiosk->apply(intent::SetTextSize{size});
                    h.frame(2);
                    Diagnostics diag;
                    Script script = parseScript(lessonScript(h, t, lang), t.id + ".script", diag);
                    ASSERT_TRUE(diag.empty()) << t.id;
                    ui::ScriptRunner runner(std::move(script), *h.app, h.clock);
                    ui::ScriptRunner::Status st = ui::ScriptRunner::Status::Running;
                    ui::ScriptRunner::Capture shot;
                    for (int f = 0; f < 4000 && st == ui::ScriptRunner::Status::Running; ++f) {
                        h.kiosk->touched();
                        runner.beforeFrame();
                        h.frame();
                        st = runner.afterFrame(shot);
                    }
                    ++runs;
                    EXPECT_EQ(st, ui::ScriptRunner::Status::Done)
                        << shape.name << " " << toString(size) << " " << toString(lang) << ": "
                        << runner.error();
                }
            }
        }
    }
    EXPECT_GT(runs, 0);
    // the error itself: the last official address lies below the fold at A+ on 1366x768
    h.resize(ImVec2(1366, 768), 0.252f);
    h.kiosk->apply(intent::Open{Route{ScreenId::Portals, 0}});
    h.kiosk->apply(intent::SetTextSize{TextSize::Large});
    h.frame(3);
    const std::string last = h.content.portals.all().back().title.get(h.kiosk->settings().lang);
    Diagnostics diag;
    ui::ScriptRunner runner(parseScript("tap \"" + last + "\"\n", "hidden.script", diag), *h.app,
                            h.clock);
    ui::ScriptRunner::Status st = ui::ScriptRunner::Status::Running;
    ui::ScriptRunner::Capture shot;
    for (int f = 0; f < 600 && st == ui::ScriptRunner::Status::Running; ++f) {
        runner.beforeFrame();
        h.frame();
        st = runner.afterFrame(shot);
    }
    ASSERT_EQ(st, ui::ScriptRunner::Status::Failed);
    EXPECT_NE(runner.error().find("scrolled out of view"), std::string::npos) << runner.error();
}

// Where the words do not fit one band, the toolbar folds its settings into one button; the
// panel it opens stays open while settings change, closes with "Done", and a new visit
// starts with it closed.
TEST(LayoutMatrix, FoldedToolbarOpensALargePanel) {
    Config cfg;
    cfg.defaultTextSize = TextSize::Large;
    Harness h(ImVec2(800, 1280), 0.2646f, cfg);
    h.app->open(Route{ScreenId::Home, 0});
    h.settle();
    ASSERT_NE(h.item(h.tr("toolbar.settings")), nullptr);
    EXPECT_EQ(h.item("A+"), nullptr) << "the toolbar is folded";
    ASSERT_TRUE(h.tap(h.tr("toolbar.settings")));
    ASSERT_NE(h.item("A+"), nullptr);
    EXPECT_TRUE(h.item("A+")->selected);
    EXPECT_EQ(h.item(h.content.strings.get("skill.1.title", Lang::Vi)), nullptr)
        << "the page under the panel cannot be tapped";
    ASSERT_TRUE(h.tap("English"));
    EXPECT_EQ(h.kiosk->settings().lang, Lang::En);
    ASSERT_TRUE(h.tap("A"));
    EXPECT_EQ(h.kiosk->settings().textSize, TextSize::Normal);
    ASSERT_NE(h.item("Done"), nullptr) << "still open after a change";
    ASSERT_TRUE(h.tap("Done"));
    EXPECT_EQ(h.item("Done"), nullptr);
    EXPECT_NE(h.item(h.content.strings.get("skill.1.title", Lang::En)), nullptr);
    // open it again and walk away: the next visit finds it closed
    ASSERT_TRUE(h.tap(h.tr("toolbar.settings")));
    h.clock.advance(200);
    h.frame(3);
    h.clock.advance(60);
    h.frame(3);
    ASSERT_EQ(h.screen(), ScreenId::Attract);
    h.app->open(Route{ScreenId::Home, 0});
    h.settle();
    EXPECT_EQ(h.item(h.tr("toolbar.done")), nullptr);
}
