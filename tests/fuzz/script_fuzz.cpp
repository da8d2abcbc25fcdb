// Fuzz target for --script files and the mount table reader: any bytes give commands or
// line-numbered errors (and a list of sticks), never a crash.
#include "kiosk/core/stick/usb.hpp"
#include "kiosk/core/visit/script.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    tramso::Diagnostics diag;
    tramso::parseScript(text, "fuzz.txt", diag);
    tramso::findSticks(text, tramso::kDefaultUsbRoots);
    return 0;
}
