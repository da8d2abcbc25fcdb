// Tutorials: the bundled lessons are complete and clean; every kind of broken file in
// tests/content/broken gives its clear file:line message without stopping the others.
#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/portals.hpp"
#include "kiosk/core/content/tutorial.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace tramso;
namespace fs = std::filesystem;

namespace {
PortalRegistry portals() {
    Diagnostics d;
    return PortalRegistry::load(test::sourceDir() / "assets/portals.toml", Config().allowedHosts,
                                d);
}

// The fake font of these tests draws everything below the CJK blocks.
bool fakeFontHas(char32_t cp) {
    return cp < 0x2E80;
}
} // namespace

TEST(Tutorials, BundledLessonsLoadWithNoProblems) {
    Diagnostics d;
    PortalRegistry reg = portals();
    TutorialSet set = loadTutorials(test::sourceDir() / "assets", reg, d, fakeFontHas);
    for (const auto& x : d) {
        ADD_FAILURE() << x.format();
    }
    // 29 without the province app's lesson, which needs the config (province_app_test)
    ASSERT_GE(set.tutorials.size(), 29u);
    std::set<int> skills;
    std::map<int, int> perSkill;
    for (const Tutorial& t : set.tutorials) {
        skills.insert(t.skill);
        ++perSkill[t.skill];
        EXPECT_GE(t.steps.size(), 4u) << t.id;
        EXPECT_LE(t.steps.size(), 10u) << t.id;
        int checks = 0, mockups = 0;
        for (const Step& s : t.steps) {
            checks += s.check.has_value();
            mockups += s.mockup.has_value();
            for (const std::string* x : {&s.text.vi, &s.text.en}) {
                EXPECT_LE(text::wordCount(*x), kMaxInstructionWords) << t.id << ": " << *x;
            }
        }
        EXPECT_GE(checks, 1) << t.id << " needs a check question";
        EXPECT_GE(mockups, 1) << t.id << " needs a step on the practice phone";
        forEachText(t, [&](const std::string& s) { EXPECT_TRUE(text::isNfc(s)) << t.id; });
    }
    EXPECT_EQ(skills, (std::set<int>{1, 2, 3, 4, 5}));
    for (int skill = 1; skill <= 5; ++skill) {
        EXPECT_GE(perSkill[skill], 4) << "skill " << skill;
    }
    // the lessons the issue names
    for (const char* id :
         {"quet-ma-qr", "vneid-kich-hoat", "dichvucong-dang-nhap", "tra-cuu-ho-so", "nop-ho-so",
          "thanh-toan-vietqr", "tien-dien-nuoc", "mua-sam-an-toan", "cuoc-goi-lua-dao",
          "tin-nhan-lua-dao", "giu-bi-mat-otp", "vssid", "so-suc-khoe", "nhom-zalo-thon",
          // the 2026 topics (content-facts-2026.md §G and the field reports)
          "lua-dao-sap-nhap", "phat-nguoi-gia", "vneid-vi-giay-to", "an-sinh-xa-hoi",
          "ngan-hang-an-toan", "khi-bi-lua", "cai-ung-dung-an-toan", "cuoc-goi-deepfake",
          "nop-phi-nhan-ket-qua", "khong-gui-anh-can-cuoc", "ban-nong-san", "binh-dan-hoc-vu-so",
          "theo-doi-don-hang", "giao-hang-gia", "viec-nhe-luong-cao"}) {
        EXPECT_NE(set.find(id), nullptr) << id;
    }
    // VNeID practises both the OTP and the passcode on the demo keypad
    int keypads = 0;
    for (const Step& s : set.find("vneid-kich-hoat")->steps) {
        if (s.mockup && s.mockup->targetElement() &&
            s.mockup->targetElement()->kind == MockElement::Kind::Keypad) {
            ++keypads;
        }
    }
    EXPECT_EQ(keypads, 2);
}

