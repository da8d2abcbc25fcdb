// Routes and the navigation stack.
#include "kiosk/core/navigator.hpp"

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
