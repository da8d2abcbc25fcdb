// Each check prints "ok", "FAIL" or "skip" with its finding. OpenGL is tried only when a
// display is reachable (DISPLAY or WAYLAND_DISPLAY), so the rest runs on a bare shell.
#include "doctor.hpp"

#include "../../db/sqlite.hpp"
#include "../platform/alsa_voice.hpp"
#include "../platform/gl_probe.hpp"
#include "../ui/fonts.hpp"
#include "kiosk/core/content/content.hpp"
#include "kiosk/core/content/export_key.hpp"
#include "kiosk/core/speech/speech_synth.hpp"
#include "kiosk/core/staff/health.hpp"
#include "kiosk/core/stick/usb.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <set>

#ifndef TRAMSO_BUILD_DAY
#define TRAMSO_BUILD_DAY 20260101
#endif

namespace tramso {
namespace fs = std::filesystem;

namespace {

int g_failures = 0;

void line(const char* status, const char* what, const std::string& detail) {
    std::printf("%-4s  %-10s %s\n", status, what, detail.c_str());
    if (std::string(status) == "FAIL") {
        ++g_failures;
    }
}

// The account the kiosk runs as: `tramso` when it exists (the service's), else whoever runs
// doctor (a development machine).
struct Account {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;
};

Account kioskAccount() {
    Account a;
    if (const passwd* pw = ::getpwnam("tramso")) {
        a = {pw->pw_uid, pw->pw_gid, "tramso"};
        return a;
    }
    a.uid = ::geteuid();
    a.gid = ::getegid();
    const passwd* pw = ::getpwuid(a.uid);
    a.name = pw ? pw->pw_name : std::to_string(a.uid);
    return a;
}

std::string modeText(mode_t m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
    return buf;
}

std::string ownerText(const struct stat& st) {
    const passwd* pw = ::getpwuid(st.st_uid);
    const group* gr = ::getgrgid(st.st_gid);
    return (pw ? std::string(pw->pw_name) : std::to_string(st.st_uid)) + ":" +
           (gr ? std::string(gr->gr_name) : std::to_string(st.st_gid));
}

// Why the kiosk's account (or anyone but root) could change `p`; "" when only root can.
// A trust anchor (kiosk.toml, the keys folder, a key) that the kiosk could rewrite would let
// a compromised kiosk trust its own packs and addresses.
std::string whoCanWrite(const fs::path& p, const Account& kiosk) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
        return {};
    }
    const std::string is = p.string() + " is " + modeText(st.st_mode) + " " + ownerText(st);
    if (S_ISLNK(st.st_mode)) {
        return p.string() + " is a symbolic link; a trust anchor must be the file itself";
    }
    if (st.st_mode & S_IWOTH) {
        return is + ": anyone can change it";
    }
    if (st.st_mode & S_IWGRP) {
        return is + ": its group can change it";
    }
    if (kiosk.uid != 0 && st.st_uid == kiosk.uid) {
        return is + ": the kiosk's account " + kiosk.name + " owns it and could change it";
    }
    if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
        return is + ": owned by another account than root";
    }
    return {};
}

// Whether `kiosk` may create files in folder `dir`.
bool canWriteFolder(const fs::path& dir, const Account& kiosk) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return false;
    }
    if (kiosk.uid == ::geteuid()) {
        return ::access(dir.c_str(), W_OK | X_OK) == 0;
    }
    if (kiosk.uid == 0) {
        return true;
    }
    if (st.st_uid == kiosk.uid) {
        return (st.st_mode & S_IWUSR) && (st.st_mode & S_IXUSR);
    }
    if (st.st_gid == kiosk.gid) {
        return (st.st_mode & S_IWGRP) && (st.st_mode & S_IXGRP);
    }
    return (st.st_mode & S_IWOTH) && (st.st_mode & S_IXOTH);
}

} // namespace

