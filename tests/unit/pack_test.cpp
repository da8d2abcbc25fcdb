// Content packs: the minisign check, the archive reader's refusals, atomic install, status,
// rollback, and pack discovery on a stick (a temporary folder standing in for the mount).
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/minisign.hpp"
#include "kiosk/core/content/pack.hpp"
#include "kiosk/core/content/pack_store.hpp"
#include "kiosk/core/content/paths.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "tests/support/pack_fixture.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

using namespace tramso;
using namespace tramso::test;
namespace fs = std::filesystem;

class PackTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("tramso-pack-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        ASSERT_TRUE(makeMinisignKey(m_dir / "province", "province", m_dir / "keys"))
            << "minisign must be installed";
        m_opt.keysDir = m_dir / "keys";
        m_opt.kioskVersion = "0.1.0";
    }
    void TearDown() override { fs::remove_all(m_dir); }

    // A signed pack of the bundled assets plus lesson `lessonId`.
    fs::path signedPack(const std::string& version, const std::string& lessonId,
                        const std::string& key = "province") {
        const fs::path assets = assetsCopy(m_dir / ("assets-" + version), lessonId);
        const fs::path pack = m_dir / ("pack-" + version + ".tar.gz");
        EXPECT_EQ(packFolder(assets, version, pack), "");
        EXPECT_TRUE(minisignSign(pack, m_dir / key / (key + ".key")));
        return pack;
    }
    // A hand-made archive (pack.toml first) signed by the trusted key.
    fs::path signedRaw(const std::string& name, std::vector<RawEntry> entries) {
        entries.insert(entries.begin(), RawEntry{"pack.toml", manifestFor("2026.12.5")});
        const fs::path pack = m_dir / (name + ".tar");
        EXPECT_TRUE(writeRawTar(pack, entries));
        EXPECT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
        return pack;
    }
    InstallResult install(const fs::path& pack) {
        std::string error;
        auto src = readPackSource(pack, m_opt.limits, error);
        if (!src) {
            InstallResult r;
            r.error = error;
            return r;
        }
        return installPack(ContentStore(m_dir / "data"), *src, m_opt);
    }
    // What the kiosk would show now, and that it loads clean.
    Content shown() {
        ActiveContent a = activeContent(m_dir / "data", fs::path(TRAMSO_SOURCE_DIR) / "assets");
        Content c = loadContent(a.assets, m_opt.config);
        EXPECT_FALSE(hasErrors(c.diagnostics));
        return c;
    }
    std::string currentVersion() {
        auto c = ContentStore(m_dir / "data").current();
        return c ? c->manifest.version : "";
    }
    // A refusal leaves the installed content as it was and no staging folder behind.
    void expectRefused(const fs::path& pack, const std::string& words) {
        const std::string before = currentVersion();
        InstallResult r = install(pack);
        EXPECT_FALSE(r.ok);
        EXPECT_NE(r.error.find(words), std::string::npos) << r.error;
        EXPECT_EQ(currentVersion(), before);
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(m_dir / "data" / "content", ec)) {
            EXPECT_EQ(e.path().filename().string().rfind("staging-", 0), std::string::npos)
                << e.path();
        }
    }

    fs::path m_dir;
    PackCheckOptions m_opt;
};

TEST(PackFormat, PathsAreNormalisedOrRefused) {
    std::string why;
    EXPECT_EQ(normalisePackPath("./tutorials/a.toml", why), "tutorials/a.toml");
    EXPECT_EQ(normalisePackPath("voice/", why), "voice");
    EXPECT_EQ(normalisePackPath("../x", why), "");
    EXPECT_NE(why.find(".."), std::string::npos);
    EXPECT_EQ(normalisePackPath("a/../../x", why), "");
    EXPECT_EQ(normalisePackPath("/etc/passwd", why), "");
    EXPECT_NE(why.find("absolute"), std::string::npos);
    EXPECT_EQ(normalisePackPath("a//b", why), "");
    EXPECT_EQ(normalisePackPath("a\\..\\b", why), "");
}

