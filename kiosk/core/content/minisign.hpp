// Checking a detached minisign signature (the format the `minisign` tool writes) with
// libsodium, so a province signs content packs with the standard tool and keeps its secret
// key off the kiosks. Parsed from the format description; both "Ed" (the file itself) and
// "ED" (BLAKE2b-512 of the file, minisign's default) signatures are accepted.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

struct MinisignKey {
    std::array<uint8_t, 8> keyId{};
    std::array<uint8_t, 32> publicKey{};
    std::string file; // where it was read from, for messages
    // As minisign prints it: 16 upper-case hex digits (the id read as a little-endian number).
    std::string idHex() const;
};

struct MinisignSignature {
    bool prehashed = false; // "ED": the signature covers BLAKE2b-512 of the file
    std::array<uint8_t, 8> keyId{};
    std::array<uint8_t, 64> signature{};
    std::string trustedComment; // without the "trusted comment: " prefix
    std::array<uint8_t, 64> globalSignature{};
};

// A .pub file's text. On failure returns nothing and says why in `error`.
std::optional<MinisignKey> parseMinisignKey(std::string_view text, std::string& error);
// A .minisig file's text.
std::optional<MinisignSignature> parseMinisignSignature(std::string_view text, std::string& error);

// Every *.pub in `dir` (sorted by name). Unreadable or malformed files are reported in
// `problems` ("file: why") and skipped; a missing folder gives no keys.
std::vector<MinisignKey> loadMinisignKeys(const std::filesystem::path& dir,
                                          std::vector<std::string>& problems);

struct MinisignCheck {
    const MinisignKey* key = nullptr; // the trusted key that signed it, when valid
    std::string error;                // why not, in words a technician understands
    std::string trustedComment;
};

// Checks `sig` (the .minisig text) over `data` against `keys`.
MinisignCheck verifyMinisign(std::string_view data, std::string_view sigText,
                             const std::vector<MinisignKey>& keys);

} // namespace tramso
