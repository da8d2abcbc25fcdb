// Fuzz target for the content-pack reader: any bytes, as an archive (tar, gzip, zstd) and as
// a pack.toml, give a refusal or a scan, never a crash; nothing is written (no unpack folder).
#include "kiosk/core/content/pack.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    tramso::PackLimits limits;
    limits.maxFileBytes = 1 << 20; // keep a decompression bomb cheap for the fuzzer
    limits.maxTotalBytes = 8 << 20;
    tramso::readPack(bytes, limits);
    tramso::Diagnostics diag;
    tramso::parsePackManifest(bytes, "pack.toml", diag);
    std::string why;
    tramso::normalisePackPath(bytes, why);
    return 0;
}
