// A hostile stick against the real binary, as a technician's shell meets it: FIFOs and links
// where packs, signatures and old exports' manifests should be (a tmpfs mounted for the test
// when run as root, else a plain folder), a real FAT stick (fusefat) that stops answering, a
// picture bomb, an export to a stick that stops answering, a replayed older pack after a rollback,
// 1,100 folders under `ulimit -n 1024`, names with control characters, and trust anchors anyone can
// write. Every command runs under `timeout`; each must end well within it with a clear message. The
// time each took is printed (and recorded as a test property) for the report; it is never asserted.
#include "db/stats_store.hpp"
#include "tests/support/pack_fixture.hpp"
#include "tests/support/png_bomb.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace tramso;
using namespace tramso::test;
namespace fs = std::filesystem;

namespace {

constexpr int kBoundSeconds = 60; // `timeout` kills a command that hangs (exit 124)

int sh(const std::string& cmd) {
    int st = std::system(cmd.c_str());
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string q(const fs::path& p) {
    return "'" + p.string() + "'";
}

struct CliRun {
    int code = -1;
    std::string out, err;
    double seconds = 0;
};

} // namespace

class StickCli : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = freshDir(std::string("stickcli-") +
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir / "stick");
        // a real mount when allowed: the stick is then its own filesystem, as in the field
        m_mounted = geteuid() == 0 && sh("mount -t tmpfs -o size=64m tramso-stick " +
                                         q(m_dir / "stick") + " 2>/dev/null") == 0;
        fs::create_directories(packs());
        ASSERT_TRUE(makeMinisignKey(m_dir / "province", "province", m_dir / "keys"));
        fs::permissions(m_dir / "keys", fs::perms(0755));
        writeText(m_dir / "kiosk.toml",
                  "content_keys_dir = \"" + (m_dir / "keys").string() + "\"\nmm_per_px = 0.265\n");
    }
    void TearDown() override {
        if (m_fuse) {
            ::kill(m_fuse, SIGCONT);
        }
        sh("fusermount -u -z " + q(m_dir / "fat") + " 2>/dev/null");
        if (m_fuse) {
            ::kill(m_fuse, SIGKILL);
        }
        if (m_mounted) {
            sh("umount -l " + q(m_dir / "stick") + " 2>/dev/null");
        }
        fs::remove_all(m_dir);
    }
    fs::path packs() const { return m_dir / "stick" / "TRAMSO" / "packs"; }

    // `tramso ARGS` under `timeout`, with the test's config; `prefix` runs before it in the
    // same shell (an ulimit).
    CliRun tramso(const std::string& args, const std::string& prefix = "") {
        CliRun r;
        const fs::path out = m_dir / "out.txt", err = m_dir / "err.txt";
        const std::string cmd =
            "bash -c " +
            q(prefix + "exec timeout -s KILL " + std::to_string(kBoundSeconds) + " " +
              TRAMSO_BINARY + " --config " + (m_dir / "kiosk.toml").string() + " " + args) +
            " > " + q(out) + " 2> " + q(err);
        const auto start = std::chrono::steady_clock::now();
        int st = std::system(cmd.c_str());
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        r.out = readBytes(out);
        r.err = readBytes(err);
        const std::string what = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::fprintf(stderr, "[ timing ] %s: `tramso %.60s` ended in %.3f s (exit %d)\n",
                     what.c_str(), args.c_str(), r.seconds, r.code);
        ::testing::Test::RecordProperty("seconds", std::to_string(r.seconds));
        return r;
    }
    std::string data() const { return "--data-dir " + (m_dir / "data").string(); }
    fs::path signedPack(const std::string& version, const std::string& lesson, const fs::path& into,
                        const fs::path& assetsIn = {}) {
        const fs::path assets =
            assetsIn.empty() ? assetsCopy(m_dir / ("assets-" + version), lesson) : assetsIn;
        const fs::path pack = into / ("tinh-" + version + ".tar.gz");
        EXPECT_EQ(packFolder(assets, version, pack), "");
        EXPECT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
        return pack;
    }
    void makeStats() {
        fs::create_directories(m_dir / "data");
        auto opened = db::StatsStore::open(m_dir / "data" / "stats.sqlite");
        ASSERT_TRUE(opened.store);
    }
    // A vfat image mounted by fusefat at m_dir/fat; false when that cannot be done here.
    bool mountFat() {
        fs::create_directories(m_dir / "fat");
        const fs::path img = m_dir / "fat.img";
        if (sh("command -v fusefat >/dev/null && command -v mkfs.vfat >/dev/null") != 0 ||
            !fs::exists("/dev/fuse") ||
            sh("mkfs.vfat -C " + q(img) + " 65536 >/dev/null 2>&1") != 0) {
            return false;
        }
        const fs::path pidFile = m_dir / "fusefat.pid";
        sh("fusefat -f -o rw+ " + q(img) + " " + q(m_dir / "fat") +
           " >/dev/null 2>&1 & echo $! > " + q(pidFile));
        for (int i = 0; i < 50; ++i) {
            if (sh("mountpoint -q " + q(m_dir / "fat")) == 0) {
                m_fuse = static_cast<pid_t>(std::stol(readText(pidFile)));
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    fs::path m_dir;
    bool m_mounted = false;
    pid_t m_fuse = 0;
};

TEST_F(StickCli, ContentListWithAFifoPackAndAFifoSignatureEndsAndSaysSo) {
    ASSERT_EQ(::mkfifo((packs() / "x.tar").c_str(), 0644), 0);
    signedPack("2026.12.1", "bai-moi-1", packs());
    fs::remove(packs() / "tinh-2026.12.1.tar.gz.minisig");
    ASSERT_EQ(::mkfifo((packs() / "tinh-2026.12.1.tar.gz.minisig").c_str(), 0644), 0);
    CliRun r = tramso(data() + " content list " + (m_dir / "stick").string());
    ASSERT_NE(r.code, -1);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("x.tar: cannot be installed: TRAMSO/packs/x.tar on the stick is a named "
                         "pipe (FIFO), not a plain file; refused"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("tinh-2026.12.1.tar.gz: cannot be installed: no signature beside the "
                         "pack that can be used: TRAMSO/packs/tinh-2026.12.1.tar.gz.minisig on "
                         "the stick is a named pipe (FIFO)"),
              std::string::npos)
        << r.out;
}

TEST_F(StickCli, ContentInstallOfAFifoOrALinkIsRefusedAtOnce) {
    ASSERT_EQ(::mkfifo((packs() / "x.tar").c_str(), 0644), 0);
    CliRun r = tramso(data() + " content install " + (packs() / "x.tar").string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("x.tar on " + packs().string() + " is a named pipe (FIFO)"),
              std::string::npos)
        << r.err;
    // a good pack whose signature is a FIFO
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1", packs());
    fs::remove(pack.string() + ".minisig");
    ASSERT_EQ(::mkfifo((pack.string() + ".minisig").c_str(), 0644), 0);
    r = tramso(data() + " content install " + pack.string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(".minisig on " + packs().string() + " is a named pipe"), std::string::npos)
        << r.err;
    // a pack that is a link (to a pack elsewhere) is not followed
    fs::create_directories(m_dir / "elsewhere");
    const fs::path real = signedPack("2026.12.2", "bai-moi-2", m_dir / "elsewhere");
    fs::create_symlink(real, packs() / "link.tar.gz");
    fs::create_symlink(real.string() + ".minisig", packs() / "link.tar.gz.minisig");
    r = tramso(data() + " content install " + (packs() / "link.tar.gz").string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("link.tar.gz on " + packs().string() + " is a symbolic link"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "data" / "content" / "current"));
}

TEST_F(StickCli, ExportWithAFifoOrLinkedManifestInAnOldExportEndsAndNotesIt) {
    makeStats();
    const fs::path old = m_dir / "stick" / "TRAMSO" / "xa-1";
    fs::create_directories(old / "20261201-100000");
    ASSERT_EQ(::mkfifo((old / "20261201-100000" / "MANIFEST.sha256").c_str(), 0644), 0);
    fs::create_directories(old / "20261202-100000");
    ASSERT_EQ(::mkfifo((m_dir / "fifo").c_str(), 0644), 0);
    fs::create_symlink(m_dir / "fifo", old / "20261202-100000" / "MANIFEST.sha256");
    fs::create_directories(old / "bad\nname\x1b[2J");
    CliRun r = tramso(data() + " export --to " + (m_dir / "stick").string());
    ASSERT_NE(r.code, -1);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("note: TRAMSO/xa-1/20261201-100000 is an incomplete export"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("note: TRAMSO/xa-1/20261202-100000 is an incomplete export"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("note: TRAMSO/xa-1/bad\\nname\\e[2J is an incomplete export"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "no raw escape reaches the terminal";
}

TEST_F(StickCli, APackNameWithANewlineOrEscapeCannotFakeALine) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1", m_dir);
    const std::string name = "a.tar.gz\n: version 2027.1.0, signed by 0123456789ABCDEF\x1b[2J.tar";
    fs::copy_file(pack, packs() / name);
    CliRun r = tramso(data() + " content list " + (m_dir / "stick").string());
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.find("\n: version 2027.1.0"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("a.tar.gz\\n: version 2027.1.0, signed by 0123456789ABCDEF\\e[2J.tar: "
                         "cannot be installed"),
              std::string::npos)
        << r.out;
}

TEST_F(StickCli, AFatStickWorksAndOneThatStopsAnsweringIsGivenUp) {
    if (!mountFat()) {
        GTEST_SKIP() << "fusefat, mkfs.vfat or /dev/fuse is not available here";
    }
    fs::create_directories(m_dir / "fat" / "TRAMSO" / "packs");
    signedPack("2026.12.1", "bai-moi-1", m_dir / "fat" / "TRAMSO" / "packs");
    CliRun r = tramso(data() + " content list " + (m_dir / "fat").string());
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("tinh-2026.12.1.tar.gz: version 2026.12.1"), std::string::npos) << r.out;
    // the FAT driver stops answering (a dying stick): every read of it waits in the kernel
    ASSERT_EQ(::kill(m_fuse, SIGSTOP), 0);
    r = tramso(data() + " content list " + (m_dir / "fat").string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("the stick stopped answering"), std::string::npos) << r.err;
    r = tramso(data() + " content install " +
               (m_dir / "fat" / "TRAMSO" / "packs" / "tinh-2026.12.1.tar.gz").string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("stopped answering"), std::string::npos) << r.err;
    ::kill(m_fuse, SIGCONT);
}

TEST_F(StickCli, AnExportToAStickThatStopsAnsweringIsGivenUpWithAMessage) {
    if (!mountFat()) {
        GTEST_SKIP() << "fusefat, mkfs.vfat or /dev/fuse is not available here";
    }
    makeStats();
    CliRun r = tramso(data() + " export --to " + (m_dir / "fat").string());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("verified"), std::string::npos) << r.err;
    // the FAT driver stops answering: the export's first look at the stick waits for good
    ASSERT_EQ(::kill(m_fuse, SIGSTOP), 0);
    r = tramso(data() + " export --to " + (m_dir / "fat").string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("stopped answering (nothing moved for 15 s); the export was given up"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "") << "no folder is named as exported";
    ::kill(m_fuse, SIGCONT);
}

TEST_F(StickCli, APictureBombIsRefusedByCheckContentAndPackBuild) {
    const fs::path assets = assetsCopy(m_dir / "assets-bomb");
    fs::create_directories(assets / "images");
    ASSERT_TRUE(writePngBomb(assets / "images" / "bom.png", 16384, 16384));
    writeText(assets / "tutorials" / "99-anh.toml",
              "id = \"co-anh\"\nskill = 2\nminutes = 2\ntitle = { vi = \"Bài có ảnh\", en = "
              "\"With a picture\" }\nsummary = { vi = \"Ảnh\", en = \"Picture\" }\n[[steps]]\n"
              "text = { vi = \"Xem ảnh.\", en = \"Look at the picture.\" }\nimage = \"bom.png\"\n");
    CliRun r = tramso("check-content " + assets.string());
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("99-anh.toml:8: error: image 'bom.png' is 16384×16384 pixels, over the "
                         "limit of 4096×4096"),
              std::string::npos)
        << r.out;
    r = tramso("pack build " + assets.string() + " --version 2026.12.1 -o " +
               (m_dir / "bom.tar.gz").string());
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("image 'bom.png' is 16384×16384 pixels"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "bom.tar.gz"));
}

TEST_F(StickCli, AnOlderPackAfterARollbackNeedsADeliberateDowngrade) {
    CliRun r =
        tramso(data() + " content install " + signedPack("2026.5.0", "bai-moi-5", m_dir).string());
    ASSERT_EQ(r.code, 0) << r.err;
    r = tramso(data() + " content rollback");
    ASSERT_EQ(r.code, 0) << r.err;
    const fs::path old = signedPack("2026.2.0", "bai-moi-2", m_dir);
    r = tramso(data() + " content install " + old.string());
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("version 2026.2.0 is older than 2026.5.0, which this kiosk installed "
                         "before"),
              std::string::npos)
        << r.err;
    r = tramso(data() + " content install --allow-downgrade " + old.string());
    EXPECT_EQ(r.code, 0) << r.err;
    // rollback returns to what was shown before: the bundled content, as the message says
    EXPECT_NE(r.out.find("installed content 2026.2.0 (previous: bundled content kept for "
                         "rollback)"),
              std::string::npos)
        << r.out;
    r = tramso(data() + " content rollback");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("from 2026.2.0 to bundled content"), std::string::npos) << r.out;
}

