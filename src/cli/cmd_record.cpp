// automock record: the capture proxy between a client and the real API.

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/proxy.hpp>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/listen_address.hpp"
#include "cli/stop_signal.hpp"
#include "core/origin.hpp"

namespace automock::cli {

namespace {

// What --help says after the options.
constexpr std::string_view k_record_footer =
    "Forwards http://LISTEN/x to UPSTREAM/x, writes one fixture per exchange (secrets\n"
    "redacted) and prints one line per exchange. SIGINT (Ctrl-C) or SIGTERM stops it with\n"
    "a summary. In CI (CI=true, or a CI system's variable) the modes that reach the network\n"
    "are refused unless AUTOMOCK_ALLOW_NETWORK_IN_CI=1. Requests whose Host or Origin is\n"
    "not loopback, the listen address or an --allow-host name get 403 (web pages cannot\n"
    "record through it); an upstream that is the listen address is refused (exit 2), and a\n"
    "request that comes back through a loop of proxies gets 508. With the scan policy\n"
    "\"fail\", an exchange holding a secret found by its shape is answered but not\n"
    "written, and record exits 1 once stopped. A stream (chunked, or until the upstream\n"
    "closes) goes to the client as it arrives and is recorded with its chunks and their\n"
    "timing until it ends, the client leaves or a --stream-* limit cuts it; a body over\n"
    "1 MiB of known length goes as it arrives too, its last byte once it is recorded.\n"
    "With --forward it is a forward proxy instead (no --upstream): point HTTP_PROXY and\n"
    "HTTPS_PROXY at it and make the client trust automock's CA (`automock ca path`);\n"
    "CONNECT tunnels to the --intercept hosts (default: all) are answered with certificates\n"
    "that CA signs and recorded by origin, other hosts are tunnelled untouched (a CONNECT\n"
    "line each, \"tunnelled\", as the tunnel closes).";

struct RecordArguments {
  std::string upstream;
  std::string listen = "127.0.0.1:8080";
  std::string cassette;
  std::string mode;
  std::string config;
  std::string ca_file;
  bool insecure = false;
  size_t max_body_mb = 64;
  double read_timeout_s = 30;
  std::vector<std::string> allowed_hosts;
  bool forward = false;
  std::vector<std::string> intercept;
  std::vector<std::string> resolve;
  double stream_time_limit_s = 60;
  size_t stream_size_limit = size_t{64} << 20;
};

// "POST /v1/todos 201 12.3 ms new POST-v1-todos-<key>.json", or for a request
// that was not served "... failed: <why>".
void print_exchange(const ProxyExchange& exchange) {
  std::ostringstream line;
  line << exchange.method << ' ' << exchange.target << ' ' << exchange.status << ' ' << std::fixed
       << std::setprecision(1) << exchange.elapsed_ms << " ms " << to_string(exchange.source);
  if (!exchange.reason.empty()) line << ": " << exchange.reason;
  if (!exchange.fixture.empty()) line << ' ' << exchange.fixture.string();
  std::cout << line.str() << std::endl;
}

// --mode, or nullopt for the proxy's default (the config's "mode").
std::optional<Mode> chosen_mode(const RecordArguments& arguments) {
  if (arguments.mode.empty()) return std::nullopt;
  const auto mode = parse_mode(arguments.mode);
  if (!mode) {
    throw InputError("--mode: unknown mode '" + arguments.mode +
                     "' (replay, once, new_episodes, record, passthrough)");
  }
  return mode;
}

ProxyOptions proxy_options(const RecordArguments& arguments) {
  const auto address = parse_listen_address(arguments.listen);
  ProxyOptions options;
  options.host = address.host;
  options.port = address.port;
  options.cassette = arguments.cassette;
  if (!arguments.config.empty()) options.config = load_config(arguments.config);
  options.mode = chosen_mode(arguments);
  options.upstream = arguments.upstream;
  options.forward = arguments.forward;
  if (!arguments.forward && options.upstream.empty() && options.config.routes.empty()) {
    throw InputError(
        "give --upstream URL, a --config whose \"routes\" name the upstreams, or --forward");
  }
  if (!arguments.forward && !arguments.intercept.empty()) {
    throw InputError("--intercept needs --forward");
  }
  options.intercept = arguments.intercept;
  for (const auto& entry : arguments.resolve) {
    const auto parsed = parse_resolve_entry(entry);
    if (!parsed) {
      throw InputError("--resolve '" + entry + "': expected HOST:PORT:ADDRESS (an IP address)");
    }
    options.http.resolve.insert_or_assign(parsed->first, parsed->second);
  }
  options.http.verify_tls = !arguments.insecure;
  options.http.ca_file = arguments.ca_file;
  options.http.read_timeout =
      std::chrono::milliseconds{static_cast<int64_t>(arguments.read_timeout_s * 1000)};
  options.max_body_bytes = arguments.max_body_mb << 20;
  if (!(arguments.stream_time_limit_s >= 0)) {
    throw InputError("--stream-time-limit: expected seconds, 0 or more");
  }
  options.stream_time_limit =
      std::chrono::milliseconds{static_cast<int64_t>(arguments.stream_time_limit_s * 1000)};
  options.stream_size_limit = arguments.stream_size_limit;
  options.allowed_hosts = arguments.allowed_hosts;
  options.on_exchange = print_exchange;
  return options;
}

Outcome record(const RecordArguments& arguments) {
  auto options = proxy_options(arguments);
  const ListenAddress address{options.host, options.port};
  block_stop_signals();
  CaptureProxy proxy{std::move(options)};
  const auto warning = exposure_warning(address, proxy.port());
  if (!warning.empty()) std::cerr << "automock record: " << warning << std::endl;
  std::cout << "automock record: listening on " << bound_url(address, proxy.port()) << " -> "
            << proxy.upstream_description() << std::endl;
  if (!proxy.ca_file().empty()) {
    std::cout << "automock record: clients must trust the CA " << proxy.ca_file().string()
              << std::endl;
  }
  std::cout << "automock record: mode " << to_string(proxy.mode()) << ", cassette "
            << arguments.cassette << "; Ctrl-C stops" << std::endl;
  wait_for_stop_signal();
  proxy.stop();
  const auto summary = proxy.summary();
  std::cout << "automock record: stopped; " << summary.recorded << " new, " << summary.replayed
            << " replayed, " << summary.forwarded << " forwarded, " << summary.failed << " failed"
            << (summary.refused > 0 ? ", " + std::to_string(summary.refused) + " refused" : "")
            << (summary.tunnelled > 0 ? ", " + std::to_string(summary.tunnelled) + " tunnelled"
                                      : "")
            << std::endl;
  if (summary.refused > 0) {
    std::cerr << "automock record: " << summary.refused
              << " exchange(s) not written: a secret found by its shape (scan policy fail); "
                 "add redact rules for those fields"
              << std::endl;
  }
  return check(summary.refused == 0);
}

}  // namespace

Runner define_record(CLI::App& app) {
  auto arguments = std::make_shared<RecordArguments>();
  app.add_option("--upstream", arguments->upstream,
                 "base URL of the real API, http or https (or \"routes\" in --config)");
  app.add_option("--listen", arguments->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--cassette", arguments->cassette, "cassette directory to record into")
      ->required();
  app.add_option("--mode", arguments->mode,
                 "replay, once, new_episodes, record or passthrough (default: the config's "
                 "\"mode\", else new_episodes; AUTOMOCK_MODE overrides)");
  app.add_option("--config", arguments->config, "automock.json (routes, match rules, redaction)");
  app.add_option("--ca-file", arguments->ca_file, "extra CA certificates (PEM) for https");
  app.add_flag("--insecure", arguments->insecure, "do not verify the upstream's certificate");
  app.add_option("--max-body-mb", arguments->max_body_mb, "larger request bodies get 413")
      ->capture_default_str();
  app.add_option("--read-timeout-s", arguments->read_timeout_s,
                 "upstream read timeout in seconds (then 504)")
      ->capture_default_str();
  app.add_option("--allow-host", arguments->allowed_hosts, std::string{k_allow_host_help})
      ->option_text("NAME ...");
  app.add_flag("--forward", arguments->forward,
               "a forward proxy (HTTP_PROXY, HTTPS_PROXY) instead of a reverse one");
  app.add_option("--intercept", arguments->intercept,
                 "with --forward: the hosts whose HTTPS is intercepted and recorded, as globs "
                 "(default: all; others are tunnelled untouched)")
      ->option_text("GLOB ...");
  app.add_option("--resolve", arguments->resolve,
                 "use ADDRESS for HOST:PORT instead of DNS, as curl's --resolve (certificates "
                 "are still checked against HOST)")
      ->option_text("HOST:PORT:ADDRESS ...");
  app.add_option("--stream-time-limit", arguments->stream_time_limit_s,
                 "cut a streamed answer this many seconds after its head (0: never)")
      ->option_text("SECONDS")
      ->capture_default_str();
  app.add_option("--stream-size-limit", arguments->stream_size_limit,
                 "cut a streamed answer at this many bytes (0: never)")
      ->option_text("BYTES")
      ->capture_default_str();
  app.footer(std::string{k_record_footer});
  return [arguments] { return record(*arguments); };
}

}  // namespace automock::cli
