// Hostile ground, as an attacker would build a stick: FIFOs and links where packs, signatures
// and manifests should be, names with control characters, a stick that stops answering,
// a picture bomb, a replayed old pack after a rollback, and a pack of 1,100 folders under the
// service's descriptor limit. Each is refused (or installed) quickly with a clear message.
#include "db/export.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/pack.hpp"
#include "kiosk/core/content/pack_store.hpp"
#include "kiosk/core/stick/stick_fs.hpp"
#include "tests/support/pack_fixture.hpp"
#include "tests/support/png_bomb.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace tramso;
using namespace tramso::test;
namespace fs = std::filesystem;

class Hostile : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("tramso-hostile-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "stick" / "TRAMSO" / "packs");
        ASSERT_TRUE(makeMinisignKey(m_dir / "province", "province", m_dir / "keys"))
            << "minisign must be installed";
        m_opt.keysDir = m_dir / "keys";
        m_opt.kioskVersion = "0.1.0";
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path packs() const { return m_dir / "stick" / "TRAMSO" / "packs"; }
    fs::path signedPack(const std::string& version, const std::string& lessonId,
                        const fs::path& assetsIn = {}) {
        const fs::path assets =
            assetsIn.empty() ? assetsCopy(m_dir / ("assets-" + version), lessonId) : assetsIn;
        const fs::path pack = m_dir / ("pack-" + version + ".tar.gz");
        EXPECT_EQ(packFolder(assets, version, pack), "");
        EXPECT_TRUE(minisignSign(pack, m_dir / "province" / "province.key"));
        return pack;
    }
    InstallResult install(const fs::path& pack, bool allowDowngrade = false) {
        std::string error;
        auto src = readPackSource(pack, m_opt.limits, error);
        if (!src) {
            InstallResult r;
            r.error = error;
            return r;
        }
        PackCheckOptions o = m_opt;
        o.allowDowngrade = allowDowngrade;
        return installPack(ContentStore(m_dir / "data"), *src, o);
    }
    StickPacks list() {
        return findPacksOnStick(m_dir / "stick", fs::path(TRAMSO_SOURCE_DIR) / "assets", m_opt);
    }

    fs::path m_dir;
    PackCheckOptions m_opt;
};

namespace {

// A character device node at `at` whose major number has no driver (60: "local/experimental
// use"): opening it fails with ENXIO (or EACCES on a nodev mount), so a reader that opens it
// before looking says "No such device…" instead of naming it a device. False when this
// process may not make device nodes.
bool makeDeviceNode(const fs::path& at) {
    return ::mknod(at.c_str(), S_IFCHR | 0644, makedev(60, 0)) == 0;
}

} // namespace

TEST(StickNames, ControlCharactersAreEscapedAndTextIsKept) {
    EXPECT_EQ(printableName("a.tar\n: version 2027.1.0, signed by ab12"),
              "a.tar\\n: version 2027.1.0, signed by ab12");
    EXPECT_EQ(printableName("\x1b[2J\x1b[Hx.tar"), "\\e[2J\\e[Hx.tar");
    EXPECT_EQ(printableName("tab\there\r\x7f"), "tab\\there\\r\\x7f");
    EXPECT_EQ(printableName("back\\slash"), "back\\\\slash");
    EXPECT_EQ(printableName("gói-tháng-12.tar.gz"), "gói-tháng-12.tar.gz"); // Vietnamese kept
    EXPECT_EQ(printableName("c1\xc2\x9b"
                            "31m"),
              "c1\\u009b31m");                                               // C1 CSI
    EXPECT_EQ(printableName("bad\xff\xfe"), "bad\\xff\\xfe");                // not UTF-8
    EXPECT_EQ(printableName("rtl\xe2\x80\xaegpj.tar"), "rtl\\u202egpj.tar"); // bidi override
}

TEST(StickSizes, LimitsAreSaidInBytesKilobytesOrMegabytes) {
    EXPECT_EQ(sizeText(300), "300 bytes");
    EXPECT_EQ(sizeText(4096), "4 kB");
    EXPECT_EQ(sizeText(5u << 20), "5 MB");
}

