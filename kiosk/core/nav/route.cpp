// Route names and parsing, from the screen table.
#include "route.hpp"

#include "kiosk/core/base/text.hpp"

#include <array>
#include <charconv>

namespace tramso {
namespace {

constexpr std::array kScreens = {
#define TRAMSO_SCREEN_INFO(id, name, audience, parameter, draw, data)                              \
    ScreenInfo{ScreenId::id, name, Audience::audience, RouteParameter::parameter},
    TRAMSO_SCREENS(TRAMSO_SCREEN_INFO)
#undef TRAMSO_SCREEN_INFO
};

constexpr bool rowsInOrder() {
    for (size_t i = 0; i < kScreens.size(); ++i) {
        if (static_cast<size_t>(kScreens[i].id) != i) {
            return false;
        }
    }
    return true;
}
static_assert(rowsInOrder(), "screenInfo() indexes the table by ScreenId");

std::string knownRoutes() {
    std::string out;
    for (const ScreenInfo& s : kScreens) {
        std::string name(s.name);
        switch (s.parameter) {
        case RouteParameter::Plain:
            break;
        case RouteParameter::Number:
            name += ":1 … " + name + ":" + std::to_string(kSkillCount);
            break;
        case RouteParameter::PortalId:
        case RouteParameter::LessonId:
        case RouteParameter::QuizId:
            name += ":ID";
            break;
        case RouteParameter::Internal:
            continue;
        }
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

} // namespace

const ScreenInfo& screenInfo(ScreenId s) {
    return kScreens.at(static_cast<size_t>(s));
}

std::span<const ScreenInfo> screenTable() {
    return kScreens;
}

std::string_view screenName(ScreenId s) {
    return screenInfo(s).name;
}

std::string routeName(const Route& r) {
    std::string name(screenName(r.screen));
    switch (screenInfo(r.screen).parameter) {
    case RouteParameter::Number:
        name += ":" + std::to_string(r.skill);
        break;
    case RouteParameter::PortalId:
    case RouteParameter::LessonId:
    case RouteParameter::QuizId:
        name += ":" + r.id;
        break;
    case RouteParameter::Plain:
    case RouteParameter::Internal:
        break;
    }
    return name;
}

bool isResidentScreen(ScreenId s) {
    return screenInfo(s).audience == Audience::Resident;
}

bool isStaffScreen(ScreenId s) {
    const Audience a = screenInfo(s).audience;
    return a == Audience::Staff || a == Audience::Technician;
}

bool needsTechnician(ScreenId s) {
    return screenInfo(s).audience == Audience::Technician;
}

RouteParse parseRoute(std::string_view text) {
    const size_t colon = text.find(':');
    const std::string_view head = text.substr(0, colon);
    for (const ScreenInfo& s : kScreens) {
        if (head != s.name || s.parameter == RouteParameter::Internal ||
            (s.parameter == RouteParameter::Plain) != (colon == std::string_view::npos)) {
            continue;
        }
        if (s.parameter == RouteParameter::Plain) {
            return {Route{s.id}, {}};
        }
        const std::string_view arg = text.substr(colon + 1);
        if (s.parameter == RouteParameter::Number) {
            int n = 0;
            auto [ptr, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
            if (ec != std::errc() || ptr != arg.data() + arg.size() || n < 1 || n > kSkillCount) {
                return {std::nullopt, "skill number must be 1 to 5 in '" + std::string(text) + "'"};
            }
            return {Route{s.id, n, {}}, {}};
        }
        std::string id(arg);
        if (!text::isId(id)) {
            return {std::nullopt, "the id must be lowercase letters, digits and '-' in '" +
                                      std::string(text) + "'"};
        }
        return {Route{s.id, 0, id}, {}};
    }
    return {std::nullopt,
            "unknown route '" + std::string(text) + "' (known: " + knownRoutes() + ")"};
}

} // namespace tramso
