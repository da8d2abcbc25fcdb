// Province benchmark: K kiosks × D days of exports written straight in the export format
// (CSV, summary.json, MANIFEST.sha256 signed with each kiosk's own key, as kiosks do;
// stats.sqlite and report.html are placeholders the loader only hashes), each kiosk's key
// registered, loaded into a private PostgreSQL by the real loader; then the
// monthly report over 12 months of monthly totals. Run by tests/bench/province.sh.
#include "db/province/report.hpp"
#include "db/province/store.hpp"
#include "kiosk/core/content/export_key.hpp"
#include "tests/province/pg_server.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

using namespace tramso;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string sha(const std::string& data) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (unsigned char c : d) {
        s += hex[c >> 4];
        s += hex[c & 15];
    }
    return s;
}

const char* kLessons[] = {"quet-ma-qr",       "vneid-kich-hoat", "dichvucong-dang-nhap",
                          "tra-cuu-ho-so",    "nop-ho-so",       "thanh-toan-vietqr",
                          "tien-dien-nuoc",   "mua-sam-an-toan", "cuoc-goi-lua-dao",
                          "tin-nhan-lua-dao", "giu-bi-mat-otp",  "vssid",
                          "so-suc-khoe",      "nhom-zalo-thon"};
const char* kPortals[] = {"dichvucong", "vneid", "vssid", "tinnhiemmang"};

// One kiosk's export of `days` days from 2026-11-01, `visits` visits a day.
int64_t writeExport(const fs::path& root, int kiosk, int days, int visits, std::mt19937& rng,
                    const ExportKey& key) {
    char id[32];
    std::snprintf(id, sizeof id, "k%04d", kiosk);
    const fs::path dir = root / "TRAMSO" / id / "20261201-080000";
    fs::create_directories(dir);
    std::string ses = "\xEF\xBB\xBFsession_id,kiosk_id,started_hour,duration_s,mode,group_size,"
                      "language,text_size,contrast,outcome,voice,content_version\r\n";
    std::string ev = "\xEF\xBB\xBFsession_id,kiosk_id,day,type,tutorial_id,step,portal_id,at_ms,"
                     "duration_ms,result\r\n";
    const std::string daily = "\xEF\xBB\xBFkiosk_id,day,type,tutorial_id,step,portal_id,result,"
                              "count\r\n";
    int64_t events = 0;
    int n = 0;
    char line[256];
    for (int d = 1; d <= days; ++d) {
        const int day = 20261100 + d;
        for (int v = 0; v < visits; ++v) {
            char sid[40];
            std::snprintf(sid, sizeof sid, "%08x%024x", kiosk, ++n);
            const int hour = 7 + static_cast<int>(rng() % 13);
            const bool assisted = rng() % 4 == 0;
            std::snprintf(
                line, sizeof line,
                "%s,%s,2026-11-%02d %02d:00,%u,%s,%d,vi,A,normal,%s,%d,2026.12\r\n", sid, id, d,
                hour, static_cast<unsigned>(60 + rng() % 900), assisted ? "assisted" : "self",
                assisted ? 1 + static_cast<int>(rng() % 5) : 1, "timeout", rng() % 5 == 0 ? 1 : 0);
            ses += line;
            auto e = [&](const char* type, const char* tut, int step, const char* portal, int at,
                         int dur, const char* result) {
                std::snprintf(line, sizeof line, "%s,%s,%d,%s,%s,%s,%s,%d,%s,%s\r\n", sid, id, day,
                              type, tut, step >= 0 ? std::to_string(step).c_str() : "", portal, at,
                              dur >= 0 ? std::to_string(dur).c_str() : "", result);
                ev += line;
                ++events;
            };
            const char* lesson = kLessons[rng() % 14];
            e("session_started", "", -1, "", 0, -1, "");
            e("tutorial_started", lesson, -1, "", 10, -1, "");
            const int steps = 1 + static_cast<int>(rng() % 8);
            for (int s = 0; s < steps; ++s) {
                e("step_shown", lesson, s, "", s * 9000, 9000, "");
                e("practice_tap", lesson, s, "", s * 9000 + 5, -1, "right");
            }
            if (steps >= 6) {
                e("tutorial_completed", lesson, -1, "", 80000, -1, "");
            }
            e("qr_shown", "", -1, kPortals[rng() % 4], 90000, -1, "");
            e("session_ended", "", -1, "", 99000, -1, "timeout");
        }
    }
    char summary[512];
    std::snprintf(summary, sizeof summary,
                  "{\"schema_version\": 1, \"kiosks\": [\"%s\"], \"identity\": {\"kiosk_id\": "
                  "\"%s\", \"province_code\": \"%02d\", \"province_name\": \"Tỉnh %02d\", "
                  "\"commune_code\": \"%05d\", \"commune_name\": \"Xã %05d\"}}\n",
                  id, id, 1 + kiosk % 34, 1 + kiosk % 34, kiosk / 2, kiosk / 2);
    const std::vector<std::pair<std::string, std::string>> files = {
        {"sessions.csv", ses},
        {"events.csv", ev},
        {"daily.csv", daily},
        {"summary.json", summary},
        {"report.html", "<!DOCTYPE html><p>bench</p>\n"},
        {"stats.sqlite", "placeholder"}};
    std::string manifest;
    for (const auto& [name, data] : files) {
        std::ofstream(dir / name, std::ios::binary) << data;
        manifest += sha(data) + "  " + name + "\n";
    }
    std::ofstream(dir / "MANIFEST.sha256.minisig") << key.sign(manifest, "bench");
    std::ofstream(dir / "MANIFEST.sha256") << manifest;
    return events;
}

