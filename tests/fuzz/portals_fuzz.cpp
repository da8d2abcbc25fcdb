// Fuzz target for the portal registry and the URL allowlist check: any bytes, as a registry
// file and as one address, give diagnostics or a refusal, never a crash.
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/portals.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string> hosts = tramso::Config().allowedHosts;
    tramso::Diagnostics diag;
    tramso::PortalRegistry::parse(text, "fuzz.toml", hosts, diag);
    tramso::checkPortalUrl(text, hosts);
    return 0;
}
