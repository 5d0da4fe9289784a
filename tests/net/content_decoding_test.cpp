#include "net/content_decoding.hpp"

#include <brotli/encode.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/zlib_compress.hpp"

namespace automock::net {
namespace {

using ::testing::HasSubstr;

constexpr size_t k_limit = 1 << 20;
// Fast enough for a unit test; the decoder does not care.
constexpr int k_brotli_quality = 5;

using test::gzip;
using test::zlib_compress;

std::string zlib_deflate(const std::string& data) {
  return zlib_compress(data, MAX_WBITS);
}
std::string raw_deflate(const std::string& data) {
  return zlib_compress(data, -MAX_WBITS);
}

std::string brotli(const std::string& data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()) + 16, '\0');
  size_t size = out.size();
  if (!BrotliEncoderCompress(k_brotli_quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                             data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    throw std::runtime_error("BrotliEncoderCompress failed");
  }
  out.resize(size);
  return out;
}

// Text that compresses well but not to nothing, longer than the decoder's 64 KiB chunk.
std::string sample_text() {
  std::string text;
  for (int i = 0; text.size() < 200'000; ++i) {
    text +=
        "{\"id\": " + std::to_string(i) + ", \"title\": \"item " + std::to_string(i * 7) + "\"}\n";
  }
  return text;
}

Response encoded(std::string body, std::string coding) {
  Response response;
  response.headers = {{"Content-Type", "application/json"},
                      {"Content-Encoding", std::move(coding)}};
  response.body = std::move(body);
  return response;
}

Response decoded(Response response, size_t limit = k_limit) {
  decode_content(response, limit);
  return response;
}

std::string decoding_error(Response response, size_t limit = k_limit) {
  try {
    decode_content(response, limit);
  } catch (const ContentDecodingError& error) {
    return error.what();
  }
  return "(no error)";
}

struct CodingCase {
  std::string label;  // the test's name: two cases share the coding "deflate"
  std::string name;   // the Content-Encoding value
  std::function<std::string(const std::string&)> encode;
};

void PrintTo(const CodingCase& coding, std::ostream* out) {
  *out << coding.label;
}

class EachCodingTest : public ::testing::TestWithParam<CodingCase> {};

INSTANTIATE_TEST_SUITE_P(ContentDecoding, EachCodingTest,
                         ::testing::Values(CodingCase{"Gzip", "gzip", gzip},
                                           CodingCase{"XGzip", "x-gzip", gzip},
                                           CodingCase{"DeflateZlib", "deflate", zlib_deflate},
                                           CodingCase{"DeflateRaw", "deflate", raw_deflate},
                                           CodingCase{"Brotli", "br", brotli}),
                         [](const auto& test_case) { return test_case.param.label; });

TEST_P(EachCodingTest, BodyIsDecodedAndTheHeaderRemoved) {
  const std::string text = sample_text();
  const Response response = decoded(encoded(GetParam().encode(text), GetParam().name));
  EXPECT_EQ(response.body, text);
  EXPECT_EQ(response.headers, (Headers{{"Content-Type", "application/json"}}));
}

TEST_P(EachCodingTest, TruncatedBodyThrowsNamingTheCoding) {
  const std::string body = GetParam().encode(sample_text());
  EXPECT_EQ(decoding_error(encoded(body.substr(0, body.size() / 2), GetParam().name)),
            GetParam().name + " body is truncated");
}

TEST_P(EachCodingTest, BodyCutBeforeItsLastByteThrows) {
  const std::string body = GetParam().encode("hello");
  EXPECT_THAT(decoding_error(encoded(body.substr(0, body.size() - 1), GetParam().name)),
              HasSubstr(GetParam().name + " body is "));
}

TEST_P(EachCodingTest, TrailingDataAfterTheStreamThrows) {
  const std::string body = GetParam().encode("hello") + "trailing garbage";
  EXPECT_EQ(decoding_error(encoded(body, GetParam().name)),
            GetParam().name + " body has trailing data");
}

TEST_P(EachCodingTest, DecompressionBombStopsAtTheLimit) {
  const std::string bomb = GetParam().encode(std::string(10 << 20, '\0'));
  ASSERT_LT(bomb.size(), 64u << 10);
  EXPECT_EQ(decoding_error(encoded(bomb, GetParam().name), 1 << 20),
            GetParam().name + " body is too large: decoded body exceeds 1048576 bytes");
}

TEST_P(EachCodingTest, BodyOfExactlyTheLimitIsDecoded) {
  const std::string text = sample_text();
  EXPECT_EQ(decoded(encoded(GetParam().encode(text), GetParam().name), text.size()).body, text);
  EXPECT_THAT(decoding_error(encoded(GetParam().encode(text), GetParam().name), text.size() - 1),
              HasSubstr("exceeds"));
}

TEST_P(EachCodingTest, EmptyBodyStaysEmptyAndKeepsItsContentLength) {
  Response response = encoded("", GetParam().name);
  response.headers.add("Content-Length", "1234");
  response = decoded(response);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.headers,
            (Headers{{"Content-Type", "application/json"}, {"Content-Length", "1234"}}));
}

TEST(ContentDecodingTest, GzipWithABadHeaderIsCorrupt) {
  EXPECT_EQ(decoding_error(encoded("this is not gzip at all", "gzip")),
            "gzip body is corrupt: incorrect header check");
}

TEST(ContentDecodingTest, GzipWithAWrongChecksumIsCorrupt) {
  std::string body = gzip("hello, world");
  body[body.size() - 8] ^= 0x55;  // the CRC-32 in the trailer
  EXPECT_EQ(decoding_error(encoded(body, "gzip")), "gzip body is corrupt: incorrect data check");
}

