// Route names and parsing.
#include "route.hpp"

#include <charconv>
#include <regex>

namespace tramso {

std::string_view screenName(ScreenId s) {
    switch (s) {
    case ScreenId::Attract:
        return "attract";
    case ScreenId::Home:
        return "home";
    case ScreenId::Skill:
        return "skill";
    case ScreenId::Help:
        return "help";
    case ScreenId::Portals:
        return "portals";
    case ScreenId::Portal:
        return "portal";
    case ScreenId::Tutorial:
        return "tutorial";
    case ScreenId::StaffLogin:
        return "staff";
    case ScreenId::StaffHome:
        return "staff-home";
    case ScreenId::StaffLaunch:
        return "staff-launch";
    case ScreenId::Dashboard:
        return "dashboard";
    case ScreenId::Settings:
        return "settings";
    case ScreenId::Health:
        return "health";
    case ScreenId::Export:
        return "export";
    case ScreenId::Safe:
        return "safe";
    }
    return "?";
}

std::string routeName(const Route& r) {
    std::string name(screenName(r.screen));
    if (r.screen == ScreenId::Skill) {
        name += ":";
        name += std::to_string(r.skill);
    }
    if (r.screen == ScreenId::Portal || r.screen == ScreenId::Tutorial) {
        name += ":";
        name += r.id;
    }
    return name;
}

bool isResidentScreen(ScreenId s) {
    return s != ScreenId::Attract && s != ScreenId::StaffLogin && s != ScreenId::Safe &&
           !isStaffScreen(s);
}

bool isStaffScreen(ScreenId s) {
    switch (s) {
    case ScreenId::StaffHome:
    case ScreenId::StaffLaunch:
    case ScreenId::Dashboard:
    case ScreenId::Settings:
    case ScreenId::Health:
    case ScreenId::Export:
        return true;
    default:
        return false;
    }
}

bool needsTechnician(ScreenId s) {
    return s == ScreenId::Settings || s == ScreenId::Health || s == ScreenId::Export;
}

RouteParse parseRoute(std::string_view text) {
    for (ScreenId s :
         {ScreenId::Attract, ScreenId::Home, ScreenId::Help, ScreenId::Portals,
          ScreenId::StaffLogin, ScreenId::StaffHome, ScreenId::StaffLaunch, ScreenId::Dashboard,
          ScreenId::Settings, ScreenId::Health, ScreenId::Export}) {
        if (text == screenName(s)) {
            return {Route{s}, {}};
        }
    }
    if (text.substr(0, 6) == "skill:") {
        std::string_view num = text.substr(6);
        int n = 0;
        auto [ptr, ec] = std::from_chars(num.data(), num.data() + num.size(), n);
        if (ec != std::errc() || ptr != num.data() + num.size() || n < 1 || n > kSkillCount) {
            return {std::nullopt, "skill number must be 1 to 5 in '" + std::string(text) + "'"};
        }
        return {Route{ScreenId::Skill, n, {}}, {}};
    }
    for (auto [prefix, screen] : {std::pair{std::string_view("portal:"), ScreenId::Portal},
                                  std::pair{std::string_view("tutorial:"), ScreenId::Tutorial}}) {
        if (text.substr(0, prefix.size()) != prefix) {
            continue;
        }
        std::string id(text.substr(prefix.size()));
        static const std::regex kId("[a-z0-9][a-z0-9-]{0,47}");
        if (!std::regex_match(id, kId)) {
            return {std::nullopt, "the id must be lowercase letters, digits and '-' in '" +
                                      std::string(text) + "'"};
        }
        return {Route{screen, 0, id}, {}};
    }
    return {std::nullopt, "unknown route '" + std::string(text) +
                              "' (known: attract, home, help, portals, portal:ID, tutorial:ID, "
                              "skill:1 … skill:5, staff, staff-home, staff-launch, dashboard, "
                              "settings, health, export)"};
}

} // namespace tramso
