// UTF-8 validation, NFC, word counts, placeholders.
#include "kiosk/core/strings.hpp"
#include "kiosk/core/text.hpp"

#include <gtest/gtest.h>

using namespace tramso;

TEST(Text, NormalisesDecomposedVietnamese) {
    // "Việt" written with combining marks: e + U+0323 (dot below) + U+0302 (circumflex)
    std::string decomposed = "Vie\xcc\xa3\xcc\x82t";
    EXPECT_FALSE(text::isNfc(decomposed));
    EXPECT_EQ(*text::toNfc(decomposed), "Việt");
    EXPECT_TRUE(text::isNfc("Tiếng Việt"));
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
