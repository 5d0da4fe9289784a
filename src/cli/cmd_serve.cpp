// automock serve: the replay server for any language's tests.

#include <automock/cassette.hpp>
#include <automock/config.hpp>
#include <automock/server.hpp>
#include <iostream>

#include "cli/command.hpp"
#include "cli/listen_address.hpp"
#include "cli/stop_signal.hpp"

namespace automock::cli {

namespace {

struct ServeArguments {
  std::string cassette;
  std::string listen = "127.0.0.1:8080";
  std::string config;
};

int serve(const ServeArguments& arguments) {
  const auto address = parse_listen_address(arguments.listen);
  CassetteOptions options;
  if (!arguments.config.empty()) options.config = load_config(arguments.config);
  auto cassette = std::make_shared<Cassette>(arguments.cassette, options);
  block_stop_signals();
  ReplayServer server{cassette, ServerOptions{.host = address.host, .port = address.port}};
  std::cout << "automock serve: replaying " << arguments.cassette << " on " << server.base_url()
            << " (mode " << to_string(cassette->mode()) << ")" << std::endl;
  wait_for_stop_signal();
  server.stop();
  std::cout << "automock serve: stopped; " << cassette->misses().size() << " unmatched, "
            << cassette->unused().size() << " unused exchanges" << std::endl;
  return 0;
}

}  // namespace

Runner define_serve(CLI::App& app) {
  auto arguments = std::make_shared<ServeArguments>();
  app.add_option("--cassette", arguments->cassette, "cassette directory to replay")->required();
  app.add_option("--listen", arguments->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--config", arguments->config, "automock.json (match rules, routes, redaction)");
  return [arguments] { return serve(*arguments); };
}

}  // namespace automock::cli
