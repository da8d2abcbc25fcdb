// The rules that keep a scam link out of a QR code: https only, a host on the allowlist
// (exact suffix on label boundaries), no user info, port, IP address or punycode, and short
// enough to scan comfortably. Portals, the province's app and the config's links all pass them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

// Longest address we put in a QR code: 150 bytes is a version-8 code at ECC M (49 modules),
// still easy for an old phone at 40 cm with 1 mm modules.
constexpr size_t kMaxPortalUrlLength = 150;

// Empty when `url` may be shown; otherwise why not, in words a technician understands.
std::string checkPortalUrl(std::string_view url, const std::vector<std::string>& allowedHosts,
                           std::string* hostOut = nullptr);

} // namespace tramso
