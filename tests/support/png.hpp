#pragma once
// Reads the pixels of a PNG file (8-bit RGB or RGBA, not interlaced: what
// Chromium's --screenshot writes), so that tests can check what a page shows.

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace automock::test {

struct Image {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<std::array<uint8_t, 3>> pixels;  // RGB, row by row
};

namespace png_detail {

inline uint32_t big_endian(const std::string& bytes, size_t at) {
  return uint32_t(uint8_t(bytes[at])) << 24 | uint32_t(uint8_t(bytes[at + 1])) << 16 |
         uint32_t(uint8_t(bytes[at + 2])) << 8 | uint32_t(uint8_t(bytes[at + 3]));
}

inline std::string inflate_all(const std::string& compressed, size_t expected) {
  std::string out(expected, '\0');
  uLongf size = expected;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(compressed.data()), compressed.size()) != Z_OK ||
      size != expected) {
    throw std::runtime_error("PNG: cannot inflate the image data");
  }
  return out;
}

inline uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return uint8_t(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

// Undoes the per-row filters (PNG specification, section 9) in place.
inline void unfilter(std::string& data, size_t stride, size_t channels, uint32_t height) {
  for (uint32_t y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<uint8_t*>(data.data()) + y * (stride + 1);
    const uint8_t* up = y == 0 ? nullptr : row - (stride + 1);
    for (size_t x = 1; x <= stride; ++x) {
      const int a = x > channels ? row[x - channels] : 0;
      const int b = up ? up[x] : 0;
      const int c = up && x > channels ? up[x - channels] : 0;
      switch (row[0]) {
        case 0:
          break;
        case 1:
          row[x] = uint8_t(row[x] + a);
          break;
        case 2:
          row[x] = uint8_t(row[x] + b);
          break;
        case 3:
          row[x] = uint8_t(row[x] + (a + b) / 2);
          break;
        case 4:
          row[x] = uint8_t(row[x] + paeth(a, b, c));
          break;
        default:
          throw std::runtime_error("PNG: unknown filter");
      }
    }
  }
}

}  // namespace png_detail

// Throws std::runtime_error for anything but an 8-bit RGB(A) PNG.
inline Image read_png(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  if (bytes.size() < 33 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0)
    throw std::runtime_error("not a PNG: " + file.string());
  Image image{png_detail::big_endian(bytes, 16), png_detail::big_endian(bytes, 20), {}};
  const int depth = uint8_t(bytes[24]), colour = uint8_t(bytes[25]), interlace = uint8_t(bytes[28]);
  if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
    throw std::runtime_error("PNG: only 8-bit RGB(A), not interlaced");
  const size_t channels = colour == 6 ? 4 : 3;
  std::string compressed;
  for (size_t at = 8; at + 8 <= bytes.size();) {
    const uint32_t length = png_detail::big_endian(bytes, at);
    if (bytes.compare(at + 4, 4, "IDAT") == 0) compressed += bytes.substr(at + 8, length);
    at += 12 + length;
  }
  const size_t stride = image.width * channels;
  auto data = png_detail::inflate_all(compressed, (stride + 1) * image.height);
  png_detail::unfilter(data, stride, channels, image.height);
  for (uint32_t y = 0; y < image.height; ++y) {
    for (uint32_t x = 0; x < image.width; ++x) {
      const auto* p =
          reinterpret_cast<const uint8_t*>(data.data()) + y * (stride + 1) + 1 + x * channels;
      image.pixels.push_back({p[0], p[1], p[2]});
    }
  }
  return image;
}

}  // namespace automock::test