// Each broken file says on its first line what it must produce: "# expect: LINE: text".
TEST(Tutorials, EveryBrokenFileGivesItsClearError) {
    PortalRegistry reg = portals();
    int files = 0;
    for (const auto& e : fs::directory_iterator(test::sourceDir() / "tests/content/broken")) {
        std::string text = test::readText(e.path());
        std::string first = text.substr(0, text.find('\n'));
        ASSERT_EQ(first.rfind("# expect: ", 0), 0u) << e.path();
        std::string expect = first.substr(10);
        int line = std::stoi(expect);
        std::string words = expect.substr(expect.find(':') + 1);
        while (!words.empty() && words.front() == ' ') {
            words.erase(0, 1);
        }
        // parse alone (the duplicate and the glyph cases need the folder; see below)
        test::TempDir tmp("broken");
        const fs::path dir = tmp.path();
        fs::create_directories(dir / "tutorials");
        fs::create_directories(dir / "images");
        fs::copy(test::sourceDir() / "assets/tutorials/04-tra-cuu-ho-so.toml",
                 dir / "tutorials/00-good.toml");
        fs::copy(e.path(), dir / "tutorials" / ("zz-" + e.path().filename().string()));
        Diagnostics d;
        TutorialSet set = loadTutorials(dir, reg, d, fakeFontHas);
        bool found = false;
        for (const auto& x : d) {
            found |= x.file.find(e.path().filename().string()) != std::string::npos &&
                     x.line == line && x.format().find(words) != std::string::npos;
        }
        EXPECT_TRUE(found) << e.path().filename() << ": expected line " << line << " '" << words
                           << "', got:\n"
                           << [&] {
                                  std::string all;
                                  for (const auto& x : d) {
                                      all += "  " + x.format() + "\n";
                                  }
                                  return all;
                              }();
        // the good lesson still loads; a broken one never does (warnings aside)
        EXPECT_NE(set.find("tra-cuu-ho-so"), nullptr) << e.path().filename();
        bool warningOnly = words == "warning";
        EXPECT_EQ(set.tutorials.size(), warningOnly ? 2u : 1u) << e.path().filename();
        ++files;
    }
    EXPECT_GE(files, 15);
}

TEST(Tutorials, SymlinkOutOfAssetsAndOversizedFilesAreRefused) {
    PortalRegistry reg = portals();
    test::TempDir tmp("links");
    const fs::path dir = tmp.path();
    fs::create_directories(dir / "tutorials");
    fs::create_directories(dir / "images");
    test::TempDir elsewhere("outside");
    const fs::path outside = elsewhere / "escape.png";
    std::ofstream(outside) << "not really a png";
    fs::create_symlink(outside, dir / "images/escape.png");
    std::ofstream(dir / "tutorials/a.toml")
        << "id = \"a\"\nskill = 1\nminutes = 1\ntitle = { vi = \"A\", en = \"A\" }\n"
           "summary = { vi = \"A\", en = \"A\" }\n[[steps]]\ntext = { vi = \"B\", en = \"B\" }\n"
           "image = \"escape.png\"\n";
    // a tutorial file that is itself a link out of the folder
    const fs::path outsideToml = elsewhere / "b.toml";
    fs::copy_file(test::sourceDir() / "assets/tutorials/04-tra-cuu-ho-so.toml", outsideToml,
                  fs::copy_options::overwrite_existing);
    fs::create_symlink(outsideToml, dir / "tutorials/b.toml");
    // and one over 1 MiB
    {
        std::ofstream big(dir / "tutorials/c.toml");
        big << "# " << std::string(kMaxContentFileBytes + 10, 'x') << "\n";
    }
    Diagnostics d;
    TutorialSet set = loadTutorials(dir, reg, d);
    EXPECT_TRUE(set.tutorials.empty());
    std::string all;
    for (const auto& x : d) {
        all += x.format() + "\n";
    }
    EXPECT_NE(all.find("a.toml:8: error: image 'escape.png' is a link that leads outside"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("b.toml: error: is a link that leads outside"), std::string::npos) << all;
    EXPECT_NE(all.find("c.toml: error: the file is over 1 MiB"), std::string::npos) << all;
}

TEST(Tutorials, MissingFolderIsAClearError) {
    Diagnostics d;
    TutorialSet set = loadTutorials("/nonexistent", portals(), d);
    EXPECT_TRUE(set.tutorials.empty());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("tutorials folder is missing"), std::string::npos);
}

TEST(Tutorials, TextIsNormalisedToNfcAtLoad) {
    Diagnostics d;
    std::string decomposed = "Vie\xcc\xa3\xcc\x82t";
    auto t = parseTutorial("id = \"nfc\"\nskill = 2\nminutes = 1\ntitle = { vi = \"" + decomposed +
                               "\", en = \"V\" }\nsummary = { vi = \"x\", en = \"x\" }\n"
                               "[[steps]]\ntext = { vi = \"a\", en = \"a\" }\n",
                           "nfc.toml", test::sourceDir() / "assets", portals(), d);
    ASSERT_TRUE(t) << (d.empty() ? "" : d[0].format());
    EXPECT_EQ(t->title.vi, "Việt");
}
