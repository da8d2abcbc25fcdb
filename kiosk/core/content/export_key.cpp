// minisign's formats, as in its documentation: a public key is "Ed" + key id (8 bytes,
// little-endian) + Ed25519 public key (32); an unencrypted secret key is "Ed" + kdf "\0\0"
// + checksum "B2" + salt (32) + opslimit (8) + memlimit (8) + key id (8) + Ed25519 secret
// key (64) + BLAKE2b-256("Ed" || key id || secret key) (32); a prehashed signature is "ED"
// + key id + Ed25519(BLAKE2b-512(file)), then the trusted comment and a global signature
// over signature || trusted comment.
#include "export_key.hpp"

#include "minisign.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace tramso {
namespace fs = std::filesystem;

namespace {

std::string base64(const uint8_t* data, size_t n) {
    std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

constexpr size_t kSecretBytes = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;

std::array<uint8_t, 32> checksum(const ExportKey& k, const uint8_t* secret) {
    std::array<uint8_t, 32> c{};
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, c.size());
    crypto_generichash_update(&st, reinterpret_cast<const uint8_t*>("Ed"), 2);
    crypto_generichash_update(&st, k.keyId.data(), k.keyId.size());
    crypto_generichash_update(&st, secret, 64);
    crypto_generichash_final(&st, c.data(), c.size());
    return c;
}

// Writes `text` to `file` with `mode`, through a temporary name, fsynced; "" or why.
std::string writeNew(const fs::path& file, const std::string& text, mode_t mode) {
    const fs::path tmp = file.string() + ".tmp";
    ::unlink(tmp.c_str());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        return tmp.string() + ": " + std::strerror(errno);
    }
    ::fchmod(fd, mode); // whatever the umask
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                    ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return tmp.string() + ": " + std::strerror(err);
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        const std::string why = file.string() + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return why;
    }
    return {};
}

} // namespace

std::string ExportKey::idHex() const {
    MinisignKey k;
    k.keyId = keyId;
    return k.idHex();
}

std::string ExportKey::publicKeyBase64() const {
    std::vector<uint8_t> raw{'E', 'd'};
    raw.insert(raw.end(), keyId.begin(), keyId.end());
    raw.insert(raw.end(), publicKey.begin(), publicKey.end());
    return base64(raw.data(), raw.size());
}

std::string ExportKey::publicKeyFile() const {
    return "untrusted comment: minisign public key " + idHex() + "\n" + publicKeyBase64() + "\n";
}

std::string ExportKey::secretKeyFile() const {
    std::vector<uint8_t> raw{'E', 'd', 0, 0, 'B', '2'};
    raw.resize(raw.size() + 32 + 8 + 8, 0); // no KDF: salt and limits unused
    raw.insert(raw.end(), keyId.begin(), keyId.end());
    raw.insert(raw.end(), m_secret.begin(), m_secret.end());
    const auto c = checksum(*this, m_secret.data());
    raw.insert(raw.end(), c.begin(), c.end());
    std::string text = "untrusted comment: minisign encrypted secret key\n" +
                       base64(raw.data(), raw.size()) + "\n";
    sodium_memzero(raw.data(), raw.size());
    return text;
}

std::string ExportKey::sign(std::string_view data, const std::string& trustedComment) const {
    std::array<uint8_t, crypto_generichash_BYTES_MAX> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const uint8_t*>(data.data()),
                       data.size(), nullptr, 0);
    std::array<uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, hash.data(), hash.size(), m_secret.data());
    std::vector<uint8_t> line{'E', 'D'};
    line.insert(line.end(), keyId.begin(), keyId.end());
    line.insert(line.end(), sig.begin(), sig.end());
    std::vector<uint8_t> global(sig.begin(), sig.end());
    global.insert(global.end(), trustedComment.begin(), trustedComment.end());
    std::array<uint8_t, 64> gsig{};
    crypto_sign_detached(gsig.data(), nullptr, global.data(), global.size(), m_secret.data());
    return "untrusted comment: signature from tramso kiosk key " + idHex() + "\n" +
           base64(line.data(), line.size()) + "\ntrusted comment: " + trustedComment + "\n" +
           base64(gsig.data(), gsig.size()) + "\n";
}

std::optional<ExportKey> generateExportKey() {
    if (sodium_init() < 0) {
        return std::nullopt;
    }
    ExportKey k;
    randombytes_buf(k.keyId.data(), k.keyId.size());
    crypto_sign_keypair(k.publicKey.data(), k.m_secret.data());
    return k;
}

