// Fuzz target for the province's export reader: any bytes, read as an export folder (files
// separated by lines "=== <name>"; a manifest of their real SHA-256 is made when the input
// has none, so the fuzzer reaches the CSV and JSON checks), give a refusal (Damaged) or a
// checked export and its COPY rows, never a crash, a hang or unbounded memory.
#include "db/plausible.hpp"
#include "db/province/export_reader.hpp"

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

std::string sha(std::string_view t) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(t.data()), t.size());
    char hex[2 * sizeof d + 1];
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hex;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tramso::province;
    if (sodium_init() < 0) {
        return 0;
    }
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    ExportFiles files;
    std::string name, body, manifest;
    bool haveManifest = false;
    auto flush = [&] {
        if (name.empty()) {
            return;
        }
        if (name == "MANIFEST.sha256") {
            files.manifest = body;
            haveManifest = true;
        } else if (name == "MANIFEST.sha256.minisig") {
            files.signature = body;
        } else {
            files.sha256[name] = sha(body);
            files.texts[name] = std::make_shared<const std::string>(body);
            manifest += sha(body) + "  " + name + "\n";
        }
        body.clear();
    };
    size_t at = 0;
    while (at < in.size()) {
        size_t nl = in.find('\n', at);
        const std::string_view line = in.substr(at, nl == std::string_view::npos ? nl : nl - at);
        at = nl == std::string_view::npos ? in.size() : nl + 1;
        if (line.substr(0, 4) == "=== ") {
            flush();
            name = std::string(line.substr(4));
        } else {
            body.append(line);
            body += '\n';
        }
    }
    flush();
    if (!haveManifest) {
        files.manifest = manifest;
    }
    const int64_t now = 1811808000; // 2027-06-01: the seeds' days are all before it
    for (const auto& [n, t] : files.texts) {
        tramso::db::checkSessionsCsv(*t, "quang-tan-01", now);
        tramso::db::checkEventsCsv(*t, "quang-tan-01", now);
        tramso::db::checkDailyCsv(*t, "quang-tan-01", now);
        tramso::db::checkQuizCsv(*t, "quang-tan-01", now);
    }
    try {
        const CheckedExport e = checkExport(files, {}, now, true);
        readPlain(e, e.verified);
    } catch (const Damaged&) {
    }
    return 0;
}
