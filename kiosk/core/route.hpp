// Where the kiosk can be: screen ids and routes ("skill:3"), as typed after `--open`, in
// scripts and in deep links.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tramso {

enum class ScreenId { Attract, Home, Skill, Help, Portals };

struct Route {
    ScreenId screen = ScreenId::Attract;
    int skill = 0; // 1..5 for ScreenId::Skill
    bool operator==(const Route&) const = default;
};

struct RouteParse {
    std::optional<Route> route;
    std::string error; // set when route is empty
};

// Parses "home", "attract", "help", "portals", "skill:N". Routes that later issues add
// (tutorial:, portal:, dashboard, staff) are reported as unknown until they exist.
RouteParse parseRoute(std::string_view text);
std::string routeName(const Route& r);   // "skill:3"
std::string_view screenName(ScreenId s); // "skill"

// Screens a resident uses, where the toolbar shows and the idle reset runs.
bool isResidentScreen(ScreenId s);

constexpr int kSkillCount = 5;

} // namespace tramso
