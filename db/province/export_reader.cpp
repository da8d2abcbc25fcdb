// See export_reader.hpp. Files come through tramso::Stick (openat, O_NOFOLLOW |
// O_NONBLOCK, fstat: plain file, same device, size limit), so a `sessions.csv -> /dev/zero`
// or a FIFO `report.html` is refused by name at once instead of hanging the load.
#include "export_reader.hpp"

#include "../plausible.hpp"
#include "kiosk/core/base/atomic_file.hpp"
#include "kiosk/core/stick/stick_fs.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

namespace tramso::province {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "MANIFEST.sha256";
constexpr const char* kSignature = "MANIFEST.sha256.minisig";
// Every export has these; report.xlsx and quiz.csv (added later) when the manifest lists them.
const char* const kRequired[] = {"sessions.csv", "events.csv",  "daily.csv",
                                 "summary.json", "report.html", "stats.sqlite"};
// Read into memory (the loader needs them); the others are only hashed.
const std::set<std::string> kInMemory = {"sessions.csv", "events.csv", "daily.csv", "quiz.csv",
                                         "summary.json"};
// The files an export may hold beside the manifest and its signature.
const std::set<std::string> kKnown = {"sessions.csv", "events.csv",  "daily.csv",   "quiz.csv",
                                      "summary.json", "report.html", "report.xlsx", "stats.sqlite"};

const std::vector<std::string> kSessionCols = {
    "session_id", "kiosk_id", "started_hour", "duration_s", "mode",
    "group_size", "language", "text_size",    "contrast",   "outcome"};
const std::vector<std::string> kEventCols = {"session_id",  "kiosk_id", "day",       "type",
                                             "tutorial_id", "step",     "portal_id", "at_ms",
                                             "duration_ms", "result"};

std::string sha256Text(std::string_view t) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(t.data()), t.size());
    return hexBytes(d, sizeof d);
}

// Lines of a whole file, without their "\r\n" (the last one may lack it).
std::vector<std::string_view> linesOf(const std::string& text) {
    std::vector<std::string_view> out;
    size_t at = 0;
    while (at < text.size()) {
        size_t nl = text.find('\n', at);
        if (nl == std::string::npos) {
            nl = text.size();
        }
        std::string_view l(text.data() + at, nl - at);
        if (!l.empty() && l.back() == '\r') {
            l.remove_suffix(1);
        }
        out.push_back(l);
        at = nl + 1;
    }
    return out;
}

// The manifest's lines "<64 hex>  <name>"; throws Damaged on anything else.
std::map<std::string, std::string> manifestLines(const std::string& m) {
    std::map<std::string, std::string> listed;
    for (std::string_view l : linesOf(m)) {
        if (l.empty()) {
            continue;
        }
        if (l.size() < 67 || l[64] != ' ' || l[65] != ' ' ||
            !std::all_of(l.begin(), l.begin() + 64,
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
            throw Damaged("MANIFEST.sha256 holds a line that is not \"<sha256>  <file>\"");
        }
        const std::string name(l.substr(66));
        if (!kKnown.count(name)) {
            throw Damaged("the manifest names a file that is not an export file");
        }
        if (!listed.emplace(name, std::string(l.substr(0, 64))).second) {
            throw Damaged("the manifest names " + name + " twice");
        }
    }
    return listed;
}

Identity identityOf(const std::string& text) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const std::exception&) {
        throw Damaged("summary.json is not valid JSON");
    }
    Identity id;
    auto str = [](const nlohmann::json& o, const char* k) {
        return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>()
                                                                  : std::string();
    };
    if (!j.is_object()) {
        throw Damaged("summary.json is not an object");
    }
    if (j.contains("identity") && j["identity"].is_object()) {
        const auto& i = j["identity"];
        id.kioskId = str(i, "kiosk_id");
        id.provinceCode = str(i, "province_code");
        id.provinceName = str(i, "province_name");
        id.communeCode = str(i, "commune_code");
        id.communeName = str(i, "commune_name");
    } else if (j.contains("kiosks") && j["kiosks"].is_array()) { // exports made before 2026-12
        if (j["kiosks"].size() != 1) {
            throw Damaged("this is a merged report of " + std::to_string(j["kiosks"].size()) +
                          " kiosks (tramso merge); load the kiosks' own exports instead");
        }
        id.kioskId = j["kiosks"][0].is_string() ? j["kiosks"][0].get<std::string>() : "";
    }
    if (!db::checkKioskId(id.kioskId).empty()) {
        throw Damaged("summary.json names no valid kiosk id");
    }
    if (std::string why =
            db::checkPlace({id.provinceCode, id.provinceName, id.communeCode, id.communeName});
        !why.empty()) {
        throw Damaged("summary.json: " + why);
    }
    return id;
}

} // namespace

