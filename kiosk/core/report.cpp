// Totals, JSON and the printable HTML report. Charts are plain SVG written here (no library
// draws SVG in Debian's C++ stack); every text is escaped.
#include "report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace tramso {

void ReportData::addSession(const std::string& kioskId, int day, const std::string& mode,
                            const std::string& language) {
    ++sessions;
    ++sessionsPerDay[day];
    ++modes[mode];
    ++languages[language];
    ++kiosks[kioskId].sessions;
    if (fromDay == 0 || day < fromDay) {
        fromDay = day;
    }
    toDay = std::max(toDay, day);
}

void ReportData::addEvents(const std::string& kioskId, const std::string& type,
                           const std::string& tutorialId, int step, const std::string& portalId,
                           int64_t count) {
    if (type == "tutorial_started") {
        started += count;
        tutorials[tutorialId].first += count;
        kiosks[kioskId].started += count;
    } else if (type == "tutorial_completed") {
        completed += count;
        tutorials[tutorialId].second += count;
        kiosks[kioskId].completed += count;
    } else if (type == "qr_shown") {
        qr += count;
        qrPerPortal[portalId] += count;
        kiosks[kioskId].qr += count;
    } else if (type == "help_asked") {
        help += count;
    } else if (type == "tutorial_left" && !tutorialId.empty()) {
        gaveUp[{tutorialId, step}] += count;
    }
}

namespace {

std::string esc(const std::string& s) {
    std::string o;
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

std::string dayText(int ymd) {
    char b[16];
    std::snprintf(b, sizeof b, "%02d/%02d/%04d", ymd % 100, ymd / 100 % 100, ymd / 10000);
    return b;
}

// Both languages; CSS shows one.
std::string both(const std::string& vi, const std::string& en) {
    return "<span class=\"vi\">" + esc(vi) + "</span><span class=\"en\">" + esc(en) + "</span>";
}

Translated titleOf(const Content& c, const std::string& id) {
    if (const Tutorial* t = c.tutorials.find(id)) {
        return t->title;
    }
    return {id, id};
}

Translated portalTitle(const Content& c, const std::string& id) {
    if (const Portal* p = c.portals.find(id)) {
        return p->title;
    }
    return {id, id};
}

struct Bar {
    Translated label;
    std::vector<int64_t> values; // one per series
};

// Horizontal bars: one row per label, a bar per series, the number at the bar's end.
std::string barChart(const std::vector<Bar>& bars, const std::vector<std::string>& colours) {
    if (bars.empty()) {
        return "<p>" + both("Chưa có số liệu.", "No data yet.") + "</p>";
    }
    int64_t max = 1;
    for (const Bar& b : bars) {
        for (int64_t v : b.values) {
            max = std::max(max, v);
        }
    }
    const int series = static_cast<int>(colours.size());
    const int rowH = 14 * series + 10, labelW = 300, barW = 420;
    const int h = static_cast<int>(bars.size()) * rowH;
    std::ostringstream o;
    o << "<svg class=\"chart\" viewBox=\"0 0 " << labelW + barW + 60 << " " << h
      << "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">";
    int y = 0;
    for (const Bar& b : bars) {
        o << "<text x=\"" << labelW - 8 << "\" y=\"" << y + rowH / 2 + 5
          << "\" text-anchor=\"end\"><tspan class=\"vi\">" << esc(b.label.vi)
          << "</tspan><tspan class=\"en\">" << esc(b.label.en) << "</tspan></text>";
        for (int s = 0; s < series; ++s) {
            const int64_t v = s < static_cast<int>(b.values.size()) ? b.values[s] : 0;
            const int w =
                static_cast<int>(static_cast<double>(v) / static_cast<double>(max) * barW);
            const int by = y + 4 + s * 14;
            o << "<rect x=\"" << labelW << "\" y=\"" << by << "\" width=\"" << std::max(w, 1)
              << "\" height=\"12\" fill=\"" << colours[s] << "\"/>";
            o << "<text x=\"" << labelW + w + 6 << "\" y=\"" << by + 11 << "\">" << v << "</text>";
        }
        y += rowH;
    }
    o << "</svg>";
    return o.str();
}

// Columns per day.
std::string dayChart(const std::map<int, int64_t>& perDay) {
    if (perDay.empty()) {
        return "<p>" + both("Chưa có số liệu.", "No data yet.") + "</p>";
    }
    int64_t max = 1;
    for (const auto& [d, n] : perDay) {
        max = std::max(max, n);
    }
    const int n = static_cast<int>(perDay.size());
    const int colW = std::max(6, std::min(40, 720 / n)), chartH = 200;
    std::ostringstream o;
    o << "<svg class=\"chart\" viewBox=\"0 0 " << n * colW + 40 << " " << chartH + 40
      << "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">";
    o << "<text x=\"0\" y=\"12\">" << max << "</text>";
    int x = 30;
    int i = 0;
    for (const auto& [d, v] : perDay) {
        const int h = static_cast<int>(static_cast<double>(v) / static_cast<double>(max) * chartH);
        o << "<rect x=\"" << x << "\" y=\"" << 20 + chartH - h << "\" width=\"" << colW - 2
          << "\" height=\"" << std::max(h, 1) << "\" fill=\"#0b4a7d\"><title>" << dayText(d) << ": "
          << v << "</title></rect>";
        if (i % std::max(1, n / 8) == 0) {
            o << "<text x=\"" << x << "\" y=\"" << chartH + 36 << "\">" << d % 100 << "/"
              << d / 100 % 100 << "</text>";
        }
        x += colW;
        ++i;
    }
    o << "</svg>";
    return o.str();
}

} // namespace

std::string summaryJson(const ReportData& r, const Content& content) {
    nlohmann::ordered_json j;
    j["schema_version"] = kSummarySchemaVersion;
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& [k, t] : r.kiosks) {
        ids.push_back(k);
    }
    j["kiosks"] = ids;
    j["period"] = {{"from", r.fromDay}, {"to", r.toDay}};
    j["totals"] = {{"sessions", r.sessions},
                   {"tutorials_started", r.started},
                   {"tutorials_completed", r.completed},
                   {"qr_shown", r.qr},
                   {"help_asked", r.help}};
    std::map<int, std::pair<int64_t, int64_t>> skills;
    nlohmann::ordered_json tut = nlohmann::ordered_json::object();
    for (const auto& [id, sc] : r.tutorials) {
        tut[id] = {{"started", sc.first}, {"completed", sc.second}};
        if (const Tutorial* t = content.tutorials.find(id)) {
            skills[t->skill].first += sc.first;
            skills[t->skill].second += sc.second;
        }
    }
    nlohmann::ordered_json sk = nlohmann::ordered_json::object();
    for (const auto& [s, sc] : skills) {
        sk[std::to_string(s)] = {{"started", sc.first}, {"completed", sc.second}};
    }
    j["per_skill"] = sk;
    j["per_tutorial"] = tut;
    j["per_portal"] = r.qrPerPortal;
    j["per_mode"] = r.modes;
    j["per_language"] = r.languages;
    nlohmann::ordered_json kiosks = nlohmann::ordered_json::object();
    for (const auto& [k, t] : r.kiosks) {
        kiosks[k] = {{"sessions", t.sessions},
                     {"tutorials_started", t.started},
                     {"tutorials_completed", t.completed},
                     {"qr_shown", t.qr}};
        if (auto p = r.places.find(k); p != r.places.end()) {
            kiosks[k]["province_code"] = p->second.provinceCode;
            kiosks[k]["province_name"] = p->second.provinceName;
            kiosks[k]["commune_code"] = p->second.communeCode;
            kiosks[k]["commune_name"] = p->second.communeName;
        }
    }
    j["per_kiosk"] = kiosks;
    // A single kiosk's export says where it stands (added in place: schema 1 readers skip it).
    if (r.kiosks.size() == 1) {
        const std::string& k = r.kiosks.begin()->first;
        KioskPlace p;
        if (auto it = r.places.find(k); it != r.places.end()) {
            p = it->second;
        }
        j["identity"] = {{"kiosk_id", k},
                         {"province_code", p.provinceCode},
                         {"province_name", p.provinceName},
                         {"commune_code", p.communeCode},
                         {"commune_name", p.communeName}};
    }
    return j.dump(2) + "\n";
}

