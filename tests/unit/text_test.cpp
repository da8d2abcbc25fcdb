// UTF-8 validation, NFC, word counts, placeholders.
#include "kiosk/core/base/strings.hpp"
#include "kiosk/core/base/text.hpp"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>

using namespace tramso;

TEST(Text, NormalisesDecomposedVietnamese) {
    // "Việt" written with combining marks: e + U+0323 (dot below) + U+0302 (circumflex)
    std::string decomposed = "Vie\xcc\xa3\xcc\x82t";
    EXPECT_FALSE(text::isNfc(decomposed));
    EXPECT_EQ(*text::toNfc(decomposed), "Việt");
    EXPECT_TRUE(text::isNfc("Tiếng Việt"));
}

// toNfc skips the normalisation for text it cannot change; for every character it lets
// through that way, and for each after a letter, utf8proc's NFC must agree.
TEST(Text, TheShortcutAgreesWithFullNormalisation) {
    auto utf8 = [](char32_t cp) {
        utf8proc_uint8_t b[4];
        const utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), b);
        return std::string(reinterpret_cast<const char*>(b), static_cast<size_t>(n));
    };
    auto full = [](const std::string& s) {
        utf8proc_uint8_t* out = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(s.c_str()));
        std::string r(reinterpret_cast<const char*>(out));
        std::free(out);
        return r;
    };
    int checked = 0;
    for (char32_t cp = 1; cp < 0x1F00; ++cp) {
        if (cp >= 0x300 && cp < 0x1E00) {
            continue;
        }
        for (const std::string& s : {utf8(cp), "a" + utf8(cp), utf8(cp) + "\xcc\x81"}) {
            ASSERT_EQ(*text::toNfc(s), full(s)) << "U+" << std::hex << static_cast<int>(cp);
            ++checked;
        }
    }
    EXPECT_GT(checked, 1000);
    EXPECT_EQ(*text::toNfc("Tie\xcc\x82\xcc\x81ng"), "Tiếng"); // combining: the full path
}

TEST(Text, RejectsInvalidUtf8) {
    EXPECT_FALSE(text::isValidUtf8("\xff\xfe"));
    EXPECT_FALSE(text::toNfc("abc\xc3").has_value());
    EXPECT_TRUE(text::isValidUtf8("Chạm vào màn hình"));
}

TEST(Text, CountsWordsAndCodepoints) {
    EXPECT_EQ(text::wordCount("Chạm vào  nút \"Đăng nhập\""), 5);
    EXPECT_EQ(text::wordCount(""), 0);
    EXPECT_EQ(text::codepoints("Ạa").size(), 2u);
}

TEST(Text, FillsPlaceholders) {
    EXPECT_EQ(fill("sau {n} giây, {n}", "n", "17"), "sau 17 giây, 17");
    EXPECT_EQ(fill("no placeholder", "n", "1"), "no placeholder");
}

// One id rule for lessons, quizzes, plans, portals, routes, mockup elements and kiosks.
TEST(Text, IdsAreLowercaseLettersDigitsAndDashes) {
    EXPECT_TRUE(text::isId("tra-cuu-bhxh"));
    EXPECT_TRUE(text::isId("0-start"));
    EXPECT_TRUE(text::isId(std::string(48, 'a')));
    EXPECT_FALSE(text::isId(std::string(49, 'a')));
    EXPECT_TRUE(text::isId(std::string(40, 'k'), text::kMaxShortIdChars));
    EXPECT_FALSE(text::isId(std::string(41, 'k'), text::kMaxShortIdChars));
    for (const char* bad : {"", "-lead", "Upper", "has space", "dấu", "a_b", "a.b", "a/b"}) {
        EXPECT_FALSE(text::isId(bad)) << bad;
    }
}

// One HTML escaper for both reports.
TEST(Text, HtmlEscapesMarkupAndQuotes) {
    EXPECT_EQ(text::htmlEscape("<b>\"Xã\" & 'phường'</b>"),
              "&lt;b&gt;&quot;Xã&quot; &amp; 'phường'&lt;/b&gt;");
    EXPECT_EQ(text::htmlEscape("plain"), "plain");
}

// One table serves both ways.
TEST(Text, NameTablesLookUpBothWays) {
    constexpr std::pair<int, std::string_view> kNames[] = {{1, "one"}, {2, "two"}, {1, "uno"}};
    EXPECT_EQ(lookup(kNames, 2, std::string_view("?")), "two");
    EXPECT_EQ(lookup(kNames, 1, std::string_view("?")), "one"); // the first name is written
    EXPECT_EQ(lookup(kNames, 3, std::string_view("?")), "?");
    EXPECT_EQ(reverseLookup(kNames, std::string_view("uno")), 1);
    EXPECT_FALSE(reverseLookup(kNames, std::string_view("three")).has_value());
}