TEST(PackFormat, VersionsCompareAsNumbers) {
    EXPECT_GT(compareVersions("2026.12.10", "2026.12.9"), 0);
    EXPECT_LT(compareVersions("2026.11.1", "2026.12.1"), 0);
    EXPECT_EQ(compareVersions("2026.12", "2026.12.0"), 0);
    EXPECT_TRUE(isValidVersion("2026.12.1"));
    EXPECT_FALSE(isValidVersion("2026.12.1-beta"));
    EXPECT_FALSE(isValidVersion(""));
}

TEST(PackFormat, ManifestRoundTripsAndNamesBadLines) {
    Diagnostics diag;
    auto m = parsePackManifest(manifestFor("2026.12.1"), "pack.toml", diag);
    ASSERT_TRUE(m) << (diag.empty() ? "" : diag[0].format());
    EXPECT_EQ(m->version, "2026.12.1");
    EXPECT_EQ(m->date, "2026-12-01");
    EXPECT_EQ(m->title.vi, "Nội dung 2026.12.1");
    diag.clear();
    EXPECT_FALSE(parsePackManifest("version = \"x\"\ndate = 2026-12-01\n", "pack.toml", diag));
    ASSERT_FALSE(diag.empty());
    EXPECT_EQ(diag[0].line, 1);
}

TEST(PackConfig, ContentKeysDirIsReadAndChecked) {
    EXPECT_EQ(Config().contentKeysDir, "/etc/tramso/keys");
    ConfigLoad c = parseConfig("content_keys_dir = \"/srv/keys\"\n", "kiosk.toml");
    EXPECT_TRUE(c.diagnostics.empty());
    EXPECT_EQ(c.config.contentKeysDir, "/srv/keys");
    c = parseConfig("content_keys_dir = \"keys\"\n", "kiosk.toml");
    ASSERT_EQ(c.diagnostics.size(), 1u);
    EXPECT_EQ(c.diagnostics[0].line, 1);
    EXPECT_EQ(c.config.contentKeysDir, "/etc/tramso/keys");
}

TEST_F(PackTest, MinisignKeyIdAsMinisignPrintsIt) {
    const std::string pub = readBytes(m_dir / "keys" / "province.pub");
    std::string error;
    auto key = parseMinisignKey(pub, error);
    ASSERT_TRUE(key) << error;
    // the untrusted comment minisign writes is "minisign public key <ID>"
    EXPECT_NE(pub.find("public key " + key->idHex()), std::string::npos) << pub;
}

TEST_F(PackTest, MinisignPrehashedAndLegacySignaturesVerify) {
    const fs::path f = m_dir / "file.bin";
    writeText(f, "some content");
    std::vector<std::string> problems;
    auto keys = loadMinisignKeys(m_dir / "keys", problems);
    ASSERT_EQ(keys.size(), 1u);
    for (bool legacy : {false, true}) {
        ASSERT_TRUE(minisignSign(f, m_dir / "province" / "province.key", legacy));
        const std::string sig = readBytes(f.string() + ".minisig");
        std::string error;
        auto parsed = parseMinisignSignature(sig, error);
        ASSERT_TRUE(parsed) << error;
        EXPECT_EQ(parsed->prehashed, !legacy);
        MinisignCheck c = verifyMinisign("some content", sig, keys);
        EXPECT_TRUE(c.key) << c.error;
        EXPECT_FALSE(verifyMinisign("some c0ntent", sig, keys).key);
    }
    // an edited trusted comment breaks the global signature
    std::string sig = readBytes(f.string() + ".minisig");
    sig.insert(sig.find("\ntrusted comment: ") + 18, "x");
    MinisignCheck c = verifyMinisign("some content", sig, keys);
    EXPECT_FALSE(c.key);
    EXPECT_NE(c.error.find("trusted comment"), std::string::npos) << c.error;
}