TEST_F(StickCli, APackOf1100FoldersInstallsUnderUlimit1024) {
    const fs::path assets = assetsCopy(m_dir / "assets-many", "bai-moi-1");
    for (int i = 0; i < 1100; ++i) {
        fs::create_directories(assets / "extra" / ("d" + std::to_string(i)));
    }
    const fs::path pack = signedPack("2026.12.1", "", m_dir, assets);
    CliRun r = tramso(data() + " content install " + pack.string(), "ulimit -n 1024; ");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(
        fs::is_directory(m_dir / "data" / "content" / "current" / "content" / "extra" / "d1099"));
}

TEST_F(StickCli, DoctorFailsOnWritableTrustAnchorsAndADataFolderTheKioskCannotUse) {
    fs::create_directories(m_dir / "data");
    // the kiosk's account as doctor sees it: `tramso` where the package is installed (a
    // machine that ran the .deb's test), else whoever runs the test
    if (const passwd* pw = ::getpwnam("tramso"); pw && geteuid() == 0) {
        ASSERT_EQ(::chown((m_dir / "data").c_str(), pw->pw_uid, pw->pw_gid), 0);
    }
    auto trustLine = [](const std::string& out) {
        const size_t at = out.find("trust");
        return at == std::string::npos ? std::string()
                                       : out.substr(out.rfind('\n', at) + 1,
                                                    out.find('\n', at) - out.rfind('\n', at) - 1);
    };
    auto dataLine = [](const std::string& out) {
        const size_t at = out.find("  data ");
        return at == std::string::npos ? std::string()
                                       : out.substr(out.rfind('\n', at) + 1,
                                                    out.find('\n', at) - out.rfind('\n', at) - 1);
    };
    ::chmod((m_dir / "kiosk.toml").c_str(), 0644);
    ::chmod(m_dir.c_str(), 0755);
    for (const auto& e : fs::directory_iterator(m_dir / "keys")) {
        ::chmod(e.path().c_str(), 0644);
    }
    CliRun r = tramso(data() + " doctor");
    EXPECT_EQ(trustLine(r.out).rfind("ok", 0), 0u) << r.out;
    EXPECT_EQ(dataLine(r.out).rfind("ok", 0), 0u) << r.out;
    // the keys folder anyone can write
    ::chmod((m_dir / "keys").c_str(), 0777);
    r = tramso(data() + " doctor");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(trustLine(r.out).rfind("FAIL", 0), 0u) << r.out;
    EXPECT_NE(trustLine(r.out).find((m_dir / "keys").string() + " is 0777"), std::string::npos)
        << r.out;
    ::chmod((m_dir / "keys").c_str(), 0755);
    // a key file its group can write
    ::chmod((m_dir / "keys" / "province.pub").c_str(), 0664);
    r = tramso(data() + " doctor");
    EXPECT_NE(trustLine(r.out).find("province.pub is 0664"), std::string::npos) << r.out;
    ::chmod((m_dir / "keys" / "province.pub").c_str(), 0644);
    // the config (the portal allowlist) anyone can write
    ::chmod((m_dir / "kiosk.toml").c_str(), 0666);
    r = tramso(data() + " doctor");
    EXPECT_NE(trustLine(r.out).find("kiosk.toml is 0666"), std::string::npos) << r.out;
    ::chmod((m_dir / "kiosk.toml").c_str(), 0644);
    // data_dir = "/"
    writeText(m_dir / "kiosk.toml", "content_keys_dir = \"" + (m_dir / "keys").string() +
                                        "\"\nmm_per_px = 0.265\ndata_dir = \"/\"\n");
    ::chmod((m_dir / "kiosk.toml").c_str(), 0644);
    r = tramso("doctor");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(dataLine(r.out).rfind("FAIL", 0), 0u) << r.out;
    EXPECT_NE(dataLine(r.out).find("/ is a system folder"), std::string::npos) << r.out;
}