int runDoctor(const ConfigLoad& cfg, const fs::path& configFile, const Paths& paths) {
    g_failures = 0;
    // fonts
    ui::FontFiles files;
    std::string err;
    if (!ui::findFonts(files, err)) {
        line("FAIL", "fonts", err + " (install fonts-noto-core)");
    } else {
        ui::FontCoverage cov;
        if (!cov.load(files, err)) {
            line("FAIL", "fonts", err);
        } else {
            bool ok = cov.has(U'ệ') && cov.has(U'ữ') && cov.has(U'Đ') && cov.has(U'ỹ');
            line(ok ? "ok" : "FAIL", "fonts",
                 files.regular.string() + (ok ? " draws Vietnamese" : " lacks Vietnamese letters"));
        }
    }
    // OpenGL
    auto set = [](const char* v) {
        const char* s = std::getenv(v);
        return s && *s;
    };
    if (!set("DISPLAY") && !set("WAYLAND_DISPLAY")) {
        line("skip", "opengl", "no display here (DISPLAY and WAYLAND_DISPLAY are unset)");
    } else {
        std::string v = platform::openGlVersion(err);
        line(v.empty() ? "FAIL" : "ok", "opengl", v.empty() ? err : v);
    }
    // config
    int cfgErrors = 0;
    for (const auto& d : cfg.diagnostics) {
        cfgErrors += d.severity == Diagnostic::Severity::Error;
    }
    if (!cfg.fileFound) {
        line("ok", "config", configFile.string() + " is missing: defaults are used");
    } else if (cfgErrors) {
        line("FAIL", "config", cfg.diagnostics.front().format());
    } else {
        line("ok", "config", configFile.string());
    }
    // trust anchors: only root may change the config (the portal allowlist lives there), its
    // folder, the keys folder and each key
    const Account kiosk = kioskAccount();
    {
        std::vector<std::string> problems;
        std::error_code ec;
        for (const fs::path& p : {configFile, configFile.parent_path()}) {
            if (!p.empty()) {
                if (std::string w = whoCanWrite(p, kiosk); !w.empty()) {
                    problems.push_back(w);
                }
            }
        }
        const fs::path keys = cfg.config.contentKeysDir;
        if (std::string w = whoCanWrite(keys, kiosk); !w.empty()) {
            problems.push_back(w);
        }
        size_t count = 0;
        for (const auto& e : fs::directory_iterator(keys, ec)) {
            ++count;
            if (std::string w = whoCanWrite(e.path(), kiosk); !w.empty()) {
                problems.push_back(w);
            }
        }
        if (!problems.empty()) {
            std::string all = problems.front();
            for (size_t i = 1; i < problems.size(); ++i) {
                all += "; " + problems[i];
            }
            line("FAIL", "trust",
                 all + " (trust anchors must be writable by root only: chmod go-w, chown root)");
        } else {
            line("ok", "trust",
                 configFile.string() + ", " + keys.string() + " (" + std::to_string(count) +
                     " files): only root can change them (the kiosk runs as " + kiosk.name + ")");
        }
    }
    // the data folder: the kiosk's own, and writable by it
    {
        static const std::set<std::string> kSystem = {
            "/",     "/etc", "/usr", "/bin", "/sbin", "/lib",  "/lib64", "/boot", "/dev",
            "/proc", "/sys", "/run", "/var", "/home", "/root", "/tmp",   "/opt",  "/srv"};
        std::error_code ec;
        const fs::path dir = fs::weakly_canonical(fs::absolute(paths.dataDir, ec), ec);
        if (kSystem.count(dir.string())) {
            line("FAIL", "data",
                 dir.string() + " is a system folder, not a data folder: set data_dir to the "
                                "kiosk's own folder such as /var/lib/tramso");
        } else if (fs::is_directory(dir, ec)) {
            line(canWriteFolder(dir, kiosk) ? "ok" : "FAIL", "data",
                 dir.string() + (canWriteFolder(dir, kiosk)
                                     ? " is writable by " + kiosk.name
                                     : " cannot be written by " + kiosk.name +
                                           " (the kiosk's account): chown it to " + kiosk.name));
        } else {
            const bool can = canWriteFolder(dir.parent_path(), kiosk);
            line(can ? "ok" : "FAIL", "data",
                 dir.string() + (can ? " does not exist yet; the kiosk makes it"
                                     : " does not exist and " + kiosk.name +
                                           " cannot create it in " + dir.parent_path().string()));
        }
    }
    // content
    if (!fs::is_directory(paths.assets)) {
        line("FAIL", "content", paths.assets.string() + " does not exist");
    } else {
        Content c = loadContent(paths.assets, cfg.config);
        int errors = 0;
        std::string first;
        for (const auto& d : c.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error) {
                if (!errors++) {
                    first = d.format();
                }
            }
        }
        line(errors ? "FAIL" : "ok", "content",
             errors
                 ? std::to_string(errors) + " errors, first: " + first
                 : std::to_string(c.tutorials.tutorials.size()) + " lessons, " +
                       std::to_string(c.portals.all().size()) + " portals, " +
                       std::to_string(c.plans.plans.size()) + " plans in " + paths.assets.string());
    }
    // database
    const fs::path stats = paths.dataDir / "stats.sqlite";
    if (!fs::exists(stats)) {
        line("ok", "database", stats.string() + " not created yet (the kiosk makes it)");
    } else {
        try {
            db::Database d(stats.string(), false, true);
            db::Statement q(d, "PRAGMA quick_check");
            std::string r = q.step() ? q.text(0) : "?";
            line(r == "ok" ? "ok" : "FAIL", "database", stats.string() + ": quick_check " + r);
        } catch (const std::exception& e) {
            line("FAIL", "database", stats.string() + ": " + e.what());
        }
    }
    // the kiosk's export signing key (made at its first start; never made by doctor)
    {
        const ExportKeyLoad key = loadExportKey(paths.dataDir);
        if (key.key) {
            line(key.problem.empty() ? "ok" : "FAIL", "export key",
                 key.problem.empty()
                     ? "id " + key.key->idHex() + ", public key " + key.key->publicKeyBase64() +
                           " (register it at the "
                           "province: tramso province kiosk add " +
                           cfg.config.kioskId + " " + key.key->publicKeyBase64() + ")"
                     : key.problem);
        } else if (!fs::exists(paths.dataDir / kExportKeyDir / kExportSecretKeyFile)) {
            line("ok", "export key",
                 "not made yet (the kiosk makes it at its first start, in " +
                     (paths.dataDir / kExportKeyDir).string() + ")");
        } else {
            line("FAIL", "export key", key.problem);
        }
    }
    // disk
    std::error_code ec;
    fs::path probe = fs::exists(paths.dataDir, ec) ? paths.dataDir : paths.dataDir.parent_path();
    auto space = fs::space(probe.empty() ? "." : probe, ec);
    if (ec) {
        line("FAIL", "disk", probe.string() + ": " + ec.message());
    } else {
        const bool ok = space.available >= 200ull * 1024 * 1024;
        line(ok ? "ok" : "FAIL", "disk",
             humanBytes(static_cast<int64_t>(space.available), false) + " free for " +
                 paths.dataDir.string() + (ok ? "" : " (under 200 MB)"));
    }
    // clock
    const int64_t now = std::time(nullptr);
    line(clockLooksWrong(now, TRAMSO_BUILD_DAY) ? "FAIL" : "ok", "clock",
         localDateTime(now) + (clockLooksWrong(now, TRAMSO_BUILD_DAY)
                                   ? " is before this build: set the clock"
                                   : ""));
    // USB mount roots
    std::vector<fs::path> roots = kDefaultUsbRoots;
    roots.insert(roots.end(), cfg.config.usbMountRoots.begin(), cfg.config.usbMountRoots.end());
    std::string seen;
    bool configuredMissing = false;
    for (const auto& r : roots) {
        const bool there = fs::is_directory(r, ec);
        seen += (seen.empty() ? "" : ", ") + r.string() + (there ? "" : " (missing)");
        for (const auto& c : cfg.config.usbMountRoots) {
            configuredMissing |= c == r && !there;
        }
    }
    line(configuredMissing ? "FAIL" : "ok", "usb", seen);
    // voice: the sound card (none is allowed: the kiosk runs silently) and eSpeak NG's data
    std::string audio;
    const bool card = platform::probeVoiceDevice(cfg.config.voiceDevice, audio);
    line(card ? "ok" : "skip", "audio",
         cfg.config.voice ? audio : audio + "; voice is off in the config");
    speech::Synthesizer synth;
    const std::string espeakData = speech::Synthesizer::dataPath(); // known once started
    const bool voices = synth.ok() && synth.hasVoice("vi") && synth.hasVoice("en");
    line(voices ? "ok" : (cfg.config.voice ? "FAIL" : "skip"), "espeak-ng",
         voices ? "voices vi and en in " + espeakData
                : (synth.ok() ? "the vi or en voice is missing" : synth.error()) +
                      " (install espeak-ng-data)");
    std::printf("doctor: %s\n", g_failures ? "problems found" : "all checks passed");
    return g_failures ? 1 : 0;
}

} // namespace tramso
