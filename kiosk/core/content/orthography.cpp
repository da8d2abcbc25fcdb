// The tone-mark rule works on vowel letters split into base and tone, from a table of the
// 12 Vietnamese vowels in their 6 tones, so it needs no dictionary and knows every word.
#include "orthography.hpp"

#include "kiosk/core/base/text.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace tramso::orthography {
namespace fs = std::filesystem;

namespace {

// One row per vowel, its six tones in order: none, grave, acute, hook, tilde, dot.
constexpr std::array<std::u32string_view, 12> kLower = {U"aàáảãạ", U"ăằắẳẵặ", U"âầấẩẫậ", U"eèéẻẽẹ",
                                                        U"êềếểễệ", U"iìíỉĩị", U"oòóỏõọ", U"ôồốổỗộ",
                                                        U"ơờớởỡợ", U"uùúủũụ", U"ưừứửữự", U"yỳýỷỹỵ"};
constexpr std::array<std::u32string_view, 12> kUpper = {U"AÀÁẢÃẠ", U"ĂẰẮẲẴẶ", U"ÂẦẤẨẪẬ", U"EÈÉẺẼẸ",
                                                        U"ÊỀẾỂỄỆ", U"IÌÍỈĨỊ", U"OÒÓỎÕỌ", U"ÔỒỐỔỖỘ",
                                                        U"ƠỜỚỞỠỢ", U"UÙÚỦŨỤ", U"ƯỪỨỬỮỰ", U"YỲÝỶỸỴ"};
enum Base { A, Abreve, Acirc, E, Ecirc, I, O, Ocirc, Ohorn, U, Uhorn, Y };

struct Vowel {
    int base = 0;
    int tone = 0;
    bool upper = false;
};

// Every vowel letter with its base and tone, sorted by code point: the check looks up
// each letter of every content file, so this is a binary search, not a scan of the table.
struct VowelEntry {
    char32_t c;
    Vowel v;
};
const std::vector<VowelEntry>& vowelTable() {
    static const std::vector<VowelEntry> table = [] {
        std::vector<VowelEntry> t;
        for (int b = 0; b < 12; ++b) {
            for (bool up : {false, true}) {
                const std::u32string_view row = (up ? kUpper : kLower)[static_cast<size_t>(b)];
                for (size_t tone = 0; tone < row.size(); ++tone) {
                    t.push_back({row[tone], Vowel{b, static_cast<int>(tone), up}});
                }
            }
        }
        std::sort(t.begin(), t.end(),
                  [](const VowelEntry& x, const VowelEntry& y) { return x.c < y.c; });
        return t;
    }();
    return table;
}

std::optional<Vowel> vowelOf(char32_t c) {
    const auto& t = vowelTable();
    auto it = std::lower_bound(t.begin(), t.end(), c,
                               [](const VowelEntry& e, char32_t key) { return e.c < key; });
    if (it == t.end() || it->c != c) {
        return std::nullopt;
    }
    return it->v;
}

char32_t compose(const Vowel& v) {
    return (v.upper ? kUpper : kLower)[static_cast<size_t>(v.base)][static_cast<size_t>(v.tone)];
}

bool isLetter(char32_t c) {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return c == U'đ' || c == U'Đ' || vowelOf(c).has_value();
}

std::string utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::optional<std::u32string> modern(std::u32string w) {
    size_t i = 0;
    while (i < w.size() && !vowelOf(w[i])) {
        ++i;
    }
    if (i == w.size()) {
        return std::nullopt;
    }
    // "qu" and "gi" before a vowel are consonants: "quý", "quá", "giá" have one vowel
    auto onsetIs = [&](char32_t c) { return i == 1 && (w[0] == c || w[0] == c - 0x20); };
    if (onsetIs('q') && vowelOf(w[i])->base == U) {
        ++i;
    } else if (onsetIs('g') && vowelOf(w[i])->base == I && i + 1 < w.size() && vowelOf(w[i + 1])) {
        ++i;
    }
    size_t end = i;
    while (end < w.size() && vowelOf(w[end])) {
        ++end;
    }
    if (end - i != 2) {
        return std::nullopt; // not a two-vowel rhyme
    }
    Vowel first = *vowelOf(w[i]);
    Vowel second = *vowelOf(w[i + 1]);
    bool rhyme = (first.base == O && (second.base == A || second.base == E)) ||
                 (first.base == U && second.base == Y);
    if (!rhyme) {
        return std::nullopt;
    }
    if (end == w.size()) {
        // open rhyme: the modern mark sits on the first vowel ("hóa", not "hoá")
        if (first.tone != 0 || second.tone == 0) {
            return std::nullopt;
        }
        std::swap(first.tone, second.tone);
    } else {
        // with a final consonant both styles mark the second vowel ("hoàn", "thoát"); a mark
        // on the first is a slip, e.g. from a blind search-and-replace of "hoá"
        if (first.tone == 0 || second.tone != 0) {
            return std::nullopt;
        }
        std::swap(first.tone, second.tone);
    }
    w[i] = compose(first);
    w[i + 1] = compose(second);
    return w;
}

} // namespace

