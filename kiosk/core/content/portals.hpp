// The registry of official addresses (assets/portals.toml); each passes the address rules of
// url_check.hpp.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"
#include "kiosk/core/base/url_check.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

struct Portal {
    std::string id;
    std::string url;
    std::string host; // lowercase, from the URL
    Translated title;
    Translated description;
    int skill = 0; // 1..5, or 0 when it belongs to none
};

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
