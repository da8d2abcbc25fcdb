// Progress for `province load`: a bar redrawn in place when stdout is a terminal, one plain
// line per export otherwise (logs, cron mails); problems on stderr, each naming its folder.
#include "province_cli.hpp"

#include "../../db/province/report.hpp"
#include "../../db/province/store.hpp"
#include "kiosk/core/stick/stick_fs.hpp"

#include <algorithm>
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

// Called in a catch block: says what went wrong on stderr and returns the exit code for it.
int reportFailure() {
    try {
        throw;
    } catch (const PgError& e) {
        std::fprintf(stderr, "tramso: %s\n", e.what());
        return exitFor(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tramso: %s\n", e.what());
        return kProvinceOther;
    }
}

std::string mb(int64_t bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return b;
}

// A name from a stick printed safely (printableName: a folder name holding a newline or an
// escape sequence cannot forge a line or clear the terminal).
std::string shown(const std::string& s) {
    return printableName(s);
}
std::string shown(const fs::path& p) {
    return shown(p.string());
}

int runLoad(const ProvinceCli& p, const Content& content) {
    std::vector<fs::path> inputs(p.inputs.begin(), p.inputs.end());
    std::vector<std::string> problems;
    const std::vector<fs::path> exports = findExports(inputs, &problems);
    for (const std::string& why : problems) {
        std::fprintf(stderr, "tramso: %s\n", shown(why).c_str());
    }
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
        opt.acceptUnsigned = p.acceptUnsigned;
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
                if (!e.verified) {
                    std::fprintf(stderr, "tramso: loaded %s UNVERIFIED: %s\n",
                                 shown(e.folder).c_str(), shown(e.unverified).c_str());
                }
                std::printf("loaded %s: %lld visits (%lld new), %lld events, %lld daily rows%s\n",
                            shown(e.folder).c_str(), static_cast<long long>(e.sessions),
                            static_cast<long long>(e.newSessions), static_cast<long long>(e.events),
                            static_cast<long long>(e.dailyRows),
                            e.quizRows ? (", " + std::to_string(e.quizRows) + " quiz rows").c_str()
                                       : "");
                break;
            case LoadStatus::AlreadyLoaded:
                std::printf("already loaded %s: nothing to do\n", shown(e.folder).c_str());
                break;
            case LoadStatus::Damaged:
                std::fprintf(stderr, "tramso: skipped damaged export %s: %s\n",
                             shown(e.folder).c_str(), shown(e.message).c_str());
                break;
            case LoadStatus::NotLoaded:
                std::fprintf(stderr, "tramso: %s was not loaded: %s\n", shown(e.folder).c_str(),
                             shown(e.message).c_str());
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

int runKiosk(const ProvinceCli& p) {
    try {
        Pg pg(p.db);
        migrate(pg);
        if (*p.kioskList) {
            for (const RegisteredKiosk& k : registeredKiosks(pg)) {
                std::printf("%s  key %s  %s  (added %s)\n", k.kioskId.c_str(), k.keyId.c_str(),
                            k.publicKey.c_str(), k.addedAt.c_str());
            }
            return kProvinceOk;
        }
        std::vector<std::pair<std::string, std::string>> todo; // kiosk id, key text
        auto readKey = [](const fs::path& f, std::string& text) {
            std::string why;
            const Stick dir =
                Stick::open(f.has_parent_path() ? f.parent_path() : fs::path("."), why, "");
            std::optional<std::string> t =
                dir.valid() ? dir.readFile(f.filename(), 4096, why) : std::nullopt;
            if (!t) {
                throw std::invalid_argument(shown(f) + ": " + why);
            }
            text = *t;
        };
        if (!p.keysFrom.empty()) {
            if (!p.kioskId.empty()) {
                std::fprintf(stderr, "tramso: give KIOSK_ID PUBKEY or --from DIR, not both\n");
                return kProvinceUsage;
            }
            std::error_code ec;
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(p.keysFrom, ec)) {
                if (e.path().extension() == ".pub" && files.size() < 100000) {
                    files.push_back(e.path());
                }
            }
            std::sort(files.begin(), files.end());
            for (const fs::path& f : files) {
                std::string text;
                readKey(f, text);
                todo.emplace_back(f.stem().string(), text);
            }
            if (todo.empty()) {
                std::fprintf(stderr, "tramso: no <kiosk_id>.pub file in %s\n", p.keysFrom.c_str());
                return kProvinceOther;
            }
        } else {
            if (p.kioskId.empty() || p.publicKey.empty()) {
                std::fprintf(stderr, "tramso: province kiosk add needs KIOSK_ID PUBKEY (or "
                                     "--from DIR)\n");
                return kProvinceUsage;
            }
            std::string text = p.publicKey;
            std::error_code ec;
            if (fs::is_regular_file(p.publicKey, ec)) {
                readKey(p.publicKey, text);
            }
            todo.emplace_back(p.kioskId, text);
        }
        int failed = 0;
        for (const auto& [id, text] : todo) {
            try {
                registerKiosk(pg, id, text, p.replaceKey);
                for (const RegisteredKiosk& k : registeredKiosks(pg)) {
                    if (k.kioskId == id) {
                        std::printf("registered kiosk %s with key %s\n", id.c_str(),
                                    k.keyId.c_str());
                    }
                }
            } catch (const std::invalid_argument& e) {
                std::fprintf(stderr, "tramso: %s: %s\n", shown(id).c_str(), e.what());
                ++failed;
            }
        }
        return failed ? kProvinceUsage : kProvinceOk;
    } catch (const std::exception&) {
        return reportFailure();
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
    } catch (const std::exception&) {
        return reportFailure();
    }
}

} // namespace

int runProvinceCommand(const ProvinceCli& p, const Content& content) {
    if (*p.load) {
        return runLoad(p, content);
    }
    if (*p.kiosk) {
        return runKiosk(p);
    }
    return runReport(p);
}

} // namespace tramso
