// UpstreamClient over TLS against a real loopback https server with its own
// self-signed certificate: verification, host names, --resolve and
// keep-alive.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

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
  test::LoopbackAcceptor plain{[](int client) {
    const std::string answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
  }};
  UpstreamClient client{"https://" + plain.url().substr(std::string{"http://"}.size())};
  const auto result = send(client, get("/port"));
  EXPECT_EQ(error_of(result).cause(), Cause::tls);
  EXPECT_THAT(error_of(result).what(), HasSubstr("TLS with 127.0.0.1 failed: "));
}

// --resolve: the name the certificate carries, the address the server has.
class ResolveTest : public TlsUpstreamTest {
 protected:
  void SetUp() override { start_server("api.example.test"); }
  std::string named_url() const { return "https://api.example.test:" + port(); }
};

TEST_F(ResolveTest, AResolvedNameReachesItsAddressAndIsVerifiedByName) {
  HttpOptions options = trusting();
  options.resolve = {{"api.example.test:" + port(), "127.0.0.1"}};
  UpstreamClient client{named_url(), options};
  EXPECT_FALSE(response_of(send(client, get("/port"))).body.empty());
  client.close_idle();
}

TEST_F(ResolveTest, AnEntryForAnotherPortIsNotUsed) {
  HttpOptions options = trusting();
  options.resolve = {{"api.example.test:1", "127.0.0.1"}};
  UpstreamClient client{named_url(), options};
  EXPECT_EQ(error_of(send(client, get("/port"))).cause(), Cause::dns);
}

TEST_F(ResolveTest, WithoutResolveTheNameIsADnsError) {
  UpstreamClient client{named_url(), trusting()};
  EXPECT_EQ(error_of(send(client, get("/port"))).cause(), Cause::dns);
}

TEST_F(ResolveTest, TheCertificateIsCheckedAgainstTheNameNotTheAddress) {
  HttpOptions options = trusting();
  options.resolve = {{"other.example.test:" + port(), "127.0.0.1"}};
  UpstreamClient client{"https://other.example.test:" + port(), options};
  EXPECT_THAT(error_of(send(client, get("/port"))).what(), HasSubstr("hostname mismatch"));
}

TEST(ResolveEntriesTest, AMalformedEntryIsAnInputErrorNamingIt) {
  for (const auto& [name, address] :
       std::vector<std::pair<std::string, std::string>>{{"api.example.test:443", "not-an-address"},
                                                        {"api.example.test", "127.0.0.1"},
                                                        {"api.example.test:99999", "127.0.0.1"},
                                                        {":443", "127.0.0.1"},
                                                        {"[::1:443", "::1"}}) {
    SCOPED_TRACE(name);
    HttpOptions options;
    options.resolve = {{name, address}};
    try {
      UpstreamClient client{"https://api.example.test", options};
      ADD_FAILURE() << "accepted";
    } catch (const InputError& error) {
      EXPECT_THAT(error.what(), HasSubstr("\"" + name + "\""));
      EXPECT_THAT(error.what(), HasSubstr(address));
    }
  }
}

TEST(ResolveEntriesTest, AnIpv6EntryIsBracketedAndItsAddressMayBe) {
  HttpOptions options;
  options.resolve = {{"[::1]:8443", "[::1]"}, {"API.Example.TEST:443", "::1"}};
  EXPECT_NO_THROW(UpstreamClient("https://api.example.test", options));
}
}  // namespace
}  // namespace automock::net
