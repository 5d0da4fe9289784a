#pragma once
// GoogleTest and Google Mock integration. Link automock::gtest.
//
//   class TodoClientTest : public automock::testing::CassetteTest {};
//   TEST_F(TodoClientTest, ListsOpenTodos) {
//     TodoClient client{transport()};          // in-process, no socket
//     // or: TodoClient client{base_url()};   // an embedded loopback replay server
//     EXPECT_EQ(client.list_open().size(), 2u);
//   }
//
// Each test replays the cassette fixtures/<Suite>/<Test> (the root is
// AUTOMOCK_FIXTURES, else set_fixture_root(), else "fixtures"). A request that
// was never recorded fails the test with the unmatched-request report, even
// when the code under test swallowed the error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>
#include <filesystem>
#include <memory>
#include <string>

namespace automock::testing {

// The directory that holds one cassette per test.
void set_fixture_root(std::filesystem::path root);
std::filesystem::path fixture_root();

// "<root>/<Suite>/<Test>" for the running test, with '/' in parameterised
// names replaced by '_'.
std::filesystem::path cassette_path_for_current_test();

// A test fixture that gives each test its cassette, an in-process transport
// and, on first use, an embedded replay server on 127.0.0.1.
class CassetteTest : public ::testing::Test {
 protected:
  // Override to choose the settings: CassetteOptions, whose config (an
  // automock.json from load_config()) sets the mode, match rules and
  // strictness unless an explicit option overrides them.
  virtual CassetteOptions cassette_options() const { return {}; }
  // The upstream that recording modes forward to (none: replay only).
  virtual std::shared_ptr<Transport> upstream() const { return nullptr; }
  // When true, exchanges recorded but never played fail the test.
  virtual bool fail_on_unused() const { return false; }

  void SetUp() override;
  void TearDown() override;

  Cassette& cassette() { return *cassette_; }
  std::shared_ptr<Cassette> shared_cassette() { return cassette_; }
  Transport& transport() { return *transport_; }
  std::shared_ptr<Transport> shared_transport() { return transport_; }
  // "http://127.0.0.1:<port>" of a replay server for this test's cassette.
  // Replaying tests share one server per test binary (it switches to each
  // test's cassette); a test with an upstream gets its own.
  std::string base_url();
  // "http://127.0.0.1:<port>" of a forward proxy for this test's cassette, for
  // a client whose base URL is fixed (say https://api.example.com): give it
  // this as its proxy (libcurl's CURLOPT_PROXY, HTTPS_PROXY) and ca_file() as
  // its CA (CURLOPT_CAINFO), and it records and replays unchanged. Shared
  // like base_url()'s server; with an upstream (an HttpTransport with an
  // empty base URL forwards to the hosts requests name) the test gets its own.
  std::string proxy_url();
  // The certificate of automock's CA that signs the proxy's certificates
  // (AUTOMOCK_CA_DIR, else the per-user directory; created on first use).
  std::filesystem::path ca_file();

 private:
  std::shared_ptr<Cassette> cassette_;
  std::shared_ptr<Transport> transport_;
  std::unique_ptr<ReplayServer> server_;  // only when recording through an upstream
  std::unique_ptr<ReplayServer> proxy_;   // the same, for proxy_url()
  std::string base_url_;
  std::string proxy_url_;
  std::filesystem::path ca_file_;
};

// Fails the current test with one report per unmatched request (and per
// unused exchange when `fail_on_unused`). Used by CassetteTest::TearDown.
void expect_cassette_clean(const Cassette& cassette, bool fail_on_unused);

// A Google Mock transport whose default action replays from a cassette, so a
// test can EXPECT_CALL on requests while the answers come from fixtures.
class MockTransport : public Transport {
 public:
  explicit MockTransport(std::shared_ptr<Cassette> cassette,
                         std::shared_ptr<Transport> upstream = nullptr);
  MOCK_METHOD(Response, send, (const Request& request), (override));

 private:
  CassetteTransport replay_;
};

// Request matchers for EXPECT_CALL(mock, send(...)).
::testing::Matcher<const Request&> RequestMethod(std::string method);
::testing::Matcher<const Request&> RequestPath(std::string path);
// A query parameter (percent-decoded) with this value.
::testing::Matcher<const Request&> QueryParam(std::string name, std::string value);
// The JSON body's value at a JSON pointer, given as JSON text: "\"x\"", "42", "true".
::testing::Matcher<const Request&> JsonBodyField(std::string pointer, std::string json_value);

}  // namespace automock::testing
