// WCAG contrast arithmetic.
#include "kiosk/core/base/color.hpp"

#include <gtest/gtest.h>

using namespace tramso;

TEST(Color, ContrastRatioKnownValues) {
    EXPECT_NEAR(contrastRatio(rgb(0x000000), rgb(0xFFFFFF)), 21.0, 1e-9);
    EXPECT_NEAR(contrastRatio(rgb(0xFFFFFF), rgb(0xFFFFFF)), 1.0, 1e-9);
    EXPECT_NEAR(contrastRatio(rgb(0x767676), rgb(0xFFFFFF)), 4.54, 0.01);
}

TEST(Color, HexRoundTrip) {
    Rgb c;
    ASSERT_TRUE(parseHex("#0b4a7f", c));
    EXPECT_EQ(c, rgb(0x0B4A7F));
    EXPECT_EQ(toHex(c), "#0b4a7f");
    EXPECT_FALSE(parseHex("0b4a7f", c));
}
