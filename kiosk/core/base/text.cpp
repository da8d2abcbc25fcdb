// Uses utf8proc (Debian's libutf8proc) for validation and normalisation rather than
// hand-written Unicode tables.
#include "text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace tramso {
std::optional<std::string> readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}
} // namespace tramso

namespace tramso::text {

size_t firstInvalidUtf8(std::string_view s) {
    const auto* start = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    const auto* p = start;
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0 || cp < 0) {
            return static_cast<size_t>(p - start);
        }
        p += n;
        left -= n;
    }
    return std::string_view::npos;
}

bool isValidUtf8(std::string_view s) {
    return firstInvalidUtf8(s) == std::string_view::npos;
}

namespace {

// True when normalising cannot change `s` (valid UTF-8): every character is below the
// combining accents (U+0300), or a precomposed Latin letter of U+1E00–U+1EFF, the block of
// Vietnamese letters with tone marks (none of which decomposes to anything that recomposes
// otherwise). Content is nearly all such text, so the full normalisation is rarely needed.
bool plainlyNfc(std::string_view s) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        if (*p < 0x80) { // ASCII
            ++p;
            --left;
            continue;
        }
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0 || (cp >= 0x300 && (cp < 0x1E00 || cp > 0x1EFF))) {
            return false;
        }
        p += n;
        left -= n;
    }
    return true;
}

} // namespace

std::optional<std::string> toNfc(std::string_view s) {
    if (!isValidUtf8(s)) {
        return std::nullopt;
    }
    if (plainlyNfc(s)) {
        return std::string(s);
    }
    utf8proc_uint8_t* out = nullptr;
    utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                     static_cast<utf8proc_ssize_t>(s.size()), &out,
                     static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) {
        return std::nullopt;
    }
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

bool isNfc(std::string_view s) {
    auto n = toNfc(s);
    return n && *n == s;
}

std::vector<char32_t> codepoints(std::string_view s) {
    std::vector<char32_t> out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            ++p;
            --left;
            continue;
        }
        if (cp >= 0) {
            out.push_back(static_cast<char32_t>(cp));
        }
        p += n;
        left -= n;
    }
    return out;
}

int wordCount(std::string_view s) {
    int count = 0;
    bool inWord = false;
    for (char c : s) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !inWord) {
            ++count;
        }
        inWord = !space;
    }
    return count;
}

bool isId(std::string_view s, size_t maxChars) {
    auto letterOrDigit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (s.empty() || s.size() > maxChars || !letterOrDigit(s[0])) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [&](char c) { return letterOrDigit(c) || c == '-'; });
}

std::string htmlEscape(std::string_view s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        default:
            o += c;
        }
    }
    return o;
}

} // namespace tramso::text
