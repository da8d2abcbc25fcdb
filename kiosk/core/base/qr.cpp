// ZXing's ECC levels 0..8 map to QR's L/M/Q/H in pairs; 2, 4, 6, 8 pick L, M, Q, H.
#include "qr.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>

namespace tramso {

std::optional<QrEcc> parseQrEcc(std::string_view s) {
    if (s == "L") {
        return QrEcc::L;
    }
    if (s == "M") {
        return QrEcc::M;
    }
    if (s == "Q") {
        return QrEcc::Q;
    }
    if (s == "H") {
        return QrEcc::H;
    }
    return std::nullopt;
}

std::optional<QrMatrix> encodeQr(const std::string& text, QrEcc ecc, std::string* error) {
    try {
        ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
        writer.setEncoding(ZXing::CharacterSet::UTF8);
        writer.setEccLevel(2 + 2 * static_cast<int>(ecc));
        writer.setMargin(0);
        ZXing::BitMatrix bits = writer.encode(text, 0, 0);
        QrMatrix m;
        m.size = bits.width();
        if (m.size <= 0 || bits.height() != m.size) {
            if (error) {
                *error = "the QR writer returned an empty code";
            }
            return std::nullopt;
        }
        m.dark.resize(static_cast<size_t>(m.size) * m.size);
        for (int y = 0; y < m.size; ++y) {
            for (int x = 0; x < m.size; ++x) {
                m.dark[static_cast<size_t>(y) * m.size + x] = bits.get(x, y) ? 1 : 0;
            }
        }
        return m;
    } catch (const std::exception& e) {
        if (error) {
            *error = e.what();
        }
        return std::nullopt;
    }
}

std::vector<uint8_t> rasterizeQr(const QrMatrix& m, int ppm, int& sidePx) {
    const int modules = m.size + 2 * kQrQuietZone;
    sidePx = modules * ppm;
    std::vector<uint8_t> px(static_cast<size_t>(sidePx) * sidePx, 255);
    for (int y = 0; y < m.size; ++y) {
        for (int x = 0; x < m.size; ++x) {
            if (!m.at(x, y)) {
                continue;
            }
            for (int dy = 0; dy < ppm; ++dy) {
                uint8_t* row = px.data() +
                               static_cast<size_t>((y + kQrQuietZone) * ppm + dy) * sidePx +
                               static_cast<size_t>((x + kQrQuietZone) * ppm);
                std::fill(row, row + ppm, 0);
            }
        }
    }
    return px;
}

} // namespace tramso