TEST(ContentDecodingTest, ZlibDeflateWithAWrongChecksumIsCorrupt) {
  std::string body = zlib_deflate("hello, world");
  body.back() ^= 0x55;  // the Adler-32 trailer
  EXPECT_EQ(decoding_error(encoded(body, "deflate")),
            "deflate body is corrupt: incorrect data check");
}

TEST(ContentDecodingTest, DeflateThatNeedsAPresetDictionaryIsCorrupt) {
  const std::string header_with_fdict("\x78\x20\x01\x02\x03\x04\x00", 7);
  EXPECT_EQ(decoding_error(encoded(header_with_fdict, "deflate")),
            "deflate body is corrupt: it needs a preset dictionary");
}

TEST(ContentDecodingTest, RawDeflateWithAReservedBlockTypeIsCorrupt) {
  EXPECT_EQ(decoding_error(encoded("\xff\xff\xff", "deflate")),
            "deflate body is corrupt: invalid block type");
}

TEST(ContentDecodingTest, BrThatIsNotBrotliIsCorruptNotEmpty) {
  EXPECT_THAT(decoding_error(encoded("{\"not\": \"brotli\"}", "br")),
              HasSubstr("br body is corrupt: brotli error "));
}

TEST(ContentDecodingTest, AnUndecodableBodyIsAProtocolTransportError) {
  Response response = encoded(gzip("hello").substr(0, 10), "gzip");
  try {
    decode_content(response, k_limit);
    FAIL() << "a truncated gzip body was decoded";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), TransportError::Cause::protocol);
    EXPECT_THAT(error.what(), HasSubstr("gzip body is truncated"));
  }
}

TEST(ContentDecodingTest, AFailedDecodingLeavesTheResponseUnchanged) {
  const Response original = encoded(gzip("hello").substr(0, 10), "gzip");
  Response response = original;
  EXPECT_THROW(decode_content(response, k_limit), ContentDecodingError);
  EXPECT_EQ(response, original);
}

TEST(ContentDecodingTest, EveryMemberOfAMultiMemberGzipIsDecoded) {
  EXPECT_EQ(decoded(encoded(gzip("first, ") + gzip("second, ") + gzip("third"), "gzip")).body,
            "first, second, third");
}

TEST(ContentDecodingTest, ATruncatedSecondGzipMemberIsTruncated) {
  EXPECT_EQ(decoding_error(encoded(gzip("first") + "\x1f", "gzip")), "gzip body is truncated");
}

TEST(ContentDecodingTest, StackedCodingsAreUndoneLastAppliedFirst) {
  const std::string body = brotli(gzip("stacked"));
  EXPECT_EQ(decoded(encoded(body, "gzip, br")).body, "stacked");
  EXPECT_EQ(decoding_error(encoded(body, "br, gzip")),
            "gzip body is corrupt: incorrect header check");
}

TEST(ContentDecodingTest, SeveralContentEncodingFieldsFormOneList) {
  Response response = encoded(gzip(raw_deflate("twice")), "deflate");
  response.headers.add("content-encoding", "gzip");
  response = decoded(response);
  EXPECT_EQ(response.body, "twice");
  EXPECT_FALSE(response.headers.contains("Content-Encoding"));
}

TEST(ContentDecodingTest, CodingNamesIgnoreCaseAndSpaces) {
  EXPECT_EQ(decoded(encoded(brotli(gzip("cased")), " GZip ,\tBR ")).body, "cased");
}

TEST(ContentDecodingTest, IdentityLeavesTheBodyAndRemovesTheHeader) {
  const Response response = decoded(encoded("plain", "identity"));
  EXPECT_EQ(response.body, "plain");
  EXPECT_EQ(response.headers, (Headers{{"Content-Type", "application/json"}}));
  EXPECT_EQ(decoded(encoded(gzip("mixed"), "identity, gzip, identity")).body, "mixed");
}

TEST(ContentDecodingTest, AnUnknownCodingLeavesBodyAndHeaderExactlyAsTheyAre) {
  for (const char* coding : {"zstd", "compress", "gzip, zstd", "x-custom, br"}) {
    const Response original = encoded(gzip("opaque"), coding);
    EXPECT_EQ(decoded(original), original) << coding;
  }
}

TEST(ContentDecodingTest, NoContentEncodingChangesNothing) {
  const Response original = encoded(gzip("looks compressed"), "gzip");
  Response response = original;
  response.headers.remove("Content-Encoding");
  const Response before = response;
  EXPECT_EQ(decoded(response), before);
}

TEST(ContentDecodingTest, ContentLengthIsSetToTheDecodedSize) {
  const std::string body = gzip("twelve bytes");
  Response response = encoded(body, "gzip");
  response.headers.add("Content-Length", std::to_string(body.size()));
  EXPECT_EQ(decoded(response).headers.get("content-length"), "12");
}

TEST(ContentDecodingTest, ContentLengthIsNotAddedWhenAbsent) {
  EXPECT_FALSE(decoded(encoded(gzip("no length"), "gzip")).headers.contains("Content-Length"));
}

TEST(ContentDecodingTest, EveryStepOfAStackIsHeldToTheLimit) {
  const std::string inner = gzip(std::string(4 << 20, 'a'));
  EXPECT_EQ(decoding_error(encoded(brotli(inner), "gzip, br"), 1 << 20),
            "gzip body is too large: decoded body exceeds 1048576 bytes");
}

}  // namespace
}  // namespace automock::net
