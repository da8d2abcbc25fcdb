// Routes and the navigation stack.
#include "kiosk/core/nav/navigator.hpp"

#include <gtest/gtest.h>

using namespace tramso;

TEST(Route, ParsesKnownRoutes) {
    EXPECT_EQ(parseRoute("home").route, (Route{ScreenId::Home, 0}));
    EXPECT_EQ(parseRoute("attract").route, (Route{ScreenId::Attract, 0}));
    EXPECT_EQ(parseRoute("help").route, (Route{ScreenId::Help, 0}));
    EXPECT_EQ(parseRoute("portals").route, (Route{ScreenId::Portals, 0}));
    EXPECT_EQ(parseRoute("skill:3").route, (Route{ScreenId::Skill, 3}));
    EXPECT_EQ(routeName(Route{ScreenId::Skill, 5}), "skill:5");
    EXPECT_EQ(parseRoute("portal:dichvucong").route, (Route{ScreenId::Portal, 0, "dichvucong"}));
    EXPECT_EQ(routeName(Route{ScreenId::Portal, 0, "vneid"}), "portal:vneid");
}

TEST(Route, RefusesUnknownAndOutOfRange) {
    for (const char* bad : {"", "homes", "skill:0", "skill:6", "skill:", "skill:2x",
                            "tutorial:", "staffroom", "portal:", "portal:Bad_Id", "portal:../x"}) {
        RouteParse r = parseRoute(bad);
        EXPECT_FALSE(r.route) << bad;
        EXPECT_FALSE(r.error.empty()) << bad;
    }
}

TEST(Navigator, PushPopReset) {
    Navigator n;
    EXPECT_EQ(n.current().screen, ScreenId::Attract);
    n.reset(Route{ScreenId::Home, 0});
    n.push(Route{ScreenId::Skill, 2});
    n.push(Route{ScreenId::Skill, 2}); // same screen twice: one entry
    EXPECT_EQ(n.depth(), 2u);
    n.push(Route{ScreenId::Help, 0});
    n.pop();
    EXPECT_EQ(n.current(), (Route{ScreenId::Skill, 2}));
    n.pop();
    n.pop(); // the bottom stays
    EXPECT_EQ(n.current().screen, ScreenId::Home);
    EXPECT_EQ(n.depth(), 1u);
}

TEST(ScreenTable, EveryRouteNameRoundTripsAndTheSafeScreenCannotBeOpenedByName) {
    int rows = 0;
    for (int i = 0; i <= static_cast<int>(ScreenId::Setup); ++i, ++rows) {
        const ScreenInfo& s = screenInfo(static_cast<ScreenId>(i));
        EXPECT_EQ(static_cast<int>(s.id), i);
        Route r{s.id};
        if (s.parameter == RouteParameter::Number) {
            r.skill = 3;
        } else if (isId(s.parameter)) {
            r.id = "vneid";
        }
        RouteParse p = parseRoute(routeName(r));
        if (s.parameter == RouteParameter::Internal) {
            EXPECT_FALSE(p.route) << s.name;
            continue;
        }
        EXPECT_EQ(p.route, r) << routeName(r) << ": " << p.error;
    }
    EXPECT_EQ(rows, 19);
    EXPECT_EQ(screenTable().size(), 19u);
    // the names scripts and `--open` use stay as they were
    EXPECT_EQ(screenName(ScreenId::StaffLogin), "staff");
    EXPECT_EQ(screenName(ScreenId::StaffHome), "staff-home");
    EXPECT_EQ(screenName(ScreenId::Export), "export");
    EXPECT_EQ(parseRoute("tutorial:tien-dien-nuoc").route,
              (Route{ScreenId::Tutorial, 0, "tien-dien-nuoc"}));
    EXPECT_FALSE(parseRoute("home:1").route);
    EXPECT_FALSE(parseRoute("portal").route);
    EXPECT_NE(parseRoute("nowhere").error.find("skill:1 … skill:5"), std::string::npos);
}

TEST(ScreenTable, AudienceDecidesToolbarPinAndTechnician) {
    EXPECT_TRUE(isResidentScreen(ScreenId::Home));
    EXPECT_TRUE(isResidentScreen(ScreenId::Tutorial));
    for (ScreenId s : {ScreenId::Attract, ScreenId::StaffLogin, ScreenId::Safe}) {
        EXPECT_FALSE(isResidentScreen(s)) << screenName(s);
        EXPECT_FALSE(isStaffScreen(s)) << screenName(s);
    }
    EXPECT_TRUE(isStaffScreen(ScreenId::Dashboard));
    EXPECT_FALSE(needsTechnician(ScreenId::Dashboard));
    for (ScreenId s : {ScreenId::Settings, ScreenId::Health, ScreenId::Export}) {
        EXPECT_TRUE(isStaffScreen(s)) << screenName(s);
        EXPECT_TRUE(needsTechnician(s)) << screenName(s);
    }
}
