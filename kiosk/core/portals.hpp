// The registry of official addresses (assets/portals.toml) and the rules that keep a scam
// link out of it: https only, a host on the allowlist (exact suffix on label boundaries),
// no user info, port, IP address or punycode, and short enough to scan comfortably.
#pragma once
#include "diagnostic.hpp"
#include "strings.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

// Longest address we put in a QR code: 150 bytes is a version-8 code at ECC M (49 modules),
// still easy for an old phone at 40 cm with 1 mm modules.
constexpr size_t kMaxPortalUrlLength = 150;

struct Portal {
    std::string id;
    std::string url;
    std::string host; // lowercase, from the URL
    Translated title;
    Translated description;
    int skill = 0; // 1..5, or 0 when it belongs to none
};

// Empty when `url` may be shown; otherwise why not, in words a technician understands.
std::string checkPortalUrl(std::string_view url, const std::vector<std::string>& allowedHosts,
                           std::string* hostOut = nullptr);

class PortalRegistry {
  public:
    static PortalRegistry load(const std::filesystem::path& file,
                               const std::vector<std::string>& allowedHosts, Diagnostics& diag);
    static PortalRegistry parse(std::string_view toml, const std::string& fileName,
                                const std::vector<std::string>& allowedHosts, Diagnostics& diag);
    const Portal* find(std::string_view id) const;
    const std::vector<Portal>& all() const { return m_portals; }
    // One more address from elsewhere (the config's province app); the caller checked it.
    void add(Portal p) { m_portals.push_back(std::move(p)); }

  private:
    std::vector<Portal> m_portals;
};

} // namespace tramso
