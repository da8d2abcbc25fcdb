// The minisign format: an "untrusted comment:" line, base64 of algorithm (2 bytes) + key id
// (8) + Ed25519 signature (64), a "trusted comment:" line, and base64 of a second signature
// over signature || trusted comment, so the comment (timestamp, file name) cannot be edited.
#include "minisign.hpp"

#include "kiosk/core/base/text.hpp"

#include <sodium.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace tramso {
namespace {

constexpr std::string_view kUntrusted = "untrusted comment:";
constexpr std::string_view kTrusted = "trusted comment: ";

// The file's lines without their "\r\n" / "\n" ends.
std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (nl == std::string_view::npos) {
            break;
        }
        text.remove_prefix(nl + 1);
    }
    return lines;
}

bool decodeBase64(std::string_view in, std::vector<uint8_t>& out, size_t expected) {
    if (sodium_init() < 0) {
        return false;
    }
    out.assign(in.size(), 0);
    size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), in.data(), in.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len != expected) {
        return false;
    }
    out.resize(len);
    return true;
}

} // namespace

std::string MinisignKey::idHex() const {
    // the id is a little-endian 64-bit number; minisign prints it with "%" PRIX64, without
    // leading zeros, so a technician sees the same id on the kiosk as in the .pub file
    uint64_t id = 0;
    for (size_t i = keyId.size(); i-- > 0;) {
        id = (id << 8) | keyId[i];
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%" PRIX64, id);
    return buf;
}

std::optional<MinisignKey> parseMinisignKey(std::string_view text, std::string& error) {
    std::vector<std::string_view> lines = splitLines(text);
    if (lines.size() < 2 || lines[0].substr(0, kUntrusted.size()) != kUntrusted) {
        error = "is not a minisign public key (it must start with \"untrusted comment:\" and "
                "have the key on the second line)";
        return std::nullopt;
    }
    std::vector<uint8_t> raw;
    if (!decodeBase64(lines[1], raw, 42) || raw[0] != 'E' || raw[1] != 'd') {
        error = "has no valid Ed25519 minisign key on its second line";
        return std::nullopt;
    }
    MinisignKey k;
    std::copy(raw.begin() + 2, raw.begin() + 10, k.keyId.begin());
    std::copy(raw.begin() + 10, raw.end(), k.publicKey.begin());
    return k;
}

std::optional<MinisignSignature> parseMinisignSignature(std::string_view text, std::string& error) {
    std::vector<std::string_view> lines = splitLines(text);
    if (lines.size() < 4 || lines[0].substr(0, kUntrusted.size()) != kUntrusted ||
        lines[2].substr(0, kTrusted.size()) != kTrusted) {
        error = "is not a minisign signature (4 lines: untrusted comment, signature, trusted "
                "comment, global signature)";
        return std::nullopt;
    }
    std::vector<uint8_t> raw;
    if (!decodeBase64(lines[1], raw, 74)) {
        error = "has a damaged signature line (line 2)";
        return std::nullopt;
    }
    MinisignSignature s;
    if (raw[0] == 'E' && raw[1] == 'd') {
        s.prehashed = false;
    } else if (raw[0] == 'E' && raw[1] == 'D') {
        s.prehashed = true;
    } else {
        error = "uses a signature algorithm other than Ed25519 (line 2)";
        return std::nullopt;
    }
    std::copy(raw.begin() + 2, raw.begin() + 10, s.keyId.begin());
    std::copy(raw.begin() + 10, raw.end(), s.signature.begin());
    s.trustedComment = std::string(lines[2].substr(kTrusted.size()));
    if (!decodeBase64(lines[3], raw, 64)) {
        error = "has a damaged global signature (line 4)";
        return std::nullopt;
    }
    std::copy(raw.begin(), raw.end(), s.globalSignature.begin());
    return s;
}

std::vector<MinisignKey> loadMinisignKeys(const std::filesystem::path& dir,
                                          std::vector<std::string>& problems) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".pub" && e.is_regular_file(ec)) {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<MinisignKey> keys;
    for (const fs::path& f : files) {
        auto text = readFile(f);
        std::string error = "cannot be read";
        std::optional<MinisignKey> k;
        if (text && text->size() < 4096) {
            k = parseMinisignKey(*text, error);
        }
        if (!k) {
            problems.push_back(f.string() + ": " + error);
            continue;
        }
        k->file = f.string();
        keys.push_back(*k);
    }
    return keys;
}

MinisignCheck verifyMinisign(std::string_view data, std::string_view sigText,
                             const std::vector<MinisignKey>& keys) {
    MinisignCheck r;
    if (sodium_init() < 0) {
        r.error = "the cryptography library could not start";
        return r;
    }
    std::optional<MinisignSignature> sig = parseMinisignSignature(sigText, r.error);
    if (!sig) {
        r.error = "the signature file " + r.error;
        return r;
    }
    auto key = std::find_if(keys.begin(), keys.end(),
                            [&](const MinisignKey& k) { return k.keyId == sig->keyId; });
    if (key == keys.end()) {
        MinisignKey unknown;
        unknown.keyId = sig->keyId;
        r.error = "signed by key " + unknown.idHex() +
                  ", which is not a trusted key on this kiosk (add the province's .pub file to "
                  "the content_keys_dir folder)";
        return r;
    }
    int bad;
    if (sig->prehashed) {
        std::array<uint8_t, crypto_generichash_BYTES_MAX> hash{};
        crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const uint8_t*>(data.data()),
                           data.size(), nullptr, 0);
        bad = crypto_sign_verify_detached(sig->signature.data(), hash.data(), hash.size(),
                                          key->publicKey.data());
    } else {
        bad = crypto_sign_verify_detached(sig->signature.data(),
                                          reinterpret_cast<const uint8_t*>(data.data()),
                                          data.size(), key->publicKey.data());
    }
    if (bad != 0) {
        r.error = "the signature does not match the file (the pack was changed or damaged after "
                  "it was signed)";
        return r;
    }
    std::vector<uint8_t> global(sig->signature.begin(), sig->signature.end());
    global.insert(global.end(), sig->trustedComment.begin(), sig->trustedComment.end());
    if (crypto_sign_verify_detached(sig->globalSignature.data(), global.data(), global.size(),
                                    key->publicKey.data()) != 0) {
        r.error = "the signature's trusted comment was changed after signing";
        return r;
    }
    r.key = &*key;
    r.trustedComment = sig->trustedComment;
    return r;
}

} // namespace tramso
