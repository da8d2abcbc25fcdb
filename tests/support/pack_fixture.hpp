// Content-pack test helpers shared by the unit, end-to-end, fault and benchmark programs:
// a minisign key made by the real `minisign -G -W`, signatures by `minisign -S`, a copy of
// the bundled assets with a lesson added, and archives with hand-made (hostile) entries.
#pragma once
#include "kiosk/core/content/pack.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tramso::test {
namespace fs = std::filesystem;

// A key pair in `dir` (key.pub, key.key); the .pub copied into `keysDir` when given.
inline bool makeMinisignKey(const fs::path& dir, const std::string& name = "key",
                            const fs::path& keysDir = {}) {
    fs::create_directories(dir);
    const std::string cmd = "minisign -G -W -f -p '" + (dir / (name + ".pub")).string() + "' -s '" +
                            (dir / (name + ".key")).string() + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
        return false;
    }
    if (!keysDir.empty()) {
        fs::create_directories(keysDir);
        fs::copy_file(dir / (name + ".pub"), keysDir / (name + ".pub"),
                      fs::copy_options::overwrite_existing);
    }
    return true;
}

// Writes FILE.minisig with `secretKey`; `legacy` writes the older "Ed" (not prehashed) form.
inline bool minisignSign(const fs::path& file, const fs::path& secretKey, bool legacy = false) {
    const std::string cmd = "minisign -S " + std::string(legacy ? "-l " : "") + "-s '" +
                            secretKey.string() + "' -m '" + file.string() + "' >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

inline void writeText(const fs::path& f, const std::string& text) {
    fs::create_directories(f.parent_path());
    std::ofstream(f, std::ios::binary) << text;
}

inline std::string readBytes(const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// A lesson the bundled content does not have, with id `id`.
inline std::string extraLesson(const std::string& id, const std::string& title) {
    return "id = \"" + id +
           "\"\nskill = 5\nminutes = 3\n"
           "title = { vi = \"" +
           title + "\", en = \"" + title +
           " (en)\" }\n"
           "summary = { vi = \"Bài học mới về lừa đảo.\", en = \"A new lesson about scams.\" }\n"
           "[[steps]]\ntext = { vi = \"Không bấm vào đường dẫn lạ.\", en = \"Do not tap "
           "strange links.\" }\n"
           "[[steps]]\ntext = { vi = \"Gọi cho người thân để hỏi.\", en = \"Call your family to "
           "ask.\" }\n";
}

// A copy of the bundled assets, plus tutorials/99-<id>.toml when `lessonId` is given.
inline fs::path assetsCopy(const fs::path& to, const std::string& lessonId = {}) {
    fs::remove_all(to);
    fs::copy(fs::path(TRAMSO_SOURCE_DIR) / "assets", to, fs::copy_options::recursive);
    if (!lessonId.empty()) {
        writeText(to / "tutorials" / ("99-" + lessonId + ".toml"),
                  extraLesson(lessonId, "Bài mới " + lessonId));
    }
    return to;
}

inline std::string manifestFor(const std::string& version) {
    PackManifest m;
    m.version = version;
    m.date = "2026-12-01";
    m.minKioskVersion = "0.1.0";
    m.title = {"Nội dung " + version, "Content " + version};
    return formatPackManifest(m);
}

// A pack of everything in `assets` (as `tramso pack build` writes it, without its checks).
inline std::string packFolder(const fs::path& assets, const std::string& version,
                              const fs::path& out, PackCompression c = PackCompression::Gzip) {
    std::vector<PackWriteInput> files;
    std::vector<std::string> dirs;
    for (const auto& e : fs::recursive_directory_iterator(assets)) {
        const std::string rel = fs::relative(e.path(), assets).generic_string();
        if (e.is_directory()) {
            dirs.push_back(rel);
        } else {
            files.push_back({rel, e.path()});
        }
    }
    return writePackArchive(out, c, manifestFor(version), files, dirs);
}

// One entry of a hand-made archive: a file (with data), a folder, or a symlink/hardlink.
struct RawEntry {
    RawEntry(std::string p, std::string d = {}, unsigned t = AE_IFREG, std::string l = {})
        : path(std::move(p)), data(std::move(d)), type(t), link(std::move(l)) {}
    std::string path;
    std::string data;
    unsigned type;    // AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR
    std::string link; // symlink target; "hard:" prefix makes a hard link
};

inline bool writeRawTar(const fs::path& out, const std::vector<RawEntry>& entries) {
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    bool ok = archive_write_open_filename(a, out.c_str()) == ARCHIVE_OK;
    for (const RawEntry& r : entries) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, r.path.c_str());
        archive_entry_set_perm(e, 0644);
        if (r.link.rfind("hard:", 0) == 0) {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, r.link.substr(5).c_str());
            archive_entry_set_size(e, 0);
        } else {
            archive_entry_set_filetype(e, r.type);
            if (r.type == AE_IFLNK) {
                archive_entry_set_symlink(e, r.link.c_str());
            }
            archive_entry_set_size(e,
                                   r.type == AE_IFREG ? static_cast<la_int64_t>(r.data.size()) : 0);
        }
        ok = ok && archive_write_header(a, e) == ARCHIVE_OK;
        if (r.type == AE_IFREG && !r.data.empty()) {
            ok = ok && archive_write_data(a, r.data.data(), r.data.size()) ==
                           static_cast<la_ssize_t>(r.data.size());
        }
        archive_entry_free(e);
    }
    ok = ok && archive_write_close(a) == ARCHIVE_OK;
    archive_write_free(a);
    return ok;
}

} // namespace tramso::test