ExportFiles readExportFiles(const fs::path& folder) {
    std::string why;
    // the folder's own path is named by the caller: messages carry no place of their own
    const Stick dir = Stick::open(folder, why, "");
    if (!dir.valid()) {
        throw Damaged(why);
    }
    ExportFiles out;
    if (!dir.has(kManifest)) {
        throw Damaged("incomplete export: no MANIFEST.sha256 (the export did not finish); "
                      "export again");
    }
    std::optional<std::string> m = dir.readFile(kManifest, db::kMaxManifestBytes, why);
    if (!m) {
        throw Damaged(why);
    }
    out.manifest = std::move(*m);
    if (dir.has(kSignature)) {
        std::optional<std::string> s = dir.readFile(kSignature, db::kMaxSignatureBytes, why);
        if (!s) {
            throw Damaged(why);
        }
        out.signature = std::move(*s);
    }
    const std::map<std::string, std::string> listed = manifestLines(out.manifest);
    for (const auto& [name, sum] : listed) {
        if (kInMemory.count(name)) {
            const uint64_t limit = name == "summary.json" ? db::kMaxSummaryBytes : db::kMaxCsvBytes;
            std::optional<std::string> t = dir.readFile(name, limit, why);
            if (!t) {
                throw Damaged(why);
            }
            out.sha256[name] = sha256Text(*t);
            out.texts[name] = std::make_shared<const std::string>(std::move(*t));
        } else {
            const std::string s = dir.sha256(name, db::kMaxExportFileBytes, why);
            if (s.empty()) {
                throw Damaged(why);
            }
            out.sha256[name] = s;
        }
    }
    for (const std::string& name : kKnown) {
        if (!listed.count(name) && dir.has(name)) {
            out.unlisted.push_back(name);
        }
    }
    return out;
}

CheckedExport checkExport(const ExportFiles& files, const KioskKeys& keys, int64_t now,
                          bool acceptUnsigned) {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium cannot start");
    }
    const std::map<std::string, std::string> listed = manifestLines(files.manifest);
    for (const char* f : kRequired) {
        if (!listed.count(f)) {
            throw Damaged(std::string("incomplete export: ") + f + " is not in the manifest");
        }
    }
    for (const auto& [name, sum] : listed) {
        auto got = files.sha256.find(name);
        if (got == files.sha256.end() || got->second != sum) {
            throw Damaged(name + " does not match the manifest (changed or damaged)");
        }
    }
    for (const std::string& name : files.unlisted) {
        throw Damaged(name + " is not in the manifest (added after the export)");
    }
    auto text = [&](const char* name) -> Text {
        auto it = files.texts.find(name);
        return it == files.texts.end() ? nullptr : it->second;
    };
    CheckedExport e;
    const Text summary = text("summary.json");
    if (!summary) {
        throw Damaged("summary.json cannot be read");
    }
    e.id = identityOf(*summary);
    e.sha = sha256Text(files.manifest);

    // the signature: by the key registered for the kiosk the export names
    std::string why;
    auto key = keys.find(e.id.kioskId);
    if (!files.signature) {
        why = "it is not signed (no MANIFEST.sha256.minisig; exports of kiosks before 2026-12 "
              "are not)";
    } else if (key == keys.end()) {
        why = "kiosk " + e.id.kioskId +
              " is not registered at the province (tramso province kiosk add " + e.id.kioskId +
              " PUBKEY, with the key id shown on the kiosk's Health screen)";
    } else {
        const MinisignCheck c = verifyMinisign(files.manifest, *files.signature, {key->second});
        if (!c.key) {
            std::string parseWhy;
            if (auto s = parseMinisignSignature(*files.signature, parseWhy);
                s && s->keyId != key->second.keyId) {
                MinisignKey other;
                other.keyId = s->keyId;
                why = "it is signed by key " + other.idHex() + ", not by kiosk " + e.id.kioskId +
                      "'s registered key " + key->second.idHex() +
                      " (forged, or the kiosk's key changed: register the new one)";
            } else if (!s) {
                why = "its MANIFEST.sha256.minisig " + parseWhy;
            } else {
                why = "its signature does not match MANIFEST.sha256 (changed after signing, or "
                      "forged)";
            }
        }
    }
    e.verified = why.empty();
    if (!e.verified) {
        if (!acceptUnsigned) {
            throw Damaged(why + "; refused (load it with --accept-unsigned to keep its rows, "
                                "marked unverified)");
        }
        e.unverified = why;
    }

    // every field one a kiosk can have written
    e.sessions = text("sessions.csv");
    e.events = text("events.csv");
    e.daily = text("daily.csv");
    e.quiz = text("quiz.csv");
    if (!e.sessions || !e.events || !e.daily) {
        throw Damaged("a CSV file of the export cannot be read");
    }
    const std::string& k = e.id.kioskId;
    for (std::string w :
         {db::checkSessionsCsv(*e.sessions, k, now), db::checkEventsCsv(*e.events, k, now),
          db::checkDailyCsv(*e.daily, k, now),
          e.quiz ? db::checkQuizCsv(*e.quiz, k, now) : std::string()}) {
        if (!w.empty()) {
            throw Damaged("implausible value: " + w);
        }
    }
    return e;
}