TEST(StickAbandon, AReadThatNeverReturnsIsGivenUpAndTheCallerGoesOn) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    const int readEnd = p[0];
    auto done = std::make_shared<std::atomic<bool>>(false);
    const auto start = std::chrono::steady_clock::now();
    const bool finished = runAbandonable(
        [readEnd, done] {
            char c;
            (void)!::read(readEnd, &c, 1); // a stick that stopped answering
            *done = true;
        },
        std::chrono::milliseconds(300));
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(finished);
    EXPECT_LT(took, std::chrono::seconds(5));
    EXPECT_FALSE(*done);
    // the left-behind thread ends when its read returns; nothing else waited for it
    ASSERT_EQ(::write(p[1], "x", 1), 1);
    for (int i = 0; i < 200 && !*done; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(*done);
    ::close(p[0]);
    ::close(p[1]);
}

TEST(StickAbandon, WorkThatKeepsMovingIsNotCutShortAndCancelStopsTheWait) {
    std::string got;
    auto out = std::make_shared<std::string>();
    EXPECT_TRUE(runAbandonable([out] { *out = "read"; }, std::chrono::milliseconds(200)));
    EXPECT_EQ(*out, "read");
    std::atomic<bool> cancel{true};
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    const int readEnd = p[0];
    const auto start = std::chrono::steady_clock::now();
    auto readDone = std::make_shared<std::atomic<bool>>(false);
    EXPECT_FALSE(runAbandonable(
        [readEnd, readDone] {
            char c;
            (void)!::read(readEnd, &c, 1);
            readDone->store(true);
        },
        std::chrono::hours(1), &cancel));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    // the abandoned read is let go, and the pipe closed only once it has returned
    ASSERT_EQ(::write(p[1], "x", 1), 1);
    for (int i = 0; i < 1000 && !readDone->load(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(readDone->load());
    ::close(p[0]);
    ::close(p[1]);
}

TEST_F(Hostile, AFifoPackOnTheStickIsRefusedWithoutBlocking) {
    ASSERT_EQ(::mkfifo((packs() / "x.tar").c_str(), 0644), 0);
    const auto start = std::chrono::steady_clock::now();
    StickPacks found = list();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    ASSERT_EQ(found.error, "");
    ASSERT_EQ(found.packs.size(), 1u);
    EXPECT_FALSE(found.packs[0].manifest);
    EXPECT_NE(found.packs[0].problem.find("named pipe (FIFO)"), std::string::npos)
        << found.packs[0].problem;
    // and as `content install PACK` reads it
    std::string error;
    EXPECT_FALSE(readPackSource(packs() / "x.tar", m_opt.limits, error));
    EXPECT_NE(error.find("named pipe (FIFO)"), std::string::npos) << error;
}

TEST_F(Hostile, AFifoSignatureIsRefusedWithoutBlocking) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    fs::copy_file(pack, packs() / "p.tar.gz");
    ASSERT_EQ(::mkfifo((packs() / "p.tar.gz.minisig").c_str(), 0644), 0);
    StickPacks found = list();
    ASSERT_EQ(found.packs.size(), 1u);
    EXPECT_NE(found.packs[0].problem.find("p.tar.gz.minisig on the stick is a named pipe"),
              std::string::npos)
        << found.packs[0].problem;
    std::string error;
    EXPECT_FALSE(readPackSource(packs() / "p.tar.gz", m_opt.limits, error));
    EXPECT_NE(error.find("named pipe"), std::string::npos) << error;
}

TEST_F(Hostile, ALinkedPackGivenToInstallIsNotFollowed) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    fs::create_symlink(pack, packs() / "p.tar.gz");
    fs::create_symlink(pack.string() + ".minisig", packs() / "p.tar.gz.minisig");
    std::string error;
    EXPECT_FALSE(readPackSource(packs() / "p.tar.gz", m_opt.limits, error));
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
}

TEST_F(Hostile, AnOversizeSignatureGivesItsSizeAndTheLimitInBytes) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    writeText(pack.string() + ".minisig", std::string(5000, 'x'));
    std::string error;
    EXPECT_FALSE(readPackSource(pack, m_opt.limits, error));
    EXPECT_NE(error.find("is 4 kB (5000 bytes), over the limit of 4 kB (4096 bytes)"),
              std::string::npos)
        << error;
    EXPECT_EQ(error.find("0 MB"), std::string::npos) << error;
}