// CPU seconds (user + system) of this process.
double cpuSelf() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
} // namespace

int main(int argc, char** argv) {
    const int kiosks = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int days = argc > 2 ? std::atoi(argv[2]) : 30;
    const int visits = argc > 3 ? std::atoi(argv[3]) : 40;
    const int jobs = argc > 4 ? std::atoi(argv[4]) : 2;
    if (sodium_init() < 0) {
        return 1;
    }
    const fs::path root =
        fs::temp_directory_path() / ("tramso-province-bench-" + std::to_string(::getpid()));
    std::mt19937 rng(42);
    auto t = Clock::now();
    int64_t events = 0;
    std::vector<std::pair<std::string, ExportKey>> keys; // each kiosk's own
    for (int k = 0; k < kiosks; ++k) {
        char id[32];
        std::snprintf(id, sizeof id, "k%04d", k);
        keys.emplace_back(id, *generateExportKey());
        events += writeExport(root, k, days, visits, rng, keys.back().second);
    }
    std::printf("generated: %d kiosks x %d days x %d visits/day = %lld events in %.1f s\n", kiosks,
                days, visits, static_cast<long long>(events), since(t));
    std::fflush(stdout);
    int rc = 0;
    try {
        // durable: fsync on, as a real server; every statement logged with its CPU time
        // (TRAMSO_BENCH_PG: more " -c name=value" settings to try)
        const char* more = std::getenv("TRAMSO_BENCH_PG");
        test::PgServer server(true, " -c log_min_duration_statement=0 -c log_statement_stats=on" +
                                        std::string(more ? " " : "") + (more ? more : ""));
        province::Pg pg(server.conninfo());
        province::migrate(pg);
        const Content content = loadContent(fs::path(TRAMSO_SOURCE_DIR) / "assets", Config{});
        province::storeCatalogue(pg, content);
        for (const auto& [id, key] : keys) { // `tramso province kiosk add`
            province::registerKiosk(pg, id, key.publicKeyBase64(), false);
        }
        province::LoadOptions opt;
        opt.exports = province::findExports({root});
        opt.jobs = jobs; // as `tramso province load` (--jobs, default 2)
        opt.conninfo = server.conninfo();
        const std::string lsn = pg.query("SELECT pg_current_wal_lsn()").text(0, 0);
        const double cpu0 = cpuSelf();
        t = Clock::now();
        const auto res = province::loadExports(pg, opt);
        const double load = since(t);
        const double cpu = cpuSelf() - cpu0;
        const double wal =
            static_cast<double>(
                pg.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)", {lsn})
                    .integer(0, 0)) /
            1e6;
        int64_t loaded = 0;
        for (const auto& r : res) {
            loaded += r.status == province::LoadStatus::Loaded ? r.events : 0;
        }
        std::printf("load: %zu exports, %lld events in %.1f s = %.0f events/s (goal >= 200000), "
                    "%d connection(s)\n",
                    res.size(), static_cast<long long>(loaded), load,
                    static_cast<double>(loaded) / load, jobs);
        std::printf("load: the loader's CPU %.1f s (the server's: below); WAL written %.0f MB\n",
                    cpu, wal);
        // 11 more months of totals (copies of this one), so the report reads from a year
        for (int m = 1; m <= 11; ++m) {
            for (const char* tb :
                 {"kiosk_month", "kiosk_month_skill", "kiosk_month_lesson", "kiosk_month_portal"}) {
                pg.exec(std::string("INSERT INTO ") + tb + " SELECT (month - interval '" +
                        std::to_string(m) + " month')::date, " +
                        (std::string(tb) == "kiosk_month" ? "kiosk_id, visits, residents, "
                                                            "assisted_visits, assisted_residents, "
                                                            "self_visits, unfinished_visits, "
                                                            "lessons_started, lessons_completed, "
                                                            "qr_shown, voice_visits, "
                                                            "voice_known_visits"
                                                          : "") +
                        (std::string(tb) == "kiosk_month_skill"
                             ? "kiosk_id, skill, visits, residents, completed_visits, "
                               "completed_residents"
                             : "") +
                        (std::string(tb) == "kiosk_month_lesson"
                             ? "kiosk_id, lesson_id, visits, residents, started, completed"
                             : "") +
                        (std::string(tb) == "kiosk_month_portal" ? "kiosk_id, portal_id, qr_shown"
                                                                 : "") +
                        " FROM " + tb + " WHERE month = '2026-11-01'");
            }
        }
        pg.exec("ANALYZE");
        for (int run = 0; run < 3; ++run) {
            t = Clock::now();
            province::ProvinceReport r = province::gatherReport(pg, "2026-11", "");
            const auto files = province::writeReport(r, root / "report");
            std::printf("report (all provinces, 12 months stored, run %d): %.3f s "
                        "(goal <= 2 s); %lld visits, %zu communes\n",
                        run + 1, since(t), static_cast<long long>(r.visits), r.communes.size());
        }
        t = Clock::now();
        province::ProvinceReport one = province::gatherReport(pg, "2026-11", "22");
        province::writeReport(one, root / "report");
        std::printf("report (one province): %.3f s\n", since(t));
        // where the load's time went: each statement the server logged, its wall time and
        // the CPU its backend spent (log_statement_stats), summed by statement
        std::ifstream log(server.dir() / "server.log");
        struct Cost {
            int n = 0;
            double wall = 0, cpu = 0;
        };
        std::map<std::string, Cost> costs;
        // backends log side by side: a statement and its statistics are matched by pid
        std::map<std::string, std::pair<std::string, double>> pending; // pid → statement, wall
        std::string pid;                                               // of the current message
        for (std::string l; std::getline(log, l);) {
            if (const auto b = l.find(" UTC ["); b != std::string::npos && l[0] != '\t') {
                pid = l.substr(b + 6, l.find(']', b) - b - 6);
            }
            const auto d = l.find("duration: ");
            const auto st = l.find(" ms  ");
            if (d != std::string::npos && st != std::string::npos) {
                // literals (kiosk ids, months) blanked, so one statement is one row
                std::string q;
                bool lit = false;
                for (char ch : l.substr(st + 5)) {
                    if (ch == '\'') {
                        lit = !lit;
                        q += lit ? "'?'" : "";
                    } else if (!lit) {
                        q += ch;
                    }
                }
                pending[pid] = {q.substr(0, 60), std::stod(l.substr(d + 10)) / 1000};
                continue;
            }
            const auto u = l.find(" s user, ");
            const auto it = pending.find(pid);
            if (u != std::string::npos && it != pending.end() && l.find('[') == std::string::npos) {
                const auto bang = l.find('!');
                const double user = std::stod(l.substr(bang + 1));
                const double sys = std::stod(l.substr(u + 9));
                Cost& c = costs[it->second.first];
                ++c.n;
                c.wall += it->second.second;
                c.cpu += user + sys;
                pending.erase(it);
            }
        }
        std::vector<std::pair<std::string, Cost>> sorted(costs.begin(), costs.end());
        std::sort(sorted.begin(), sorted.end(),
                  [](const auto& a, const auto& b) { return a.second.wall > b.second.wall; });
        Cost all;
        for (const auto& [sql, c] : sorted) {
            all.wall += c.wall;
            all.cpu += c.cpu;
        }
        std::printf("server statements: %.1f s wall, %.1f s CPU in all; the largest:\n", all.wall,
                    all.cpu);
        for (size_t i = 0; i < sorted.size() && i < 12; ++i) {
            const auto& [sql, c] = sorted[i];
            std::printf("  %6d x  wall %6.1f s  cpu %6.1f s  %s\n", c.n, c.wall, c.cpu,
                        sql.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "province_bench: %s\n", e.what());
        rc = 1;
    }
    std::error_code ec;
    fs::remove_all(root, ec);
    return rc;
}
