// The kiosk's own signing key for its exports: an Ed25519 key pair made on the kiosk's first
// start in <data-dir>/export-key/ (the secret key 0600, readable by the kiosk's account
// only, in minisign's unencrypted secret-key format; the public key as a minisign .pub).
// Each export's MANIFEST.sha256 is signed into MANIFEST.sha256.minisig, which the standard
// `minisign -V` and the province loader verify. The province registers the public key once
// (`tramso province kiosk add KIOSK_ID PUBKEY`); its id is on the Health screen and in
// `tramso doctor`.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tramso {

constexpr const char* kExportKeyDir = "export-key";
constexpr const char* kExportSecretKeyFile = "kiosk.key";
constexpr const char* kExportPublicKeyFile = "kiosk.pub";

class ExportKey {
  public:
    // As minisign prints it (16 upper-case hex digits, leading zeros dropped).
    std::string idHex() const;
    // The public key's base64 line ("RWQ…"), what `province kiosk add` takes.
    std::string publicKeyBase64() const;
    // A minisign .pub file's text.
    std::string publicKeyFile() const;
    // A minisign signature (prehashed "ED", BLAKE2b-512) of `data`; `trustedComment` is
    // signed too (one line, no newline).
    std::string sign(std::string_view data, const std::string& trustedComment) const;
    // minisign's unencrypted secret-key file text (kdf "\0\0", checksum BLAKE2b-256).
    std::string secretKeyFile() const;

    std::array<uint8_t, 8> keyId{};
    std::array<uint8_t, 32> publicKey{};

  private:
    friend std::optional<ExportKey> parseExportSecretKey(std::string_view, std::string&);
    friend std::optional<ExportKey> generateExportKey();
    std::array<uint8_t, 64> m_secret{};
};

// A fresh key pair (tests, and the first start).
std::optional<ExportKey> generateExportKey();
std::optional<ExportKey> parseExportSecretKey(std::string_view text, std::string& why);

struct ExportKeyLoad {
    std::optional<ExportKey> key;
    bool created = false;
    std::string problem; // why there is no key, or what was wrong with it (e.g. its mode)
};

// Reads the kiosk's key from `dataDir`, making the pair first when there is none (the
// folder 0700, the secret key 0600, each written under a temporary name then renamed). A
// secret key that others can read is made 0600 again and `problem` says so.
ExportKeyLoad loadOrCreateExportKey(const std::filesystem::path& dataDir);
// Reads it without making one (doctor).
ExportKeyLoad loadExportKey(const std::filesystem::path& dataDir);

} // namespace tramso
