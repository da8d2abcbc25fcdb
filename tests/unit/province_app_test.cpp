// The province's own app: two config keys checked like any QR address; its lesson shows
// (with the app's name filled in) only when both are set, and is silently hidden otherwise.
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/content.hpp"

#include <gtest/gtest.h>

using namespace tramso;

namespace {
const std::string kAssets = std::string(TRAMSO_SOURCE_DIR) + "/assets";
const char* kGood = "province_app_name = \"C-ThaiNguyen\"\n"
                    "province_app_url = \"https://thainguyen.gov.vn\"\n";
} // namespace

TEST(ProvinceApp, ConfigReadsBothKeys) {
    ConfigLoad c = parseConfig(kGood, "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty()) << c.diagnostics.front().format();
    EXPECT_EQ(c.config.provinceAppName, "C-ThaiNguyen");
    EXPECT_EQ(c.config.provinceAppUrl, "https://thainguyen.gov.vn");
}

TEST(ProvinceApp, AddressMustPassTheAllowlistRules) {
    for (const char* url : {"http://thainguyen.gov.vn", "https://c-thainguyen.com",
                            "https://thainguyen.gov.vn.evil.com", "https://1.2.3.4"}) {
        ConfigLoad c = parseConfig(std::string("province_app_name = \"C-ThaiNguyen\"\n"
                                               "province_app_url = \"") +
                                       url + "\"\n",
                                   "kiosk.toml");
        ASSERT_FALSE(c.diagnostics.empty()) << url;
        EXPECT_EQ(c.diagnostics[0].line, 2) << url;
        EXPECT_NE(c.diagnostics[0].message.find("province_app_url is refused"), std::string::npos)
            << c.diagnostics[0].format();
        EXPECT_TRUE(c.config.provinceAppUrl.empty()) << url;
        EXPECT_TRUE(c.config.provinceAppName.empty()) << "both or neither: " << url;
    }
    // a province may add its own host to the allowlist
    ConfigLoad own = parseConfig("allowed_hosts = [\"gov.vn\", \"thainguyen.vn\"]\n"
                                 "province_app_name = \"C-ThaiNguyen\"\n"
                                 "province_app_url = \"https://app.thainguyen.vn\"\n",
                                 "kiosk.toml");
    EXPECT_TRUE(own.diagnostics.empty());
    EXPECT_EQ(own.config.provinceAppUrl, "https://app.thainguyen.vn");
}

TEST(ProvinceApp, NameAloneOrBadNameIsAnError) {
    ConfigLoad alone = parseConfig("province_app_name = \"C-ThaiNguyen\"\n", "kiosk.toml");
    ASSERT_EQ(alone.diagnostics.size(), 1u);
    EXPECT_EQ(alone.diagnostics[0].line, 1);
    EXPECT_NE(alone.diagnostics[0].message.find("needs province_app_url"), std::string::npos);
    EXPECT_TRUE(alone.config.provinceAppName.empty());
    ConfigLoad empty = parseConfig("province_app_name = \"\"\n", "kiosk.toml");
    ASSERT_EQ(empty.diagnostics.size(), 1u);
    EXPECT_NE(empty.diagnostics[0].message.find("province_app_name"), std::string::npos);
    ConfigLoad braces = parseConfig("province_app_name = \"{province_app}\"\n"
                                    "province_app_url = \"https://thainguyen.gov.vn\"\n",
                                    "kiosk.toml");
    EXPECT_FALSE(braces.diagnostics.empty());
    EXPECT_TRUE(braces.config.provinceAppName.empty());
}

TEST(ProvinceApp, LessonIsHiddenWithoutTheConfigAndNothingComplains) {
    Content c = loadContent(kAssets, Config());
    EXPECT_EQ(c.tutorials.find("ung-dung-cua-tinh"), nullptr);
    EXPECT_EQ(c.portals.find("ung-dung-tinh"), nullptr);
    for (const auto& d : c.diagnostics) {
        ADD_FAILURE() << d.format();
    }
    EXPECT_GE(c.tutorials.tutorials.size(), 28u)
        << "at least 28 lessons even without the province app";
}

TEST(ProvinceApp, LessonShowsWithTheAppsNameAndItsCode) {
    ConfigLoad cfg = parseConfig(kGood, "kiosk.toml");
    Content c = loadContent(kAssets, cfg.config);
    for (const auto& d : c.diagnostics) {
        ADD_FAILURE() << d.format();
    }
    const Tutorial* t = c.tutorials.find("ung-dung-cua-tinh");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->title.vi, "Ứng dụng C-ThaiNguyen của tỉnh");
    EXPECT_EQ(t->title.en, "The province's app, C-ThaiNguyen");
    forEachText(*t, [](const std::string& s) {
        EXPECT_EQ(s.find("{province_app}"), std::string::npos) << s;
    });
    const Portal* p = c.portals.find("ung-dung-tinh");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->url, "https://thainguyen.gov.vn");
    EXPECT_EQ(p->title.vi, "C-ThaiNguyen");
    EXPECT_FALSE(p->description.vi.empty());
    EXPECT_EQ(t->portal, "ung-dung-tinh");
    EXPECT_NE(c.allText(cfg.config).find("C-ThaiNguyen"), std::string::npos);
}
