// todo_service: the example upstream that automock records. Prints
// "listening on HOST:PORT" once ready; stops on SIGINT or SIGTERM.

#include <httplib.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "todo_routes.hpp"

namespace {
// Blocks SIGINT and SIGTERM in every thread and stops the server from a
// thread that waits for them (no work inside a signal handler).
std::thread stop_on_signal(httplib::Server& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return std::thread{[&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  }};
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"todo_service: the example REST API that automock records"};
  std::string host = "127.0.0.1";
  int port = 0;
  todo::ServiceOptions options;
  std::string tls_cert;
  std::string tls_key;
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "port (0: any free port)");
  app.add_option("--version-tag", options.version, "version reported by /health");
  app.add_flag("!--unhealthy", options.healthy, "answer 503 on /health (a bad build)");
  app.add_option("--title-field", options.title_field,
                 "name of a todo's title in answers (another name breaks clients)");
  app.add_option("--added-field", options.added_field,
                 "a member added to every todo in answers (clients ignore it)");
  auto* cert_option = app.add_option("--tls-cert", tls_cert, "serve https with this certificate");
  app.add_option("--tls-key", tls_key, "the certificate's private key")->needs(cert_option);
  cert_option->needs("--tls-key");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<httplib::Server> served;
  if (tls_cert.empty()) {
    served = std::make_unique<httplib::Server>();
  } else {
    served = std::make_unique<httplib::SSLServer>(tls_cert.c_str(), tls_key.c_str());
    if (!served->is_valid()) {
      std::cerr << "todo_service: cannot load " << tls_cert << " and " << tls_key << '\n';
      return 2;
    }
  }
  httplib::Server& server = *served;
  todo::Store store;
  todo::install_routes(server, store, options);
  const int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::cerr << "todo_service: cannot listen on " << host << ':' << port << '\n';
    return 2;
  }
  auto waiter = stop_on_signal(server);
  waiter.detach();
  std::cout << "listening on " << host << ':' << bound << std::endl;
  server.listen_after_bind();
  return 0;
}
