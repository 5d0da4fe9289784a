#include <future>
#include <set>
#include <thread>

#include "net/capture_proxy_support.hpp"

namespace automock::test {
namespace {

TEST_F(CaptureProxyTest, AnUpstreamAndRoutesTogetherAreRefused) {
  Config config;
  config.routes = {Route{.name = "a", .prefix = "/a", .upstream = "http://127.0.0.1:1"}};
  EXPECT_THROW(start(ProxyOptions{.config = config, .upstream = "http://127.0.0.1:2"}), InputError);
}

TEST_F(CaptureProxyTest, ARecordingModeWithoutAnUpstreamIsRefused) {
  EXPECT_THROW(start(ProxyOptions{.mode = Mode::new_episodes}), InputError);
}

TEST_F(CaptureProxyTest, SourcesHaveTheNamesTheRecordCommandPrints) {
  EXPECT_EQ(to_string(Source::recorded), "new");
  EXPECT_EQ(to_string(Source::replayed), "replayed");
  EXPECT_EQ(to_string(Source::forwarded), "forwarded");
  EXPECT_EQ(to_string(Source::failed), "failed");
}

TEST_F(CaptureProxyTest, EveryMethodIsForwardedAndRecorded) {
  auto& upstream = serve(echo_server());
  start_to(upstream.url());
  for (const std::string method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    SCOPED_TRACE(method);
    const bool has_body = method == "POST" || method == "PUT" || method == "PATCH";
    const auto result = send(*client_, method, "/items/7?q=1", has_body ? R"({"n":1})" : "");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("X-Upstream"), "echo");
    if (method == "HEAD") continue;
    const auto echoed = json_of(result);
    EXPECT_EQ(echoed["method"], method);
    EXPECT_EQ(echoed["path"], "/items/7");
    EXPECT_EQ(echoed["body"], has_body ? R"({"n":1})" : "");
  }
  const auto written = files();
  ASSERT_EQ(written.size(), 7u);
  for (const auto& file : written) EXPECT_EQ(read_fixture(file).response.status, 200);
  for (const auto& exchange : reported()) {
    EXPECT_EQ(exchange.source, Source::recorded);
    EXPECT_TRUE(fs::exists(cassette_dir() / exchange.fixture)) << exchange.fixture;
  }
}

TEST_F(CaptureProxyTest, NextSessionReplaysWhatTheFirstRecorded) {
  int calls = 0;
  auto routes = std::make_unique<httplib::Server>();
  routes->Post("/todos", [&](const httplib::Request& request, httplib::Response& response) {
    response.status = 201;
    response.set_content(request.body + std::to_string(++calls), "application/json");
  });
  auto& upstream = serve(std::move(routes));
  start_to(upstream.url());
  const auto recorded = send(*client_, "POST", "/todos", R"({"title":"a"})");
  start_to(upstream.url());
  const auto replayed = send(*client_, "POST", "/todos", R"({"title": "a"})");
  ASSERT_TRUE(recorded && replayed);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(replayed->status, 201);
  EXPECT_EQ(replayed->body, recorded->body);
  const auto exchanges = reported();
  ASSERT_EQ(exchanges.size(), 2u);
  EXPECT_EQ(exchanges[0].source, Source::recorded);
  EXPECT_EQ(exchanges[1].source, Source::replayed);
  EXPECT_EQ(exchanges[1].fixture, exchanges[0].fixture);
  EXPECT_EQ(proxy_->summary().replayed, 1u);
}

TEST_F(CaptureProxyTest, IdenticalRequestsInOneSessionAreRecordedInSequence) {
  auto& upstream = serve(echo_server());
  start_to(upstream.url());
  ASSERT_TRUE(client_->Get("/same"));
  ASSERT_TRUE(client_->Get("/same"));
  std::set<int> seqs;
  for (const auto& file : files()) seqs.insert(read_fixture(file).seq);
  EXPECT_EQ(seqs, (std::set<int>{0, 1}));
}

TEST_F(CaptureProxyTest, HopByHopRequestHeadersAreDroppedAndHostIsTheUpstreams) {
  auto& upstream = serve(echo_server());
  start_to(upstream.url());
  const auto result = send(*client_, "GET", "/h", "",
                           {{"Connection", "X-Hop"},
                            {"X-Hop", "1"},
                            {"Keep-Alive", "timeout=5"},
                            {"Proxy-Authorization", "Basic eA=="},
                            {"TE", "trailers"},
                            {"Upgrade", "websocket"},
                            {"X-Kept", "yes"}});
  ASSERT_TRUE(result);
  const auto echoed = json_of(result);
  const auto names = echoed["headers"].get<std::vector<std::string>>();
  for (const char* dropped : {"X-Hop", "Keep-Alive", "Proxy-Authorization", "TE", "Upgrade"}) {
    EXPECT_EQ(std::count(names.begin(), names.end(), dropped), 0) << dropped;
  }
  EXPECT_EQ(std::count(names.begin(), names.end(), "X-Kept"), 1);
  EXPECT_EQ(echoed["host"], "127.0.0.1:" + std::to_string(upstream.port()));
  const auto recorded = read_fixture(files().at(0)).request.headers;
  EXPECT_FALSE(recorded.contains("X-Hop"));
  EXPECT_FALSE(recorded.contains("Host"));
}

TEST_F(CaptureProxyTest, HopByHopResponseHeadersAreDropped) {
  auto& upstream = serve_raw(
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: X-Hop\r\nX-Hop: 1\r\n"
      "Proxy-Authenticate: Basic\r\nX-Kept: yes\r\n\r\nok");
  start_to(upstream.url());
  const auto result = send(*client_, "GET", "/r");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "ok");
  EXPECT_FALSE(result->has_header("X-Hop"));
  EXPECT_FALSE(result->has_header("Proxy-Authenticate"));
  EXPECT_EQ(result->get_header_value("X-Kept"), "yes");
  const auto recorded = read_fixture(files().at(0)).response.headers;
  EXPECT_FALSE(recorded.contains("X-Hop"));
  EXPECT_TRUE(recorded.contains("X-Kept"));
}

