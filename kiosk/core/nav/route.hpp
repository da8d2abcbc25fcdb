// Where the kiosk can be: screen ids and routes ("skill:3"), as typed after `--open`, in
// scripts and in deep links.
#pragma once
#include "screen_table.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tramso {

enum class ScreenId {
#define TRAMSO_SCREEN_ID(id, name, audience, parameter, draw, data) id,
    TRAMSO_SCREENS(TRAMSO_SCREEN_ID)
#undef TRAMSO_SCREEN_ID
};

enum class Audience { Outside, Resident, Staff, Technician };
// What a route carries; an id names a portal, a lesson or a quiz of the content.
enum class RouteParameter { Plain, Number, PortalId, LessonId, QuizId, Internal };
constexpr bool isId(RouteParameter p) {
    return p == RouteParameter::PortalId || p == RouteParameter::LessonId ||
           p == RouteParameter::QuizId;
}
// A row of the screen table (screen_table.hpp). Its draw function is taken by UiApp, its data
// loader by the kiosk's services (kiosk/app).
struct ScreenInfo {
    ScreenId id;
    std::string_view name;
    Audience audience;
    RouteParameter parameter;
};
const ScreenInfo& screenInfo(ScreenId s);
// Every row, in ScreenId order.
std::span<const ScreenInfo> screenTable();

struct Route {
    Route() = default;
    Route(ScreenId s, int skillNumber = 0, std::string portalId = {})
        : screen(s), skill(skillNumber), id(std::move(portalId)) {}

    ScreenId screen = ScreenId::Attract;
    int skill = 0;  // 1..5 for ScreenId::Skill
    std::string id; // portal id for ScreenId::Portal, tutorial id for ScreenId::Tutorial
    bool operator==(const Route&) const = default;
};

struct RouteParse {
    std::optional<Route> route;
    std::string error; // set when route is empty
};

// Parses a route name from the screen table: "home", "skill:N", "portal:ID", "tutorial:ID", the
// staff routes ("staff" is the keypad) … A staff route opened without a PIN shows the keypad
// first.
// Whether a portal or tutorial id exists is checked against the content by the caller.
RouteParse parseRoute(std::string_view text);
std::string routeName(const Route& r);   // "skill:3"
std::string_view screenName(ScreenId s); // "skill"

// Screens a resident uses, where the toolbar shows and the idle reset runs.
bool isResidentScreen(ScreenId s);
// Screens behind a PIN (not the keypad itself).
bool isStaffScreen(ScreenId s);
// Whether a screen needs a technician (settings, health) rather than any team member.
bool needsTechnician(ScreenId s);

constexpr int kSkillCount = 5;

} // namespace tramso
