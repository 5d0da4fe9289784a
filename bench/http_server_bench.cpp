// Serves a fixed 1 KB response on 127.0.0.1:PORT until stdin closes or a
// line is read. Usage: http_server_bench PORT [THREADS]
#include <cstdlib>
#include <iostream>
#include <string>

#include "net/http_server.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: http_server_bench PORT [THREADS]\n";
    return 2;
  }
  automock::net::HttpServerOptions options;
  options.port = static_cast<uint16_t>(std::atoi(argv[1]));
  if (argc > 2) options.threads = static_cast<unsigned>(std::atoi(argv[2]));
  const std::string body(1024, 'x');
  automock::net::HttpServer server{[&body](const automock::Request&) {
                                     automock::Response response;
                                     response.headers.add("Content-Type", "text/plain");
                                     response.body = body;
                                     return response;
                                   },
                                   options};
  std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
  std::string line;
  std::getline(std::cin, line);
  server.stop();
  return 0;
}
