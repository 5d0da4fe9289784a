// The capture proxy and the replay server with request bodies a client
// compressed: decoded before they are keyed, redacted and stored.
#include <automock/cassette.hpp>
#include <automock/server.hpp>

#include "net/capture_proxy_support.hpp"
#include "support/zlib_compress.hpp"

namespace automock::test {
namespace {

// `data` as one gzip member whose header carries `mtime` (bytes 4 to 7,
// little-endian; no header CRC covers them), as gzip(1) writes it.
std::string gzip_stamped(const std::string& data, unsigned mtime) {
  auto bytes = zlib_compress(data, 16 + MAX_WBITS);
  for (int i = 0; i < 4; ++i) bytes.at(4 + i) = static_cast<char>((mtime >> (8 * i)) & 0xff);
  return bytes;
}

const std::string k_login = R"({"user":"ann","password":"hunter2-gzip-secret"})";

httplib::Result post_gzip(httplib::Client& client, unsigned mtime) {
  return client.Post("/login", {{"Content-Encoding", "gzip"}}, gzip_stamped(k_login, mtime),
                     "application/json");
}

TEST_F(CaptureProxyTest, AGzipRequestBodyIsForwardedKeyedAndStoredDecodedAndRedacted) {
  ASSERT_NE(gzip_stamped(k_login, 1000), gzip_stamped(k_login, 2000)) << "the bytes differ";
  auto& upstream = serve(echo_server());
  start_to(upstream.url());
  const auto recorded = post_gzip(*client_, 1000);
  ASSERT_TRUE(recorded);
  EXPECT_EQ(json_of(recorded)["body"], k_login) << "the upstream gets it decoded";
  ASSERT_EQ(files().size(), 1u);
  const auto exchange = read_fixture(files()[0]);
  EXPECT_EQ(exchange.request.body, R"({"user":"ann","password":"<REDACTED>"})");
  EXPECT_FALSE(exchange.request.headers.contains("Content-Encoding"));
  EXPECT_EQ(all_bytes_on_disk().find("hunter2-gzip-secret"), std::string::npos);

  start_to(upstream.url(), Mode::replay);
  const auto replayed = post_gzip(*client_, 2000);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->status, 200) << replayed->body;
  EXPECT_EQ(reported().back().source, Source::replayed);

  auto cassette = std::make_shared<Cassette>(cassette_dir(), CassetteOptions{.mode = Mode::replay});
  ReplayServer server{cassette, ServerOptions{}};
  httplib::Client replay{"127.0.0.1", server.port()};
  const auto served = post_gzip(replay, 3000);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200) << "automock serve decodes it too: " << served->body;
}

}  // namespace
}  // namespace automock::test
