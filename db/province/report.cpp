// The province report. Numbers come from the monthly totals (kiosk_month*), so a month of
// thousands of kiosks is a few thousand rows to read; both files show the same numbers.
#include "report.hpp"

#include "kiosk/core/base/text.hpp"

#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace tramso::province {
namespace fs = std::filesystem;

int64_t ProvinceReport::silentCommunes() const {
    int64_t n = 0;
    for (const CommuneRow& c : communes) {
        n += c.visits == 0;
    }
    return n;
}

ProvinceReport gatherReport(Pg& pg, const std::string& month, const std::string& province) {
    ProvinceReport r;
    r.month = month;
    r.province = province;
    const std::vector<std::string> p = {month + "-01", province};
    // kiosks of the province asked for (all when $2 is empty)
    const std::string ks = "(SELECT * FROM kiosks WHERE $2 = '' OR province_code = $2)";
    {
        PgResult q = pg.query(
            "SELECT count(*), count(m.kiosk_id), coalesce(sum(visits), 0), "
            "coalesce(sum(residents), 0), coalesce(sum(assisted_visits), 0), "
            "coalesce(sum(assisted_residents), 0), coalesce(sum(self_visits), 0), "
            "coalesce(sum(unfinished_visits), 0), coalesce(sum(lessons_started), 0), "
            "coalesce(sum(lessons_completed), 0), coalesce(sum(qr_shown), 0), "
            "coalesce(sum(voice_visits), 0), "
            // the title's province name: only from kiosks whose place a signed export set
            "coalesce(max(k.province_name) FILTER (WHERE k.place_verified), '') FROM " +
                ks + " k LEFT JOIN kiosk_month m ON m.kiosk_id = k.kiosk_id AND m.month = $1",
            p);
        int c = 0;
        for (int64_t* v : {&r.kiosks, &r.activeKiosks, &r.visits, &r.residents, &r.assistedVisits,
                           &r.assistedResidents, &r.selfVisits, &r.unfinishedVisits,
                           &r.lessonsStarted, &r.lessonsCompleted, &r.qr, &r.voiceVisits}) {
            *v = q.integer(0, c++);
        }
        r.provinceName = province.empty() ? "" : q.text(0, c);
    }
    {
        PgResult q =
            pg.query("SELECT s.skill, s.name_vi, s.name_en, coalesce(sum(m.visits), 0), "
                     "coalesce(sum(m.residents), 0), coalesce(sum(m.completed_residents), 0) "
                     "FROM skills s LEFT JOIN (kiosk_month_skill m JOIN " +
                         ks +
                         " k USING (kiosk_id)) ON m.skill = s.skill AND m.month = $1 "
                         "GROUP BY s.skill, s.name_vi, s.name_en ORDER BY s.skill",
                     p);
        for (int i = 0; i < q.rows(); ++i) {
            r.skills.push_back({static_cast<int>(q.integer(i, 0)), q.text(i, 1), q.text(i, 2),
                                q.integer(i, 3), q.integer(i, 4), q.integer(i, 5)});
        }
    }
    {
        PgResult q = pg.query(
            "SELECT k.province_code, coalesce(max(k.province_name) FILTER (WHERE "
            "k.place_verified), max(k.province_name)), k.commune_code, coalesce(max("
            "k.commune_name) FILTER (WHERE k.place_verified), max(k.commune_name)), "
            "count(*), coalesce(sum(m.visits), 0), coalesce(sum(m.residents), 0), "
            "coalesce(sum(m.assisted_visits), 0), coalesce(sum(m.self_visits), 0), "
            "coalesce(sum(m.unfinished_visits), 0), coalesce(sum(m.lessons_completed), 0), "
            "coalesce(sum(m.qr_shown), 0), "
            "coalesce(sum(s.r1), 0), coalesce(sum(s.r2), 0), coalesce(sum(s.r3), 0), "
            "coalesce(sum(s.r4), 0), coalesce(sum(s.r5), 0) FROM " +
                ks +
                " k LEFT JOIN kiosk_month m ON m.kiosk_id = k.kiosk_id AND m.month = $1 "
                "LEFT JOIN (SELECT kiosk_id, "
                "sum(residents) FILTER (WHERE skill = 1) AS r1, "
                "sum(residents) FILTER (WHERE skill = 2) AS r2, "
                "sum(residents) FILTER (WHERE skill = 3) AS r3, "
                "sum(residents) FILTER (WHERE skill = 4) AS r4, "
                "sum(residents) FILTER (WHERE skill = 5) AS r5 "
                "FROM kiosk_month_skill WHERE month = $1 GROUP BY kiosk_id) s "
                "ON s.kiosk_id = k.kiosk_id "
                "GROUP BY k.province_code, k.commune_code "
                "ORDER BY k.province_code, k.commune_code",
            p);
        for (int i = 0; i < q.rows(); ++i) {
            CommuneRow c;
            c.provinceCode = q.text(i, 0);
            c.provinceName = q.text(i, 1);
            c.communeCode = q.text(i, 2);
            c.communeName = q.text(i, 3);
            int col = 4;
            for (int64_t* v : {&c.kiosks, &c.visits, &c.residents, &c.assisted, &c.self,
                               &c.unfinished, &c.lessonsCompleted, &c.qr}) {
                *v = q.integer(i, col++);
            }
            for (int64_t& v : c.residentsPerSkill) {
                v = q.integer(i, col++);
            }
            r.communes.push_back(std::move(c));
        }
    }
    {
        PgResult q = pg.query(
            "SELECT x.lesson_id, coalesce(l.title_vi, x.lesson_id), "
            "coalesce(l.title_en, x.lesson_id), coalesce(l.skill, 0), "
            "coalesce(sum(m.visits), 0), coalesce(sum(m.residents), 0), "
            "coalesce(sum(m.started), 0), coalesce(sum(m.completed), 0) "
            "FROM (SELECT lesson_id FROM lessons UNION SELECT lesson_id FROM kiosk_month_lesson "
            "WHERE month = $1) x LEFT JOIN lessons l USING (lesson_id) "
            "LEFT JOIN (kiosk_month_lesson m JOIN " +
                ks +
                " k USING (kiosk_id)) ON m.lesson_id = x.lesson_id AND m.month = $1 "
                "GROUP BY x.lesson_id, l.title_vi, l.title_en, l.skill "
                "ORDER BY coalesce(l.skill, 0), x.lesson_id",
            p);
        for (int i = 0; i < q.rows(); ++i) {
            r.lessons.push_back({q.text(i, 0), q.text(i, 1), q.text(i, 2),
                                 static_cast<int>(q.integer(i, 3)), q.integer(i, 4),
                                 q.integer(i, 5), q.integer(i, 6), q.integer(i, 7)});
        }
    }
    return r;
}

