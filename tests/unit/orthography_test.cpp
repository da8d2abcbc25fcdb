// The one-spelling check: old-style tone marks ("hoá") are named with file, line and the
// modern word; modern ones, closed rhymes and qu-/gi- words pass; the bundled assets are clean.
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/orthography.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace tramso;
namespace fs = std::filesystem;

TEST(Orthography, FlagsOldStylePlacementAndGivesTheModernWord) {
    EXPECT_EQ(orthography::modernSpelling("hoá"), "hóa");
    EXPECT_EQ(orthography::modernSpelling("khoẻ"), "khỏe");
    EXPECT_EQ(orthography::modernSpelling("huỷ"), "hủy");
    EXPECT_EQ(orthography::modernSpelling("khoá"), "khóa");
    EXPECT_EQ(orthography::modernSpelling("xoá"), "xóa");
    EXPECT_EQ(orthography::modernSpelling("thuỷ"), "thủy");
    EXPECT_EQ(orthography::modernSpelling("hoà"), "hòa");
    EXPECT_EQ(orthography::modernSpelling("loà"), "lòa");
    EXPECT_EQ(orthography::modernSpelling("Hoá"), "Hóa");
    EXPECT_EQ(orthography::modernSpelling("HOÁ"), "HÓA");
    EXPECT_EQ(orthography::modernSpelling("thoả"), "thỏa");
    EXPECT_EQ(orthography::modernSpelling("loè"), "lòe");
}

TEST(Orthography, FlagsAMarkOnTheFirstVowelOfAClosedRhyme) {
    // what a blind replace of "hoá" by "hóa" does to "Thoát"
    EXPECT_EQ(orthography::modernSpelling("Thóat"), "Thoát");
    EXPECT_EQ(orthography::modernSpelling("hòan"), "hoàn");
    EXPECT_EQ(orthography::modernSpelling("hùynh"), "huỳnh");
    for (const char* w : {"Thoát", "hoàn", "huỳnh", "khoét", "toàn", "khoản"}) {
        EXPECT_EQ(orthography::modernSpelling(w), std::nullopt) << w;
    }
}

TEST(Orthography, AcceptsModernClosedAndQuGiWords) {
    for (const char* w : {"hóa",  "khỏe",   "hủy",   "khóa",   "xóa",  "thủy",  "hòa",  "lòa",
                          "hoàn", "khoa",   "học",   "quý",    "quá",  "qua",   "quỳ",  "giá",
                          "giúp", "khuyến", "khuya", "Nguyễn", "xoáy", "ngoài", "hoặc", "toán",
                          "thuế", "của",    "toe",   "boa",    "Zalo", "VNeID", "gov"}) {
        EXPECT_EQ(orthography::modernSpelling(w), std::nullopt) << w;
    }
}

TEST(Orthography, CheckNamesLineAndWordInAText) {
    auto f = orthography::check("khoa học\nVăn hoá và sức khoẻ\nhóa đơn, hoàn tiền, quý khách\n");
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].line, 2);
    EXPECT_EQ(f[0].word, "hoá");
    EXPECT_EQ(f[0].modern, "hóa");
    EXPECT_EQ(f[1].line, 2);
    EXPECT_EQ(f[1].word, "khoẻ");
    EXPECT_TRUE(orthography::check("hóa hoàn khoa học quý").empty());
}

TEST(Orthography, DecomposedLineIsNotNfcAndItsWordsAreStillChecked) {
    // "hoá" typed as o + a + combining acute
    auto f = orthography::check("ok\nho\x61\xcc\x81\n");
    ASSERT_EQ(f.size(), 2u);
    EXPECT_TRUE(f[0].notNfc);
    EXPECT_EQ(f[0].line, 2);
    EXPECT_EQ(f[1].word, "hoá");
}

TEST(Orthography, CheckContentWarnsWithFileLineAndWord) {
    fs::path assets = fs::temp_directory_path() / "tramso-ortho-test";
    fs::remove_all(assets);
    fs::create_directories(assets / "tutorials");
    std::ofstream(assets / "tutorials" / "x.toml")
        << "# ok: hóa\ntitle = { vi = \"Khoá tài khoản\" }\n";
    Diagnostics d;
    orthography::checkAssets(assets, d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].severity, Diagnostic::Severity::Warning);
    EXPECT_EQ(d[0].line, 2);
    EXPECT_NE(d[0].file.find("x.toml"), std::string::npos);
    EXPECT_NE(d[0].message.find("\"Khoá\""), std::string::npos) << d[0].message;
    EXPECT_NE(d[0].message.find("\"Khóa\""), std::string::npos) << d[0].message;
    fs::remove_all(assets);
}

TEST(Orthography, BundledContentHasOneSpellingAndIsNfc) {
    Diagnostics d;
    orthography::checkAssets(fs::path(TRAMSO_SOURCE_DIR) / "assets", d);
    for (const auto& x : d) {
        ADD_FAILURE() << x.format();
    }
}
