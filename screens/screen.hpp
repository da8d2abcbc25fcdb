// What every screen gets: the kiosk state to read, the strings, the widget kit, the area
// it owns, and a list to put intents in. Screens never change state themselves.
#pragma once
#include "../kiosk/ui/shapes.hpp"
#include "../kiosk/ui/ui.hpp"
#include "kiosk/core/base/strings.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/nav/intent.hpp"
#include "kiosk/core/staff/dashboard.hpp"
#include "kiosk/core/staff/health.hpp"
#include "kiosk/core/visit/kiosk.hpp"

#include <any>
#include <string_view>
#include <vector>

namespace tramso::screens {

// The staff gesture: press and hold the culture house's name this long.
constexpr double kStaffHoldSeconds = 3.0;

struct Context {
    const Kiosk& kiosk;
    const Content& content;
    const Strings& strings;
    ui::Ui& ui;
    std::vector<Intent>& intents;
    ImVec2 pos;  // top-left of the area this screen owns
    ImVec2 size; // its size
    // The screen's own data (UiApp::setScreenData), when it has a source.
    const std::any* screenData = nullptr;

    // The screen's data as a T (the dashboard's DashboardView, the health screen's
    // HealthInfo); null when there is none or it is of another type.
    template <class T> const T* data() const {
        return screenData ? std::any_cast<T>(screenData) : nullptr;
    }
    Lang lang() const { return kiosk.settings().lang; }
    const std::string& tr(std::string_view key) const { return strings.get(key, lang()); }
    // A lesson's title in the resident's language: a language pack's own title, else the
    // text of the language the screen is in.
    std::string lessonTitle(const Tutorial& t) const {
        return content.languages.title(kiosk.settings().languageCode(), t);
    }
    // A language by its code as the statistics keep it: vi and en in the screen's words, a
    // pack by its Vietnamese name (or own name in English), an unknown code as it is.
    std::string languageName(const std::string& code) const {
        if (code == "vi" || code == "en") {
            return tr(code == "en" ? "toolbar.english" : "toolbar.vietnamese");
        }
        const speech::LanguagePack* p = content.languages.find(code);
        return p ? (lang() == Lang::Vi ? p->nameVi : p->name) : code;
    }
    void emit(Intent i) { intents.push_back(std::move(i)); }
};

// One draw function per row of the screen table (kiosk/core/screen_table.hpp).
#define TRAMSO_SCREEN_DRAW(id, name, audience, parameter, draw, data) void draw(Context& c);
TRAMSO_SCREENS(TRAMSO_SCREEN_DRAW)
#undef TRAMSO_SCREEN_DRAW

// The heading of a staff screen: Back (unless `home`), the title, who is signed in (role
// only), language and Log out. Returns the y below it.
float staffHeader(Context& c, const std::string& title, bool home = false);
// The strip above the player in the presenter view (replaces the resident toolbar).
float presenterBar(Context& c);

// Chrome around them.
// Draws the toolbar at the top of the context's area; returns its height.
float toolbar(Context& c);
void idleWarning(Context& c);

// A page heading with a Back button at its left; returns the y below it.
float header(Context& c, const std::string& title, const ui::Icon* icon,
             const char* backKey = "common.back");

} // namespace tramso::screens
