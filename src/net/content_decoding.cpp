#include "net/content_decoding.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::net {
namespace {

constexpr size_t k_chunk = 64 * 1024;

enum class Coding { gzip, deflate, br };

// One entry of the Content-Encoding list: the coding and its name as the header spells it
// (lowercased), for the error messages.
struct Step {
  Coding coding;
  std::string name;
};

[[noreturn]] void fail(std::string_view coding, std::string_view what) {
  throw ContentDecodingError(std::string(coding) + " body " + std::string(what));
}

std::optional<Coding> coding_named(std::string_view name) {
  if (name == "gzip" || name == "x-gzip") return Coding::gzip;
  if (name == "deflate") return Coding::deflate;
  if (name == "br") return Coding::br;
  return std::nullopt;
}

std::string lowercase_trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The codings of every Content-Encoding field in the order they were applied, identity left out,
// or nullopt when one of them is not known.
std::optional<std::vector<Step>> parse_codings(const Headers& headers) {
  std::vector<Step> steps;
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "Content-Encoding")) continue;
    std::string_view list = value;
    while (!list.empty()) {
      const size_t comma = std::min(list.find(','), list.size());
      std::string token = lowercase_trimmed(list.substr(0, comma));
      list.remove_prefix(std::min(comma + 1, list.size()));
      if (token.empty() || token == "identity") continue;
      const auto coding = coding_named(token);
      if (!coding) return std::nullopt;
      steps.push_back({*coding, std::move(token)});
    }
  }
  return steps;
}

// Collects decoded bytes, never holding (or reserving) more than `limit` of them.
class BoundedOutput {
 public:
  BoundedOutput(std::string_view coding, size_t limit) : coding_(coding), limit_(limit) {}

  void append(const void* data, size_t size) {
    if (size > limit_ - bytes_.size()) {
      fail(coding_, "is too large: decoded body exceeds " + std::to_string(limit_) + " bytes");
    }
    if (size > bytes_.capacity() - bytes_.size()) {
      bytes_.reserve(std::min(std::max(bytes_.capacity() * 2, bytes_.size() + size), limit_));
    }
    bytes_.append(static_cast<const char*>(data), size);
  }
  std::string take() { return std::move(bytes_); }

 private:
  std::string_view coding_;
  size_t limit_;
  std::string bytes_;
};

enum class ZlibFormat { gzip, zlib, raw };

class Inflater {
 public:
  explicit Inflater(ZlibFormat format) {
    const int window_bits = format == ZlibFormat::gzip   ? 16 + MAX_WBITS
                            : format == ZlibFormat::zlib ? MAX_WBITS
                                                         : -MAX_WBITS;
    const int rc = inflateInit2(&stream_, window_bits);
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc != Z_OK) throw ContentDecodingError("zlib cannot start inflating: inflateInit2 failed");
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

// A zlib stream starts with CMF (method 8, window at most 32K) and FLG, a multiple of 31 together.
// A raw deflate stream cannot start so but for a stored block with nonzero padding bits.
bool has_zlib_header(std::string_view body) {
  if (body.size() < 2) return false;
  const auto cmf = static_cast<unsigned char>(body[0]);
  const auto flg = static_cast<unsigned char>(body[1]);
  return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
}

// The start of a gzip member (ID1 ID2), or of a truncated one.
bool starts_gzip_member(std::string_view bytes) {
  return bytes[0] == '\x1f' && (bytes.size() == 1 || bytes[1] == '\x8b');
}

std::string inflate_body(std::string_view body, std::string_view coding, ZlibFormat format,
                         size_t limit) {
  Inflater inflater{format};
  z_stream& z = inflater.stream();
  BoundedOutput out{coding, limit};
  std::vector<unsigned char> chunk(k_chunk);
  std::string_view unfed = body;
  for (;;) {
    if (z.avail_in == 0) {
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(unfed.data()));
      z.avail_in = static_cast<uInt>(std::min<size_t>(unfed.size(), UINT_MAX));
      unfed.remove_prefix(z.avail_in);
    }
    z.next_out = chunk.data();
    z.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - z.avail_out);
    const size_t left = z.avail_in + unfed.size();
    if (rc == Z_STREAM_END) {
      if (left == 0) return out.take();
      if (format != ZlibFormat::gzip || !starts_gzip_member(body.substr(body.size() - left))) {
        fail(coding, "has trailing data");
      }
      inflateReset(&z);
      continue;
    }
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc == Z_NEED_DICT) fail(coding, "is corrupt: it needs a preset dictionary");
    if (rc == Z_DATA_ERROR)
      fail(coding, std::string("is corrupt: ") + (z.msg ? z.msg : "bad data"));
    if (left == 0 && z.avail_out != 0) fail(coding, "is truncated");
  }
}

bool is_allocation_failure(BrotliDecoderErrorCode code) {
  return code >= BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES &&
         code <= BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES;
}

std::string unbrotli(std::string_view body, std::string_view coding, size_t limit) {
  const std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> state{
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), &BrotliDecoderDestroyInstance};
  if (!state) throw std::bad_alloc();
  BoundedOutput out{coding, limit};
  std::vector<uint8_t> chunk(k_chunk);
  auto next_in = reinterpret_cast<const uint8_t*>(body.data());
  size_t avail_in = body.size();
  for (;;) {
    uint8_t* next_out = chunk.data();
    size_t avail_out = chunk.size();
    const auto result = BrotliDecoderDecompressStream(state.get(), &avail_in, &next_in, &avail_out,
                                                      &next_out, nullptr);
    out.append(chunk.data(), chunk.size() - avail_out);
    switch (result) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        if (avail_in != 0) fail(coding, "has trailing data");
        return out.take();
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        fail(coding, "is truncated");
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        break;
      case BROTLI_DECODER_RESULT_ERROR: {
        const BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(state.get());
        if (is_allocation_failure(code)) throw std::bad_alloc();
        fail(coding, std::string("is corrupt: brotli error ") + BrotliDecoderErrorString(code));
      }
    }
  }
}

std::string decode_step(std::string_view body, const Step& step, size_t limit) {
  switch (step.coding) {
    case Coding::gzip:
      return inflate_body(body, step.name, ZlibFormat::gzip, limit);
    case Coding::deflate:
      return inflate_body(body, step.name,
                          has_zlib_header(body) ? ZlibFormat::zlib : ZlibFormat::raw, limit);
    case Coding::br:
      break;
  }
  return unbrotli(body, step.name, limit);
}

void decode_message(Headers& headers, std::string& body, size_t max_decoded_bytes) {
  if (!headers.contains("Content-Encoding")) return;
  const auto steps = parse_codings(headers);
  if (!steps) return;
  if (!body.empty()) {
    std::optional<std::string> decoded;
    for (auto step = steps->rbegin(); step != steps->rend(); ++step) {
      decoded = decode_step(decoded ? *decoded : body, *step, max_decoded_bytes);
    }
    if (decoded) body = std::move(*decoded);
    if (headers.contains("Content-Length")) {
      headers.set("Content-Length", std::to_string(body.size()));
    }
  }
  headers.remove("Content-Encoding");
}

}  // namespace

void decode_content(Response& response, size_t max_decoded_bytes) {
  decode_message(response.headers, response.body, max_decoded_bytes);
}

void decode_content(Request& request, size_t max_decoded_bytes) {
  try {
    decode_message(request.headers, request.body, max_decoded_bytes);
  } catch (const ContentDecodingError&) {
    // Kept as sent: the upstream decides what a body that does not decode is.
  }
}

}  // namespace automock::net
