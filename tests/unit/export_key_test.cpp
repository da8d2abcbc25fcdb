// The kiosk's export signing key: made once in the data folder (secret key 0600, folder
// 0700), the same key on every later start, a signature the standard `minisign -V` accepts,
// and every export's MANIFEST.sha256 signed beside it (MANIFEST.sha256.minisig).
#include "db/export.hpp"
#include "db/stats_store.hpp"
#include "kiosk/core/content/export_key.hpp"
#include "kiosk/core/content/minisign.hpp"
#include "tests/support/fill_stats.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

using namespace tramso;
namespace fs = std::filesystem;

namespace {

mode_t modeOf(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 07777;
}

MinisignKey publicOf(const ExportKey& k) {
    std::string why;
    auto pub = parseMinisignKey(k.publicKeyFile(), why);
    EXPECT_TRUE(pub) << why;
    return pub.value_or(MinisignKey{});
}

} // namespace

TEST(ExportKey, MadeOnceWithTheSecretKeyReadableByTheKioskOnly) {
    test::TempDir data("export-key");
    const ExportKeyLoad first = loadOrCreateExportKey(data.path());
    ASSERT_TRUE(first.key) << first.problem;
    EXPECT_TRUE(first.created);
    EXPECT_TRUE(first.problem.empty()) << first.problem;
    const fs::path secret = data / kExportKeyDir / kExportSecretKeyFile;
    EXPECT_EQ(modeOf(secret), 0600u);
    EXPECT_EQ(modeOf(data / kExportKeyDir), 0700u);
    EXPECT_EQ(first.key->idHex().size() <= 16, true);

    const ExportKeyLoad again = loadOrCreateExportKey(data.path());
    ASSERT_TRUE(again.key) << again.problem;
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.key->idHex(), first.key->idHex());
    EXPECT_EQ(again.key->publicKeyBase64(), first.key->publicKeyBase64());

    // a key others can read is said so, and put right at the next start
    ::chmod(secret.c_str(), 0644);
    const ExportKeyLoad doctor = loadExportKey(data.path());
    EXPECT_NE(doctor.problem.find("readable by others"), std::string::npos) << doctor.problem;
    const ExportKeyLoad start = loadOrCreateExportKey(data.path());
    EXPECT_EQ(modeOf(secret), 0600u);
    EXPECT_EQ(start.key->idHex(), first.key->idHex());
}

TEST(ExportKey, SignaturesVerifyHereAndWithTheMinisignTool) {
    test::TempDir dir("export-key-sign");
    const ExportKeyLoad k = loadOrCreateExportKey(dir.path());
    ASSERT_TRUE(k.key);
    const std::string data = "0123  sessions.csv\n";
    const std::string sig = k.key->sign(data, "tramso export of kiosk quang-tan-01");
    const MinisignKey pub = publicOf(*k.key);
    const MinisignCheck ok = verifyMinisign(data, sig, {pub});
    EXPECT_TRUE(ok.key) << ok.error;
    EXPECT_EQ(ok.trustedComment, "tramso export of kiosk quang-tan-01");
    EXPECT_FALSE(verifyMinisign(data + "x", sig, {pub}).key) << "a changed file";
    const std::optional<ExportKey> other = generateExportKey();
    ASSERT_TRUE(other);
    EXPECT_FALSE(verifyMinisign(data, sig, {publicOf(*other)}).key) << "another key";

    std::ofstream(dir / "m.txt", std::ios::binary) << data;
    std::ofstream(dir / "m.txt.minisig", std::ios::binary) << sig;
    const std::string cmd = "minisign -Vq -p " +
                            (dir / kExportKeyDir / kExportPublicKeyFile).string() + " -m " +
                            (dir / "m.txt").string() + " > /dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << "minisign -V accepts the kiosk's signature";
}

TEST(ExportKey, AnExportSignsItsManifest) {
    test::TempDir dir("export-key-export");
    {
        auto opened = db::StatsStore::open(dir / "stats.sqlite");
        test::fillStats(*opened.store, 300, "quang-tan-01", 5, 0);
    }
    const ExportKeyLoad key = loadOrCreateExportKey(dir.path());
    ASSERT_TRUE(key.key);
    static Content content = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", Config{});
    db::ExportOptions o;
    o.statsFile = dir / "stats.sqlite";
    o.to = dir / "stick";
    fs::create_directories(o.to);
    o.scratchDir = dir.path();
    o.kioskId = "quang-tan-01";
    o.now = std::time(nullptr);
    o.content = &content;
    o.signingKey = &*key.key;
    const db::ExportResult r = db::exportStats(o);
    ASSERT_TRUE(r.ok) << r.error;
    const std::string manifest = test::readText(r.folder / "MANIFEST.sha256");
    const std::string sig = test::readText(r.folder / "MANIFEST.sha256.minisig");
    ASSERT_FALSE(sig.empty());
    const MinisignCheck c = verifyMinisign(manifest, sig, {publicOf(*key.key)});
    EXPECT_TRUE(c.key) << c.error;
    EXPECT_NE(c.trustedComment.find("quang-tan-01"), std::string::npos) << c.trustedComment;
    EXPECT_EQ(db::verifyExport(r.folder), "");
    if (const char* keep = std::getenv("TRAMSO_KEEP_EXPORT")) { // seeds for tests/fuzz/corpus
        fs::create_directories(keep);
        fs::copy(r.folder, keep,
                 fs::copy_options::overwrite_existing | fs::copy_options::recursive);
    }
}
