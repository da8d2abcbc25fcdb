// Fuzz target for kiosk.toml and the settings form's in-place rewrite: any bytes give a
// config (defaults where values are bad) and diagnostics, never a crash.
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/config/config_edit.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    tramso::ConfigLoad c = tramso::parseConfig(text, "fuzz.toml");
    tramso::ConfigEdit e = tramso::editOf(c.config);
    e.siteName = std::string(text.substr(0, 200));
    tramso::applyConfigEdit(text, e);
    return 0;
}