std::string reportHtml(const ReportData& r, const Content& content) {
    std::ostringstream o;
    o << R"(<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trạm Số – )"
      << esc(r.title) << R"(</title>
<style>
body{font-family:"Noto Sans",sans-serif;margin:2em auto;max-width:60em;color:#1b1b1b;background:#fff;padding:0 1em}
h1{font-size:1.8em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:2px solid #0b4a7d}
.cards{display:flex;flex-wrap:wrap;gap:1em}
.card{border:2px solid #0b4a7d;border-radius:.5em;padding:.6em 1em;min-width:8em}
.card b{display:block;font-size:2.4em;color:#0b4a7d}
.chart{width:100%;height:auto;font-size:13px} .chart text{fill:#1b1b1b}
table{border-collapse:collapse} td,th{border:1px solid #999;padding:.3em .8em;text-align:right}
td:first-child,th:first-child{text-align:left}
#lang{position:absolute;left:-9999px} label.toggle{float:right;border:2px solid #0b4a7d;border-radius:.4em;padding:.3em .8em;cursor:pointer}
.en{display:none} #lang:checked ~ main .en{display:inline} #lang:checked ~ main .vi{display:none}
#lang:checked ~ main tspan.en{display:inline}
@media print{label.toggle{display:none}}
.legend span.sw{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}
</style></head><body>
<input type="checkbox" id="lang"><label class="toggle" for="lang">English / Tiếng Việt</label>
<main>
)";
    o << "<h1>" << both("Báo cáo sử dụng Trạm Số", "Trạm Số usage report") << "</h1>\n";
    o << "<p>" << esc(r.title) << " – "
      << both("từ " + dayText(r.fromDay) + " đến " + dayText(r.toDay),
              "from " + dayText(r.fromDay) + " to " + dayText(r.toDay))
      << "</p>\n";
    o << "<div class=\"cards\">";
    const std::tuple<int64_t, const char*, const char*> cards[] = {
        {r.sessions, "Lượt dùng", "Visits"},
        {r.started, "Bài học bắt đầu", "Lessons started"},
        {r.completed, "Bài học hoàn thành", "Lessons completed"},
        {r.qr, "Mã QR đã hiện", "QR codes shown"},
        {r.help, "Lần gọi tổ", "Calls for help"}};
    for (const auto& [v, vi, en] : cards) {
        o << "<div class=\"card\"><b>" << v << "</b>" << both(vi, en) << "</div>";
    }
    o << "</div>\n";

    o << "<h2>" << both("Lượt dùng mỗi ngày", "Visits per day") << "</h2>"
      << dayChart(r.sessionsPerDay);

    std::vector<Bar> lessons;
    for (const auto& [id, sc] : r.tutorials) {
        lessons.push_back({titleOf(content, id), {sc.first, sc.second}});
    }
    o << "<h2>" << both("Bài học: bắt đầu và hoàn thành", "Lessons: started and completed")
      << "</h2><p class=\"legend\"><span class=\"sw\" style=\"background:#0b4a7d\"></span>"
      << both("Bắt đầu", "Started") << "<span class=\"sw\" style=\"background:#2e7d32\"></span>"
      << both("Hoàn thành", "Completed") << "</p>" << barChart(lessons, {"#0b4a7d", "#2e7d32"});

    std::map<int, int64_t> skills;
    for (const auto& [id, sc] : r.tutorials) {
        if (const Tutorial* t = content.tutorials.find(id)) {
            skills[t->skill] += sc.first;
        }
    }
    std::vector<Bar> skillBars;
    for (const auto& [s, n] : skills) {
        const std::string key = "skill." + std::to_string(s) + ".title";
        skillBars.push_back(
            {{content.strings.get(key, Lang::Vi), content.strings.get(key, Lang::En)}, {n}});
    }
    o << "<h2>" << both("Kỹ năng đã học", "Skills covered") << "</h2>"
      << barChart(skillBars, {"#0b4a7d"});

    std::vector<std::pair<std::pair<std::string, int>, int64_t>> gave(r.gaveUp.begin(),
                                                                      r.gaveUp.end());
    std::sort(gave.begin(), gave.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    if (gave.size() > 12) {
        gave.resize(12);
    }
    std::vector<Bar> gaveBars;
    for (const auto& [k, n] : gave) {
        Translated t = titleOf(content, k.first);
        const std::string step = std::to_string(k.second + 1);
        gaveBars.push_back({{t.vi + " – bước " + step, t.en + " – step " + step}, {n}});
    }
    o << "<h2>" << both("Người học dừng ở đâu", "Where residents gave up") << "</h2>"
      << barChart(gaveBars, {"#b26a00"});

    std::vector<Bar> qrBars;
    for (const auto& [id, n] : r.qrPerPortal) {
        qrBars.push_back({portalTitle(content, id), {n}});
    }
    o << "<h2>" << both("Mã QR đã hiện", "QR codes shown") << "</h2>"
      << barChart(qrBars, {"#0b4a7d"});

    std::vector<Bar> modeBars;
    for (const auto& [m, n] : r.modes) {
        modeBars.push_back({m == "assisted" ? Translated{"Có tổ hướng dẫn", "With the team"}
                                            : Translated{"Tự dùng", "On their own"},
                            {n}});
    }
    o << "<h2>" << both("Tự dùng và có tổ hướng dẫn", "Self-serve and assisted") << "</h2>"
      << barChart(modeBars, {"#0b4a7d"});

    if (r.kiosks.size() > 1) {
        o << "<h2>" << both("Từng máy", "Per kiosk") << "</h2><table><tr><th>"
          << both("Máy", "Kiosk") << "</th><th>" << both("Lượt dùng", "Visits") << "</th><th>"
          << both("Bắt đầu", "Started") << "</th><th>" << both("Hoàn thành", "Completed")
          << "</th><th>QR</th></tr>";
        for (const auto& [k, t] : r.kiosks) {
            o << "<tr><td>" << esc(k) << "</td><td>" << t.sessions << "</td><td>" << t.started
              << "</td><td>" << t.completed << "</td><td>" << t.qr << "</td></tr>";
        }
        o << "</table>\n";
    }
    o << "<p><small>"
      << both("Số liệu ẩn danh: không có tên, số điện thoại hay giấy tờ. Giờ bắt đầu được làm "
              "tròn đến giờ.",
              "Anonymous figures: no names, phone numbers or ID papers. Start times are rounded "
              "to the hour.")
      << "</small></p>\n</main></body></html>\n";
    return o.str();
}

} // namespace tramso