TEST_F(CaptureProxyTest, GzipUpstreamBodyIsStoredAndSentDecoded) {
  const std::string text(4000, 'z');
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/text", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(text, "text/plain");
  });
  auto& upstream = serve(std::move(routes));
  start_to(upstream.url());
  httplib::Client raw{proxy_->base_url()};
  raw.set_decompress(false);
  const auto result = raw.Get("/text", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, text);
  EXPECT_FALSE(result->has_header("Content-Encoding"));
  EXPECT_EQ(result->get_header_value("Content-Length"), std::to_string(text.size()));
  const auto exchange = read_fixture(files().at(0));
  EXPECT_EQ(exchange.response.body, text);
  EXPECT_FALSE(exchange.response.headers.contains("Content-Encoding"));
}

TEST_F(CaptureProxyTest, RoutesSendEachPrefixToItsUpstream) {
  auto& first = serve(echo_server());
  auto other = std::make_unique<httplib::Server>();
  other->Get("/.*", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content("second " + request.path, "text/plain");
  });
  auto& second = serve(std::move(other));
  Config config;
  config.routes = {Route{.name = "one", .prefix = "/one", .upstream = first.url()},
                   Route{.name = "two", .prefix = "/two", .upstream = second.url()}};
  start(ProxyOptions{.config = config});
  const auto to_first = client_->Get("/one/x");
  const auto to_second = client_->Get("/two/y");
  ASSERT_TRUE(to_first && to_second);
  EXPECT_EQ(json_of(to_first)["path"], "/x");
  EXPECT_EQ(to_second->body, "second /y");
  std::set<std::string> routes;
  for (const auto& file : files()) routes.insert(read_fixture(file).route);
  EXPECT_EQ(routes, (std::set<std::string>{"one", "two"}));
}

TEST_F(CaptureProxyTest, PathWithoutRouteIs404NamingThePrefixes) {
  auto& upstream = serve(echo_server());
  Config config;
  config.routes = {Route{.name = "one", .prefix = "/one", .upstream = upstream.url()}};
  start(ProxyOptions{.config = config});
  const auto result = client_->Get("/elsewhere");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(json_of(result)["prefixes"], nlohmann::json::array({"/one"}));
  EXPECT_TRUE(files().empty());
  EXPECT_EQ(reported().at(0).source, Source::failed);
}

TEST_F(CaptureProxyTest, UpstreamServerErrorIsARealAnswerAndRecorded) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/boom", [](const httplib::Request&, httplib::Response& response) {
    response.status = 500;
    response.set_content("broken", "text/plain");
  });
  auto& upstream = serve(std::move(routes));
  start_to(upstream.url());
  const auto result = client_->Get("/boom");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(result->body, "broken");
  ASSERT_EQ(files().size(), 1u);
  EXPECT_EQ(read_fixture(files()[0]).response.status, 500);
}

TEST_F(CaptureProxyTest, OversizeRequestBodyIs413AndNotRecorded) {
  auto& upstream = serve(echo_server());
  start(ProxyOptions{.upstream = upstream.url(), .max_body_bytes = 1024});
  const auto result = send(*client_, "POST", "/big", std::string(4096, 'x'));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_TRUE(files().empty());
}

