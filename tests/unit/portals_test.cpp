// The portal registry: every bundled address round-trips through a QR code, and each
// refusal rule keeps its kind of bad address out.
#include "kiosk/core/base/qr.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/portals.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>
#include <gtest/gtest.h>

using namespace tramso;

namespace {
const std::vector<std::string> kAllow = Config().allowedHosts;

std::string decode(const QrMatrix& m, int ppm, std::string* ecLevel = nullptr) {
    int side = 0;
    std::vector<uint8_t> px = rasterizeQr(m, ppm, side);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    auto r = ZXing::ReadBarcode({px.data(), side, side, ZXing::ImageFormat::Lum}, hints);
    if (ecLevel) {
        *ecLevel = r.ecLevel();
    }
    return r.isValid() ? r.text() : std::string();
}
} // namespace

TEST(Portals, BundledRegistryLoadsCleanAndCoversTheRequiredAddresses) {
    Diagnostics d;
    PortalRegistry reg =
        PortalRegistry::load(std::string(TRAMSO_SOURCE_DIR) + "/assets/portals.toml", kAllow, d);
    for (const auto& x : d) {
        ADD_FAILURE() << x.format();
    }
    for (const char* host : {"dichvucong.gov.vn", "vneid.gov.vn", "tinnhiemmang.vn",
                             "binhdanhocvuso.gov.vn", "csgt.bocongan.gov.vn", "gdt.gov.vn"}) {
        bool found = false;
        for (const auto& p : reg.all()) {
            found |= p.host == host;
        }
        EXPECT_TRUE(found) << host;
    }
    // the dossier-lookup page's own address was not confirmed live in 2026: removed
    for (const auto& p : reg.all()) {
        EXPECT_EQ(p.url.find("dvc-tra-cuu-ho-so"), std::string::npos) << p.id;
    }
}

TEST(Portals, EveryPortalRoundTripsThroughAQrCode) {
    Diagnostics d;
    PortalRegistry reg =
        PortalRegistry::load(std::string(TRAMSO_SOURCE_DIR) + "/assets/portals.toml", kAllow, d);
    ASSERT_GE(reg.all().size(), 6u);
    for (const auto& p : reg.all()) {
        for (QrEcc ecc : {QrEcc::L, QrEcc::M, QrEcc::Q, QrEcc::H}) {
            auto m = encodeQr(p.url, ecc);
            ASSERT_TRUE(m) << p.url;
            EXPECT_EQ(decode(*m, 3), p.url) << p.id;
        }
    }
}

TEST(Portals, EccLevelIsTheOneAskedFor) {
    const char* names[] = {"L", "M", "Q", "H"};
    for (int i = 0; i < 4; ++i) {
        auto m = encodeQr("https://dichvucong.gov.vn", static_cast<QrEcc>(i));
        ASSERT_TRUE(m);
        std::string level;
        decode(*m, 2, &level);
        EXPECT_EQ(level, names[i]);
    }
}

TEST(Portals, QuietZoneIsFourModules) {
    auto m = encodeQr("https://vneid.gov.vn", QrEcc::M);
    ASSERT_TRUE(m);
    int side = 0;
    auto px = rasterizeQr(*m, 5, side);
    EXPECT_EQ(side, (m->size + 8) * 5);
    for (int i = 0; i < side; ++i) { // the 20-px border is all white
        for (int b = 0; b < 20; ++b) {
            ASSERT_EQ(px[static_cast<size_t>(b) * side + i], 255);
            ASSERT_EQ(px[static_cast<size_t>(i) * side + b], 255);
        }
    }
}

