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

}  // namespace
}  // namespace automock::cli