TEST_F(PackTest, InstallShowsTheNewLessonThenRollbackAndStatus) {
    EXPECT_EQ(shown().tutorials.find("bai-moi-1"), nullptr);
    InstallResult r = install(signedPack("2026.12.1", "bai-moi-1"));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.version, "2026.12.1");
    EXPECT_EQ(r.previousVersion, "");
    EXPECT_NE(shown().tutorials.find("bai-moi-1"), nullptr);
    EXPECT_EQ(shown().version, "2026.12.1"); // what a session will record

    r = install(signedPack("2026.12.2", "bai-moi-2"));
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.previousVersion, "2026.12.1");
    ContentStore store(m_dir / "data");
    auto cur = store.current();
    ASSERT_TRUE(cur);
    EXPECT_EQ(cur->manifest.version, "2026.12.2");
    std::string error;
    auto key = parseMinisignKey(readBytes(m_dir / "keys" / "province.pub"), error);
    EXPECT_EQ(cur->signerKeyId, key->idHex());
    auto prev = store.previous();
    ASSERT_TRUE(prev);
    EXPECT_EQ(prev->manifest.version, "2026.12.1");
    EXPECT_NE(shown().tutorials.find("bai-moi-2"), nullptr);
    EXPECT_EQ(shown().tutorials.find("bai-moi-1"), nullptr);

    RollbackResult b = rollbackContent(store);
    ASSERT_TRUE(b.ok) << b.error;
    EXPECT_EQ(b.from, "2026.12.2");
    EXPECT_EQ(b.to, "2026.12.1");
    EXPECT_EQ(currentVersion(), "2026.12.1");
    EXPECT_NE(shown().tutorials.find("bai-moi-1"), nullptr);
    // a second rollback undoes the first
    ASSERT_TRUE(rollbackContent(store).ok);
    EXPECT_EQ(currentVersion(), "2026.12.2");
    // only the two versions the links name are kept
    size_t kept = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(store.root() / "versions")) {
        ++kept;
    }
    EXPECT_EQ(kept, 2u);
}

TEST_F(PackTest, InstallReportsProgressUpToTheEnd) {
    std::string error;
    auto src = readPackSource(signedPack("2026.12.1", "bai-moi-1"), m_opt.limits, error);
    ASSERT_TRUE(src) << error;
    std::vector<double> seen;
    ASSERT_TRUE(installPack(ContentStore(m_dir / "data"), *src, m_opt, [&](double f) {
                    seen.push_back(f);
                }).ok);
    ASSERT_GT(seen.size(), 10u); // during the unpack too, not only between phases
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), 1.0);
}

TEST_F(PackTest, RollbackOfTheFirstPackReturnsToBundledContent) {
    ASSERT_TRUE(install(signedPack("2026.12.1", "bai-moi-1")).ok);
    RollbackResult b = rollbackContent(ContentStore(m_dir / "data"));
    ASSERT_TRUE(b.ok) << b.error;
    EXPECT_EQ(b.to, "");
    EXPECT_EQ(currentVersion(), "");
    EXPECT_EQ(shown().tutorials.find("bai-moi-1"), nullptr);
    EXPECT_EQ(shown().version, "");
    const Paths p = resolvePaths("/nonexistent/tramso", std::nullopt, m_dir / "data", std::nullopt);
    EXPECT_EQ(p.contentVersion, "");
    EXPECT_EQ(p.assets, p.bundledAssets);
}

TEST_F(PackTest, PathsPreferInstalledContentButAssetsArgumentWins) {
    ASSERT_TRUE(install(signedPack("2026.12.1", "bai-moi-1")).ok);
    Paths p = resolvePaths("/nonexistent/tramso", std::nullopt, m_dir / "data", std::nullopt);
    EXPECT_EQ(p.contentVersion, "2026.12.1");
    EXPECT_NE(p.assets, p.bundledAssets);
    p = resolvePaths("/nonexistent/tramso", fs::path("/x/assets"), m_dir / "data", std::nullopt);
    EXPECT_EQ(p.assets, "/x/assets");
    EXPECT_EQ(p.contentVersion, "");
}

TEST_F(PackTest, RefusesAPackWithoutSignature) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    fs::remove(pack.string() + ".minisig");
    expectRefused(pack, "no signature");
}

TEST_F(PackTest, RefusesAFlippedByte) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    std::string bytes = readBytes(pack);
    bytes[bytes.size() / 2] ^= 0x01;
    writeText(pack, bytes);
    expectRefused(pack, "does not match");
}

TEST_F(PackTest, RefusesAnUntrustedKey) {
    ASSERT_TRUE(makeMinisignKey(m_dir / "stranger", "stranger"));
    expectRefused(signedPack("2026.12.1", "bai-moi-1", "stranger"), "not a trusted key");
}

TEST_F(PackTest, RefusesWhenNoKeyIsTrusted) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    fs::remove_all(m_dir / "keys");
    expectRefused(pack, "no trusted keys");
}