TEST_F(Hostile, APackNameWithANewlineOrEscapeIsShownEscaped) {
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    const std::string name = "a.tar.gz\n: version 2027.1.0, signed by x\x1b[2J.tar";
    fs::copy_file(pack, packs() / name);
    StickPacks found = list();
    ASSERT_EQ(found.packs.size(), 1u);
    EXPECT_EQ(printableName(found.packs[0].file),
              "a.tar.gz\\n: version 2027.1.0, signed by x\\e[2J.tar");
    // its problem (no signature) names it escaped too
    EXPECT_EQ(found.packs[0].problem.find('\n'), std::string::npos) << found.packs[0].problem;
    EXPECT_EQ(found.packs[0].problem.find('\x1b'), std::string::npos) << found.packs[0].problem;
}

TEST_F(Hostile, AnOldExportWithAFifoManifestIsListedWithoutBlockingAndNamesAreEscaped) {
    const fs::path k = m_dir / "stick" / "TRAMSO" / "xa-1";
    fs::create_directories(k / "20261201-100000");
    ASSERT_EQ(::mkfifo((k / "20261201-100000" / "MANIFEST.sha256").c_str(), 0644), 0);
    fs::create_directories(k / "bad\nname\x1b[2J");
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::string> found = db::incompleteExports(m_dir / "stick");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0], "TRAMSO/xa-1/20261201-100000");
    EXPECT_EQ(found[1], "TRAMSO/xa-1/bad\\nname\\e[2J");
}

TEST_F(Hostile, AnOlderPackIsRefusedEvenAfterARollbackUnlessConfirmed) {
    ASSERT_TRUE(install(signedPack("2026.5.0", "bai-moi-5")).ok);
    const RollbackResult b = rollbackContent(ContentStore(m_dir / "data"));
    ASSERT_TRUE(b.ok) << b.error;
    EXPECT_EQ(b.to, ""); // the bundled content
    EXPECT_EQ(ContentStore(m_dir / "data").highestVersion(), "2026.5.0");
    const fs::path old = signedPack("2026.2.0", "bai-moi-2");
    InstallResult r = install(old);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.downgrade);
    EXPECT_NE(r.error.find("2026.2.0 is older than 2026.5.0"), std::string::npos) << r.error;
    EXPECT_FALSE(ContentStore(m_dir / "data").current()) << "nothing changed";
    // the technician's deliberate downgrade; rollback then returns to what was shown before
    r = install(old, true);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.previousVersion, "");
    EXPECT_FALSE(ContentStore(m_dir / "data").previous()) << "rollback returns to the bundled";
    const RollbackResult back = rollbackContent(ContentStore(m_dir / "data"));
    ASSERT_TRUE(back.ok) << back.error;
    EXPECT_EQ(back.to, "");
    // the newest ever installed is still remembered
    EXPECT_EQ(ContentStore(m_dir / "data").highestVersion(), "2026.5.0");
}

TEST_F(Hostile, APackOf1100FoldersInstallsUnderTheServicesDescriptorLimit) {
    const fs::path assets = assetsCopy(m_dir / "assets-many", "bai-moi-1");
    for (int i = 0; i < 1100; ++i) {
        fs::create_directories(assets / "extra" / ("d" + std::to_string(i)));
    }
    const fs::path pack = signedPack("2026.12.1", "", assets);
    rlimit before{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &before), 0);
    rlimit low = before;
    low.rlim_cur = std::min<rlim_t>(1024, before.rlim_max);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
    InstallResult r = install(pack);
    ::setrlimit(RLIMIT_NOFILE, &before);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_TRUE(
        fs::is_directory(ContentStore(m_dir / "data").current()->assets() / "extra" / "d1099"));
}

