// The number and address rules, applied left to right over the text. Each rule matches a
// whole token so "2026" (a year) stays a number while "730528" (a code) is read digit by digit.
#include "speech_text.hpp"

#include <cctype>
#include <cstring>
#include <regex>

namespace tramso::speech {
namespace {

bool isVi(std::string_view lang) {
    return lang != "en";
}

std::string digitsOf(std::string_view s) {
    std::string d;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            d += c;
        }
    }
    return d;
}

// "123" -> "1 2 3"
std::string spaced(std::string_view digits) {
    std::string out;
    for (char c : digits) {
        if (!out.empty()) {
            out += ' ';
        }
        out += c;
    }
    return out;
}

// Digit groups read one digit at a time with a pause (a comma) between groups.
std::string grouped(const std::string& digits, std::initializer_list<size_t> sizes) {
    std::string out;
    size_t pos = 0;
    for (size_t n : sizes) {
        if (pos >= digits.size()) {
            break;
        }
        if (!out.empty()) {
            out += ", ";
        }
        out += spaced(digits.substr(pos, n));
        pos += n;
    }
    if (pos < digits.size()) {
        out += ", " + spaced(digits.substr(pos));
    }
    return out;
}

bool hasVowel(std::string_view label) {
    for (char c : label) {
        if (std::strchr("aeiouyAEIOUY", c)) {
            return true;
        }
    }
    return false;
}

// "dichvucong.gov.vn/a-b" -> "dichvucong chấm gov chấm v n gạch chéo a gạch ngang b"
std::string address(std::string s, std::string_view lang) {
    const bool vi = isVi(lang);
    for (const char* scheme : {"https://", "http://"}) {
        if (s.rfind(scheme, 0) == 0) {
            s = s.substr(std::strlen(scheme));
        }
    }
    while (!s.empty() && s.back() == '/') {
        s.pop_back();
    }
    std::string out, label;
    auto flush = [&] {
        if (label.empty()) {
            return;
        }
        // a label a reader cannot say ("vn", "hcm") is spelled letter by letter
        out += hasVowel(label) ? label : spaced(label);
        label.clear();
    };
    for (char c : s) {
        const char* word = nullptr;
        switch (c) {
        case '.':
            word = vi ? "chấm" : "dot";
            break;
        case '/':
            word = vi ? "gạch chéo" : "slash";
            break;
        case '-':
            word = vi ? "gạch ngang" : "dash";
            break;
        default:
            label += c;
            continue;
        }
        flush();
        out += std::string(" ") + word + " ";
    }
    flush();
    return out;
}

struct Rule {
    std::regex pattern;
    std::string (*apply)(const std::smatch&, std::string_view lang);
    const char* only = nullptr; // the rule's language ("vi" or "en"); null: every language
};

const std::vector<Rule>& rules() {
    static const std::vector<Rule> kRules = {
        // web addresses: host names with a known top-level domain, optional scheme and path
        {std::regex(
             R"(\b(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:vn|com|net|org|gov|edu|info)(?:/[A-Za-z0-9_./-]*)?)"),
         [](const std::smatch& m, std::string_view lang) { return address(m.str(), lang); }},
        // hotlines 1900 xxxx / 1800 xxxx: "1 9 0 0, 1 2 3 4"
        {std::regex(R"(\b1[89]00[ .]?\d{3,4}\b)"),
         [](const std::smatch& m, std::string_view) {
             return grouped(digitsOf(m.str()), {4, 4});
         }},
        // phone numbers: 10 or 11 digits starting with 0, in the groups written, else 4-3-3
        // (mobile) or 3-4-4
        {std::regex(R"(\b0\d(?:[ .]?\d){8,9}\b)"),
         [](const std::smatch& m, std::string_view) {
             const std::string s = m.str();
             if (s.find_first_of(" .") != std::string::npos) {
                 std::string out, group;
                 for (char c : s + " ") {
                     if (c == ' ' || c == '.') {
                         out += (out.empty() ? "" : ", ") + spaced(group);
                         group.clear();
                     } else {
                         group += c;
                     }
                 }
                 return out;
             }
             return s.size() == 11 ? grouped(s, {3, 4, 4}) : grouped(s, {4, 3, 3});
         }},
        // amounts with thousands separators: "35.000" (vi) / "35,000" (en) -> "35000"
        {std::regex(R"(\b\d{1,3}(?:\.\d{3})+\b)"),
         [](const std::smatch& m, std::string_view) { return digitsOf(m.str()); }, "vi"},
        {std::regex(R"(\b\d{1,3}(?:,\d{3})+\b)"),
         [](const std::smatch& m, std::string_view) { return digitsOf(m.str()); }, "en"},
        // decimals: "1,8" (vi) reads "1 phẩy 8"; "1.8" (en) "1 point 8"
        {std::regex(R"(\b(\d+),(\d+)\b)"),
         [](const std::smatch& m, std::string_view) { return m.str(1) + " phẩy " + m.str(2); },
         "vi"},
        {std::regex(R"(\b(\d+)\.(\d+)\b)"),
         [](const std::smatch& m, std::string_view) { return m.str(1) + " point " + m.str(2); },
         "en"},
        // codes (OTP, PIN, ID numbers): 4 or more digits, one by one; a year 1900–2099 stays
        {std::regex(R"(\b\d{4,}\b)"),
         [](const std::smatch& m, std::string_view) {
             const std::string s = m.str();
             if (s.size() == 4 && (s.rfind("19", 0) == 0 || s.rfind("20", 0) == 0)) {
                 return s;
             }
             return spaced(s);
         }},
    };
    return kRules;
}

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
        s.replace(p, from.size(), to);
    }
}

} // namespace

std::string speakable(std::string_view text, std::string_view lang) {
    std::string s(text);
    // masked digits ("4•••••") are not read; quotes and dashes become pauses
    replaceAll(s, "•", "");
    replaceAll(s, "“", "");
    replaceAll(s, "”", "");
    replaceAll(s, " — ", ", ");
    replaceAll(s, "—", ", ");
    replaceAll(s, "–", isVi(lang) ? " đến " : " to ");
    // one pass, left to right: at each word start the first rule that matches wins, and
    // its output is not looked at again (an amount made "35000" is not then a code)
    {
        std::string out;
        const auto end = s.cend();
        for (auto it = s.cbegin(); it != end;) {
            const unsigned char c = static_cast<unsigned char>(*it);
            bool matched = false;
            if (std::isalnum(c)) {
                auto flags = std::regex_constants::match_continuous;
                if (it != s.cbegin()) {
                    flags |= std::regex_constants::match_prev_avail;
                }
                std::smatch m;
                for (const Rule& rule : rules()) {
                    if (rule.only && (std::string_view(rule.only) == "vi") != isVi(lang)) {
                        continue;
                    }
                    if (std::regex_search(it, end, m, rule.pattern, flags) && m.length(0) > 0) {
                        out += rule.apply(m, lang);
                        it = m[0].second;
                        matched = true;
                        break;
                    }
                }
            }
            if (!matched) {
                out += *it++;
            }
        }
        s = std::move(out);
    }
    // a line without closing punctuation (an answer, a title) still ends with a pause
    {
        std::string out;
        for (char c : s) {
            if (c == '\n') {
                size_t e = out.find_last_not_of(' ');
                if (e != std::string::npos && !std::strchr(".!?:;,", out[e])) {
                    out.insert(e + 1, ".");
                }
                c = ' ';
            }
            out += c;
        }
        s = std::move(out);
    }
    // collapse the spaces the rules left
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

} // namespace tramso::speech
