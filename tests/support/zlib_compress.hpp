#pragma once
// zlib's deflate for tests that need compressed bodies: zlib, gzip or raw
// deflate by `window_bits` (MAX_WBITS, 16 + MAX_WBITS, -MAX_WBITS).

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace automock::test {

inline std::string zlib_compress(const std::string& data, int window_bits) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

// `data` as one gzip member, as a server sends it under Content-Encoding: gzip.
inline std::string gzip(const std::string& data) {
  return zlib_compress(data, 16 + MAX_WBITS);
}

}  // namespace automock::test
