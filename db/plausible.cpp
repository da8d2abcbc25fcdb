// See plausible.hpp. The CSV reader here is RFC 4180 (quoted fields, doubled quotes) and
// checks every field of every row once; it allocates nothing per row beyond its fields.
#include "plausible.hpp"

#include "kiosk/core/base/local_time.hpp"
#include "kiosk/core/base/text.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

namespace tramso::db {
namespace {

bool validDate(int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool allDigits(std::string_view v) {
    return !v.empty() &&
           std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int num(std::string_view v) {
    int n = 0;
    for (char c : v) {
        n = n * 10 + (c - '0');
    }
    return n;
}

// A decimal integer (an optional '-', at most 18 digits); false when it is not one.
bool integer(std::string_view v, int64_t& out) {
    const bool neg = !v.empty() && v[0] == '-';
    const std::string_view d = v.substr(neg ? 1 : 0);
    if (d.empty() || d.size() > 18 || !allDigits(d)) {
        return false;
    }
    int64_t n = 0;
    for (char c : d) {
        n = n * 10 + (c - '0');
    }
    out = neg ? -n : n;
    return true;
}

std::string range(std::string_view v, int64_t lo, int64_t hi, bool emptyOk) {
    if (v.empty()) {
        return emptyOk ? "" : "is empty";
    }
    int64_t n = 0;
    if (!integer(v, n)) {
        return "is not a whole number";
    }
    if (n < lo || n > hi) {
        return "is " + std::string(v) + ", outside " + std::to_string(lo) + ".." +
               std::to_string(hi);
    }
    return {};
}

// UTF-8 code points of `v`, or -1 when it is not valid UTF-8 or holds a control character.
long codePoints(std::string_view v) {
    long n = 0;
    for (size_t i = 0; i < v.size();) {
        const auto c = static_cast<unsigned char>(v[i]);
        size_t len = 0;
        uint32_t cp = 0;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return -1;
        }
        if (i + len > v.size()) {
            return -1;
        }
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(v[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20 ||
            (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
            return -1;
        }
        i += len;
        ++n;
    }
    return n;
}

std::string dayText(std::string_view v, int64_t now, bool dashesOk) {
    if (v.size() == 10 && dashesOk && v[4] == '-' && v[7] == '-') {
        const std::string compact =
            std::string(v.substr(0, 4)) + std::string(v.substr(5, 2)) + std::string(v.substr(8, 2));
        return dayText(compact, now, false);
    }
    if (v.size() != 8 || !allDigits(v)) {
        return "is not a day written yyyymmdd";
    }
    return checkDay(num(v), now);
}

// 'YYYY-MM-DD HH:MM' as the kiosk writes a visit's start (rounded to the hour).
std::string hourText(std::string_view v, int64_t now) {
    if (v.size() < 16 || v.size() > 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' ||
        v[13] != ':' || !allDigits(v.substr(0, 4)) || !allDigits(v.substr(5, 2)) ||
        !allDigits(v.substr(8, 2)) || !allDigits(v.substr(11, 2)) || !allDigits(v.substr(14, 2)) ||
        (v.size() > 16 && (v[16] != ':' || !allDigits(v.substr(17)) || v.size() != 19))) {
        return "is not a time written YYYY-MM-DD HH:MM";
    }
    if (num(v.substr(11, 2)) > 23 || num(v.substr(14, 2)) > 59) {
        return "is not a time of day";
    }
    return checkDay(num(v.substr(0, 4)) * 10000 + num(v.substr(5, 2)) * 100 + num(v.substr(8, 2)),
                    now);
}

using Check = std::function<std::string(std::string_view)>;

struct FileRules {
    const char* file;
    std::vector<std::string> needed;
    std::map<std::string, Check> columns;
};

// One RFC 4180 record from `text` at `at` into `fields`; false at a malformed one.
bool record(std::string_view text, size_t& at, std::vector<std::string>& fields) {
    fields.clear();
    std::string cur;
    bool quoted = false, wasQuoted = false;
    for (;;) {
        if (at >= text.size()) {
            if (quoted) {
                return false;
            }
            fields.push_back(std::move(cur));
            return true;
        }
        const char c = text[at++];
        if (quoted) {
            if (c == '"') {
                if (at < text.size() && text[at] == '"') {
                    cur += '"';
                    ++at;
                } else {
                    quoted = false;
                }
            } else {
                cur += c;
            }
            continue;
        }
        if (c == '"') {
            if (!cur.empty() || wasQuoted) {
                return false; // a quote inside an unquoted field
            }
            quoted = wasQuoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(cur));
            cur.clear();
            wasQuoted = false;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r') {
                if (at >= text.size() || text[at] != '\n') {
                    return false;
                }
                ++at;
            }
            fields.push_back(std::move(cur));
            return true;
        } else {
            if (wasQuoted) {
                return false; // text after a closing quote
            }
            cur += c;
        }
    }
}

std::string checkCsv(std::string_view text, const FileRules& rules) {
    const std::string file = rules.file;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    size_t at = 0;
    std::vector<std::string> header, fields;
    if (text.empty() || !record(text, at, header)) {
        return file + " has no header line";
    }
    for (const std::string& h : header) {
        const bool ok = !h.empty() && h.size() <= 63 &&
                        (h[0] == '_' || (h[0] >= 'a' && h[0] <= 'z')) &&
                        std::all_of(h.begin(), h.end(), [](char c) {
                            return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                        });
        if (!ok) {
            return file + ": the first line is not a Trạm Số header";
        }
        if (std::count(header.begin(), header.end(), h) > 1) {
            return file + " names the column " + h + " twice";
        }
    }
    for (const std::string& n : rules.needed) {
        if (std::find(header.begin(), header.end(), n) == header.end()) {
            return file + " has no column " + n;
        }
    }
    std::vector<const Check*> checks;
    const Check other = [](std::string_view v) {
        return checkText(v, plausible::kMaxOtherChars, false);
    };
    for (const std::string& h : header) {
        auto it = rules.columns.find(h);
        checks.push_back(it == rules.columns.end() ? &other : &it->second);
    }
    int64_t line = 1;
    while (at < text.size()) {
        ++line;
        if (line > plausible::kMaxRows) {
            return file + " holds more than " + std::to_string(plausible::kMaxRows) + " rows";
        }
        if (!record(text, at, fields)) {
            return file + " line " + std::to_string(line) + " is not a well-formed CSV line";
        }
        if (fields.size() == 1 && fields[0].empty() && at >= text.size()) {
            break; // the last line's end
        }
        if (fields.size() != header.size()) {
            return file + " line " + std::to_string(line) + " has " +
                   std::to_string(fields.size()) + " fields, the header " +
                   std::to_string(header.size());
        }
        for (size_t i = 0; i < fields.size(); ++i) {
            if (std::string why = (*checks[i])(fields[i]); !why.empty()) {
                return file + " line " + std::to_string(line) + ", " + header[i] + ": " + why;
            }
        }
    }
    return {};
}

Check idCheck() {
    return [](std::string_view v) { return checkText(v, plausible::kMaxIdChars, true); };
}
Check tokenCheck(bool emptyOk) {
    return [emptyOk](std::string_view v) -> std::string {
        if (v.empty() && !emptyOk) {
            return "is empty";
        }
        return checkText(v, plausible::kMaxTokenChars, true);
    };
}
Check titleCheck() {
    return [](std::string_view v) { return checkText(v, plausible::kMaxTitleChars, false); };
}
Check kioskCheck(std::string_view kiosk) {
    return [k = std::string(kiosk)](std::string_view v) -> std::string {
        return v == k ? "" : "is not the export's kiosk " + k;
    };
}
Check rangeCheck(int64_t lo, int64_t hi, bool emptyOk) {
    return [=](std::string_view v) { return range(v, lo, hi, emptyOk); };
}

// The columns of every file of day totals or events: the kiosk, the day (`dashesOk`: written
// 2026-03-01 as well), the event type and its result.
void addEventColumns(FileRules& r, std::string_view kiosk, int64_t now, bool dashesOk) {
    r.columns["kiosk_id"] = kioskCheck(kiosk);
    r.columns["day"] = [now, dashesOk](std::string_view v) { return dayText(v, now, dashesOk); };
    r.columns["type"] = tokenCheck(false);
    r.columns["result"] = tokenCheck(true);
}

// Those and the lesson, step and portal of events.csv and daily.csv.
void addLessonEventColumns(FileRules& r, std::string_view kiosk, int64_t now) {
    addEventColumns(r, kiosk, now, false);
    r.columns["tutorial_id"] = r.columns["portal_id"] = idCheck();
    r.columns["tutorial_title"] = r.columns["portal_title"] = titleCheck();
    r.columns["step"] = rangeCheck(-1, plausible::kMaxStep, true);
}

} // namespace

int lastPlausibleDay(int64_t nowUnix) {
    return localDay(nowUnix + 86400);
}

std::string checkText(std::string_view v, size_t maxChars, bool idChars) {
    if (idChars) {
        if (v.size() > maxChars) {
            return "is " + std::to_string(v.size()) + " characters long, over " +
                   std::to_string(maxChars);
        }
        for (char c : v) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+';
            if (!ok) {
                return "holds a character no kiosk writes there";
            }
        }
        return {};
    }
    const long n = codePoints(v);
    if (n < 0) {
        return "is not clean UTF-8 text (control characters or broken bytes)";
    }
    if (static_cast<size_t>(n) > maxChars) {
        return "is " + std::to_string(n) + " characters long, over " + std::to_string(maxChars);
    }
    return {};
}

std::string checkKioskId(std::string_view v) {
    if (!text::isId(v, text::kMaxShortIdChars)) {
        return "is not a kiosk id (a-z, 0-9 and '-', at most 40)";
    }
    return {};
}

std::string checkSessionId(std::string_view v) {
    if (v.empty()) {
        return "is empty";
    }
    return checkText(v, plausible::kMaxIdChars, true);
}

std::string checkDay(int64_t d, int64_t nowUnix) {
    if (!validDate(static_cast<int>(d / 10000), static_cast<int>(d / 100 % 100),
                   static_cast<int>(d % 100))) {
        return "is " + std::to_string(d) + ", not a date";
    }
    const int last = lastPlausibleDay(nowUnix);
    if (d < plausible::kFirstDay || d > last) {
        return "is " + std::to_string(d) + ", outside " + std::to_string(plausible::kFirstDay) +
               ".." + std::to_string(last) + " (no kiosk counted then)";
    }
    return {};
}

std::string checkStartedUnix(int64_t t, int64_t nowUnix) {
    if (t < 0 || t > nowUnix + 86400) {
        return "is a time no kiosk counted at";
    }
    return checkDay(localDay(t), nowUnix);
}

std::string checkGroupSize(int64_t v) {
    if (v < 1 || v > plausible::kMaxGroupSize) {
        return "is " + std::to_string(v) + ", outside 1.." +
               std::to_string(plausible::kMaxGroupSize);
    }
    return {};
}

std::string checkPlace(const KioskPlace& p) {
    auto code = [](const std::string& v, size_t digits) {
        return v.empty() || (v.size() == digits && allDigits(v));
    };
    if (!code(p.provinceCode, 2)) {
        return "province_code is not 2 digits";
    }
    if (!code(p.communeCode, 5)) {
        return "commune_code is not 5 digits";
    }
    if (std::string w = checkText(p.provinceName, plausible::kMaxNameChars, false); !w.empty()) {
        return "province_name " + w;
    }
    if (std::string w = checkText(p.communeName, plausible::kMaxNameChars, false); !w.empty()) {
        return "commune_name " + w;
    }
    return {};
}

std::string checkSessionsCsv(std::string_view text, std::string_view kiosk, int64_t now) {
    FileRules r{"sessions.csv",
                {"session_id", "kiosk_id", "started_hour", "duration_s", "mode", "group_size",
                 "language", "text_size", "contrast", "outcome"},
                {}};
    r.columns["session_id"] = [](std::string_view v) { return checkSessionId(v); };
    r.columns["kiosk_id"] = kioskCheck(kiosk);
    r.columns["started_hour"] = [now](std::string_view v) { return hourText(v, now); };
    r.columns["duration_s"] = rangeCheck(0, plausible::kMaxDurationS, true);
    r.columns["group_size"] = rangeCheck(1, plausible::kMaxGroupSize, true);
    for (const char* c :
         {"mode", "language", "text_size", "contrast", "outcome", "content_version"}) {
        r.columns[c] = tokenCheck(true);
    }
    r.columns["voice"] = rangeCheck(0, 1, true);
    return checkCsv(text, r);
}

std::string checkEventsCsv(std::string_view text, std::string_view kiosk, int64_t now) {
    FileRules r{"events.csv",
                {"session_id", "kiosk_id", "day", "type", "tutorial_id", "step", "portal_id",
                 "at_ms", "duration_ms", "result"},
                {}};
    r.columns["session_id"] = [](std::string_view v) { return checkSessionId(v); };
    addLessonEventColumns(r, kiosk, now);
    r.columns["at_ms"] = rangeCheck(0, plausible::kMaxAtMs, true);
    r.columns["duration_ms"] = rangeCheck(-1, plausible::kMaxAtMs, true);
    return checkCsv(text, r);
}

std::string checkDailyCsv(std::string_view text, std::string_view kiosk, int64_t now) {
    FileRules r{"daily.csv",
                {"kiosk_id", "day", "type", "tutorial_id", "step", "portal_id", "result", "count"},
                {}};
    addLessonEventColumns(r, kiosk, now);
    r.columns["count"] = rangeCheck(0, plausible::kMaxDailyCount, false);
    return checkCsv(text, r);
}

std::string checkQuizCsv(std::string_view text, std::string_view kiosk, int64_t now) {
    FileRules r{"quiz.csv",
                {"kiosk_id", "day", "type", "quiz_id", "question", "questions", "result", "count"},
                {}};
    addEventColumns(r, kiosk, now, true);
    r.columns["quiz_id"] = idCheck();
    r.columns["quiz_title"] = titleCheck();
    r.columns["question"] = rangeCheck(0, plausible::kMaxQuizQuestions, true);
    r.columns["questions"] = rangeCheck(0, plausible::kMaxQuizQuestions, true);
    r.columns["count"] = rangeCheck(0, plausible::kMaxQuizCount, false);
    return checkCsv(text, r);
}

} // namespace tramso::db
