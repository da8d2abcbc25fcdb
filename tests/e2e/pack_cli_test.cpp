// The content-pack commands run as a technician would, with the real binary (no display
// needed): pack build, minisign -S, content install/status/rollback/list, check-content.
#include "tests/e2e/cli_run.hpp"
#include "tests/support/pack_fixture.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

using namespace tramso::test;
namespace fs = std::filesystem;

class PackCli : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("tramso-packcli-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        ASSERT_TRUE(makeMinisignKey(m_dir / "province", "province", m_dir / "keys"));
        writeText(m_dir / "kiosk.toml",
                  "content_keys_dir = \"" + (m_dir / "keys").string() + "\"\nmm_per_px = 0.265\n");
    }
    void TearDown() override { fs::remove_all(m_dir); }

    CliRun tramso(const std::string& args) { return runTramso(m_dir / "kiosk.toml", args, m_dir); }
    std::string data() const { return "--data-dir '" + (m_dir / "data").string() + "'"; }
    // `tramso pack build` of the bundled assets plus a lesson, signed with minisign -S.
    fs::path build(const std::string& version, const std::string& lesson) {
        const fs::path assets = assetsCopy(m_dir / ("assets-" + version), lesson);
        const fs::path pack = m_dir / ("tinh-" + version + ".tar.zst");
        CliRun r = tramso("pack build '" + assets.string() + "' --version " + version + " -o '" +
                          pack.string() + "'");
        EXPECT_EQ(r.code, 0) << r.err;
        EXPECT_NE(r.err.find("minisign -S"), std::string::npos) << r.err;
        EXPECT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
        return pack;
    }

    fs::path m_dir;
};

TEST_F(PackCli, BuildInstallShowStatusRollback) {
    CliRun r = tramso("content " + data() + " status");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("installed: bundled content"), std::string::npos) << r.out;

    // how many lessons the bundled content shows, before the pack adds one
    r = tramso(data() + " check-content");
    const size_t counted = r.out.find(" tutorials");
    ASSERT_NE(counted, std::string::npos) << r.out;
    const int bundled = std::stoi(r.out.substr(r.out.rfind(' ', counted - 1) + 1));
    const std::string withPack = std::to_string(bundled + 1) + " tutorials";
    const std::string without = std::to_string(bundled) + " tutorials";

    const fs::path pack = build("2026.12.1", "bai-moi-e2e");
    r = tramso("content " + data() + " install '" + pack.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("installed content 2026.12.1"), std::string::npos) << r.out;

    // check-content (and so the kiosk) now loads the installed pack, with the new lesson
    r = tramso(data() + " check-content");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("installed content 2026.12.1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(withPack), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("0 errors"), std::string::npos) << r.out;

    r = tramso("content " + data() + " status");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("installed: 2026.12.1 (2026-"), std::string::npos) << r.out;
    std::string error;
    const std::string pub = readBytes(m_dir / "keys" / "province.pub");
    const size_t at = pub.find("public key ") + 11;
    const std::string id = pub.substr(at, pub.find('\n', at) - at); // as minisign prints it
    EXPECT_NE(r.out.find("signer key: " + id), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("previous (kept for rollback): bundled content"), std::string::npos)
        << r.out;

    r = tramso("content " + data() + " rollback");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("from 2026.12.1 to bundled content"), std::string::npos) << r.out;
    r = tramso(data() + " check-content");
    EXPECT_NE(r.out.find(without), std::string::npos) << r.out;
}

TEST_F(PackCli, TheKioskOpensTheInstalledLesson) {
    if (!std::getenv("DISPLAY")) {
        GTEST_SKIP() << "needs a display (ctest runs e2e_tests under xvfb-run)";
    }
    const fs::path pack = build("2026.12.1", "bai-moi-e2e");
    ASSERT_EQ(tramso("content " + data() + " install '" + pack.string() + "'").code, 0);
    const fs::path dump = m_dir / "ui.json";
    CliRun r = tramso(data() + " --windowed 1280x800 --open tutorial:bai-moi-e2e --frames 3 " +
                      "--dump-ui '" + dump.string() + "'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("content 2026.12.1 from"), std::string::npos) << r.err;
    EXPECT_NE(readBytes(dump).find("Không bấm vào đường dẫn lạ."), std::string::npos);
    // --assets still wins: the bundled content has no such lesson
    r = tramso(data() + " --assets '" + (fs::path(TRAMSO_SOURCE_DIR) / "assets").string() +
               "' --windowed 1280x800 --open tutorial:bai-moi-e2e --frames 1");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown tutorial"), std::string::npos) << r.err;
}

TEST_F(PackCli, RefusalsSayWhyAndChangeNothing) {
    const fs::path pack = build("2026.12.2", "bai-moi-e2e");
    ASSERT_EQ(tramso("content " + data() + " install '" + pack.string() + "'").code, 0);
    // an older one
    CliRun r = tramso("content " + data() + " install '" + build("2026.12.1", "x").string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not newer than the installed 2026.12.2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Nothing was changed"), std::string::npos) << r.err;
    // a flipped byte
    const fs::path next = build("2026.12.3", "y");
    std::string bytes = readBytes(next);
    bytes[100] ^= 0x20;
    writeText(next, bytes);
    r = tramso("content " + data() + " install '" + next.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("does not match"), std::string::npos) << r.err;
    // no signature
    fs::remove(next.string() + ".minisig");
    r = tramso("content " + data() + " install '" + next.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no signature"), std::string::npos) << r.err;
    r = tramso("content " + data() + " status");
    EXPECT_NE(r.out.find("installed: 2026.12.2"), std::string::npos) << r.out;
}

TEST_F(PackCli, BuildRefusesBrokenContentWithFileAndLine) {
    const fs::path assets = assetsCopy(m_dir / "broken", "");
    writeText(assets / "tutorials" / "99-x.toml", "id = \"x\"\nskill = 7\n");
    CliRun r = tramso("pack build '" + assets.string() + "' --version 2026.12.1 -o '" +
                      (m_dir / "p.tar.gz").string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("99-x.toml:"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "p.tar.gz"));
}

TEST_F(PackCli, ListShowsPacksOnAStickAndRefusesALinkedFolder) {
    const fs::path stick = m_dir / "stick";
    fs::create_directories(stick / "TRAMSO" / "packs");
    const fs::path pack = build("2026.12.1", "bai-moi-e2e");
    fs::copy_file(pack, stick / "TRAMSO" / "packs" / pack.filename());
    fs::copy_file(pack.string() + ".minisig",
                  stick / "TRAMSO" / "packs" / (pack.filename().string() + ".minisig"));
    CliRun r = tramso("content " + data() + " list '" + stick.string() + "'");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("version 2026.12.1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("lessons added: 99-bai-moi-e2e.toml"), std::string::npos) << r.out;

    const fs::path bad = m_dir / "badstick";
    fs::create_directories(bad);
    fs::create_directory_symlink(stick / "TRAMSO", bad / "TRAMSO");
    r = tramso("content " + data() + " list '" + bad.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
}