TEST_F(PackTest, RefusesAnOlderOrTheSameVersion) {
    ASSERT_TRUE(install(signedPack("2026.12.2", "bai-moi-2")).ok);
    expectRefused(signedPack("2026.12.1", "bai-moi-1"), "not newer than the installed 2026.12.2");
    expectRefused(signedPack("2026.12.2", "bai-moi-1"), "not newer");
}

TEST_F(PackTest, RefusesATraversalEntry) {
    expectRefused(signedRaw("traversal", {{"../x", "evil"}}), "'../x' climbs out");
    EXPECT_FALSE(fs::exists(m_dir / "data" / "x"));
}

TEST_F(PackTest, RefusesAnAbsolutePath) {
    expectRefused(signedRaw("absolute", {{"/tmp/tramso-evil", "evil"}}), "absolute path");
}

TEST_F(PackTest, RefusesASymlinkEntry) {
    expectRefused(signedRaw("symlink", {{"images", "", AE_IFLNK, "/etc"}}), "'images' is a link");
    expectRefused(signedRaw("hardlink", {{"a.txt", "x"}, {"b.txt", "", AE_IFREG, "hard:a.txt"}}),
                  "is a link");
}

TEST_F(PackTest, RefusesADevice) {
    expectRefused(signedRaw("device", {{"dev", "", AE_IFCHR}}), "device");
}

TEST_F(PackTest, RefusesAFileOverTheSizeLimit) {
    m_opt.limits.maxFileBytes = 1000;
    expectRefused(signedRaw("big", {{"voice/long.ogg", std::string(1001, 'x')}}),
                  "'voice/long.ogg' is over the size limit");
    // a lesson file is held to the content loaders' 1 MB
    m_opt.limits = PackLimits{};
    expectRefused(signedRaw("bigtext", {{"tutorials/x.toml", std::string((1 << 20) + 1, '#')}}),
                  "'tutorials/x.toml' is over the size limit of 1 MB");
}

TEST_F(PackTest, RefusesAnArchiveOverTheSizeLimit) {
    m_opt.limits.maxArchiveBytes = 1000;
    expectRefused(signedPack("2026.12.1", "bai-moi-1"), "over the limit");
}

TEST_F(PackTest, RefusesAnInvalidManifest) {
    const fs::path pack = m_dir / "badmanifest.tar";
    ASSERT_TRUE(writeRawTar(pack, {{"pack.toml", "version = \"2026.12\"\ndate = \"soon\"\n"}}));
    ASSERT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
    expectRefused(pack, "pack.toml:2: error: 'date' must be a day");
}

TEST_F(PackTest, RefusesAPackForANewerKiosk) {
    const fs::path pack = m_dir / "newkiosk.tar";
    std::string manifest = manifestFor("2026.12.1");
    manifest.replace(manifest.find("\"0.1.0\""), 7, "\"9.0\"");
    ASSERT_TRUE(writeRawTar(pack, {{"pack.toml", manifest}}));
    ASSERT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
    expectRefused(pack, "needs kiosk version 9.0");
}

TEST_F(PackTest, RefusesBrokenContentNamingFileAndLine) {
    const fs::path assets = assetsCopy(m_dir / "broken", "bai-moi-1");
    writeText(assets / "tutorials" / "99-bai-moi-1.toml",
              "id = \"bai-moi-1\"\nskill = 9\ntitle = { vi = \"x\", en = \"x\" }\n");
    const fs::path pack = m_dir / "broken.tar.zst";
    ASSERT_EQ(packFolder(assets, "2026.12.1", pack, PackCompression::Zstd), "");
    ASSERT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
    expectRefused(pack, "tutorials/99-bai-moi-1.toml:2:");
}

TEST_F(PackTest, RefusesAPortalOutsideTheKiosksAllowlist) {
    const fs::path assets = assetsCopy(m_dir / "evil", "");
    std::ofstream(assets / "portals.toml", std::ios::app)
        << "\n[[portal]]\nid = \"fake\"\nurl = \"https://dichvucong.gov.vn.evil.com\"\n"
           "title = { vi = \"Giả\", en = \"Fake\" }\ndescription = { vi = \"x\", en = \"x\" }\n";
    const fs::path pack = m_dir / "evil.tar";
    ASSERT_EQ(packFolder(assets, "2026.12.1", pack, PackCompression::None), "");
    ASSERT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
    expectRefused(pack, "not on the allowlist");
    expectRefused(pack, "portals.toml:");
    // and the kiosk's own allowlist decides: a pack valid elsewhere is refused here
    m_opt.config.allowedHosts = {"dichvucong.gov.vn"};
    expectRefused(signedPack("2026.12.2", "bai-moi-2"), "not on the allowlist");
}