TEST_F(Hostile, APictureBombIsRefusedFromItsHeaderAtLoadAndInstall) {
    const fs::path assets = assetsCopy(m_dir / "assets-bomb");
    fs::create_directories(assets / "images");
    ASSERT_TRUE(writePngBomb(assets / "images" / "bom.png", 16384, 16384));
    EXPECT_LT(fs::file_size(assets / "images" / "bom.png"), 64u * 1024);
    writeText(assets / "tutorials" / "99-anh.toml",
              "id = \"co-anh\"\nskill = 2\nminutes = 2\ntitle = { vi = \"Bài có ảnh\", en = "
              "\"With a picture\" }\nsummary = { vi = \"Ảnh\", en = \"Picture\" }\n[[steps]]\n"
              "text = { vi = \"Xem ảnh.\", en = \"Look at the picture.\" }\nimage = \"bom.png\"\n");
    // check-content (and pack build, which applies it) and the kiosk's load
    const Content c = loadContent(assets, m_opt.config);
    std::string all;
    for (const Diagnostic& d : c.diagnostics) {
        all += d.format() + "\n";
    }
    EXPECT_NE(all.find("99-anh.toml:8: error: image 'bom.png' is 16384×16384 pixels, over the "
                       "limit of 4096×4096"),
              std::string::npos)
        << all;
    // the lesson never hands the picture to a decoder
    if (const Tutorial* t = c.tutorials.find("co-anh")) {
        for (const Step& s : t->steps) {
            EXPECT_TRUE(s.image.empty());
        }
    }
    // install
    InstallResult r = install(signedPack("2026.12.1", "", assets));
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("16384×16384"), std::string::npos) << r.error;
    // a picture within the limit still passes
    ASSERT_TRUE(writePngBomb(assets / "images" / "bom.png", 4096, 4096));
    const Content ok = loadContent(assets, m_opt.config);
    for (const Diagnostic& d : ok.diagnostics) {
        EXPECT_EQ(d.message.find("bom.png"), std::string::npos) << d.format();
    }
}

TEST_F(Hostile, ADeviceNodeNamedLikeAPackIsRefusedByNameAndNeverOpened) {
    if (!makeDeviceNode(packs() / "z.tar.gz")) {
        GTEST_SKIP() << "making a device node needs root (CAP_MKNOD)";
    }
    const fs::path pack = signedPack("2026.12.1", "bai-moi-1");
    fs::copy_file(pack, packs() / "a.tar.gz");
    ASSERT_TRUE(makeDeviceNode(packs() / "a.tar.gz.minisig"));
    const auto start = std::chrono::steady_clock::now();
    StickPacks found = list();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    ASSERT_EQ(found.error, "");
    ASSERT_EQ(found.packs.size(), 2u);
    EXPECT_FALSE(found.packs[0].manifest);
    EXPECT_NE(found.packs[0].problem.find("a.tar.gz.minisig on the stick is a device, not a "
                                          "plain file; refused"),
              std::string::npos)
        << found.packs[0].problem;
    EXPECT_FALSE(found.packs[1].manifest);
    EXPECT_NE(found.packs[1].problem.find("is a device, not a plain file"), std::string::npos)
        << found.packs[1].problem;
    // and as `content install PACK` reads it
    std::string error;
    EXPECT_FALSE(readPackSource(packs() / "z.tar.gz", m_opt.limits, error));
    EXPECT_NE(error.find("is a device, not a plain file"), std::string::npos) << error;
    error.clear();
    EXPECT_FALSE(readPackSource(packs() / "a.tar.gz", m_opt.limits, error));
    EXPECT_NE(error.find("is a device, not a plain file"), std::string::npos) << error;
}

TEST_F(Hostile, AnExportFolderIsReadLikeAStickWithoutAPlaceOfItsOwnInTheMessages) {
    const fs::path e = m_dir / "export";
    fs::create_directories(e);
    writeText(e / "summary.json", "{}");
    fs::create_symlink(e / "summary.json", e / "sessions.csv");
    ASSERT_EQ(::mkfifo((e / "report.html").c_str(), 0644), 0);
    std::string why;
    const Stick dir = Stick::open(e, why, "");
    ASSERT_TRUE(dir.valid()) << why;
    EXPECT_TRUE(dir.has("sessions.csv")) << "a link is there, though never followed";
    EXPECT_FALSE(dir.has("events.csv"));
    EXPECT_EQ(dir.sha256("summary.json", 100, why),
              "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    EXPECT_EQ(dir.sha256("sessions.csv", 100, why), "");
    EXPECT_EQ(why, "sessions.csv is a symbolic link, never followed; refused");
    EXPECT_FALSE(dir.readFile("report.html", 100, why));
    EXPECT_EQ(why, "report.html is a named pipe (FIFO), not a plain file; refused");
    EXPECT_FALSE(dir.openFile("summary.json", 1, why));
    EXPECT_EQ(why, "summary.json is 2 bytes, over the limit of 1 byte");
    if (makeDeviceNode(e / "stats.sqlite")) {
        EXPECT_FALSE(dir.openFile("stats.sqlite", 100, why));
        EXPECT_EQ(why, "stats.sqlite is a device, not a plain file; refused");
    }
}
