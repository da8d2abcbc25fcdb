// Totals, JSON and the printable HTML report. Charts are plain SVG written here (no library
// draws SVG in Debian's C++ stack); every text is escaped.
#include "report.hpp"

#include "kiosk/core/base/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <sstream>
#include <vector>

namespace tramso {

void ReportData::addSession(const std::string& kioskId, int day, const std::string& mode,
                            const std::string& language, const std::string& outcome, bool ended,
                            bool voice, const std::string& contentVersion) {
    ++sessions;
    ++(voice ? voiceOn : voiceOff);
    ++contentVersions[contentVersion];
    if (!ended || outcome == "interrupted") {
        ++unfinished;
    } else if (outcome == "shutdown") {
        ++endedByShutdown;
    }
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

void ReportData::addQuiz(const std::string& type, const std::string& quizId,
                         const std::string& result, int64_t questions, int64_t count) {
    QuizTotals& q = quizzes[quizId];
    if (type == "quiz_answered") {
        (result == "right" ? q.right : q.wrong) += count;
    } else if (type == "group_quiz_run") {
        q.groupRuns += count;
        q.groupQuestions += std::max<int64_t>(0, questions) * count;
    }
}

namespace {

// summary.json's name for visits that used the content that came with the kiosk (or were
// recorded before versions were kept): a version is digits and dots, so it cannot clash.
constexpr const char* kBundledContent = "bundled";

std::string dayText(int ymd) {
    char b[16];
    std::snprintf(b, sizeof b, "%02d/%02d/%04d", ymd % 100, ymd / 100 % 100, ymd / 10000);
    return b;
}

// Both languages; CSS shows one.
std::string both(const std::string& vi, const std::string& en) {
    return "<span class=\"vi\">" + text::htmlEscape(vi) + "</span><span class=\"en\">" +
           text::htmlEscape(en) + "</span>";
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
    const int rowH = 11 * series + 5, labelW = 300, barW = 400;
    const int h = static_cast<int>(bars.size()) * rowH;
    std::ostringstream o;
    o << "<svg class=\"chart\" width=\"" << labelW + barW + 60 << "\" height=\"" << h
      << "\" viewBox=\"0 0 " << labelW + barW + 60 << " " << h
      << "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">";
    int y = 0;
    for (const Bar& b : bars) {
        o << "<text x=\"" << labelW - 8 << "\" y=\"" << y + rowH / 2 + 4
          << "\" text-anchor=\"end\"><tspan class=\"vi\">" << text::htmlEscape(b.label.vi)
          << "</tspan><tspan class=\"en\">" << text::htmlEscape(b.label.en) << "</tspan></text>";
        for (int s = 0; s < series; ++s) {
            const int64_t v = s < static_cast<int>(b.values.size()) ? b.values[s] : 0;
            const int w =
                static_cast<int>(static_cast<double>(v) / static_cast<double>(max) * barW);
            const int by = y + 3 + s * 11;
            o << "<rect x=\"" << labelW << "\" y=\"" << by << "\" width=\"" << std::max(w, 1)
              << "\" height=\"10\" fill=\"" << colours[s] << "\"/>";
            o << "<text x=\"" << labelW + w + 6 << "\" y=\"" << by + 9 << "\" font-size=\"10\">"
              << v << "</text>";
        }
        y += rowH;
    }
    o << "</svg>";
    return o.str();
}

} // namespace

std::string visitsChart(const std::map<int, int64_t>& perDay, int fromDay, int toDay) {
    using namespace std::chrono;
    auto ymd = [](int d) {
        return year_month_day{year{d / 10000}, month(static_cast<unsigned>(d / 100 % 100)),
                              day(static_cast<unsigned>(d % 100))};
    };
    auto toInt = [](year_month_day v) {
        return static_cast<int>(v.year()) * 10000 +
               static_cast<int>(static_cast<unsigned>(v.month())) * 100 +
               static_cast<int>(static_cast<unsigned>(v.day()));
    };
    if (fromDay <= 0 || toDay < fromDay || !ymd(fromDay).ok() || !ymd(toDay).ok()) {
        return "<p>" + both("Chưa có số liệu.", "No data yet.") + "</p>";
    }
    const sys_days first{ymd(fromDay)}, last{ymd(toDay)};
    const int nDays = static_cast<int>((last - first).count()) + 1;
    enum class By {
        Day,
        Week,
        Month
    } by = nDays <= 62    ? By::Day
           : nDays <= 366 ? By::Week
                          : By::Month;
    struct Bucket {
        int start = 0; // yyyymmdd of its first day
        int64_t n = 0;
    };
    std::vector<Bucket> buckets;
    for (sys_days d = first; d <= last; d += std::chrono::days{1}) {
        const year_month_day v{d};
        int key = toInt(v);
        if (by == By::Week) { // weeks start on Monday
            const weekday w{d};
            key = toInt(year_month_day{d - std::chrono::days{(w.c_encoding() + 6) % 7}});
        } else if (by == By::Month) {
            key = toInt(year_month_day{v.year(), v.month(), day{1}});
        }
        if (buckets.empty() || buckets.back().start != key) {
            buckets.push_back({key, 0});
        }
        if (auto it = perDay.find(toInt(v)); it != perDay.end()) {
            buckets.back().n += it->second;
        }
    }
    int64_t max = 1;
    for (const Bucket& b : buckets) {
        max = std::max(max, b.n);
    }
    constexpr int kW = 720, kH = 220, left = 44, top = 12, plotH = 170, plotW = kW - left - 8;
    const int n = static_cast<int>(buckets.size());
    const double colW = static_cast<double>(plotW) / n;
    const int labelEvery = std::max(1, (n + 11) / 12); // at most 12 labels fit under 720 px
    std::ostringstream o;
    o << "<p class=\"note\">"
      << (by == By::Day ? both("Mỗi cột là một ngày.", "Each column is a day.")
          : by == By::Week
              ? both("Mỗi cột là một tuần (từ thứ Hai).", "Each column is a week (from Monday).")
              : both("Mỗi cột là một tháng.", "Each column is a month."))
      << "</p>";
    o << "<svg class=\"chart visits\" width=\"" << kW << "\" height=\"" << kH << "\" viewBox=\"0 0 "
      << kW << " " << kH << "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" data-by=\""
      << (by == By::Day    ? "day"
          : by == By::Week ? "week"
                           : "month")
      << "\">";
    // scale: 0, half and the top value
    for (int64_t v : {int64_t{0}, max / 2, max}) {
        const double y = top + plotH - static_cast<double>(v) / static_cast<double>(max) * plotH;
        o << "<line x1=\"" << left << "\" x2=\"" << kW - 8 << "\" y1=\"" << y << "\" y2=\"" << y
          << "\" stroke=\"#ccc\"/><text x=\"" << left - 6 << "\" y=\"" << y + 4
          << "\" text-anchor=\"end\">" << v << "</text>";
    }
    for (int i = 0; i < n; ++i) {
        const Bucket& b = buckets[static_cast<size_t>(i)];
        const double h = static_cast<double>(b.n) / static_cast<double>(max) * plotH;
        const double x = left + i * colW;
        std::string label =
            by == By::Month
                ? std::to_string(b.start / 100 % 100) + "/" + std::to_string(b.start / 10000)
                : std::to_string(b.start % 100) + "/" + std::to_string(b.start / 100 % 100);
        o << "<rect class=\"bucket\" x=\"" << x + colW * 0.1 << "\" y=\"" << top + plotH - h
          << "\" width=\"" << std::max(colW * 0.8, 0.5) << "\" height=\"" << h
          << "\" fill=\"#0b4a7d\" data-day=\"" << b.start << "\" data-n=\"" << b.n << "\"><title>"
          << (by == By::Day    ? ""
              : by == By::Week ? "từ / from "
                               : "tháng / month ")
          << dayText(b.start) << ": " << b.n << "</title></rect>";
        if (i % labelEvery == 0) {
            o << "<text x=\"" << x + colW / 2 << "\" y=\"" << top + plotH + 18
              << "\" text-anchor=\"middle\">" << label << "</text>";
        }
    }
    o << "</svg>";
    return o.str();
}

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
                   {"help_asked", r.help},
                   {"visits_unfinished", r.unfinished},
                   {"visits_ended_by_shutdown", r.endedByShutdown}};
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
    // Added fields (schema 1 readers skip them): narration, content versions, quizzes.
    j["per_voice"] = {{"on", r.voiceOn}, {"off", r.voiceOff}};
    nlohmann::ordered_json versions = nlohmann::ordered_json::object();
    for (const auto& [v, n] : r.contentVersions) {
        versions[v.empty() ? std::string(kBundledContent) : v] = n;
    }
    j["per_content_version"] = versions;
    int64_t right = 0, wrong = 0, runs = 0;
    nlohmann::ordered_json quizzes = nlohmann::ordered_json::object();
    for (const auto& [id, q] : r.quizzes) {
        const Quiz* quiz = content.quizzes.find(id);
        quizzes[id] = {{"title", quiz ? quiz->title.vi : std::string()},
                       {"answers_right", q.right},
                       {"answers_wrong", q.wrong},
                       {"group_runs", q.groupRuns},
                       {"group_questions", q.groupQuestions}};
        right += q.right;
        wrong += q.wrong;
        runs += q.groupRuns;
    }
    j["totals"]["quiz_answers_right"] = right;
    j["totals"]["quiz_answers_wrong"] = wrong;
    j["totals"]["group_quiz_runs"] = runs;
    j["per_quiz"] = quizzes;
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
      << text::htmlEscape(r.title) << R"(</title>
<style>
body{font-family:"Noto Sans",sans-serif;margin:2em auto;max-width:60em;color:#1b1b1b;background:#fff;padding:0 1em}
h1{font-size:1.8em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:2px solid #0b4a7d}
.cards{display:flex;flex-wrap:wrap;gap:1em}
.card{border:2px solid #0b4a7d;border-radius:.5em;padding:.6em 1em;min-width:8em}
.card b{display:block;font-size:2.4em;color:#0b4a7d}
.chart{max-width:100%;height:auto;font-size:12px;display:block} .chart text{fill:#1b1b1b}
.cut{font-weight:bold} .note{margin:.2em 0;color:#444}
table{border-collapse:collapse} td,th{border:1px solid #999;padding:.3em .8em;text-align:right}
td:first-child,th:first-child,td.place{text-align:left}
#lang{position:absolute;left:-9999px} label.toggle{float:right;border:2px solid #0b4a7d;border-radius:.4em;padding:.3em .8em;cursor:pointer}
.en{display:none} #lang:checked ~ main .en{display:inline} #lang:checked ~ main .vi{display:none}
#lang:checked ~ main tspan.en{display:inline}
@page{size:A4;margin:12mm 12mm 14mm}
@media print{label.toggle{display:none} body{margin:0;max-width:none;padding:0;font-size:10pt}
 h1{font-size:1.5em;margin:0} h2{font-size:1.15em;margin:.8em 0 .3em;break-after:avoid}
 .cards{gap:.5em} .card{padding:.3em .6em;min-width:6em} .card b{font-size:1.6em}
 .chart,table,.cards{break-inside:avoid} .chart{width:100%}}
.legend span.sw{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}
</style></head><body>
<input type="checkbox" id="lang"><label class="toggle" for="lang">English / Tiếng Việt</label>
<main>
)";
    o << "<h1>" << both("Báo cáo sử dụng Trạm Số", "Trạm Số usage report") << "</h1>\n";
    o << "<p>" << text::htmlEscape(r.title) << " – "
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
    o << "<p class=\"cut\">"
      << both("Lượt dùng bị cắt ngang vì máy dừng: " +
                  std::to_string(r.unfinished + r.endedByShutdown) + " (" +
                  std::to_string(r.unfinished) +
                  " không có giờ kết thúc – mất điện hoặc máy "
                  "hỏng; " +
                  std::to_string(r.endedByShutdown) + " kết thúc khi máy được tắt).",
              "Visits cut by the kiosk stopping: " +
                  std::to_string(r.unfinished + r.endedByShutdown) + " (" +
                  std::to_string(r.unfinished) + " with no end – power cut or crash; " +
                  std::to_string(r.endedByShutdown) + " ended when the kiosk was shut down).")
      << "</p>\n";

    o << "<p>"
      << both("Lượt dùng có bật giọng đọc: " + std::to_string(r.voiceOn) + " trên " +
                  std::to_string(r.voiceOn + r.voiceOff) + ".",
              "Visits with voice on: " + std::to_string(r.voiceOn) + " of " +
                  std::to_string(r.voiceOn + r.voiceOff) + ".")
      << "</p>\n<p>" << both("Phiên bản nội dung đã dùng: ", "Content versions in use: ");
    if (r.contentVersions.empty()) {
        o << both("chưa có lượt dùng.", "no visits yet.");
    }
    for (auto it = r.contentVersions.begin(); it != r.contentVersions.end(); ++it) {
        const std::string n = std::to_string(it->second);
        const std::string end = std::next(it) == r.contentVersions.end() ? "." : "; ";
        o << (it->first.empty()
                  ? both("nội dung đi kèm máy – " + n + " lượt" + end,
                         "the content that came with the kiosk – " + n + " visits" + end)
                  : both("bản " + it->first + " – " + n + " lượt" + end,
                         "version " + it->first + " – " + n + " visits" + end));
    }
    o << "</p>\n";

    o << "<h2>" << both("Lượt dùng mỗi ngày", "Visits per day") << "</h2>"
      << visitsChart(r.sessionsPerDay, r.fromDay, r.toDay);

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

    // Quizzes: anonymous totals only (no person's score is ever kept).
    o << "<h2>" << both("Đố vui", "Quizzes") << "</h2>";
    if (r.quizzes.empty()) {
        o << "<p>" << both("Chưa có số liệu.", "No data yet.") << "</p>\n";
    } else {
        o << "<table class=\"quiz\"><tr><th>" << both("Bộ câu hỏi", "Quiz") << "</th><th>"
          << both("Trả lời đúng", "Answers right") << "</th><th>"
          << both("Trả lời sai", "Answers wrong") << "</th><th>"
          << both("Tỉ lệ đúng", "Share right") << "</th><th>"
          << both("Lần chơi cả nhóm", "Group runs") << "</th></tr>";
        for (const auto& [id, q] : r.quizzes) {
            const Quiz* quiz = content.quizzes.find(id);
            const Translated t = quiz ? quiz->title : Translated{id, id};
            const int64_t answered = q.right + q.wrong;
            o << "<tr><td>" << both(t.vi, t.en) << "</td><td>" << q.right << "</td><td>" << q.wrong
              << "</td><td>"
              << (answered > 0 ? std::to_string((q.right * 100 + answered / 2) / answered) + " %"
                               : std::string("–"))
              << "</td><td>" << q.groupRuns << "</td></tr>";
        }
        o << "</table>\n";
    }

    if (r.kiosks.size() > 1) {
        o << "<h2>" << both("Từng máy", "Per kiosk") << "</h2><table><tr><th>"
          << both("Máy", "Kiosk") << "</th><th>" << both("Lượt dùng", "Visits") << "</th><th>"
          << both("Bắt đầu", "Started") << "</th><th>" << both("Hoàn thành", "Completed")
          << "</th><th>QR</th><th>" << both("Xã, tỉnh", "Commune, province") << "</th></tr>";
        for (const auto& [k, t] : r.kiosks) {
            std::string place;
            if (auto p = r.places.find(k); p != r.places.end()) {
                place = p->second.communeName;
                if (!p->second.provinceName.empty()) {
                    place += (place.empty() ? "" : ", ") + p->second.provinceName;
                }
            }
            o << "<tr><td>" << text::htmlEscape(k) << "</td><td>" << t.sessions << "</td><td>"
              << t.started << "</td><td>" << t.completed << "</td><td>" << t.qr
              << "</td><td class=\"place\">" << text::htmlEscape(place) << "</td></tr>";
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
