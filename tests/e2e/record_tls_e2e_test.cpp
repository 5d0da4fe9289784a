// End-to-end: `automock record` in front of an https upstream with a
// self-signed certificate made here: trusted through --ca-file or --insecure,
// refused (502, cause "tls") otherwise.
#include <nlohmann/json.hpp>

#include "e2e/record_e2e_support.hpp"
#include "support/loopback.hpp"

namespace automock::test {
namespace {

class RecordTlsE2eTest : public RecordE2eTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(make_self_signed_certificate(key(), cert()));
    auto routes = std::make_unique<httplib::SSLServer>(cert().c_str(), key().c_str());
    routes->Get("/secure", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("secret data", "text/plain");
    });
    upstream_ = std::make_unique<HttplibServer>(std::move(routes));
  }

  // GET /secure through a recorder started with `options`.
  Answer get_through_record(std::vector<std::string> options) {
    options.insert(options.begin(), {"--upstream", upstream_->url("https")});
    int port = 0;
    auto recorder = start_record(options, port);
    httplib::Client client{"127.0.0.1", port};
    const auto answer = call(client, {"GET", "/secure", ""});
    interrupt(*recorder);
    return answer;
  }

  fs::path cert() const { return dir_ / "cert.pem"; }
  fs::path key() const { return dir_ / "key.pem"; }

  std::unique_ptr<HttplibServer> upstream_;
};

TEST_F(RecordTlsE2eTest, CaFileTrustsTheSelfSignedUpstream) {
  EXPECT_EQ(get_through_record({"--ca-file", cert().string()}), (Answer{200, "secret data"}));
  EXPECT_EQ(fixtures().size(), 1u);
}

TEST_F(RecordTlsE2eTest, InsecureAcceptsTheSelfSignedUpstream) {
  EXPECT_EQ(get_through_record({"--insecure"}), (Answer{200, "secret data"}));
  EXPECT_EQ(fixtures().size(), 1u);
}

TEST_F(RecordTlsE2eTest, UntrustedUpstreamIs502TlsAndNothingIsRecorded) {
  const auto answer = get_through_record({});
  EXPECT_EQ(answer.status, 502);
  EXPECT_EQ(nlohmann::json::parse(answer.body)["cause"], "tls") << answer.body;
  EXPECT_TRUE(fixtures().empty());
}

}  // namespace
}  // namespace automock::test
