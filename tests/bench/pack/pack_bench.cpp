// Install time of a content pack: the bundled content plus 50 MB of generated voice files
// (random bytes, as incompressible as real Ogg/Opus), gzip and zstd, signed with minisign.
// Prints each phase's share: signature, the whole install (unpack, fsync, check, switch).
//   pack_bench DIR   — works in DIR (removed and re-made), prints one line per compression
#include "kiosk/core/content/minisign.hpp"
#include "kiosk/core/content/pack_store.hpp"
#include "tests/support/pack_fixture.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

using namespace tramso;
using namespace tramso::test;
namespace fs = std::filesystem;

namespace {
double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pack_bench DIR\n");
        return 2;
    }
    const fs::path dir = argv[1];
    fs::remove_all(dir);
    fs::create_directories(dir);
    if (!makeMinisignKey(dir / "province", "province", dir / "keys")) {
        std::fprintf(stderr, "pack_bench: minisign is not installed\n");
        return 1;
    }
    const fs::path assets = assetsCopy(dir / "assets", "bai-moi");
    std::mt19937_64 rng(50);
    const int kVoiceFiles = 100; // 100 × 512 kB = 50 MB
    for (int i = 0; i < kVoiceFiles; ++i) {
        std::string voice(512 * 1024, '\0');
        for (size_t j = 0; j < voice.size(); j += 8) {
            const uint64_t r = rng();
            std::memcpy(&voice[j], &r, 8);
        }
        writeText(assets / "voice" / ("buoc-" + std::to_string(i) + ".ogg"), voice);
    }
    PackCheckOptions opt;
    opt.keysDir = dir / "keys";
    opt.kioskVersion = "0.1.0";
    for (auto [c, name] :
         {std::pair{PackCompression::Gzip, "gzip"}, std::pair{PackCompression::Zstd, "zstd"}}) {
        const fs::path pack = dir / (std::string("pack.") + name);
        if (std::string e = packFolder(assets, "2026.12.1", pack, c);
            !e.empty() || !minisignSign(pack, dir / "province" / "province.key")) {
            std::fprintf(stderr, "pack_bench: cannot make the pack: %s\n", e.c_str());
            return 1;
        }
        std::vector<double> sig, total;
        for (int run = 0; run < 5; ++run) {
            const fs::path data = dir / ("data-" + std::to_string(run));
            fs::remove_all(data);
            std::string error;
            auto t0 = std::chrono::steady_clock::now();
            auto src = readPackSource(pack, opt.limits, error);
            std::vector<std::string> problems;
            auto keys = loadMinisignKeys(opt.keysDir, problems);
            const bool ok = src && verifyMinisign(src->archive, src->signature, keys).key;
            sig.push_back(msSince(t0));
            t0 = std::chrono::steady_clock::now();
            InstallResult r = installPack(ContentStore(data), *src, opt);
            total.push_back(msSince(t0));
            if (!ok || !r.ok) {
                std::fprintf(stderr, "pack_bench: install failed: %s\n", r.error.c_str());
                return 1;
            }
            fs::remove_all(data);
        }
        std::sort(sig.begin(), sig.end());
        std::sort(total.begin(), total.end());
        std::printf("pack install (%s, %.1f MB pack, bundled content + 50 MB voice): median %.0f "
                    "ms (min %.0f, max %.0f) over 5 runs; read + signature alone %.0f ms\n",
                    name, static_cast<double>(fs::file_size(pack)) / 1e6, total[2], total[0],
                    total[4], sig[2]);
    }
    fs::remove_all(dir);
    return 0;
}