std::vector<std::string> csvHeader(std::string_view line, const char* file,
                                   const std::vector<std::string>& needed) {
    std::string h(line);
    if (h.rfind("\xEF\xBB\xBF", 0) == 0) {
        h.erase(0, 3);
    }
    while (!h.empty() && (h.back() == '\r' || h.back() == '\n')) {
        h.pop_back();
    }
    std::vector<std::string> cols;
    size_t at = 0;
    for (;;) {
        const size_t c = h.find(',', at);
        const std::string name = h.substr(at, c == std::string::npos ? std::string::npos : c - at);
        const bool ok =
            !name.empty() && name.size() <= 63 &&
            (name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z')) &&
            std::all_of(name.begin(), name.end(), [](char ch) {
                return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
            });
        if (!ok) {
            throw Damaged(std::string(file) + ": the first line is not a Trạm Số header");
        }
        if (std::find(cols.begin(), cols.end(), name) != cols.end()) {
            throw Damaged(std::string(file) + " names the column " + name + " twice");
        }
        cols.push_back(name);
        if (c == std::string::npos) {
            break;
        }
        at = c + 1;
    }
    for (const std::string& n : needed) {
        if (std::find(cols.begin(), cols.end(), n) == cols.end()) {
            throw Damaged(std::string(file) + " has no column " + n);
        }
    }
    return cols;
}

namespace {

// Splits a line without quotes at its commas.
void splitPlain(std::string_view l, std::vector<std::string_view>& f) {
    f.clear();
    size_t at = 0;
    for (;;) {
        const size_t c = l.find(',', at);
        if (c == std::string_view::npos) {
            f.push_back(l.substr(at));
            return;
        }
        f.push_back(l.substr(at, c - at));
        at = c + 1;
    }
}

bool digits(std::string_view v, size_t n) {
    return v.size() == n &&
           std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Big-endian integers of PostgreSQL's binary COPY.
void be(std::string& o, uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) {
        o += static_cast<char>((v >> (8 * i)) & 0xff);
    }
}

// A decimal integer as the server's int4in/int8in take it (no spaces, no plus).
bool integer(std::string_view v, int64_t lo, int64_t hi, int64_t& out) {
    const bool neg = !v.empty() && v[0] == '-';
    const std::string_view d = v.substr(neg ? 1 : 0);
    if (d.empty() || d.size() > 18 || !digits(d, d.size())) {
        return false;
    }
    int64_t n = 0;
    for (char c : d) {
        n = n * 10 + (c - '0');
    }
    out = neg ? -n : n;
    return out >= lo && out <= hi;
}

// Days from 2000-01-01 (PostgreSQL's date) of a valid yyyymmdd, else false.
bool pgDate(std::string_view ymd, int32_t& out) {
    const int y = std::stoi(std::string(ymd.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(ymd.substr(4, 2))));
    const unsigned d = static_cast<unsigned>(std::stoi(std::string(ymd.substr(6, 2))));
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
        return false;
    }
    const std::chrono::sys_days t =
        std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
    const std::chrono::sys_days epoch = std::chrono::year{2000} / 1 / 1;
    out = static_cast<int32_t>((t - epoch).count());
    return true;
}

// One events row (session_id … result, already split, day yyyymmdd) in binary COPY form:
// the server then parses no text. False when a value would not parse as its column's type.
bool binaryEvent(std::string& o, const std::vector<std::string_view>& f) {
    be(o, 10, 2);
    auto text = [&](std::string_view v) {
        if (v.empty()) {
            be(o, 0xffffffffu, 4); // NULL, as an empty unquoted CSV field
        } else {
            be(o, v.size(), 4);
            o.append(v);
        }
    };
    auto num = [&](std::string_view v, int bytes) {
        if (v.empty()) {
            be(o, 0xffffffffu, 4);
            return true;
        }
        int64_t n = 0;
        const int64_t lim = bytes == 4 ? INT32_MAX : INT64_MAX / 1000;
        if (!integer(v, -lim, lim, n)) {
            return false;
        }
        be(o, static_cast<uint64_t>(bytes), 4);
        be(o, static_cast<uint64_t>(n), bytes);
        return true;
    };
    int32_t day = 0;
    if (!pgDate(f[2], day)) {
        return false;
    }
    text(f[0]);
    text(f[1]);
    be(o, 4, 4);
    be(o, static_cast<uint32_t>(day), 4);
    text(f[3]);
    text(f[4]);
    if (!num(f[5], 4)) {
        return false;
    }
    text(f[6]);
    if (!num(f[7], 8) || !num(f[8], 8)) {
        return false;
    }
    text(f[9]);
    return true;
}

constexpr uintmax_t kPlainMaxBytes = 64u << 20;

} // namespace

