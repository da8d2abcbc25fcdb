// Install, rollback and discovery of content packs. The only steps that change what the kiosk
// shows are two renames of symbolic links; everything before them happens in a staging
// folder that a failure (or a power cut) leaves behind as garbage, removed next time.
#include "pack_store.hpp"

#include "content.hpp"
#include "kiosk/core/base/atomic_file.hpp"
#include "kiosk/core/base/text.hpp"
#include "minisign.hpp"
#include "portals.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <set>

namespace tramso {
namespace fs = std::filesystem;

namespace {

constexpr const char* kCurrent = "current";
constexpr const char* kPrevious = "previous";
constexpr const char* kInstallInfo = "install.toml";
constexpr const char* kHighest = "highest-version";

std::string readLinkName(const fs::path& link) {
    std::error_code ec;
    fs::path target = fs::read_symlink(link, ec);
    if (ec) {
        return {};
    }
    return target.filename().string();
}

// Points `link` (in `root`) at versions/NAME, or removes it when NAME is empty, atomically.
std::string setLink(const fs::path& root, const char* link, const std::string& name) {
    const fs::path final = root / link;
    if (name.empty()) {
        if (::unlink(final.c_str()) != 0 && errno != ENOENT) {
            return final.string() + ": cannot remove (" + std::strerror(errno) + ")";
        }
        return syncFolder(root);
    }
    const fs::path tmp = root / (std::string(link) + ".new");
    ::unlink(tmp.c_str());
    const std::string target = "versions/" + name;
    if (::symlink(target.c_str(), tmp.c_str()) != 0) {
        return tmp.string() + ": cannot create (" + std::strerror(errno) + ")";
    }
    if (::rename(tmp.c_str(), final.c_str()) != 0) {
        return final.string() + ": cannot switch (" + std::strerror(errno) + ")";
    }
    return syncFolder(root);
}

// Held while installing or rolling back, so two never interleave.
class StoreLock {
  public:
    explicit StoreLock(const fs::path& root) {
        m_fd = ::open((root / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd >= 0 && ::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~StoreLock() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;
    bool held() const { return m_fd >= 0; }

  private:
    int m_fd = -1;
};

// Removes what no link points at: staging folders of interrupted installs, old versions.
void collectGarbage(const fs::path& root) {
    std::set<std::string> keep = {readLinkName(root / kCurrent), readLinkName(root / kPrevious)};
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root / "versions", ec)) {
        if (!keep.count(e.path().filename().string())) {
            fs::remove_all(e.path(), ec);
        }
    }
    for (const auto& e : fs::directory_iterator(root, ec)) {
        if (e.path().filename().string().rfind("staging-", 0) == 0) {
            fs::remove_all(e.path(), ec);
        }
    }
}

// Inside a TOML basic string: a pack's file name is the stick's, not ours.
std::string tomlEscaped(const std::string& v) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (const char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\u00";
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

std::string hexOf(const std::array<uint8_t, 32>& h) {
    static const char* kHex = "0123456789abcdef";
    std::string s;
    for (uint8_t b : h) {
        s += kHex[b >> 4];
        s += kHex[b & 15];
    }
    return s;
}

std::array<uint8_t, 32> hashFile(const fs::path& f) {
    std::array<uint8_t, 32> h{};
    auto text = readFile(f);
    if (text) {
        crypto_generichash(h.data(), h.size(), reinterpret_cast<const uint8_t*>(text->data()),
                           text->size(), nullptr, 0);
    }
    return h;
}

} // namespace

ContentStore::ContentStore(const fs::path& dataDir) : m_root(dataDir / "content") {}

std::optional<InstalledContent> ContentStore::read(const char* link, std::string* problem) const {
    const std::string name = readLinkName(m_root / link);
    if (name.empty()) {
        return std::nullopt;
    }
    InstalledContent c;
    c.name = name;
    c.dir = m_root / "versions" / name;
    auto say = [&](const std::string& why) {
        if (problem) {
            *problem = why;
        }
        return std::nullopt;
    };
    auto manifestText = readFile(c.assets() / kPackManifest);
    if (!manifestText) {
        return say("the installed content " + c.dir.string() + " has no pack.toml");
    }
    Diagnostics diag;
    auto m = parsePackManifest(*manifestText, (c.assets() / kPackManifest).string(), diag);
    if (!m) {
        return say("the installed content's pack.toml is damaged: " +
                   (diag.empty() ? std::string() : diag.front().format()));
    }
    c.manifest = *m;
    if (auto info = readFile(c.dir / kInstallInfo)) {
        try {
            toml::table t = toml::parse(*info);
            c.signerKeyId = t["signer_key_id"].value_or(std::string());
        } catch (const toml::parse_error&) {
        }
    }
    return c;
}

std::optional<InstalledContent> ContentStore::current(std::string* problem) const {
    return read(kCurrent, problem);
}
std::optional<InstalledContent> ContentStore::previous(std::string* problem) const {
    return read(kPrevious, problem);
}

std::string ContentStore::highestVersion() const {
    std::string best;
    if (auto text = readFile(m_root / kHighest)) {
        std::string v = *text;
        while (!v.empty() && (v.back() == '\n' || v.back() == '\r' || v.back() == ' ')) {
            v.pop_back();
        }
        if (isValidVersion(v)) {
            best = v;
        }
    }
    for (const auto& c : {current(), previous()}) {
        if (c && (best.empty() || compareVersions(c->manifest.version, best) > 0)) {
            best = c->manifest.version;
        }
    }
    return best;
}

std::string ContentStore::rememberVersion(const std::string& version) const {
    const std::string best = highestVersion();
    if (!best.empty() && compareVersions(version, best) <= 0) {
        return {};
    }
    return writeFileAtomically(m_root / kHighest, version + "\n");
}

ActiveContent activeContent(const fs::path& dataDir, const fs::path& bundledAssets) {
    ActiveContent a;
    a.assets = bundledAssets;
    ContentStore store(dataDir);
    if (auto c = store.current(&a.problem)) {
        std::error_code ec;
        if (fs::is_directory(c->assets(), ec)) {
            a.assets = c->assets();
            a.version = c->manifest.version;
        } else {
            a.problem = c->assets().string() + " is missing";
        }
    }
    if (!a.problem.empty()) {
        a.problem += "; showing the bundled content instead (run: tramso content status)";
    }
    return a;
}

namespace {

constexpr uint64_t kMaxSignatureBytes = 4096;

// Runs `read` (which owns all it touches) on a thread that is abandoned when the stick stops
// answering; false with `error` set then.
bool guarded(const std::function<void()>& read, const std::string& what, const PackLimits& limits,
             std::string& error) {
    if (runAbandonable(read, limits.stall, limits.cancel)) {
        return true;
    }
    error = what + ((limits.cancel && limits.cancel->load())
                        ? ": reading was stopped (the kiosk is closing)"
                        : ": the stick stopped answering (nothing read for " +
                              (limits.stall.count() >= 1000
                                   ? std::to_string(limits.stall.count() / 1000) + " s"
                                   : std::to_string(limits.stall.count()) + " ms") +
                              "); it was given up: pull it out and try another stick");
    return false;
}

std::optional<PackSource> readPackSourceAt(const Stick& stick, const fs::path& rel,
                                           const PackLimits& limits, std::string& error) {
    PackSource s;
    s.name = printableName(rel.filename().string()); // shown in every message
    auto data = stick.readFile(rel, limits.maxArchiveBytes, error);
    if (!data) {
        return std::nullopt;
    }
    s.archive = std::move(*data);
    const fs::path sigRel = rel.string() + ".minisig";
    StickFd sig = stick.openAt(sigRel, Stick::Mode::Read, error);
    if (!sig) {
        error = "no signature beside the pack that can be used: " + error +
                "; sign it with: minisign -S -m " + printableName(s.name);
        return std::nullopt;
    }
    data = readOpenFile(sig.get(), kMaxSignatureBytes,
                        printableName(sigRel.string()) + " on " + stick.where(), error);
    if (!data) {
        return std::nullopt;
    }
    s.signature = std::move(*data);
    return s;
}

} // namespace

std::optional<PackSource> readPackSource(const fs::path& pack, const PackLimits& limits,
                                         std::string& error) {
    // the folder holding the pack is the ground; the pack and its signature are opened in it
    // without following a link, and read only when they are plain files
    struct Out {
        std::optional<PackSource> src;
        std::string error;
    };
    auto out = std::make_shared<Out>();
    const fs::path dir = pack.has_parent_path() ? pack.parent_path() : fs::path(".");
    const fs::path name = pack.filename();
    auto read = [out, dir, name, limits] {
        Stick folder = Stick::open(dir, out->error, printableName(dir.string()));
        if (folder.valid()) {
            out->src = readPackSourceAt(folder, name, limits, out->error);
        }
    };
    if (!guarded(read, printableName(pack.string()), limits, error)) {
        return std::nullopt;
    }
    error = out->error;
    return std::move(out->src);
}

std::optional<PackSource> readPackSource(const fs::path& mount, const std::string& name,
                                         const PackLimits& limits, std::string& error) {
    struct Out {
        std::optional<PackSource> src;
        std::string error;
    };
    auto out = std::make_shared<Out>();
    auto read = [out, mount, name, limits] {
        Stick stick = Stick::open(mount, out->error);
        if (stick.valid()) {
            out->src =
                readPackSourceAt(stick, fs::path("TRAMSO") / "packs" / name, limits, out->error);
        }
    };
    if (!guarded(read, printableName(name), limits, error)) {
        return std::nullopt;
    }
    error = out->error;
    return std::move(out->src);
}

InstallResult installPack(const ContentStore& store, const PackSource& pack,
                          const PackCheckOptions& o, const std::function<void(double)>& progress) {
    InstallResult r;
    auto step = [&](double p) {
        if (progress) {
            progress(p);
        }
    };
    auto fail = [&](const std::string& why) {
        r.error = pack.name + ": " + why;
        return r;
    };
    // 1. the signature, by a key this kiosk trusts
    std::vector<std::string> keyProblems;
    const std::vector<MinisignKey> keys = loadMinisignKeys(o.keysDir, keyProblems);
    if (keys.empty()) {
        std::string why = "no trusted keys in " + o.keysDir.string() +
                          " (copy the province's minisign .pub file there)";
        for (const std::string& p : keyProblems) {
            why += "\n  " + p;
        }
        return fail(why);
    }
    const MinisignCheck sig = verifyMinisign(pack.archive, pack.signature, keys);
    if (!sig.key) {
        return fail(sig.error);
    }
    step(0.05);
    // 2–4. size limits, every entry, pack.toml: read once without writing anything
    const PackScan scan = readPack(pack.archive, o.limits);
    if (!scan.ok()) {
        return fail(scan.error);
    }
    const PackManifest& m = *scan.manifest;
    r.version = m.version;
    if (compareVersions(o.kioskVersion, m.minKioskVersion) < 0) {
        return fail("needs kiosk version " + m.minKioskVersion + " or newer; this kiosk runs " +
                    o.kioskVersion + " (update the tramso package first)");
    }
    // 5. newer than what is installed (going back is what rollback is for), and never older
    // than the newest version this kiosk ever installed, even after a rollback: an old signed
    // pack replayed from a stick must not bring back what a newer one fixed
    std::string problem;
    const auto cur = store.current(&problem);
    std::string prevProblem;
    const auto prev = store.previous(&prevProblem);
    const std::string rollbackTo = prev ? prev->manifest.version : std::string("bundled content");
    if (cur) {
        r.previousVersion = cur->manifest.version;
        const int c = compareVersions(m.version, cur->manifest.version);
        if (c == 0 || (c < 0 && !o.allowDowngrade)) {
            r.downgrade = c < 0;
            r.highestVersion = store.highestVersion();
            return fail("version " + m.version + " is not newer than the installed " +
                        cur->manifest.version +
                        (c < 0 ? " (to install it anyway, confirm the downgrade on the content "
                                 "packs screen or run: tramso content install --allow-downgrade "
                                 "PACK)"
                               : "") +
                        "; tramso content rollback would return to " + rollbackTo);
        }
    }
    r.highestVersion = store.highestVersion();
    if (!o.allowDowngrade && !r.highestVersion.empty() &&
        compareVersions(m.version, r.highestVersion) < 0) {
        r.downgrade = true;
        return fail("version " + m.version + " is older than " + r.highestVersion +
                    ", which this kiosk installed before (an older pack may bring back what a "
                    "newer one fixed); to install it anyway, confirm the downgrade on the content "
                    "packs screen or run: tramso content install --allow-downgrade PACK");
    }
    step(0.1);
    // 6. unpack beside the current content, then check it exactly as check-content does
    std::error_code ec;
    fs::create_directories(store.root() / "versions", ec);
    if (ec) {
        return fail("cannot create " + (store.root() / "versions").string() + ": " + ec.message());
    }
    StoreLock lock(store.root());
    if (!lock.held()) {
        return fail("another install or rollback is running");
    }
    collectGarbage(store.root());
    const fs::path staging = store.root() / ("staging-" + std::to_string(::getpid()));
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code e;
            if (!dir.empty()) {
                fs::remove_all(dir, e);
            }
        }
    } cleanup{staging};
    fs::create_directories(staging / "content", ec);
    int dirFd = ::open((staging / "content").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (ec || dirFd < 0) {
        return fail("cannot create " + staging.string());
    }
    const PackScan unpacked = readPack(pack.archive, o.limits, dirFd, [&](double f) {
        step(0.1 + 0.5 * std::min(f, 1.0)); // unpacking is most of the time
    });
    ::close(dirFd);
    if (!unpacked.ok()) {
        return fail(unpacked.error);
    }
    step(0.6);
    const Content content = loadContent(staging / "content", o.config, o.canDraw);
    const std::string prefix = (staging / "content").string() + "/";
    for (Diagnostic d : content.diagnostics) {
        if (d.file.rfind(prefix, 0) == 0) {
            d.file = d.file.substr(prefix.size());
        }
        if (d.severity == Diagnostic::Severity::Error) {
            r.diagnostics.push_back(d);
        }
    }
    if (!r.diagnostics.empty()) {
        std::string why = "the content has " + std::to_string(r.diagnostics.size()) +
                          " error(s) (the check-content rules):";
        for (const Diagnostic& d : r.diagnostics) {
            why += "\n  " + d.format();
        }
        return fail(why);
    }
    step(0.8);
    // 7. record who signed it, sync, and move the complete folder into versions/
    const std::string info = "# written by tramso content install\nsigner_key_id = \"" +
                             sig.key->idHex() + "\"\nsigner_key_file = \"" +
                             fs::path(sig.key->file).filename().string() + "\"\npack_file = \"" +
                             tomlEscaped(fs::path(pack.name).filename().string()) + "\"\n";
    if (std::string e = writeFileAtomically(staging / kInstallInfo, info); !e.empty()) {
        return fail(e);
    }
    if (std::string e = syncFolder(staging); !e.empty()) {
        return fail(e);
    }
    std::string name = m.version;
    for (int n = 2; fs::exists(store.root() / "versions" / name, ec); ++n) {
        name = m.version + "-" + std::to_string(n);
    }
    if (::rename(staging.c_str(), (store.root() / "versions" / name).c_str()) != 0) {
        return fail("cannot move the new content into place (" + std::string(std::strerror(errno)) +
                    ")");
    }
    cleanup.dir.clear();
    if (std::string e = syncFolder(store.root() / "versions"); !e.empty()) {
        return fail(e);
    }
    step(0.9);
    // 8. the switch: `previous` keeps what was shown (the bundled content when no pack was:
    // then no link, so a rollback returns to what the message names), then one rename makes
    // the new one current
    if (std::string e = store.rememberVersion(m.version); !e.empty()) {
        return fail(e);
    }
    if (std::string e = setLink(store.root(), kPrevious, cur ? cur->name : ""); !e.empty()) {
        return fail(e);
    }
    if (std::string e = setLink(store.root(), kCurrent, name); !e.empty()) {
        return fail(e);
    }
    collectGarbage(store.root());
    step(1.0);
    r.ok = true;
    return r;
}

RollbackResult rollbackContent(const ContentStore& store) {
    RollbackResult r;
    std::error_code ec;
    if (!fs::is_directory(store.root(), ec)) {
        r.error = "no content pack was ever installed; the kiosk shows its bundled content";
        return r;
    }
    StoreLock lock(store.root());
    if (!lock.held()) {
        r.error = "another install or rollback is running";
        return r;
    }
    std::string curProblem, prevProblem;
    const auto cur = store.current(&curProblem);
    const auto prev = store.previous(&prevProblem);
    if (!prev && !cur) {
        r.error = "there is nothing to roll back to (no previous version is kept)";
        return r;
    }
    if (!prev && !prevProblem.empty()) {
        r.error = "the previous version cannot be used: " + prevProblem;
        return r;
    }
    r.from = cur ? cur->manifest.version : "";
    r.to = prev ? prev->manifest.version : "";
    // previous first: at every moment `current` names one complete version
    if (std::string e = setLink(store.root(), kPrevious, cur ? cur->name : ""); !e.empty()) {
        r.error = e;
        return r;
    }
    if (std::string e = setLink(store.root(), kCurrent, prev ? prev->name : ""); !e.empty()) {
        r.error = e;
        return r;
    }
    r.ok = true;
    return r;
}

PackDiff diffPack(const PackScan& scan, const fs::path& currentAssets, const Config& config) {
    PackDiff d;
    std::map<std::string, std::string> now; // lesson file -> hash
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(currentAssets / "tutorials", ec)) {
        if (e.path().extension() == ".toml") {
            now[e.path().filename().string()] = hexOf(hashFile(e.path()));
        }
    }
    std::set<std::string> inPack;
    for (const PackFile& f : scan.files) {
        if (f.path.rfind("tutorials/", 0) != 0 || f.path.find('/', 10) != std::string::npos ||
            fs::path(f.path).extension() != ".toml") {
            continue;
        }
        const std::string file = f.path.substr(10);
        inPack.insert(file);
        auto it = now.find(file);
        if (it == now.end()) {
            d.lessonsAdded.push_back(file);
        } else if (it->second != hexOf(f.hash)) {
            d.lessonsChanged.push_back(file);
        }
    }
    for (const auto& [file, hash] : now) {
        if (!inPack.count(file)) {
            d.lessonsRemoved.push_back(file);
        }
    }
    Diagnostics ignored;
    const PortalRegistry before =
        PortalRegistry::load(currentAssets / "portals.toml", config.allowedHosts, ignored);
    const PortalRegistry after =
        PortalRegistry::parse(scan.portalsToml, "portals.toml", config.allowedHosts, ignored);
    for (const Portal& p : after.all()) {
        const Portal* old = before.find(p.id);
        if (!old) {
            d.portalsChanged.push_back(p.id + ": added");
        } else if (old->url != p.url) {
            d.portalsChanged.push_back(p.id + ": new address " + p.url);
        }
    }
    for (const Portal& p : before.all()) {
        if (!after.find(p.id)) {
            d.portalsChanged.push_back(p.id + ": removed");
        }
    }
    return d;
}

StickPacks findPacksOnStick(const fs::path& mount, const fs::path& currentAssets,
                            const PackCheckOptions& o) {
    StickPacks out;
    struct Listing {
        std::vector<std::string> names;
        std::string error;
    };
    auto listing = std::make_shared<Listing>();
    auto list = [listing, mount] {
        Stick stick = Stick::open(mount, listing->error);
        if (!stick.valid()) {
            return;
        }
        StickFd dir = stick.openAt("TRAMSO/packs", Stick::Mode::Dir, listing->error);
        if (dir) {
            listing->names = stick.list(dir, listing->error);
            if (!listing->error.empty()) {
                listing->error = "TRAMSO/packs on the stick: " + listing->error;
            }
        }
    };
    if (!guarded(list, printableName(mount.string()), o.limits, out.error)) {
        return out;
    }
    if (!listing->error.empty()) {
        out.error = listing->error;
        return out;
    }
    std::vector<std::string> problems;
    const std::vector<MinisignKey> keys = loadMinisignKeys(o.keysDir, problems);
    for (const std::string& name : listing->names) {
        if (!packCompressionFor(name)) {
            continue;
        }
        StickPack p;
        p.file = name;
        std::string error;
        auto src = readPackSource(mount, name, o.limits, error);
        if (!src) {
            p.problem = error;
            out.packs.push_back(std::move(p));
            continue;
        }
        const MinisignCheck sig = verifyMinisign(src->archive, src->signature, keys);
        if (!sig.key) {
            p.problem = sig.error;
            out.packs.push_back(std::move(p));
            continue; // an unsigned pack is not even opened
        }
        p.signerKeyId = sig.key->idHex();
        const PackScan scan = readPack(src->archive, o.limits);
        if (!scan.ok()) {
            p.problem = scan.error;
        } else {
            p.manifest = scan.manifest;
            p.diff = diffPack(scan, currentAssets, o.config);
        }
        out.packs.push_back(std::move(p));
    }
    return out;
}

} // namespace tramso
