// automock serve: the replay server for any language's tests.

#include <automock/cassette.hpp>
#include <automock/config.hpp>
#include <automock/server.hpp>
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "cli/listen_address.hpp"
#include "cli/stop_signal.hpp"
#include "tooling/usage_record.hpp"

namespace automock::cli {

namespace {

// What --help says after the options.
constexpr std::string_view k_serve_footer =
    "A request that was never recorded gets 404, the header X-Automock: miss and the\n"
    "report. Admin endpoints: GET /__automock/health, /__automock/misses,\n"
    "/__automock/unused, /__automock/requests (the request journal); POST\n"
    "/__automock/reset (sequences, misses and the journal start over, usage is kept)\n"
    "and /__automock/forget-usage; GET, POST (add) and DELETE (clear)\n"
    "/__automock/faults (fault rules, as automock.json's \"faults\"). Requests other\n"
    "than GET need the header X-Automock-Admin: 1 or Content-Type: application/json.\n"
    "Requests whose Host or Origin is not loopback, the listen address or an\n"
    "--allow-host name get 403. SIGINT (Ctrl-C) or SIGTERM stops it and lists the\n"
    "unmatched requests.";

struct ServeArguments {
  std::string cassette;
  std::string listen = "127.0.0.1:8080";
  std::string config;
  Latency latency = Latency::none;
  unsigned threads = 0;
  std::string usage;
  bool strict = false;
  bool fail_on_miss = false;
  std::vector<std::string> allowed_hosts;
  bool forward = false;
};

std::shared_ptr<Cassette> open_cassette(const ServeArguments& arguments) {
  CassetteOptions options;
  if (!arguments.config.empty()) options.config = load_config(arguments.config);
  if (arguments.strict) options.strict_sequences = true;
  return std::make_shared<Cassette>(arguments.cassette, options);
}

// The shutdown summary; true when a request went unmatched.
bool report_shutdown(const Cassette& cassette) {
  const auto misses = cassette.misses();
  std::cout << "automock serve: stopped; " << misses.size() + cassette.dropped_misses()
            << " unmatched, " << cassette.unused().size() << " unused exchanges" << std::endl;
  for (const auto& miss : misses) {
    std::cout << "  unmatched: " << miss.request().method << " " << miss.request().target << '\n';
  }
  return !misses.empty();
}

Outcome serve(const ServeArguments& arguments) {
  const auto address = parse_listen_address(arguments.listen);
  auto cassette = open_cassette(arguments);
  block_stop_signals();
  ReplayServer server{cassette, ServerOptions{.host = address.host,
                                              .port = address.port,
                                              .threads = arguments.threads,
                                              .latency = arguments.latency,
                                              .allowed_hosts = arguments.allowed_hosts,
                                              .forward = arguments.forward}};
  const auto warning = exposure_warning(address, server.port());
  if (!warning.empty()) std::cerr << "automock serve: " << warning << std::endl;
  std::cout << "automock serve: replaying " << arguments.cassette << " on "
            << bound_url(address, server.port()) << " (mode " << to_string(cassette->mode()) << ")"
            << std::endl;
  if (!server.ca_file().empty()) {
    std::cout << "automock serve: forward proxy; clients must trust the CA "
              << server.ca_file().string() << std::endl;
  }
  wait_for_stop_signal();
  server.stop();
  if (!arguments.usage.empty()) {
    tooling::write_usage_record(arguments.usage, tooling::usage_of(*cassette));
  }
  const bool missed = report_shutdown(*cassette);
  return check(!(missed && arguments.fail_on_miss));
}

}  // namespace

Runner define_serve(CLI::App& app) {
  auto arguments = std::make_shared<ServeArguments>();
  app.add_option("--cassette", arguments->cassette, "cassette directory to replay")->required();
  app.add_option("--listen", arguments->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--config", arguments->config,
                 "automock.json (match rules, routes, redaction, faults)");
  app.add_option("--latency", arguments->latency,
                 "none (default): answer at once; recorded: wait each exchange's recorded "
                 "latency")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Latency>{{"none", Latency::none}, {"recorded", Latency::recorded}},
          CLI::ignore_case))
      ->option_text("none|recorded");
  app.add_option("--threads", arguments->threads, "io threads (0: one per core)")
      ->capture_default_str();
  app.add_option("--usage", arguments->usage,
                 "write used and unused fixture files to this JSON file at shutdown "
                 "(read by `automock fixtures prune`)");
  app.add_flag("--strict", arguments->strict,
               "strict sequences: a request past its last recording is a miss");
  app.add_flag("--fail-on-miss", arguments->fail_on_miss,
               "exit 1 at shutdown when any request went unmatched");
  app.add_flag("--forward", arguments->forward,
               "also a forward proxy (HTTP_PROXY, HTTPS_PROXY): CONNECT tunnels answered with "
               "automock's CA, every request from the cassette, no network");
  app.add_option("--allow-host", arguments->allowed_hosts, std::string{k_allow_host_help})
      ->option_text("NAME ...");
  app.footer(std::string{k_serve_footer});
  return [arguments] { return serve(*arguments); };
}

}  // namespace automock::cli
