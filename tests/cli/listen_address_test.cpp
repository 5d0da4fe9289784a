#include "cli/listen_address.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>

namespace automock::cli {
namespace {

TEST(ListenAddressTest, HostAndPort) {
  const auto address = parse_listen_address("127.0.0.1:8080");
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 8080);
}

TEST(ListenAddressTest, APortAloneListensOnLoopback) {
  EXPECT_EQ(parse_listen_address("9000").host, "127.0.0.1");
  EXPECT_EQ(parse_listen_address(":9000").host, "127.0.0.1");
  EXPECT_EQ(parse_listen_address(":9000").port, 9000);
}

TEST(ListenAddressTest, BracketedIpv6) {
  const auto address = parse_listen_address("[::1]:0");
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(address.port, 0);
}

TEST(ListenAddressTest, BadPortsAreInputErrorsNamingTheOption) {
  for (const char* text : {"127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "x:-1", ""}) {
    try {
      parse_listen_address(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const InputError& error) {
      EXPECT_NE(std::string{error.what()}.find("--listen"), std::string::npos) << error.what();
    }
  }
}

TEST(ListenAddressTest, TheBoundUrlKeepsAWildcardAddress) {
  EXPECT_EQ(bound_url(parse_listen_address("0.0.0.0:0"), 41234), "http://0.0.0.0:41234");
  EXPECT_EQ(bound_url(parse_listen_address("[::]:80"), 80), "http://[::]:80");
  EXPECT_EQ(bound_url(parse_listen_address("8080"), 8080), "http://127.0.0.1:8080");
}

TEST(ListenAddressTest, OnlyAddressesBeyondLoopbackGetAWarning) {
  for (const char* loopback : {"127.0.0.1:1", "localhost:1", "[::1]:1", "127.0.0.2:1"}) {
    EXPECT_EQ(exposure_warning(parse_listen_address(loopback), 1), "") << loopback;
  }
  for (const char* exposed : {"0.0.0.0:8080", "[::]:8080", "192.168.1.5:8080", "myhost:8080"}) {
    const auto warning = exposure_warning(parse_listen_address(exposed), 8080);
    EXPECT_NE(warning.find("other machines can reach"), std::string::npos) << exposed;
    EXPECT_NE(warning.find("--allow-host"), std::string::npos) << exposed;
  }
}

}  // namespace
}  // namespace automock::cli
