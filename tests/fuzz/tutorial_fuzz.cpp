// Fuzz target for the tutorial loader: any bytes must give diagnostics or a tutorial, never a
// crash. In the fuzz build (TRAMSO_FUZZ) it is a libFuzzer target; in the others,
// replay.cpp runs it over the corpus.
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/content/portals.hpp"
#include "kiosk/core/content/tutorial.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const tramso::PortalRegistry portals = [] {
        tramso::Diagnostics d;
        return tramso::PortalRegistry::load(TRAMSO_SOURCE_DIR "/assets/portals.toml",
                                            tramso::Config().allowedHosts, d);
    }();
    tramso::Diagnostics diag;
    auto t = tramso::parseTutorial(std::string_view(reinterpret_cast<const char*>(data), size),
                                   "fuzz.toml", TRAMSO_SOURCE_DIR "/assets", portals, diag);
    if (t) {
        tramso::forEachText(*t, [](const std::string&) {});
    }
    return 0;
}
