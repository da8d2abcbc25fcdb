// Script parsing: every command, and errors that name the line.
#include "kiosk/core/visit/script.hpp"

#include <gtest/gtest.h>

using namespace tramso;

TEST(Script, ParsesEveryCommand) {
    Diagnostics d;
    Script s = parseScript("# a demo\n\ntap \"Trang chủ\"\nopen skill:2\nwait 250\n"
                           "screenshot out/a b.png\nexpect \"Quay \\\"lại\\\"\"\n"
                           "dump out/a.json\nquit\n",
                           "demo.txt", d);
    ASSERT_TRUE(d.empty()) << d[0].format();
    ASSERT_EQ(s.commands.size(), 7u);
    EXPECT_EQ(s.commands[0].kind, ScriptCommand::Kind::Tap);
    EXPECT_EQ(s.commands[0].arg, "Trang chủ");
    EXPECT_EQ(s.commands[0].line, 3);
    EXPECT_EQ(s.commands[1].kind, ScriptCommand::Kind::Open);
    EXPECT_EQ(s.commands[1].arg, "skill:2");
    EXPECT_EQ(s.commands[2].ms, 250);
    EXPECT_EQ(s.commands[3].arg, "out/a b.png");
    EXPECT_EQ(s.commands[4].arg, "Quay \"lại\"");
    EXPECT_EQ(s.commands[5].kind, ScriptCommand::Kind::Dump);
    EXPECT_EQ(s.commands[5].arg, "out/a.json");
    EXPECT_EQ(s.commands[6].kind, ScriptCommand::Kind::Quit);
}

// A label on two lines (a language pack's own name over its Vietnamese name) is tapped with \n.
TEST(Script, NewlineEscapeTapsALabelOnTwoLines) {
    Diagnostics d;
    Script s = parseScript("tap \"Hmoob\\nTiếng Mông\"\n", "s.txt", d);
    ASSERT_TRUE(d.empty()) << d[0].format();
    ASSERT_EQ(s.commands.size(), 1u);
    EXPECT_EQ(s.commands[0].arg, "Hmoob\nTiếng Mông");
}

TEST(Script, ErrorsNameTheLine) {
    struct Case {
        const char* text;
        int line;
    } cases[] = {{"tapp \"x\"", 1}, {"tap x", 1},       {"\ntap \"unclosed", 2},
                 {"wait -1", 1},    {"wait soon", 1},   {"open", 1},
                 {"quit now", 1},   {"expect \"\"", 1}, {"tap \"a\" extra", 1},
                 {"screenshot", 1}, {"dump", 1},        {"tap \"\xff\"", 1}};
    for (const auto& c : cases) {
        Diagnostics d;
        parseScript(c.text, "s.txt", d);
        ASSERT_EQ(d.size(), 1u) << c.text;
        EXPECT_EQ(d[0].line, c.line) << c.text;
        EXPECT_EQ(d[0].format().rfind("s.txt:" + std::to_string(c.line) + ": ", 0), 0u);
    }
}

TEST(Script, MissingFileIsAnError) {
    Diagnostics d;
    loadScript("/nonexistent/script.txt", d);
    ASSERT_EQ(d.size(), 1u);
}

TEST(Script, SwipeNeedsALabelAndPixels) {
    Diagnostics d;
    Script s = parseScript("swipe \"Mua hàng\" -160\nswipe \"x\"\nswipe 40\n", "s.txt", d);
    ASSERT_EQ(s.commands.size(), 1u);
    EXPECT_EQ(s.commands[0].kind, ScriptCommand::Kind::Swipe);
    EXPECT_EQ(s.commands[0].arg, "Mua hàng");
    EXPECT_EQ(s.commands[0].ms, -160);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].line, 2);
}