std::optional<std::string> modernSpelling(std::string_view word) {
    auto nfc = text::toNfc(word);
    if (!nfc) {
        return std::nullopt;
    }
    std::vector<char32_t> cps = text::codepoints(*nfc);
    if (cps.empty() || !std::all_of(cps.begin(), cps.end(), isLetter)) {
        return std::nullopt;
    }
    auto m = modern(std::u32string(cps.begin(), cps.end()));
    return m ? std::optional<std::string>(utf8(*m)) : std::nullopt;
}

std::vector<Finding> check(std::string_view textIn) {
    std::vector<Finding> out;
    int lineNo = 0;
    size_t pos = 0;
    while (pos <= textIn.size()) {
        size_t nl = textIn.find('\n', pos);
        std::string_view line =
            textIn.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? textIn.size() + 1 : nl + 1;
        ++lineNo;
        auto nfc = text::toNfc(line);
        if (!nfc) {
            continue; // invalid UTF-8 is the loaders' error to report
        }
        if (*nfc != line) {
            out.push_back({lineNo, {}, {}, true});
        }
        std::u32string word;
        auto flush = [&] {
            if (auto m = modern(word)) {
                out.push_back({lineNo, utf8(word), utf8(*m), false});
            }
            word.clear();
        };
        for (char32_t c : text::codepoints(*nfc)) {
            if (isLetter(c)) {
                word += c;
            } else {
                flush();
            }
        }
        flush();
    }
    return out;
}

void checkAssets(const fs::path& assets, Diagnostics& diag) {
    std::error_code ec;
    fs::path root = fs::canonical(assets, ec);
    if (ec) {
        return; // the loaders report a missing folder
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(
             root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        fs::path real = fs::canonical(f, ec);
        if (ec ||
            std::mismatch(root.begin(), root.end(), real.begin(), real.end()).first != root.end() ||
            fs::file_size(real, ec) > (1u << 20)) {
            continue; // links out and oversized files are refused by the loaders
        }
        auto contents = readFile(real);
        if (!contents) {
            continue;
        }
        // name it as the loaders do: under the folder the caller gave
        std::string name = (assets / fs::relative(f, root)).string();
        for (const Finding& x : check(*contents)) {
            diag.push_back(
                {Diagnostic::Severity::Warning, name, x.line,
                 x.notNfc ? "the line is not NFC (a tone mark typed as a separate character); "
                            "save the file with precomposed letters (NFC)"
                          : "tone mark misplaced in \"" + x.word + "\": write \"" + x.modern +
                                "\" (oa, oe, uy: the mark goes on the first vowel, or on the "
                                "second when a consonant follows)"});
        }
    }
}

} // namespace tramso::orthography