TEST_F(CaptureProxyTest, SecretsNeverReachAnyFileWritten) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Post("/login", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Set-Cookie", "session=s3cret-cookie");
    response.set_content(R"({"token":"s3cret-token","user":"ann"})", "application/json");
  });
  auto& upstream = serve(std::move(routes));
  ProxyOptions options{.upstream = upstream.url()};
  options.config.redact.query = {"api_key"};
  options.config.redact.json = {"password", "token"};
  start(options);
  const auto result = send(*client_, "POST", "/login?api_key=s3cret-key",
                           R"({"user":"ann","password":"s3cret-pass"})",
                           {{"Authorization", "Bearer s3cret-bearer"}, {"Cookie", "a=s3cret-c"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  ASSERT_EQ(files().size(), 1u);
  EXPECT_EQ(all_bytes_on_disk().find("s3cret"), std::string::npos) << all_bytes_on_disk();
  EXPECT_EQ(reported().at(0).target.find("s3cret"), std::string::npos);
}

TEST_F(CaptureProxyTest, NonUtf8HeaderValueIs502AndNothingIsRecorded) {
  auto& upstream = serve_raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Bytes: \xff\xfe\r\n\r\nok");
  start_to(upstream.url());
  const auto result = client_->Get("/latin1");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(result->get_header_value("X-Automock"), "unrecordable");
  EXPECT_NE(json_of(result)["error"].get<std::string>().find("UTF-8"), std::string::npos);
  EXPECT_TRUE(files().empty());
}

TEST_F(CaptureProxyTest, PassthroughForwardsAndWritesNothing) {
  auto& upstream = serve(echo_server());
  start_to(upstream.url(), Mode::passthrough);
  ASSERT_TRUE(client_->Get("/p"));
  EXPECT_TRUE(files().empty());
  EXPECT_EQ(reported().at(0).source, Source::forwarded);
  EXPECT_EQ(proxy_->summary().forwarded, 1u);
}

TEST_F(CaptureProxyTest, ReplayModeAnswersAMissWith404) {
  fs::create_directories(cassette_dir());
  start(ProxyOptions{.mode = Mode::replay});
  const auto result = client_->Get("/never");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->get_header_value("X-Automock"), "miss");
  EXPECT_EQ(proxy_->summary().failed, 1u);
}

TEST_F(CaptureProxyTest, TheConfigsModeIsHonouredWhenTheOptionsNameNone) {
  fs::create_directories(cassette_dir());
  Config config;
  config.mode = Mode::replay;
  auto& upstream = serve(echo_server());
  start(ProxyOptions{.config = config, .upstream = upstream.url()});
  EXPECT_EQ(proxy_->mode(), Mode::replay);
  const auto result = client_->Get("/never");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->get_header_value("X-Automock"), "miss");
  EXPECT_TRUE(files().empty()) << "replay forwards and records nothing";
}

TEST_F(CaptureProxyTest, TheOptionsModeOverridesTheConfigs) {
  Config config;
  config.mode = Mode::replay;
  auto& upstream = serve(echo_server());
  start(ProxyOptions{.mode = Mode::new_episodes, .config = config, .upstream = upstream.url()});
  EXPECT_EQ(proxy_->mode(), Mode::new_episodes);
  ASSERT_EQ(client_->Get("/a")->status, 200);
  EXPECT_EQ(files().size(), 1u);
}

TEST_F(CaptureProxyTest, RecordingUnderCiIsRefusedWithoutTheAllowanceBeforeTouchingTheDisk) {
  test::ScopedEnv ci{"CI", "true"};
  EXPECT_THROW(start_to("http://127.0.0.1:1"), NetworkRefused);
  EXPECT_FALSE(fs::exists(cassette_dir()));
}

TEST_F(CaptureProxyTest, StartingToRecordRemovesTheTemporaryFilesOfKilledRecorders) {
  const auto abandoned = cassette_dir() / ".GET-a-0123456789abcdef.json.4242.7.1234567.tmp";
  const auto fixture = cassette_dir() / "GET-a-0123456789abcdef.json";
  fs::create_directories(cassette_dir());
  std::ofstream(abandoned) << "{\"automock\": 1, \"key\"";
  std::ofstream(fixture) << "kept";
  start(ProxyOptions{.mode = Mode::replay});
  EXPECT_TRUE(fs::exists(abandoned)) << "replay mode touches no file";
  start_to(serve(echo_server()).url());
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_TRUE(fs::exists(fixture));
}

TEST_F(CaptureProxyTest, StopLetsAnInFlightRequestFinishAndRecord) {
  std::promise<void> arrived;
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
    arrived.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds{300});
    response.set_content("late", "text/plain");
  });
  auto& upstream = serve(std::move(routes));
  start_to(upstream.url());
  auto in_flight = std::async(std::launch::async, [this] { return client_->Get("/slow"); });
  arrived.get_future().wait();
  proxy_->stop();
  const auto result = in_flight.get();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "late");
  EXPECT_EQ(files().size(), 1u);
  EXPECT_EQ(proxy_->summary().recorded, 1u);
}

}  // namespace
}  // namespace automock::test
