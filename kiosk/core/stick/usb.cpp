// mountinfo fields: id parent major:minor root mount-point options ... (octal escapes).
#include "usb.hpp"

#include <algorithm>
#include <sstream>

namespace tramso {
namespace {

std::string unescape(const std::string& s) {
    std::string o;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size()) {
            int v = 0;
            bool ok = true;
            for (size_t k = 1; k <= 3; ++k) {
                char c = i + k < s.size() ? s[i + k] : 'x';
                ok = ok && c >= '0' && c <= '7';
                v = v * 8 + (c - '0');
            }
            if (ok) {
                o += static_cast<char>(v);
                i += 3;
                continue;
            }
        }
        o += s[i];
    }
    return o;
}

bool strictlyBelow(const std::filesystem::path& p, const std::filesystem::path& root) {
    auto r = root.lexically_normal();
    auto q = p.lexically_normal();
    auto [a, b] = std::mismatch(r.begin(), r.end(), q.begin(), q.end());
    return a == r.end() && b != q.end() && !b->empty();
}

} // namespace

std::vector<UsbStick> findSticks(std::string_view mountinfo,
                                 const std::vector<std::filesystem::path>& roots) {
    std::vector<UsbStick> out;
    std::istringstream in{std::string(mountinfo)};
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string id, parent, dev, root, mount, opts;
        if (!(f >> id >> parent >> dev >> root >> mount >> opts)) {
            continue;
        }
        std::filesystem::path m = unescape(mount);
        // optional fields, then "-", the filesystem type and the source
        std::string field, fsType, source;
        while (f >> field && field != "-") {
        }
        f >> fsType >> source;
        for (const auto& r : roots) {
            if (strictlyBelow(m, r)) {
                UsbStick s;
                s.mount = m;
                s.label = m.filename().string();
                s.readOnly = opts == "ro" || opts.rfind("ro,", 0) == 0;
                s.device = dev;
                s.fsType = fsType;
                s.source = unescape(source);
                out.push_back(std::move(s));
                break;
            }
        }
    }
    return out;
}

bool stickGone(const UsbStick& s, const std::filesystem::path& sysRoot) {
    std::error_code ec;
    if (!s.device.empty() && s.device.rfind("0:", 0) != 0) {
        return !std::filesystem::exists(sysRoot / "dev" / "block" / s.device, ec);
    }
    // FUSE (exfat-fuse, ntfs-3g): major 0; its source names the block device
    if (s.source.rfind("/dev/", 0) == 0) {
        const std::filesystem::path name = std::filesystem::path(s.source).filename();
        return !std::filesystem::exists(sysRoot / "class" / "block" / name, ec);
    }
    return false;
}

} // namespace tramso
