// A real, decodable PNG of any size that is tiny on disk: 1-bit grey, every row zero, so
// 16384×16384 pixels deflate to about 32 KB while decoding them takes 1 GB as RGBA.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tramso::test {

inline bool writePngBomb(const std::filesystem::path& file, uint32_t width, uint32_t height) {
    auto be32 = [](std::string& s, uint32_t v) {
        s += static_cast<char>(v >> 24);
        s += static_cast<char>(v >> 16);
        s += static_cast<char>(v >> 8);
        s += static_cast<char>(v);
    };
    auto chunk = [&](std::string& out, const char* type, const std::string& data) {
        be32(out, static_cast<uint32_t>(data.size()));
        const std::string body = std::string(type, 4) + data;
        out += body;
        be32(out, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                                              static_cast<uInt>(body.size()))));
    };
    std::string ihdr;
    be32(ihdr, width);
    be32(ihdr, height);
    ihdr +=
        std::string("\x01\x00\x00\x00\x00", 5); // bit depth 1, grey, deflate, no filter/interlace
    // the pixel rows, deflated as they are made (one filter byte + width/8 bytes each)
    z_stream z{};
    if (deflateInit(&z, 9) != Z_OK) {
        return false;
    }
    std::vector<unsigned char> row(1 + (width + 7) / 8, 0);
    std::string idat;
    std::vector<unsigned char> buf(1 << 16);
    for (uint32_t y = 0; y <= height; ++y) {
        const bool last = y == height;
        z.next_in = last ? nullptr : row.data();
        z.avail_in = last ? 0 : static_cast<uInt>(row.size());
        do {
            z.next_out = buf.data();
            z.avail_out = static_cast<uInt>(buf.size());
            if (deflate(&z, last ? Z_FINISH : Z_NO_FLUSH) == Z_STREAM_ERROR) {
                deflateEnd(&z);
                return false;
            }
            idat.append(reinterpret_cast<const char*>(buf.data()), buf.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    std::string png("\x89PNG\r\n\x1a\n", 8);
    chunk(png, "IHDR", ihdr);
    chunk(png, "IDAT", idat);
    chunk(png, "IEND", "");
    std::ofstream out(file, std::ios::binary);
    out << png;
    return static_cast<bool>(out);
}

} // namespace tramso::test
