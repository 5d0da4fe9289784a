// End-to-end: what `automock record` and `automock serve` do about loops,
// addresses beyond loopback, and a recording that fails.
#include "e2e/cli_test_base.hpp"
#include "e2e/record_e2e_support.hpp"
#include "support/loopback.hpp"
#include "support/raw_upstream.hpp"

namespace automock::test {
namespace {

class RecordGuardE2eTest : public CliTestBase {};

TEST_F(RecordGuardE2eTest, ARecorderPointedAtItselfExitsTwoAtStartNamingTheLoop) {
  const auto port = std::to_string(closed_port());
  for (const std::string& upstream : {"http://127.0.0.1:" + port, "http://localhost:" + port}) {
    const auto outcome = automock({"record", "--listen", "127.0.0.1:" + port, "--upstream",
                                   upstream, "--cassette", (dir_ / "cassette").string()});
    EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
    EXPECT_NE(outcome.err.find("the upstream " + upstream + " is this proxy's own address"),
              std::string::npos)
        << outcome.err;
    EXPECT_FALSE(fs::exists(dir_ / "cassette"));
  }
}

TEST_F(RecordGuardE2eTest, AnUpstreamWithAPasswordIsRefusedWithoutPrintingIt) {
  for (const std::string mode : {"new_episodes", "passthrough"}) {
    const auto outcome = automock({"record", "--listen", "127.0.0.1:0", "--upstream",
                                   "http://ann:pa55-word-e2e@127.0.0.1:1/v1", "--cassette",
                                   (dir_ / "c").string(), "--mode", mode});
    EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
    EXPECT_NE(outcome.err.find("carries a user name or password"), std::string::npos)
        << outcome.err;
    EXPECT_EQ((outcome.out + outcome.err).find("pa55-word-e2e"), std::string::npos)
        << testing::PrintToString(outcome);
    EXPECT_FALSE(fs::exists(dir_ / "c"));
  }
}

// The port of "http://0.0.0.0:PORT" in `line`, or 0.
int wildcard_port_in(const std::string& line) {
  const auto at = line.find("http://0.0.0.0:");
  return at == std::string::npos ? 0 : std::stoi(line.substr(at + 15));
}

TEST_F(RecordE2eTest, ListeningOnEveryAddressPrintsThatAddressWarnsAndHonoursAllowHost) {
  const std::map<std::string, std::vector<std::string>> arguments = {
      {"record", {"--upstream", "http://127.0.0.1:1"}}, {"serve", {}}};
  for (const auto& [command, extra] : arguments) {
    std::vector<std::string> argv{
        AUTOMOCK_CLI_PATH,   command,        "--listen",         "0.0.0.0:0", "--cassette",
        cassette().string(), "--allow-host", "automock.internal"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ChildProcess child{argv,
                       dir_ / ("stderr-" + command + ".txt"),
                       {{"CI", std::nullopt}, {"AUTOMOCK_MODE", std::nullopt}}};
    const auto line = child.read_line_containing("http://0.0.0.0:");
    ASSERT_TRUE(line) << command << ": " << child.stderr_text();
    const int port = wildcard_port_in(*line);
    ASSERT_GT(port, 0) << *line;
    EXPECT_NE(child.stderr_text().find("warning: listening on http://0.0.0.0:" +
                                       std::to_string(port) + ", which other machines can reach"),
              std::string::npos)
        << child.stderr_text();
    httplib::Client client{"127.0.0.1", port};
    const auto foreign = client.Get("/x", {{"Host", "remote-name:" + std::to_string(port)}});
    ASSERT_TRUE(foreign) << command;
    EXPECT_EQ(foreign->status, 403) << command;
    const auto allowed = client.Get("/x", {{"Host", "automock.internal:" + std::to_string(port)}});
    ASSERT_TRUE(allowed) << command;
    EXPECT_NE(allowed->get_header_value("X-Automock"), "forbidden") << command;
    EXPECT_NE(allowed->status, 403) << command;
    interrupt(child);
  }
}

TEST_F(RecordE2eTest, AnExchangeThatCannotBeRecordedSaysWhyOnItsConsoleLine) {
  RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Bytes: \xff\xfe\r\n\r\nok"};
  int port = 0;
  auto recorder = start_record({"--upstream", upstream.url()}, port);
  httplib::Client client{"127.0.0.1", port};
  const auto result = client.Get("/latin1", {{"Authorization", "Bearer e2e-secret-token"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 502);
  const auto output = interrupt(*recorder);
  EXPECT_NE(output.find("GET /latin1 502 "), std::string::npos) << output;
  EXPECT_NE(output.find(" ms failed: the exchange cannot be recorded: cannot write a fixture: the "
                        "value of header X-Bytes is not valid UTF-8\n"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("e2e-secret-token"), std::string::npos) << output;
}

}  // namespace
}  // namespace automock::test
