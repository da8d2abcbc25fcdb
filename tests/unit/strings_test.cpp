// The bundled string table: complete in both languages, NFC, and every key the code asks
// for exists.
#include "kiosk/core/base/strings.hpp"
#include "kiosk/core/base/text.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace tramso;
namespace fs = std::filesystem;

TEST(Strings, BundledTableIsCompleteAndNfc) {
    Diagnostics d;
    Strings s = Strings::load(test::sourceDir() / "assets/i18n/strings.toml", d);
    for (const auto& x : d) {
        ADD_FAILURE() << x.format();
    }
    ASSERT_GT(s.all().size(), 30u);
    for (const auto& [key, tr] : s.all()) {
        EXPECT_FALSE(tr.vi.empty()) << key;
        EXPECT_FALSE(tr.en.empty()) << key;
        EXPECT_TRUE(text::isNfc(tr.vi)) << key;
        EXPECT_TRUE(text::isNfc(tr.en)) << key;
    }
}

TEST(Strings, MissingLanguageIsReported) {
    Diagnostics d;
    Strings s = Strings::parse("[a]\nb = { vi = \"Xin chào\" }\n", "t.toml", d);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(s.get("a.b", Lang::En), "Xin chào"); // the other language, not nothing
}

TEST(Strings, DecomposedInputIsNormalised) {
    Diagnostics d;
    Strings s = Strings::parse("x = { vi = \"Vie\xcc\xa3\xcc\x82t\", en = \"V\" }\n", "t", d);
    EXPECT_EQ(s.get("x", Lang::Vi), "Việt");
}

// Every tr("key") / strings.get("key", …) literal in the screens and UI exists in the table.
TEST(Strings, EveryKeyUsedInCodeExists) {
    Diagnostics d;
    Strings s = Strings::load(test::sourceDir() / "assets/i18n/strings.toml", d);
    std::regex use(R"re((?:tr|get)\("([a-z_.0-9]+)")re");
    int found = 0;
    for (const char* dir : {"screens", "kiosk/ui"}) {
        for (const auto& e : fs::directory_iterator(test::sourceDir() / dir)) {
            std::ifstream in(e.path());
            std::stringstream buf;
            buf << in.rdbuf();
            std::string src = buf.str();
            for (std::sregex_iterator it(src.begin(), src.end(), use), end; it != end; ++it) {
                std::string key = (*it)[1];
                ++found;
                EXPECT_TRUE(s.has(key)) << key << " used in " << e.path().filename();
            }
        }
    }
    EXPECT_GT(found, 15);
}
