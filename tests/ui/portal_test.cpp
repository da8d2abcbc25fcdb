// Official addresses by touch: list → portal → QR code that decodes to the registry's URL,
// reported once to the recorder.
#include "harness.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

using namespace tramso;
using tramso::test::Harness;

namespace {
std::string decodeTexture(const test::FakeTextures::Image& img) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    auto r = ZXing::ReadBarcode({img.rgba.data(), img.width, img.height, ZXing::ImageFormat::RGBX},
                                hints);
    return r.isValid() ? r.text() : "";
}
} // namespace

TEST(Portal, FromHomeToACodeByTouch) {
    Harness h;
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap("Địa chỉ chính thức"));
    EXPECT_EQ(h.screen(), ScreenId::Portals);
    EXPECT_TRUE(h.shows("dichvucong.gov.vn"));
    ASSERT_TRUE(h.tap("Cổng dịch vụ công quốc gia"));
    EXPECT_EQ(h.kiosk->route(), (Route{ScreenId::Portal, 0, "dichvucong"}));
    h.frame(3);
    ASSERT_EQ(h.app->registry().qrCodes().size(), 1u);
    const ui::QrItem& q = h.app->registry().qrCodes()[0];
    EXPECT_EQ(q.url, "https://dichvucong.gov.vn");
    EXPECT_GE(q.pxPerModule * h.mmPerPx, 1.0f) << "each module at least 1 mm";
    EXPECT_EQ(q.max.x - q.min.x, static_cast<float>(q.pxPerModule * q.modules)) << "whole pixels";
    ASSERT_EQ(h.textures.images.size(), 1u);
    EXPECT_EQ(decodeTexture(h.textures.images[0]), "https://dichvucong.gov.vn");
    EXPECT_TRUE(h.shows("Mở máy ảnh hoặc Zalo trên điện thoại."));
    h.frame(20);
    auto shown = h.recorder.ofType(EventType::QrShown);
    ASSERT_EQ(shown.size(), 1u) << "one report per screen shown, not per frame";
    EXPECT_EQ(shown[0].portalId, "dichvucong");
    ASSERT_TRUE(h.tap("Xong"));
    EXPECT_EQ(h.screen(), ScreenId::Portals);
    // shown again after coming back: a second report
    ASSERT_TRUE(h.tap("Cổng dịch vụ công quốc gia"));
    h.frame(3);
    EXPECT_EQ(h.recorder.ofType(EventType::QrShown).size(), 2u);
    EXPECT_EQ(h.textures.images.size(), 1u) << "generated once per URL and cached";
}

TEST(Portal, EveryPortalScreenShowsItsOwnCode) {
    Harness h;
    for (const Portal& p : h.content.portals.all()) {
        h.app->open(Route{ScreenId::Portal, 0, p.id});
        h.frame(3);
        ASSERT_EQ(h.app->registry().qrCodes().size(), 1u) << p.id;
        EXPECT_EQ(h.app->registry().qrCodes()[0].url, p.url);
        EXPECT_TRUE(h.shows(p.host)) << "the address is written under the code";
        h.kiosk->apply(intent::GoHome{});
    }
    ASSERT_EQ(h.textures.images.size(), h.content.portals.all().size());
    for (size_t i = 0; i < h.textures.images.size(); ++i) {
        EXPECT_EQ(decodeTexture(h.textures.images[i]), h.content.portals.all()[i].url);
    }
}

TEST(Portal, UnknownPortalSaysSoPlainly) {
    Harness h;
    std::string why;
    EXPECT_FALSE(h.app->knows(Route{ScreenId::Portal, 0, "nope"}, &why));
    EXPECT_NE(why.find("unknown portal"), std::string::npos);
    h.app->open(Route{ScreenId::Portal, 0, "nope"});
    h.frame(2);
    EXPECT_TRUE(h.shows("Địa chỉ này không có trên máy"));
    EXPECT_TRUE(h.app->registry().qrCodes().empty());
}

TEST(Portal, SessionEventsForAVisit) {
    Harness h;
    ASSERT_TRUE(h.tap("Chạm vào màn hình để bắt đầu"));
    ASSERT_TRUE(h.tap("Gọi tổ công nghệ số"));
    h.clock.advance(200);
    h.frame(3);
    ASSERT_EQ(h.recorder.events.size(), 3u);
    EXPECT_EQ(h.recorder.events[0].type, EventType::SessionStarted);
    EXPECT_EQ(h.recorder.events[1].type, EventType::HelpAsked);
    EXPECT_EQ(h.recorder.events[2].type, EventType::SessionEnded);
    EXPECT_EQ(h.recorder.events[2].result, "timeout");
}
