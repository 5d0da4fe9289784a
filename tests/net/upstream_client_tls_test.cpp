// UpstreamClient over TLS against a real loopback https server with its own
// self-signed certificate: verification, host names, --resolve and
// keep-alive.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "net/upstream_client.hpp"
#include "net/upstream_client_fixture.hpp"
#include "support/httplib_server.hpp"
#include "support/loopback.hpp"
#include "support/raw_upstream.hpp"
#include "support/temp_dir.hpp"

namespace automock::net {
namespace {

using ::testing::HasSubstr;
using Cause = TransportError::Cause;

// An https upstream on 127.0.0.1 whose certificate names `host`; it answers
// with the port the request came from.
class TlsUpstreamTest : public UpstreamClientTest {
 protected:
  void start_server(const std::string& host) {
    ASSERT_TRUE(test::make_self_signed_certificate(key(), cert(), host));
    auto routes = std::make_unique<httplib::SSLServer>(cert().c_str(), key().c_str());
    routes->Get("/port", [](const httplib::Request& request, httplib::Response& response) {
      response.set_content(std::to_string(request.remote_port), "text/plain");
    });
    server_ = std::make_unique<test::HttplibServer>(std::move(routes));
  }
  void SetUp() override { start_server("127.0.0.1"); }

  std::filesystem::path cert() const { return dir_ / "cert.pem"; }
  std::filesystem::path key() const { return dir_ / "key.pem"; }
  std::string port() const { return std::to_string(server_->port()); }
  std::string url() const { return server_->url("https"); }
  HttpOptions trusting() const { return HttpOptions{.ca_file = cert().string()}; }

  test::TempDir dir_;
  std::unique_ptr<test::HttplibServer> server_;
};

TEST_F(TlsUpstreamTest, ACertificateTheCaFileTrustsIsAccepted) {
  UpstreamClient client{url(), trusting()};
  EXPECT_FALSE(response_of(send(client, get("/port"))).body.empty());
  client.close_idle();
}

TEST_F(TlsUpstreamTest, AnUntrustedCertificateIsATlsErrorNamingTheHostAndTheReason) {
  UpstreamClient client{url()};
  const auto result = send(client, get("/port?token=secret"));
  EXPECT_EQ(error_of(result).cause(), Cause::tls);
  EXPECT_THAT(error_of(result).what(), HasSubstr("TLS with 127.0.0.1 failed: certificate verify "
                                                 "failed: self-signed certificate"));
  EXPECT_THAT(error_of(result).what(), ::testing::Not(HasSubstr("secret")));
}

TEST_F(TlsUpstreamTest, WithoutVerificationAnyCertificateIsAccepted) {
  UpstreamClient client{url(), HttpOptions{.verify_tls = false}};
  EXPECT_FALSE(response_of(send(client, get("/port"))).body.empty());
  client.close_idle();
}

TEST_F(TlsUpstreamTest, ACertificateForAnotherHostIsRefused) {
  UpstreamClient client{"https://localhost:" + port(), trusting()};
  const auto result = send(client, get("/port"));
  EXPECT_EQ(error_of(result).cause(), Cause::tls);
  EXPECT_THAT(error_of(result).what(), HasSubstr("TLS with localhost failed: certificate verify "
                                                 "failed: hostname mismatch"));
}

TEST_F(TlsUpstreamTest, AnUnreadableCaFileIsATlsErrorNamingIt) {
  UpstreamClient client{url(), HttpOptions{.ca_file = "/nonexistent/automock-ca.pem"}};
  const auto result = send(client, get("/port"));
  EXPECT_EQ(error_of(result).cause(), Cause::tls);
  EXPECT_THAT(error_of(result).what(),
              HasSubstr("cannot load CA file /nonexistent/automock-ca.pem"));
}

TEST_F(TlsUpstreamTest, KeepAliveReusesOneTlsConnection) {
  UpstreamClient client{url(), trusting()};
  const auto first = response_of(send(client, get("/port"))).body;
  const auto second = response_of(send(client, get("/port"))).body;
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, second);
  client.close_idle();
}

TEST_F(TlsUpstreamTest, APlainHttpServerIsATlsError) {
  test::RawUpstream plain{"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"};
  UpstreamClient client{"https://" + plain.url().substr(std::string{"http://"}.size())};
  EXPECT_EQ(error_of(send(client, get("/port"))).cause(), Cause::tls);
}

}  // namespace
}  // namespace automock::net
