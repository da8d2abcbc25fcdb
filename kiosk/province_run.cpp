// Progress for `province load`: a bar redrawn in place when stdout is a terminal, one plain
// line per export otherwise (logs, cron mails); problems on stderr, each naming its folder.
#include "province_cli.hpp"

#include "../db/province/report.hpp"
#include "../db/province/store.hpp"

#include <chrono>
#include <cstdio>
#include <regex>
#include <unistd.h>

namespace tramso {
namespace fs = std::filesystem;
using namespace tramso::province;

namespace {

int exitFor(const PgError& e) {
    switch (e.kind()) {
    case PgFailure::Unreachable:
    case PgFailure::Lost:
        return kProvinceUnreachable;
    case PgFailure::Auth:
        return kProvinceAuth;
    case PgFailure::Usage:
        return kProvinceUsage;
    default:
        return kProvinceOther;
    }
}

std::string mb(int64_t bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return b;
}

int runLoad(const ProvinceCli& p, const Content& content) {
    std::vector<fs::path> inputs(p.inputs.begin(), p.inputs.end());
    const std::vector<fs::path> exports = findExports(inputs);
    if (exports.empty()) {
        std::fprintf(stderr, "tramso: no export found in the folders given (an export folder "
                             "holds MANIFEST.sha256 and sessions.csv)\n");
        return kProvinceOther;
    }
    const bool tty = ::isatty(STDOUT_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    try {
        Pg pg(p.db);
        migrate(pg);
        storeCatalogue(pg, content);
        LoadOptions opt;
        opt.exports = exports;
        opt.content = &content;
        opt.jobs = p.jobs;
        opt.conninfo = p.db;
        auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        if (tty) {
            opt.progress = [&](const LoadProgress& pr) {
                const auto now = std::chrono::steady_clock::now();
                if (now - last < std::chrono::milliseconds(100) && pr.exportIndex < pr.exports) {
                    return;
                }
                last = now;
                const double f =
                    pr.bytes ? static_cast<double>(pr.bytesDone) / static_cast<double>(pr.bytes)
                             : 1.0;
                const int width = 30, full = static_cast<int>(f * width + 0.5);
                std::string bar(static_cast<size_t>(full), '#');
                bar.resize(width, '.');
                const double s = seconds();
                std::printf("\r[%s] %3d%%  export %zu/%zu  %s/%s  ~%.0f events/s   ", bar.c_str(),
                            static_cast<int>(f * 100), std::min(pr.exportIndex + 1, pr.exports),
                            pr.exports, mb(pr.bytesDone).c_str(), mb(pr.bytes).c_str(),
                            s > 0 ? static_cast<double>(pr.events) / s : 0.0);
                std::fflush(stdout);
            };
        }
        opt.done = [&](const ExportLoad& e) {
            if (tty) {
                std::printf("\r\033[K");
            }
            switch (e.status) {
            case LoadStatus::Loaded:
                std::printf("loaded %s: %lld visits (%lld new), %lld events, %lld daily rows%s\n",
                            e.folder.c_str(), static_cast<long long>(e.sessions),
                            static_cast<long long>(e.newSessions), static_cast<long long>(e.events),
                            static_cast<long long>(e.dailyRows),
                            e.quizRows ? (", " + std::to_string(e.quizRows) + " quiz rows").c_str()
                                       : "");
                break;
            case LoadStatus::AlreadyLoaded:
                std::printf("already loaded %s: nothing to do\n", e.folder.c_str());
                break;
            case LoadStatus::Damaged:
                std::fprintf(stderr, "tramso: skipped damaged export %s: %s\n", e.folder.c_str(),
                             e.message.c_str());
                break;
            case LoadStatus::NotLoaded:
                std::fprintf(stderr, "tramso: %s was not loaded: %s\n", e.folder.c_str(),
                             e.message.c_str());
                break;
            }
            std::fflush(stdout);
        };
        const std::vector<ExportLoad> res = loadExports(pg, opt);
        if (tty) {
            std::printf("\r\033[K");
        }
        int64_t events = 0, damaged = 0, loaded = 0;
        for (const ExportLoad& e : res) {
            events += e.status == LoadStatus::Loaded ? e.events : 0;
            loaded += e.status == LoadStatus::Loaded;
            damaged += e.status == LoadStatus::Damaged;
        }
        const double s = seconds();
        std::printf("province load: %lld of %zu exports loaded, %lld already there, %lld "
                    "damaged; %lld events in %.1f s (%.0f events/s)\n",
                    static_cast<long long>(loaded), res.size(),
                    static_cast<long long>(static_cast<int64_t>(res.size()) - loaded - damaged),
                    static_cast<long long>(damaged), static_cast<long long>(events), s,
                    s > 0 ? static_cast<double>(events) / s : 0.0);
        if (damaged > 0) {
            std::fprintf(stderr,
                         "tramso: %lld damaged export(s) skipped (named above); export them "
                         "again from the kiosk, then load again\n",
                         static_cast<long long>(damaged));
            return kProvinceDamaged;
        }
        return kProvinceOk;
    } catch (const PgError& e) {
        if (tty) {
            std::printf("\r\033[K");
            std::fflush(stdout);
        }
        std::fprintf(stderr, "tramso: %s\n", e.what());
        if (e.kind() == PgFailure::Lost) {
            std::fprintf(stderr, "tramso: the export being loaded was rolled back; the ones "
                                 "listed as loaded are kept. Run the same command again when "
                                 "the server is back\n");
        }
        return exitFor(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tramso: %s\n", e.what());
        return kProvinceOther;
    }
}

int runReport(const ProvinceCli& p) {
    static const std::regex kMonth("[0-9]{4}-(0[1-9]|1[0-2])");
    if (!std::regex_match(p.month, kMonth)) {
        std::fprintf(stderr, "tramso: --month needs a month like 2026-11\n");
        return kProvinceUsage;
    }
    static const std::regex kProvince("[0-9]{2}");
    if (!p.province.empty() && !std::regex_match(p.province, kProvince)) {
        std::fprintf(stderr, "tramso: --province needs the 2-digit province code, such as 22\n");
        return kProvinceUsage;
    }
    try {
        Pg pg(p.db);
        const int have = schemaVersion(pg);
        if (have == 0) {
            std::fprintf(stderr, "tramso: this database holds no Trạm Số data yet; run tramso "
                                 "province load first\n");
            return kProvinceOther;
        }
        if (have != latestSchemaVersion()) {
            migrate(pg); // also refuses a newer schema
        }
        const auto start = std::chrono::steady_clock::now();
        ProvinceReport r = gatherReport(pg, p.month, p.province);
        if (!p.province.empty() && r.kiosks == 0) {
            std::fprintf(stderr, "tramso: no kiosk of province %s has been loaded\n",
                         p.province.c_str());
            return kProvinceOther;
        }
        for (const fs::path& f : writeReport(r, p.to)) {
            std::printf("%s\n", f.c_str());
        }
        std::fprintf(
            stderr,
            "province report %s: %lld residents helped, %lld visits, %lld lessons "
            "completed, %lld of %zu communes without activity (%.2f s)\n",
            p.month.c_str(), static_cast<long long>(r.residents), static_cast<long long>(r.visits),
            static_cast<long long>(r.lessonsCompleted), static_cast<long long>(r.silentCommunes()),
            r.communes.size(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        return kProvinceOk;
    } catch (const PgError& e) {
        std::fprintf(stderr, "tramso: %s\n", e.what());
        return exitFor(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tramso: %s\n", e.what());
        return kProvinceOther;
    }
}

} // namespace

int runProvinceCommand(const ProvinceCli& p, const Content& content) {
    if (*p.load) {
        return runLoad(p, content);
    }
    return runReport(p);
}

} // namespace tramso