std::optional<Plain> readPlain(const CheckedExport& e, bool verified) {
    Plain p;
    const std::string& kiosk = e.id.kioskId;
    // a very large export (a kiosk's years at once) goes through the staging path instead:
    // a plain one is held in memory twice (text and rows), for two or three exports at a time
    if (!e.sessions || !e.events || e.events->size() > kPlainMaxBytes) {
        return std::nullopt;
    }
    p.sessionsText = e.sessions;
    const std::string& eventsText = *e.events;
    if (p.sessionsText->empty() || eventsText.empty()) {
        return std::nullopt; // the staging path says what is wrong
    }
    // sessions.csv: the columns the store keeps, wherever the header puts them
    const std::vector<std::string_view> sl = linesOf(*p.sessionsText);
    const std::vector<std::string> scols = csvHeader(sl[0], "sessions.csv", kSessionCols);
    static const char* const kKept[] = {"session_id", "started_hour", "duration_s",     "mode",
                                        "group_size", "language",     "text_size",      "contrast",
                                        "outcome",    "voice",        "content_version"};
    constexpr size_t kKeptN = std::size(kKept);
    int at[kKeptN];
    for (size_t i = 0; i < kKeptN; ++i) {
        const auto it = std::find(scols.begin(), scols.end(), kKept[i]);
        at[i] = it == scols.end() ? -1 : static_cast<int>(it - scols.begin());
    }
    const auto kioskAt =
        static_cast<size_t>(std::find(scols.begin(), scols.end(), "kiosk_id") - scols.begin());
    std::unordered_map<std::string_view, std::vector<std::string_view>> visits;
    std::vector<std::string_view> f;
    std::set<std::string> months;
    for (size_t i = 1; i < sl.size(); ++i) {
        const std::string_view l = sl[i];
        if (l.find('"') != std::string_view::npos) {
            return std::nullopt;
        }
        if (l.empty() && i + 1 == sl.size()) {
            break;
        }
        splitPlain(l, f);
        if (f.size() != scols.size() || f[kioskAt] != kiosk || f[at[0]].empty()) {
            return std::nullopt;
        }
        // 'YYYY-MM-DD HH:MM', as the kiosk writes it: its month is its first 7 characters
        const std::string_view h = f[at[1]];
        if (h.size() < 16 || !digits(h.substr(0, 4), 4) || h[4] != '-' ||
            !digits(h.substr(5, 2), 2) || h[7] != '-' || h[10] != ' ') {
            return std::nullopt;
        }
        months.insert(std::string(h.substr(0, 7)) + "-01");
        if (!visits.emplace(f[at[0]], f).second) {
            return std::nullopt; // a visit twice in one file: the staging path keeps one
        }
        p.ids.push_back(f[at[0]]);
    }
    p.visitMonths.assign(months.begin(), months.end());
    months.clear();

    // events.csv: the titles dropped, the day rewritten as a date
    const std::vector<std::string_view> el = linesOf(eventsText);
    std::vector<std::string> ecols = csvHeader(el[0], "events.csv", kEventCols);
    std::vector<bool> drop(ecols.size(), false);
    bool dropAny = false;
    for (size_t i = 0; i < ecols.size(); ++i) {
        if (ecols[i] == "tutorial_title" || ecols[i] == "portal_title") {
            drop[i] = dropAny = true;
        }
    }
    ecols.erase(std::remove_if(ecols.begin(), ecols.end(),
                               [](const std::string& c) {
                                   return c == "tutorial_title" || c == "portal_title";
                               }),
                ecols.end());
    if (ecols != kEventCols) {
        return std::nullopt;
    }
    std::unordered_map<std::string_view, int> counts;
    // keyed by the visit (a view into sessions.csv) and an id (copied: `l` may be a scratch)
    std::map<std::pair<std::string_view, std::string>, std::pair<int, int>> lessons;
    std::map<std::pair<std::string_view, std::string>, int> portals;
    std::string stripped;
    p.events.reserve(eventsText.size() * 3 / 2);
    p.events.append("PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0", 19); // signature, flags, no extension
    std::string lastMonth; // a copy: `l` may point into the scratch line
    for (size_t i = 1; i < el.size(); ++i) {
        std::string_view l = el[i];
        if (l.empty() && i + 1 == el.size()) {
            break;
        }
        if (dropAny) { // RFC 4180 fields split by hand: a title may be quoted
            stripped.clear();
            size_t field = 0, start = 0;
            bool quoted = false, first = true;
            for (size_t j = 0; j <= l.size(); ++j) {
                if (j < l.size() && l[j] == '"') {
                    quoted = !quoted;
                } else if (j == l.size() || (l[j] == ',' && !quoted)) {
                    if (field >= drop.size() || !drop[field]) {
                        if (!first) {
                            stripped += ',';
                        }
                        stripped.append(l.substr(start, j - start));
                        first = false;
                    }
                    ++field;
                    start = j + 1;
                }
            }
            l = stripped;
        }
        if (l.find('"') != std::string_view::npos) {
            return std::nullopt;
        }
        splitPlain(l, f);
        if (f.size() != kEventCols.size() || f[1] != kiosk || !digits(f[2], 8)) {
            return std::nullopt;
        }
        const auto v = visits.find(f[0]);
        if (v == visits.end()) {
            return std::nullopt; // the staging path keeps only the events of listed visits
        }
        const std::string_view sid = v->first; // points into sessions.csv, kept
        ++counts[sid];
        const std::string_view type = f[3];
        if (!f[4].empty() && (type == "tutorial_started" || type == "tutorial_completed")) {
            auto& sc = lessons[{sid, std::string(f[4])}];
            (type == "tutorial_started" ? sc.first : sc.second)++;
        } else if (!f[6].empty() && type == "qr_shown") {
            ++portals[{sid, std::string(f[6])}];
        }
        const std::string_view day = f[2];
        if (day.substr(0, 6) != lastMonth) {
            lastMonth = std::string(day.substr(0, 6));
            months.insert(std::string(day.substr(0, 4)) + "-" + std::string(day.substr(4, 2)) +
                          "-01");
        }
        if (!binaryEvent(p.events, f)) {
            return std::nullopt; // a number or day the server would refuse: staged, named
        }
        ++p.eventRows;
    }
    p.events.append("\xff\xff", 2); // the end of the rows
    p.eventMonths.assign(months.begin(), months.end());
    // sessions in the store's column order, with their event counts
    for (const std::string_view id : p.ids) {
        const std::vector<std::string_view>& v = visits[id];
        p.sessions.append(kiosk).append(1, ',').append(id);
        for (size_t i = 1; i < 9; ++i) { // started_hour … outcome
            p.sessions += ',';
            if (i == 4 && v[static_cast<size_t>(at[i])].empty()) {
                p.sessions += '1'; // group_size: one resident unless said otherwise
            } else {
                p.sessions.append(v[static_cast<size_t>(at[i])]);
            }
        }
        const auto n = counts.find(id);
        p.sessions.append(1, ',').append(std::to_string(n == counts.end() ? 0 : n->second));
        for (size_t i = 9; i < kKeptN; ++i) { // voice, content_version: absent in older exports
            p.sessions += ',';
            if (at[i] >= 0) {
                p.sessions.append(v[static_cast<size_t>(at[i])]);
            }
        }
        p.sessions += verified ? ",t\n" : ",f\n";
    }
    p.sessionRows = static_cast<int64_t>(p.ids.size());
    for (const auto& [key, sc] : lessons) {
        p.lessons.append(kiosk).append(1, ',').append(key.first).append(1, ',').append(key.second);
        p.lessons.append(1, ',').append(std::to_string(sc.first)).append(1, ',');
        p.lessons.append(std::to_string(sc.second)).append(1, '\n');
    }
    for (const auto& [key, n] : portals) {
        p.portals.append(kiosk).append(1, ',').append(key.first).append(1, ',').append(key.second);
        p.portals.append(1, ',').append(std::to_string(n)).append(1, '\n');
    }
    return p;
}

} // namespace tramso::province
