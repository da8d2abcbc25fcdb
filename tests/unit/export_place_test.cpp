// The kiosk's place (province and commune codes and names from its config) travels in every
// export: summary.json's "identity" and the export table of its stats.sqlite.
#include "db/export.hpp"
#include "db/sqlite.hpp"
#include "db/stats_store.hpp"
#include "tests/support/fill_stats.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <unistd.h>

using namespace tramso;
namespace fs = std::filesystem;

TEST(ExportPlace, SummaryAndDatabaseCarryTheProvinceAndCommune) {
    const fs::path dir = fs::temp_directory_path() / ("tramso-place-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "stick");
    {
        auto opened = db::StatsStore::open(dir / "stats.sqlite");
        test::fillStats(*opened.store, 200, "quang-tan-01", 5);
    }
    static const Content content = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", Config{});
    db::ExportOptions o;
    o.statsFile = dir / "stats.sqlite";
    o.to = dir / "stick";
    o.scratchDir = dir;
    o.kioskId = "quang-tan-01";
    o.place = {"22", "Quảng Ninh", "06667", "Xã Quảng Tân"};
    o.now = std::time(nullptr);
    o.content = &content;
    db::ExportResult r = db::exportStats(o);
    ASSERT_TRUE(r.ok) << r.error;

    std::ifstream in(r.folder / "summary.json");
    nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["schema_version"], 1) << "the fields are added, the format stays";
    EXPECT_EQ(j["identity"]["kiosk_id"], "quang-tan-01");
    EXPECT_EQ(j["identity"]["province_code"], "22");
    EXPECT_EQ(j["identity"]["province_name"], "Quảng Ninh");
    EXPECT_EQ(j["identity"]["commune_code"], "06667");
    EXPECT_EQ(j["identity"]["commune_name"], "Xã Quảng Tân");
    EXPECT_EQ(j["per_kiosk"]["quang-tan-01"]["commune_code"], "06667");

    db::Database d((r.folder / "stats.sqlite").string(), false, true);
    db::Statement st(d, "SELECT value FROM export WHERE key = 'commune_name'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "Xã Quảng Tân");
    fs::remove_all(dir);
}
