// The numbers of docs/accessibility.md, measured on every resident screen in every
// language, text size and contrast: touch targets, gaps, contrast, cap height, glyphs.
#include "harness.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/ui/theme.hpp"

#include <imgui_internal.h>

using namespace tramso;
using tramso::test::Harness;

namespace {

struct Variant {
    Lang lang;
    TextSize size;
    Contrast contrast;
};

std::vector<Variant> allVariants() {
    std::vector<Variant> v;
    for (Lang l : {Lang::Vi, Lang::En}) {
        for (TextSize s : {TextSize::Small, TextSize::Normal, TextSize::Large}) {
            for (Contrast c : {Contrast::Normal, Contrast::High}) {
                v.push_back({l, s, c});
            }
        }
    }
    return v;
}

std::vector<Route> residentRoutes() {
    std::vector<Route> r = {{ScreenId::Home, 0}, {ScreenId::Help, 0}, {ScreenId::Portals, 0}};
    for (int s = 1; s <= kSkillCount; ++s) {
        r.push_back({ScreenId::Skill, s});
    }
    for (const char* p : {"dichvucong", "csgt", "tinnhiemmang"}) {
        r.push_back({ScreenId::Portal, 0, p});
    }
    for (const char* t : {"vneid-kich-hoat", "tra-cuu-ho-so", "tin-nhan-lua-dao"}) {
        r.push_back({ScreenId::Tutorial, 0, t});
    }
    return r;
}

using test::gapBetween;

void checkScreen(Harness& h, const std::string& where) {
    const float mm = h.mmPerPx;
    const double minContrast = h.kiosk->settings().contrast == Contrast::High ? 10.0 : 7.0;
    const auto& items = h.app->registry().items();
    ASSERT_FALSE(items.empty()) << where;
    for (const auto& it : items) {
        if (it.role == "hold") {
            continue; // the hidden staff gesture is not a button
        }
        float w = (it.max.x - it.min.x) * mm;
        float hgt = (it.max.y - it.min.y) * mm;
        EXPECT_GE(std::min(w, hgt), 15.0f) << where << " '" << it.label << "'";
        EXPECT_GE(contrastRatio(it.fg, it.bg), minContrast) << where << " '" << it.label << "'";
        // on screen
        EXPECT_GE(it.min.x, 0) << where << " " << it.label;
        EXPECT_LE(it.max.x, h.display.x + 0.5f) << where << " " << it.label;
    }
    for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].visible() || items[i].role == "hold") {
            continue;
        }
        // everything tappable lies inside the screen
        EXPECT_LE(items[i].visMax.y, h.display.y + 0.5f) << where << " " << items[i].label;
        for (size_t j = i + 1; j < items.size(); ++j) {
            if (!items[j].visible() || items[j].role == "hold") {
                continue;
            }
            // the attract screen is one button over everything; nothing else overlaps
            EXPECT_GE(gapBetween(items[i], items[j]) * mm, 3.0f)
                << where << " '" << items[i].label << "' and '" << items[j].label << "'";
        }
    }
    for (const auto& t : h.app->registry().texts()) {
        EXPECT_GE(contrastRatio(t.fg, t.bg), minContrast) << where << " text '" << t.text << "'";
    }
}

} // namespace

TEST(Accessibility, EveryResidentScreenInEveryVariant) {
    Harness h;
    for (const Variant& v : allVariants()) {
        for (const Route& r : residentRoutes()) {
            h.kiosk->apply(intent::Open{r});
            h.kiosk->apply(intent::SetLanguage{v.lang});
            h.kiosk->apply(intent::SetTextSize{v.size});
            h.kiosk->apply(intent::SetContrast{v.contrast});
            h.frame(3);
            // what is measured is the screen asked for (not a fallback it redirected to)
            ASSERT_EQ(h.kiosk->route(), r) << routeName(r) << " did not open";
            checkScreen(h, routeName(r) + " " + std::string(toString(v.lang)) + " " +
                               std::string(toString(v.size)) + " " +
                               std::string(toString(v.contrast)));
            h.kiosk->apply(intent::GoHome{});
        }
    }
}