TEST_F(PackTest, AnInterruptedInstallLeavesGarbageThatTheNextInstallRemoves) {
    fs::create_directories(m_dir / "data" / "content" / "staging-1" / "content" / "tutorials");
    writeText(m_dir / "data" / "content" / "staging-1" / "content" / "tutorials" / "x.toml", "x");
    EXPECT_EQ(currentVersion(), "");
    EXPECT_FALSE(hasErrors(shown().diagnostics));
    ASSERT_TRUE(install(signedPack("2026.12.1", "bai-moi-1")).ok);
    EXPECT_FALSE(fs::exists(m_dir / "data" / "content" / "staging-1"));
}

TEST_F(PackTest, AllThreeCompressionsRead) {
    const fs::path assets = assetsCopy(m_dir / "a", "");
    for (auto c : {PackCompression::None, PackCompression::Gzip, PackCompression::Zstd}) {
        const fs::path pack = m_dir / "p.bin";
        ASSERT_EQ(packFolder(assets, "2026.12.1", pack, c), "");
        PackScan s = readPack(readBytes(pack), PackLimits{});
        EXPECT_TRUE(s.ok()) << s.error;
        EXPECT_TRUE(s.find("portals.toml"));
    }
    EXPECT_FALSE(readPack("not an archive at all", PackLimits{}).ok());
}

// --- the stick ---------------------------------------------------------------------------

TEST_F(PackTest, StickListsPacksWithWhatTheyChange) {
    const fs::path stick = m_dir / "stick";
    const fs::path assets = assetsCopy(m_dir / "next", "bai-moi-1");
    // one lesson changed, one removed, one portal's address changed
    std::ofstream(assets / "tutorials" / "01-quet-ma-qr.toml", std::ios::app) << "\n# sửa\n";
    fs::remove(assets / "tutorials" / "14-nhom-zalo-thon.toml");
    fs::create_directories(stick / "TRAMSO" / "packs");
    const fs::path pack = stick / "TRAMSO" / "packs" / "tinh-2026.12.1.tar.gz";
    ASSERT_EQ(packFolder(assets, "2026.12.1", pack), "");
    ASSERT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
    writeText(stick / "TRAMSO" / "packs" / "unsigned.tar", "x");
    StickPacks found = findPacksOnStick(stick, fs::path(TRAMSO_SOURCE_DIR) / "assets", m_opt);
    ASSERT_EQ(found.error, "");
    ASSERT_EQ(found.packs.size(), 2u);
    const StickPack& p = found.packs[0];
    ASSERT_TRUE(p.manifest) << p.problem;
    EXPECT_EQ(p.manifest->version, "2026.12.1");
    EXPECT_EQ(p.diff.lessonsAdded, std::vector<std::string>{"99-bai-moi-1.toml"});
    EXPECT_EQ(p.diff.lessonsChanged, std::vector<std::string>{"01-quet-ma-qr.toml"});
    EXPECT_EQ(p.diff.lessonsRemoved, std::vector<std::string>{"14-nhom-zalo-thon.toml"});
    EXPECT_TRUE(p.diff.portalsChanged.empty());
    EXPECT_FALSE(found.packs[1].manifest);
    EXPECT_NE(found.packs[1].problem.find("signature"), std::string::npos);
    // and one read from the stick installs
    std::string error;
    auto src = readPackSource(stick, "tinh-2026.12.1.tar.gz", m_opt.limits, error);
    ASSERT_TRUE(src) << error;
    EXPECT_TRUE(installPack(ContentStore(m_dir / "data"), *src, m_opt).ok);
}