std::optional<ExportKey> parseExportSecretKey(std::string_view text, std::string& why) {
    if (sodium_init() < 0) {
        why = "the cryptography library could not start";
        return std::nullopt;
    }
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos || text.substr(0, 18) != "untrusted comment:") {
        why = "is not a minisign secret key";
        return std::nullopt;
    }
    std::string_view b64 = text.substr(nl + 1);
    while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r')) {
        b64.remove_suffix(1);
    }
    std::vector<uint8_t> raw(b64.size() + 1);
    size_t len = 0;
    if (sodium_base642bin(raw.data(), raw.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len != kSecretBytes || raw[0] != 'E' || raw[1] != 'd' || raw[4] != 'B' || raw[5] != '2') {
        why = "is not an Ed25519 minisign secret key";
        return std::nullopt;
    }
    if (raw[2] != 0 || raw[3] != 0) {
        why = "is protected by a password (the kiosk needs its own, unencrypted key)";
        return std::nullopt;
    }
    ExportKey k;
    size_t at = 2 + 2 + 2 + 32 + 8 + 8;
    std::memcpy(k.keyId.data(), raw.data() + at, 8);
    at += 8;
    std::memcpy(k.m_secret.data(), raw.data() + at, 64);
    at += 64;
    const auto c = checksum(k, k.m_secret.data());
    if (std::memcmp(c.data(), raw.data() + at, 32) != 0) {
        why = "is damaged (its checksum does not match)";
        sodium_memzero(raw.data(), raw.size());
        return std::nullopt;
    }
    sodium_memzero(raw.data(), raw.size());
    crypto_sign_ed25519_sk_to_pk(k.publicKey.data(), k.m_secret.data());
    return k;
}

namespace {

ExportKeyLoad load(const fs::path& dataDir, bool create) {
    ExportKeyLoad r;
    const fs::path dir = dataDir / kExportKeyDir;
    const fs::path secret = dir / kExportSecretKeyFile;
    const fs::path pub = dir / kExportPublicKeyFile;
    const int fd = ::open(secret.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
            r.problem = dir.string() + " cannot be made: " + std::strerror(errno);
            return r;
        }
        ::chmod(dir.c_str(), 0700);
        std::optional<ExportKey> k = generateExportKey();
        if (!k) {
            r.problem = "the cryptography library could not start";
            return r;
        }
        if (std::string why = writeNew(secret, k->secretKeyFile(), 0600); !why.empty()) {
            r.problem = "the export key cannot be saved: " + why;
            return r;
        }
        if (std::string why = writeNew(pub, k->publicKeyFile(), 0644); !why.empty()) {
            r.problem = "the export public key cannot be saved: " + why;
        }
        // made by root (`tramso export` from a root shell): the kiosk's account must own it
        struct stat ds {};
        if (::geteuid() == 0 && ::stat(dataDir.c_str(), &ds) == 0 && ds.st_uid != 0) {
            for (const fs::path& f : {dir, secret, pub}) {
                if (::chown(f.c_str(), ds.st_uid, ds.st_gid) != 0) {
                    r.problem = f.string() + " cannot be given to the kiosk's account";
                }
            }
        }
        r.key = std::move(k);
        r.created = true;
        return r;
    }
    if (fd < 0) {
        r.problem = secret.string() + ": " + std::strerror(errno);
        return r;
    }
    struct stat st {};
    std::string text;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 4096) {
        r.problem = secret.string() + " is not a plain key file";
        ::close(fd);
        return r;
    }
    if ((st.st_mode & 077) != 0) { // others could read the kiosk's signing key
        if (create && ::fchmod(fd, 0600) == 0) {
            r.problem = secret.string() + " was readable by others; made 0600 again";
        } else {
            r.problem = secret.string() + " is readable by others (mode " +
                        std::to_string((st.st_mode >> 6) & 7) +
                        std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) +
                        "); it must be 0600";
        }
    }
    text.resize(static_cast<size_t>(st.st_size));
    const ssize_t n = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size())) {
        r.problem = secret.string() + " cannot be read";
        return r;
    }
    std::string why;
    r.key = parseExportSecretKey(text, why);
    sodium_memzero(text.data(), text.size());
    if (!r.key) {
        r.problem = secret.string() + " " + why;
        return r;
    }
    if (create && !fs::exists(pub)) {
        writeNew(pub, r.key->publicKeyFile(), 0644);
    }
    return r;
}

} // namespace

ExportKeyLoad loadOrCreateExportKey(const fs::path& dataDir) {
    return load(dataDir, true);
}

ExportKeyLoad loadExportKey(const fs::path& dataDir) {
    return load(dataDir, false);
}

} // namespace tramso
