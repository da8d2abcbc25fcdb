// UTF-8 helpers for resident-facing text: validation, NFC normalisation (ImGui cannot shape
// combining marks, so every Vietnamese letter must arrive precomposed), code points, words;
// and the project's one id rule, one HTML escaper and its name tables.
#pragma once
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace tramso {
// The whole file, or nullopt when it cannot be opened (callers say what that means).
std::optional<std::string> readFile(const std::filesystem::path& file);

// A table of {key, value} pairs (an enum's names, its factors) serves both ways: the value
// of `key` (`fallback` when it is not there), and the first key with `value`.
template <typename Table, typename K, typename V>
constexpr V lookup(const Table& table, const K& key, V fallback) {
    for (const auto& [k, v] : table) {
        if (k == key) {
            return v;
        }
    }
    return fallback;
}
template <typename Table, typename V>
constexpr auto reverseLookup(const Table& table, const V& value) {
    using K = std::remove_cvref_t<decltype(std::begin(table)->first)>;
    for (const auto& [k, v] : table) {
        if (v == value) {
            return std::optional<K>(k);
        }
    }
    return std::optional<K>();
}
} // namespace tramso

namespace tramso::text {

bool isValidUtf8(std::string_view s);
// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
size_t firstInvalidUtf8(std::string_view s);

// NFC form of valid UTF-8 text (utf8proc); nullopt for invalid UTF-8.
std::optional<std::string> toNfc(std::string_view s);
bool isNfc(std::string_view s);

// Code points of valid UTF-8 text (invalid bytes are skipped).
std::vector<char32_t> codepoints(std::string_view s);

// Words separated by white space, as a reader counts them.
int wordCount(std::string_view s);

// The one rule for ids (content files, mockup elements, routes, kiosks): 1 to maxChars
// lowercase ASCII letters, digits and '-', the first one a letter or a digit.
constexpr size_t kMaxIdChars = 48;      // lessons, quizzes, plans, portals
constexpr size_t kMaxShortIdChars = 40; // kiosks, mockup elements
bool isId(std::string_view s, size_t maxChars = kMaxIdChars);

// The text with & < > " written as HTML entities, safe in an element or a quoted attribute.
std::string htmlEscape(std::string_view s);

} // namespace tramso::text