namespace {

// 1234567 → "1.234.567" (Vietnamese grouping; the English text uses the same digits)
std::string n(int64_t v) {
    std::string s = std::to_string(v < 0 ? -v : v), o;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) {
            o += '.';
        }
        o += s[i];
    }
    return v < 0 ? "-" + o : o;
}

std::string both(const std::string& vi, const std::string& en) {
    return "<span class=\"vi\">" + vi + "</span><span class=\"en\">" + en + "</span>";
}

std::string monthVi(const std::string& m) { // "2026-11" → "11/2026"
    return m.substr(5, 2) + "/" + m.substr(0, 4);
}

std::string communeName(const CommuneRow& c, bool en) {
    if (c.communeCode.empty() && c.communeName.empty()) {
        return en ? "(place not declared in kiosk.toml)" : "(chưa khai báo nơi đặt máy)";
    }
    return c.communeName.empty() ? c.communeCode : c.communeName;
}

std::string placeTitle(const ProvinceReport& r) {
    if (r.province.empty()) {
        return "";
    }
    return r.provinceName.empty() ? r.province : r.provinceName + " (" + r.province + ")";
}

} // namespace

std::string reportHtml(const ProvinceReport& r) {
    std::ostringstream o;
    const std::string place = placeTitle(r);
    o << R"(<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trạm Số – báo cáo tháng )"
      << monthVi(r.month) << (place.empty() ? "" : " – " + text::htmlEscape(place)) << R"(</title>
<style>
@page{size:A4;margin:14mm 12mm}
body{font-family:"Noto Sans",sans-serif;color:#1b1b1b;background:#fff;margin:1.5em auto;max-width:60em;padding:0 1em;font-size:11pt;line-height:1.35}
h1{font-size:1.5em;margin:.2em 0} h2{font-size:1.15em;margin:1.1em 0 .4em;border-bottom:2px solid #0b4a7d}
.sub{color:#444;margin:0 0 .6em}
.cards{display:flex;flex-wrap:wrap;gap:.5em}
.card{border:2px solid #0b4a7d;border-radius:.4em;padding:.3em .7em;min-width:9em;flex:1}
.card b{display:block;font-size:1.5em}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border-bottom:1px solid #bbb;padding:.18em .4em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr{break-inside:avoid} thead{display:table-header-group}
.bar{display:inline-block;height:.8em;background:#0b4a7d;vertical-align:middle}
.silent td{color:#8a1c1c}
.note{font-size:.85em;color:#444}
#lang{position:absolute;left:-9999px}
label.toggle{float:right;border:2px solid #0b4a7d;border-radius:.4em;padding:.2em .7em;cursor:pointer}
.en{display:none} #lang:checked ~ main .en{display:inline} #lang:checked ~ main .vi{display:none}
@media print{body{margin:0;max-width:none;padding:0;font-size:9.5pt} label.toggle{display:none} h2{break-after:avoid}}
</style></head><body>
<input type="checkbox" id="lang"><label class="toggle" for="lang">English / Tiếng Việt</label>
<main>
)";
    o << "<h1>"
      << both("Trạm Số – báo cáo tháng " + monthVi(r.month), "Trạm Số – monthly report " + r.month)
      << "</h1>\n<p class=\"sub\">"
      << both(place.empty() ? "Toàn bộ dữ liệu đã nạp"
                            : "Tỉnh/thành phố: " + text::htmlEscape(place),
              place.empty() ? "All loaded data" : "Province: " + text::htmlEscape(place))
      << " · "
      << both(n(r.kiosks) + " máy, " + n(r.activeKiosks) + " có hoạt động",
              n(r.kiosks) + " kiosks, " + n(r.activeKiosks) + " active")
      << "</p>\n<div class=\"cards\">\n";
    auto card = [&](int64_t v, const std::string& vi, const std::string& en) {
        o << "<div class=\"card\"><b>" << n(v) << "</b>" << both(vi, en) << "</div>\n";
    };
    card(r.residents, "người dân được hỗ trợ (lượt)", "residents helped (visits × group)");
    card(r.visits, "lượt sử dụng", "visits");
    card(r.lessonsCompleted, "bài học hoàn thành", "lessons completed");
    card(r.qr, "lần hiện mã QR", "QR codes shown");
    card(r.assistedVisits, "lượt có tổ công nghệ số hướng dẫn", "visits guided by the team");
    card(r.silentCommunes(), "xã/phường không có hoạt động", "communes with no activity");
    o << "</div>\n";

    o << "<h2>" << both("Người dân được hỗ trợ theo kỹ năng", "Residents helped per skill")
      << "</h2>\n"
      << "<table><thead><tr><th>" << both("Kỹ năng", "Skill") << "</th><th class=\"n\">"
      << both("Người dân", "Residents") << "</th><th class=\"n\">"
      << both("Hoàn thành bài", "Finished a lesson") << "</th><th style=\"width:35%\"></th>"
      << "</tr></thead><tbody>\n";
    int64_t top = 1;
    for (const SkillRow& s : r.skills) {
        top = std::max(top, s.residents);
    }
    for (const SkillRow& s : r.skills) {
        o << "<tr><td>" << s.skill << ". "
          << both(text::htmlEscape(s.nameVi), text::htmlEscape(s.nameEn)) << "</td><td class=\"n\">"
          << n(s.residents) << "</td><td class=\"n\">" << n(s.completedResidents)
          << "</td><td><span class=\"bar\" style=\"width:" << (100 * s.residents / top)
          << "%\"></span></td></tr>\n";
    }
    o << "</tbody></table>\n<p class=\"note\">"
      << both("Mục tiêu quốc gia: mỗi hộ gia đình có một người sử dụng được năm kỹ năng số. "
              "Số liệu ẩn danh: một người đến hai lần được tính hai lượt; một nhóm do tổ "
              "hướng dẫn được tính theo số người trong nhóm.",
              "National target: one person per household using the five digital skills. "
              "The data is anonymous: a person who came twice counts twice; a group guided "
              "by the team counts as its number of people.")
      << "</p>\n";

    o << "<h2>" << both("Theo xã/phường", "Per commune") << "</h2>\n"
      << "<table><thead><tr><th>" << both("Xã/phường", "Commune") << "</th><th class=\"n\">"
      << both("Máy", "Kiosks") << "</th><th class=\"n\">" << both("Lượt", "Visits")
      << "</th><th class=\"n\">" << both("Người dân", "Residents") << "</th><th class=\"n\">"
      << both("Có hướng dẫn", "Guided") << "</th><th class=\"n\">"
      << both("Bài hoàn thành", "Lessons done") << "</th><th class=\"n\">QR</th>"
      << "</tr></thead><tbody>\n";
    for (const CommuneRow& c : r.communes) {
        o << "<tr" << (c.visits == 0 ? " class=\"silent\"" : "") << "><td>"
          << both(text::htmlEscape(communeName(c, false)), text::htmlEscape(communeName(c, true)));
        if (!c.communeCode.empty()) {
            o << " <small>" << text::htmlEscape(c.communeCode) << "</small>";
        }
        if (r.province.empty() && !c.provinceName.empty()) {
            o << " – " << text::htmlEscape(c.provinceName);
        }
        o << "</td><td class=\"n\">" << n(c.kiosks) << "</td><td class=\"n\">" << n(c.visits)
          << "</td><td class=\"n\">" << n(c.residents) << "</td><td class=\"n\">" << n(c.assisted)
          << "</td><td class=\"n\">" << n(c.lessonsCompleted) << "</td><td class=\"n\">" << n(c.qr)
          << "</td></tr>\n";
    }
    o << "</tbody></table>\n";
    if (r.silentCommunes() > 0) {
        o << "<p class=\"note\">"
          << both("Xã/phường màu đỏ: có máy đã gửi số liệu trước đây nhưng tháng này không có "
                  "lượt nào (máy tắt, hỏng, hoặc chưa nạp bản xuất của tháng).",
                  "Communes in red: a kiosk sent data before but there is no visit this month "
                  "(kiosk off or broken, or this month's export not loaded yet).")
          << "</p>\n";
    }

    o << "<h2>" << both("Theo bài học", "Per lesson") << "</h2>\n"
      << "<table><thead><tr><th>" << both("Bài học", "Lesson") << "</th><th class=\"n\">"
      << both("Kỹ năng", "Skill") << "</th><th class=\"n\">" << both("Lượt mở", "Opened")
      << "</th><th class=\"n\">" << both("Hoàn thành", "Completed")
      << "</th></tr></thead><tbody>\n";
    for (const LessonRow& l : r.lessons) {
        o << "<tr><td>" << both(text::htmlEscape(l.titleVi), text::htmlEscape(l.titleEn))
          << "</td><td class=\"n\">" << l.skill << "</td><td class=\"n\">" << n(l.started)
          << "</td><td class=\"n\">" << n(l.completed) << "</td></tr>\n";
    }
    o << "</tbody></table>\n<p class=\"note\">"
      << both(n(r.unfinishedVisits) +
                  " lượt không có thời điểm kết thúc (máy dừng khi đang dùng); các lượt này "
                  "vẫn được tính. Tự dùng: " +
                  n(r.selfVisits) + " lượt; có hướng dẫn: " + n(r.assistedVisits) + " lượt (" +
                  n(r.assistedResidents) + " người). Bật giọng đọc: " + n(r.voiceVisits) + " lượt.",
              n(r.unfinishedVisits) +
                  " visits have no end time (the kiosk stopped during the visit); they are "
                  "still counted. On their own: " +
                  n(r.selfVisits) + " visits; guided: " + n(r.assistedVisits) + " visits (" +
                  n(r.assistedResidents) + " people). Voice (read aloud) on: " + n(r.voiceVisits) +
                  " visits.")
      << "</p>\n</main></body></html>\n";
    return o.str();
}

namespace {

class Book {
  public:
    explicit Book(const fs::path& file) : m_file(file) {
        lxw_workbook_options opts{};
        opts.constant_memory = LXW_FALSE;
        opts.tmpdir = nullptr;
        m_wb = workbook_new_opt(file.c_str(), &opts);
        if (!m_wb) {
            throw std::runtime_error("cannot create " + file.string());
        }
        m_head = workbook_add_format(m_wb);
        format_set_bold(m_head);
        format_set_text_wrap(m_head);
        format_set_bg_color(m_head, 0xDCE6F0);
        m_title = workbook_add_format(m_wb);
        format_set_bold(m_title);
        format_set_font_size(m_title, 14);
        m_en = workbook_add_format(m_wb);
        format_set_italic(m_en);
        format_set_font_color(m_en, 0x555555);
        m_num = workbook_add_format(m_wb);
        format_set_num_format(m_num, "#,##0");
        m_red = workbook_add_format(m_wb);
        format_set_font_color(m_red, 0x8A1C1C);
        format_set_num_format(m_red, "#,##0");
    }
    ~Book() {
        if (m_wb) {
            workbook_close(m_wb);
        }
    }
    lxw_worksheet* sheet(const char* name) { return workbook_add_worksheet(m_wb, name); }
    void close() {
        lxw_error e = workbook_close(m_wb);
        m_wb = nullptr;
        if (e != LXW_NO_ERROR) {
            throw std::runtime_error("cannot write " + m_file.string() + ": " + lxw_strerror(e));
        }
    }
    lxw_format *m_head, *m_title, *m_en, *m_num, *m_red;

  private:
    fs::path m_file;
    lxw_workbook* m_wb = nullptr;
};

// Column titles: Vietnamese on the header row, English below it.
void header(Book& b, lxw_worksheet* ws, int row,
            const std::vector<std::pair<std::string, std::string>>& cols) {
    for (size_t c = 0; c < cols.size(); ++c) {
        worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), cols[c].first.c_str(), b.m_head);
        worksheet_write_string(ws, row + 1, static_cast<lxw_col_t>(c), cols[c].second.c_str(),
                               b.m_en);
    }
}

// Column widths in characters: {first column, last column, width} each.
void widths(lxw_worksheet* ws, std::initializer_list<std::array<int, 3>> spans) {
    for (const auto& [first, last, width] : spans) {
        worksheet_set_column(ws, static_cast<lxw_col_t>(first), static_cast<lxw_col_t>(last), width,
                             nullptr);
    }
}

void num(lxw_worksheet* ws, int row, int col, int64_t v, lxw_format* f) {
    worksheet_write_number(ws, row, static_cast<lxw_col_t>(col), static_cast<double>(v), f);
}

void writeXlsx(const ProvinceReport& r, const fs::path& file) {
    Book b(file);
    const std::string place = placeTitle(r);
    {
        lxw_worksheet* ws = b.sheet("Tổng hợp");
        widths(ws, {{0, 0, 46}, {1, 1, 34}, {2, 2, 14}});
        const std::string title =
            "Trạm Số – báo cáo tháng " + monthVi(r.month) + (place.empty() ? "" : " – " + place);
        worksheet_write_string(ws, 0, 0, title.c_str(), b.m_title);
        header(b, ws, 2, {{"Chỉ tiêu", "Measure"}, {"", ""}, {"Số", "Number"}});
        const std::vector<std::tuple<const char*, const char*, int64_t>> rows = {
            {"Người dân được hỗ trợ (lượt)", "Residents helped (visits × group size)", r.residents},
            {"Lượt sử dụng", "Visits", r.visits},
            {"Lượt có tổ công nghệ số hướng dẫn", "Visits guided by the team", r.assistedVisits},
            {"Người dân được hướng dẫn", "Residents guided", r.assistedResidents},
            {"Lượt tự sử dụng", "Visits on their own", r.selfVisits},
            {"Lượt không có thời điểm kết thúc", "Visits without an end time", r.unfinishedVisits},
            {"Lượt bật giọng đọc", "Visits with voice (read aloud) on", r.voiceVisits},
            {"Bài học đã mở", "Lessons opened", r.lessonsStarted},
            {"Bài học hoàn thành", "Lessons completed", r.lessonsCompleted},
            {"Lần hiện mã QR", "QR codes shown", r.qr},
            {"Số máy", "Kiosks", r.kiosks},
            {"Số máy có hoạt động", "Kiosks with activity", r.activeKiosks},
            {"Số xã/phường", "Communes", static_cast<int64_t>(r.communes.size())},
            {"Xã/phường không có hoạt động", "Communes with no activity", r.silentCommunes()},
        };
        int row = 4;
        for (const auto& [vi, en, v] : rows) {
            worksheet_write_string(ws, row, 0, vi, nullptr);
            worksheet_write_string(ws, row, 1, en, b.m_en);
            num(ws, row, 2, v, b.m_num);
            ++row;
        }
        ++row;
        worksheet_write_string(ws, row++, 0, "Người dân được hỗ trợ theo kỹ năng", b.m_head);
        for (const SkillRow& s : r.skills) {
            worksheet_write_string(ws, row, 0, (std::to_string(s.skill) + ". " + s.nameVi).c_str(),
                                   nullptr);
            worksheet_write_string(ws, row, 1, s.nameEn.c_str(), b.m_en);
            num(ws, row, 2, s.residents, b.m_num);
            ++row;
        }
    }
    {
        lxw_worksheet* ws = b.sheet("Theo xã");
        header(b, ws, 0,
               {{"Mã tỉnh", "Province code"},
                {"Tỉnh/thành phố", "Province"},
                {"Mã xã", "Commune code"},
                {"Xã/phường", "Commune"},
                {"Số máy", "Kiosks"},
                {"Lượt sử dụng", "Visits"},
                {"Người dân được hỗ trợ", "Residents helped"},
                {"Lượt có hướng dẫn", "Guided visits"},
                {"Lượt tự sử dụng", "Visits on their own"},
                {"Lượt không kết thúc", "Visits without an end"},
                {"Bài học hoàn thành", "Lessons completed"},
                {"Lần hiện mã QR", "QR codes shown"},
                {"Kỹ năng 1 (người)", "Skill 1 (residents)"},
                {"Kỹ năng 2 (người)", "Skill 2 (residents)"},
                {"Kỹ năng 3 (người)", "Skill 3 (residents)"},
                {"Kỹ năng 4 (người)", "Skill 4 (residents)"},
                {"Kỹ năng 5 (người)", "Skill 5 (residents)"},
                {"Hoạt động", "Activity"}});
        widths(ws, {{0, 0, 8}, {1, 1, 18}, {2, 2, 9}, {3, 3, 28}, {4, 16, 12}, {17, 17, 22}});
        worksheet_freeze_panes(ws, 2, 0);
        int row = 2;
        for (const CommuneRow& c : r.communes) {
            lxw_format* f = c.visits == 0 ? b.m_red : b.m_num;
            worksheet_write_string(ws, row, 0, c.provinceCode.c_str(), nullptr);
            worksheet_write_string(ws, row, 1, c.provinceName.c_str(), nullptr);
            worksheet_write_string(ws, row, 2, c.communeCode.c_str(), nullptr);
            worksheet_write_string(ws, row, 3, communeName(c, false).c_str(), nullptr);
            int col = 4;
            for (int64_t v : {c.kiosks, c.visits, c.residents, c.assisted, c.self, c.unfinished,
                              c.lessonsCompleted, c.qr}) {
                num(ws, row, col++, v, f);
            }
            for (int64_t v : c.residentsPerSkill) {
                num(ws, row, col++, v, f);
            }
            worksheet_write_string(ws, row, col,
                                   c.visits == 0 ? "Không có hoạt động" : "Có hoạt động", f);
            ++row;
        }
        if (row > 2) {
            worksheet_autofilter(ws, 1, 0, static_cast<lxw_row_t>(row - 1), 17);
        }
    }
    {
        lxw_worksheet* ws = b.sheet("Theo kỹ năng");
        header(b, ws, 0,
               {{"Kỹ năng", "Skill"},
                {"Tên kỹ năng", "Skill name"},
                {"Skill name (English)", ""},
                {"Lượt sử dụng", "Visits"},
                {"Người dân được hỗ trợ", "Residents helped"},
                {"Người dân hoàn thành bài", "Residents who finished a lesson"}});
        widths(ws, {{0, 0, 8}, {1, 2, 30}, {3, 5, 18}});
        int row = 2;
        for (const SkillRow& s : r.skills) {
            num(ws, row, 0, s.skill, nullptr);
            worksheet_write_string(ws, row, 1, s.nameVi.c_str(), nullptr);
            worksheet_write_string(ws, row, 2, s.nameEn.c_str(), b.m_en);
            num(ws, row, 3, s.visits, b.m_num);
            num(ws, row, 4, s.residents, b.m_num);
            num(ws, row, 5, s.completedResidents, b.m_num);
            ++row;
        }
    }
    {
        lxw_worksheet* ws = b.sheet("Theo bài học");
        header(b, ws, 0,
               {{"Mã bài", "Lesson id"},
                {"Bài học", "Lesson"},
                {"Lesson (English)", ""},
                {"Kỹ năng", "Skill"},
                {"Lượt mở bài", "Visits that opened it"},
                {"Người dân", "Residents"},
                {"Số lần mở", "Times opened"},
                {"Số lần hoàn thành", "Times completed"}});
        widths(ws, {{0, 0, 22}, {1, 2, 36}, {3, 7, 14}});
        int row = 2;
        for (const LessonRow& l : r.lessons) {
            worksheet_write_string(ws, row, 0, l.id.c_str(), nullptr);
            worksheet_write_string(ws, row, 1, l.titleVi.c_str(), nullptr);
            worksheet_write_string(ws, row, 2, l.titleEn.c_str(), b.m_en);
            num(ws, row, 3, l.skill, nullptr);
            num(ws, row, 4, l.visits, b.m_num);
            num(ws, row, 5, l.residents, b.m_num);
            num(ws, row, 6, l.started, b.m_num);
            num(ws, row, 7, l.completed, b.m_num);
            ++row;
        }
    }
    b.close();
}

} // namespace

std::vector<fs::path> writeReport(const ProvinceReport& r, const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw std::runtime_error("cannot create the folder " + dir.string() + ": " + ec.message());
    }
    const std::string stem = "tramso-" + r.month + (r.province.empty() ? "" : "-" + r.province);
    const fs::path xlsx = dir / (stem + ".xlsx"), html = dir / (stem + ".html");
    const fs::path xlsxTmp = dir / ("." + stem + ".xlsx.part");
    const fs::path htmlTmp = dir / ("." + stem + ".html.part");
    try {
        writeXlsx(r, xlsxTmp);
        {
            std::ofstream out(htmlTmp, std::ios::binary);
            out << reportHtml(r);
            out.flush();
            if (!out) {
                throw std::runtime_error("cannot write " + html.string());
            }
        }
        fs::rename(xlsxTmp, xlsx);
        fs::rename(htmlTmp, html);
    } catch (...) {
        fs::remove(xlsxTmp, ec);
        fs::remove(htmlTmp, ec);
        throw;
    }
    return {xlsx, html};
}

} // namespace tramso::province
