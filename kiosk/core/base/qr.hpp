// QR codes for the official addresses, made with ZXing-cpp's MultiFormatWriter. The matrix
// is plain data (modules, no quiet zone); the UI draws it with a 4-module quiet zone at a
// whole number of pixels per module.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace tramso {

enum class QrEcc { L, M, Q, H };

struct QrMatrix {
    int size = 0;              // modules per side
    std::vector<uint8_t> dark; // size*size, 1 = dark module
    bool at(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

constexpr int kQrQuietZone = 4; // modules of white around the code (ISO 18004 minimum)

std::optional<QrMatrix> encodeQr(const std::string& text, QrEcc ecc, std::string* error = nullptr);
std::optional<QrEcc> parseQrEcc(std::string_view s);

// Grey pixels (0 black, 255 white) of the code with its quiet zone at `pxPerModule`.
std::vector<uint8_t> rasterizeQr(const QrMatrix& m, int pxPerModule, int& sidePx);

} // namespace tramso
