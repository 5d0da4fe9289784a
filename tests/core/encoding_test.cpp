#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <random>

#include "core/base64.hpp"
#include "core/text.hpp"
#include "core/utc_time.hpp"

namespace automock {
namespace {

TEST(Base64Test, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64Test, DecodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("//4A"), std::string("\xff\xfe\x00", 3));
}

TEST(Base64Test, RandomBytesRoundTrip) {
  std::mt19937 random{42};
  for (int i = 0; i < 200; ++i) {
    std::string bytes(random() % 100, '\0');
    for (char& byte : bytes) byte = static_cast<char>(random());
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  }
}

TEST(Base64Test, DecodeRejectsMalformedText) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zm9v\n", "Zm 9", "Zm9?",
                          "Zg==Zg==", "=Zg=", "Zh==", "Zm9=", "Zm8=Zm8="}) {
    EXPECT_THROW(base64_decode(bad), InputError) << bad;
  }
}

TEST(Base64Test, DecodeErrorNamesTheOffset) {
  try {
    base64_decode("Zm9vZ*==");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "invalid base64 at offset 5: character outside the alphabet");
  }
}

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));      // U+20AC
  EXPECT_TRUE(is_valid_utf8("\xef\xbf\xbf"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));  // U+1F600
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
}

TEST(Utf8Test, RejectsInvalidText) {
  for (const char* bad : {
           "\x80",              // lone continuation
           "\xc3",              // truncated
           "\xe2\x82",          // truncated
           "\xc0\xaf",          // overlong '/'
           "\xc1\xbf",          // overlong
           "\xe0\x80\xaf",      // overlong
           "\xf0\x80\x80\xaf",  // overlong
           "\xed\xa0\x80",      // surrogate U+D800
           "\xed\xbf\xbf",      // surrogate U+DFFF
           "\xf4\x90\x80\x80",  // U+110000
           "\xf5\x80\x80\x80",  // beyond U+10FFFF
           "\xff",
           "a\xc3(b",  // bad continuation
       }) {
    EXPECT_FALSE(is_valid_utf8(bad)) << ::testing::PrintToString(std::string(bad));
  }
}

TEST(UtcTimeTest, FormatsWholeSecondsInUtc) {
  using namespace std::chrono;
  const auto time = sys_days{year{2026} / 11 / 26} + 10h + 44min + 15s + 999ms;
  EXPECT_EQ(format_utc_seconds(time), "2026-11-26T10:44:15Z");
  EXPECT_EQ(format_utc_seconds(system_clock::time_point{}), "1970-01-01T00:00:00Z");
}

TEST(UtcTimeTest, ParsesWhatItFormats) {
  using namespace std::chrono;
  const auto time = sys_days{year{2024} / 2 / 29} + 23h + 59min + 59s;
  EXPECT_EQ(parse_utc_seconds("2024-02-29T23:59:59Z"), time);
}

TEST(UtcTimeTest, FractionsOfASecondAreWrittenAsMicrosecondsAndReadBack) {
  using namespace std::chrono;
  const auto whole = sys_days{year{2026} / 11 / 26} + 10h + 44min + 15s;
  EXPECT_EQ(format_utc_micros(whole), "2026-11-26T10:44:15Z");
  EXPECT_EQ(format_utc_micros(whole + 250ms + 3us), "2026-11-26T10:44:15.250003Z");
  EXPECT_EQ(parse_utc_time("2026-11-26T10:44:15.250003Z"), whole + 250ms + 3us);
  EXPECT_EQ(parse_utc_time("2026-11-26T10:44:15.5Z"), whole + 500ms);
  EXPECT_EQ(parse_utc_time("2026-11-26T10:44:15Z"), whole);
  for (const char* bad : {"2026-11-26T10:44:15.Z", "2026-11-26T10:44:15.1234567890Z",
                          "2026-11-26T10:44:15.5", "2026-11-26T10:44:15.5xZ"}) {
    EXPECT_FALSE(parse_utc_time(bad).has_value()) << bad;
  }
}

TEST(UtcTimeTest, RejectsOtherForms) {
  for (const char* bad :
       {"2026-11-26T10:44:15", "2026-11-26 10:44:15Z", "2026-11-26T10:44:15.5Z",
        "2026-11-26T10:44:15+00:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:44:60Z", "", "yesterday"}) {
    EXPECT_FALSE(parse_utc_seconds(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace automock
