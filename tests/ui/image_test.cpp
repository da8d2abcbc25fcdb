// A step's picture (a PNG under assets/images) is loaded between frames, uploaded once and
// drawn fitted to its column.
#include "harness.hpp"

#include "tests/support/support.hpp"

#include <stb_image_write.h>

#include <filesystem>
#include <fstream>

using namespace tramso;
using tramso::test::Harness;
namespace fs = std::filesystem;

TEST(StepImage, IsLoadedUploadedOnceAndShown) {
    test::TempDir tmp("img");
    const fs::path assets = tmp.path();
    fs::copy(fs::path(TRAMSO_SOURCE_DIR) / "assets", assets, fs::copy_options::recursive);
    fs::create_directories(assets / "images/thu");
    std::vector<unsigned char> px(64 * 48 * 3, 200);
    ASSERT_TRUE(
        stbi_write_png((assets / "images/thu/buoc-1.png").c_str(), 64, 48, 3, px.data(), 64 * 3));
    std::ofstream(assets / "tutorials/99-anh.toml")
        << "id = \"co-anh\"\nskill = 2\nminutes = 2\ntitle = { vi = \"Bài có ảnh\", en = \"With a "
           "picture\" }\n"
           "summary = { vi = \"Ảnh\", en = \"Picture\" }\n[[steps]]\n"
           "text = { vi = \"Xem ảnh.\", en = \"Look at the picture.\" }\nimage = "
           "\"thu/buoc-1.png\"\n"
           "[steps.check]\nquestion = { vi = \"Thấy không?\", en = \"See it?\" }\n"
           "answers = [ { vi = \"Có\", en = \"Yes\" }, { vi = \"Không\", en = \"No\" } ]\nright = "
           "1\n"
           "feedback_right = { vi = \"Tốt\", en = \"Good\" }\nfeedback_wrong = { vi = \"Nhìn "
           "lại\", en = \"Look again\" }\n";
    Harness h;
    Config cfg;
    h.content = loadContent(assets, cfg);
    ASSERT_NE(h.content.tutorials.find("co-anh"), nullptr);
    h.rebuild(&h.recorder, cfg);
    h.app->open(Route{ScreenId::Tutorial, 0, "co-anh"});
    h.settle();
    ASSERT_EQ(h.textures.images.size(), 1u);
    EXPECT_EQ(h.textures.images[0].width, 64);
    EXPECT_EQ(h.textures.images[0].height, 48);
    h.settle();
    EXPECT_EQ(h.textures.images.size(), 1u) << "uploaded once";
    // the file goes missing while the kiosk runs: nothing breaks, the step still works
    fs::remove(assets / "images/thu/buoc-1.png");
    ASSERT_TRUE(h.tap("Có"));
    ASSERT_TRUE(h.tap("Bước tiếp"));
    EXPECT_TRUE(h.kiosk->player()->atEnd());
}