TEST_F(PackTest, StickWhoseTramsoFolderIsASymlinkIsRefused) {
    const fs::path stick = m_dir / "stick";
    const fs::path elsewhere = m_dir / "elsewhere";
    fs::create_directories(elsewhere / "packs");
    fs::create_directories(stick);
    fs::create_directory_symlink(elsewhere, stick / "TRAMSO");
    StickPacks found = findPacksOnStick(stick, fs::path(TRAMSO_SOURCE_DIR) / "assets", m_opt);
    EXPECT_NE(found.error.find("TRAMSO on the stick is a symbolic link"), std::string::npos)
        << found.error;
    // writes are refused the same way, and nothing lands in the other folder
    std::string error;
    Stick s = Stick::open(stick, error);
    EXPECT_FALSE(s.openAt("TRAMSO/kiosk", Stick::Mode::MakeDir, error));
    EXPECT_FALSE(s.openAt("TRAMSO/x.csv", Stick::Mode::CreateNew, error));
    EXPECT_FALSE(fs::exists(elsewhere / "kiosk"));
    EXPECT_FALSE(fs::exists(elsewhere / "x.csv"));
}

TEST_F(PackTest, StickWhosePacksFolderIsASymlinkIsRefused) {
    const fs::path stick = m_dir / "stick";
    fs::create_directories(stick / "TRAMSO");
    fs::create_directories(m_dir / "elsewhere");
    fs::create_directory_symlink(m_dir / "elsewhere", stick / "TRAMSO" / "packs");
    StickPacks found = findPacksOnStick(stick, fs::path(TRAMSO_SOURCE_DIR) / "assets", m_opt);
    EXPECT_NE(found.error.find("TRAMSO/packs on the stick is a symbolic link"), std::string::npos)
        << found.error;
}

TEST_F(PackTest, StickPackFileThatIsASymlinkIsNotRead) {
    const fs::path stick = m_dir / "stick";
    fs::create_directories(stick / "TRAMSO" / "packs");
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    fs::create_symlink(pack, stick / "TRAMSO" / "packs" / "p.tar.gz");
    StickPacks found = findPacksOnStick(stick, fs::path(TRAMSO_SOURCE_DIR) / "assets", m_opt);
    ASSERT_EQ(found.packs.size(), 1u);
    EXPECT_FALSE(found.packs[0].manifest);
    EXPECT_NE(found.packs[0].problem.find("symbolic link"), std::string::npos);
}

TEST_F(PackTest, StickHelperMakesFoldersAndFilesInsideOnly) {
    const fs::path stick = m_dir / "stick";
    fs::create_directories(stick);
    std::string error;
    Stick s = Stick::open(stick, error);
    ASSERT_TRUE(s.valid()) << error;
    StickFd dir = s.openAt("TRAMSO/tramso-01/20261201", Stick::Mode::MakeDir, error);
    ASSERT_TRUE(dir) << error;
    EXPECT_TRUE(fs::is_directory(stick / "TRAMSO" / "tramso-01" / "20261201"));
    // a path-based writer can work beneath the open folder through /proc/self/fd
    writeText(dir.procPath() / "report.txt", "ok");
    EXPECT_EQ(readBytes(stick / "TRAMSO" / "tramso-01" / "20261201" / "report.txt"), "ok");
    EXPECT_FALSE(s.openAt("../outside", Stick::Mode::MakeDir, error));
    EXPECT_NE(error.find("inside the stick"), std::string::npos);
    StickFd f = s.openAt("TRAMSO/new.txt", Stick::Mode::CreateNew, error);
    EXPECT_TRUE(f) << error;
    EXPECT_FALSE(s.openAt("TRAMSO/new.txt", Stick::Mode::CreateNew, error)); // never overwrites
    // a file symlink planted in the folder is not followed on write
    fs::create_symlink(m_dir / "victim", stick / "TRAMSO" / "planted");
    EXPECT_FALSE(s.openAt("TRAMSO/planted", Stick::Mode::CreateNew, error));
    EXPECT_FALSE(fs::exists(m_dir / "victim"));
}

TEST_F(PackTest, StickHelperRefusesAnotherFilesystem) {
    // /proc is never on the same device as a temporary folder
    std::string error;
    Stick s = Stick::open("/", error);
    ASSERT_TRUE(s.valid());
    EXPECT_FALSE(s.openAt("proc/self", Stick::Mode::Dir, error));
    EXPECT_NE(error.find("another filesystem"), std::string::npos) << error;
}