TEST(Portals, RefusalRules) {
    struct Case {
        const char* url;
        const char* why;
    } cases[] = {
        {"http://dichvucong.gov.vn", "https"},
        {"ftp://dichvucong.gov.vn", "https"},
        {"https://dichvucong.gov.vn.evil.com", "allowlist"},
        {"https://evilgov.vn", "allowlist"},
        {"https://gov.vn.example.org/x", "allowlist"},
        {"https://user@dichvucong.gov.vn", "user information"},
        {"https://dichvucong.gov.vn@evil.com", "user information"},
        {"https://dichvucong.gov.vn:8443", "port"},
        {"https://203.162.4.190/dvc", "IP address"},
        {"https://[2001:db8::1]/", "IP address"},
        {"https://xn--dchvcng-l2a.gov.vn", "punycode"},
        {"https://dich vu.gov.vn", "space"},
        {"https://dịchvụ.gov.vn", "non-ASCII"},
        {"https://", "no host"},
        {"https://bad_host.gov.vn", "not a valid name"},
    };
    for (const auto& c : cases) {
        std::string why = checkPortalUrl(c.url, kAllow);
        EXPECT_NE(why.find(c.why), std::string::npos) << c.url << " -> '" << why << "'";
    }
    std::string longUrl = "https://dichvucong.gov.vn/" + std::string(200, 'a');
    EXPECT_NE(checkPortalUrl(longUrl, kAllow).find("characters long"), std::string::npos);
    for (const char* ok :
         {"https://dichvucong.gov.vn", "https://gov.vn", "https://A.Gov.VN/x?y=1",
          "https://tinnhiemmang.vn/website-lua-dao", "https://dichvucong.baohiemxahoi.gov.vn"}) {
        EXPECT_EQ(checkPortalUrl(ok, kAllow), "") << ok;
    }
    EXPECT_NE(checkPortalUrl("https://tinnhiemmang.vn", {"gov.vn"}), "");
    EXPECT_EQ(checkPortalUrl("https://dichvucong.thainguyen.gov.vn", {"thainguyen.gov.vn"}), "");
}

TEST(Portals, RefusedEntryIsReportedWithItsLineAndOthersStillLoad) {
    Diagnostics d;
    PortalRegistry reg = PortalRegistry::parse(R"([[portal]]
id = "good"
url = "https://dichvucong.gov.vn"
title = { vi = "Cổng", en = "Portal" }
description = { vi = "Mô tả", en = "About" }

[[portal]]
id = "scam"
url = "https://dichvucong.gov.vn.evil.com/login"
title = { vi = "Giả", en = "Fake" }
description = { vi = "Giả", en = "Fake" }

[[portal]]
id = "good"
url = "https://vneid.gov.vn"
title = { vi = "Trùng", en = "Duplicate" }
description = { vi = "x", en = "x" }

[[portal]]
id = "no-en"
url = "https://vneid.gov.vn"
title = { vi = "Thiếu" }
description = { vi = "x", en = "x" }
skill = 9
)",
                                               "portals.toml", kAllow, d);
    ASSERT_EQ(reg.all().size(), 1u);
    EXPECT_EQ(reg.all()[0].id, "good");
    ASSERT_GE(d.size(), 4u);
    EXPECT_EQ(d[0].format().rfind("portals.toml:9: error: portal 'scam' refused", 0), 0u)
        << d[0].format();
    EXPECT_NE(d[1].message.find("used twice"), std::string::npos);
    bool sawEn = false, sawSkill = false;
    for (const auto& x : d) {
        sawEn |= x.message.find("'en'") != std::string::npos && x.line == 22;
        sawSkill |= x.message.find("skill") != std::string::npos && x.line == 24;
    }
    EXPECT_TRUE(sawEn && sawSkill);
}

TEST(Portals, BrokenFileIsAClearErrorNotACrash) {
    Diagnostics d;
    PortalRegistry reg = PortalRegistry::parse("[[portal]\nid=", "portals.toml", kAllow, d);
    EXPECT_TRUE(reg.all().empty());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].line, 1);
    Diagnostics d2;
    PortalRegistry::load("/nonexistent/portals.toml", kAllow, d2);
    ASSERT_EQ(d2.size(), 1u);
}

TEST(Portals, ConfigAllowlistAndEcc) {
    ConfigLoad c = parseConfig(
        "allowed_hosts = [\"gov.vn\", \"c-thainguyen.vn\"]\nqr_ecc = \"Q\"\n", "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty());
    EXPECT_EQ(c.config.allowedHosts.size(), 2u);
    EXPECT_EQ(c.config.qrEcc, QrEcc::Q);
    ConfigLoad bad =
        parseConfig("allowed_hosts = [\"https://gov.vn\"]\nqr_ecc = \"Z\"\n", "k.toml");
    EXPECT_EQ(bad.diagnostics.size(), 2u);
    EXPECT_EQ(bad.config.allowedHosts, Config().allowedHosts);
    EXPECT_EQ(bad.config.qrEcc, QrEcc::M);
}