TEST(Accessibility, IdleWarningAndAttract) {
    Harness h;
    for (const Variant& v : allVariants()) {
        h.kiosk->apply(intent::Open{Route{ScreenId::Home, 0}});
        h.kiosk->apply(intent::SetLanguage{v.lang});
        h.kiosk->apply(intent::SetTextSize{v.size});
        h.kiosk->apply(intent::SetContrast{v.contrast});
        h.clock.advance(91);
        h.frame(2);
        ASSERT_TRUE(h.kiosk->idleWarningShown());
        checkScreen(h, "idle warning");
        h.kiosk->touched();
    }
    Harness a;
    ASSERT_EQ(a.screen(), ScreenId::Attract);
    checkScreen(a, "attract");
}

TEST(Accessibility, SmallTouchscreenStillMeetsTargets) {
    // a cheap 15.6" 1366×768 panel (0.252 mm/px) at the largest text
    Harness h(ImVec2(1366, 768), 0.252f);
    for (const Route& r : residentRoutes()) {
        h.kiosk->apply(intent::Open{r});
        h.kiosk->apply(intent::SetTextSize{TextSize::Large});
        h.frame(4);
        ASSERT_EQ(h.kiosk->route(), r) << routeName(r) << " did not open";
        checkScreen(h, "1366x768 A+ " + routeName(r));
        h.kiosk->apply(intent::GoHome{});
    }
}

TEST(Accessibility, BodyCapHeightAtSizeA) {
    for (float mm : {0.15f, 0.2f, 0.265f, 0.3f, 0.5f}) {
        Harness h(ImVec2(1920, 1080), mm);
        float cap = h.fonts.capHeightPx(TextSize::Normal, ui::FontRole::Body) * mm;
        EXPECT_GE(cap, 4.8f) << mm << " mm/px";
        float small = h.fonts.capHeightPx(TextSize::Small, ui::FontRole::Body);
        float large = h.fonts.capHeightPx(TextSize::Large, ui::FontRole::Body);
        EXPECT_GE(large / small, 1.5f);
    }
}

TEST(Accessibility, PaletteContrast) {
    for (Contrast c : {Contrast::Normal, Contrast::High}) {
        const ui::Palette& p = ui::palette(c);
        double min = c == Contrast::High ? 10.0 : 7.0;
        std::pair<Rgb, Rgb> pairs[] = {{p.text, p.background},
                                       {p.surfaceText, p.surface},
                                       {p.primaryText, p.primary},
                                       {p.primaryPressedText, p.primaryPressed},
                                       {p.secondaryText, p.secondary},
                                       {p.secondaryPressedText, p.secondaryPressed},
                                       {p.selectedText, p.selected},
                                       {p.warningText, p.warning},
                                       {p.text, p.toolbar}};
        for (auto [fg, bg] : pairs) {
            EXPECT_GE(contrastRatio(fg, bg), min) << toHex(fg) << " on " << toHex(bg);
        }
    }
}

TEST(Accessibility, EveryGlyphOfTheStringTableIsInTheFont) {
    Harness h;
    int checked = 0;
    for (TextSize s : {TextSize::Small, TextSize::Normal, TextSize::Large}) {
        for (ui::FontRole r : {ui::FontRole::Body, ui::FontRole::Title, ui::FontRole::Huge}) {
            ImFont* f = h.fonts.get(s, r);
            // huge letters show only a few strings and numbers; everything else shows any
            std::string shown = r == ui::FontRole::Huge ? h.hugeText : h.allText;
            for (char32_t cp : text::codepoints(shown)) {
                if (cp == '\n') {
                    continue;
                }
                ++checked;
                EXPECT_NE(f->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr)
                    << "U+" << std::hex << static_cast<unsigned>(cp);
            }
            // body text can show any Vietnamese letter, even ones no string uses yet (a site
            // name typed by a technician); titles carry only the glyphs of the text they show
            if (r != ui::FontRole::Body) {
                continue;
            }
            for (const char* letters :
                 {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ",
                  "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"}) {
                for (char32_t cp : text::codepoints(letters)) {
                    EXPECT_NE(f->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr)
                        << "U+" << std::hex << static_cast<unsigned>(cp);
                }
            }
        }
    }
    EXPECT_GT(checked, 1000);
}
