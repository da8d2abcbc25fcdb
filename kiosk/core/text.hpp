// UTF-8 helpers for resident-facing text: validation, NFC normalisation (ImGui cannot shape
// combining marks, so every Vietnamese letter must arrive precomposed), code points, words.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {
// The whole file, or nullopt when it cannot be opened (callers say what that means).
std::optional<std::string> readFile(const std::filesystem::path& file);
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

} // namespace tramso::text
