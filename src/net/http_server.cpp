#include "net/http_server.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <automock/error.hpp>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "net/connection.hpp"

namespace automock::net {

namespace {

// Lets the server hold as many sockets as the hard limit allows (1,024 by
// default is too few for load tests). Best effort.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

// Out of descriptors or memory: accepting again at once would spin.
bool is_resource_exhaustion(const asio::error_code& error) {
  return error == asio::error::no_descriptors || error == asio::error::no_buffer_space ||
         error == asio::error::no_memory || error.value() == ENFILE;
}

constexpr auto k_accept_retry_delay = std::chrono::milliseconds{50};

// A descriptor held in reserve. When accept() fails for lack of descriptors,
// freeing it lets the server accept the waiting connections and refuse them
// with a 503 instead of leaving them hanging in the backlog.
class DescriptorReserve {
 public:
  DescriptorReserve() { restore(); }
  ~DescriptorReserve() { release(); }
  DescriptorReserve(const DescriptorReserve&) = delete;
  DescriptorReserve& operator=(const DescriptorReserve&) = delete;

  void release() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void restore() {
    if (fd_ < 0) fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }

 private:
  int fd_ = -1;
};

// Accepts and closes every connection waiting on the non-blocking `listener`.
void refuse_waiting_connections(int listener) {
  constexpr std::string_view k_unavailable =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  while (true) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;
    ::send(fd, k_unavailable.data(), k_unavailable.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
  }
}

// One io_context, run by one thread, with the connections it serves.
struct Loop {
  explicit Loop(std::chrono::steady_clock::duration idle_timeout)
      : registry(context, idle_timeout) {}

  asio::io_context context{1};
  ConnectionRegistry registry;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      context.get_executor()};
  std::thread thread;
};

asio::ip::tcp::endpoint resolve(asio::io_context& context, const HttpServerOptions& options) {
  asio::error_code error;
  asio::ip::tcp::resolver resolver{context};
  const auto results = resolver.resolve(options.host, std::to_string(options.port),
                                        asio::ip::tcp::resolver::passive, error);
  if (error || results.empty()) {
    throw IoError("cannot resolve listen address " + options.host + ": " + error.message());
  }
  return results.begin()->endpoint();
}

// The handler's exceptions become 500 answers.
DelayingHandler catching(DelayingHandler handler) {
  return [handler = std::move(handler)](const Request& request) -> DelayedResponse {
    try {
      return handler(request);
    } catch (const std::exception& error) {
      return {plain_response(500, std::string{"handler failed: "} + error.what()), {}};
    } catch (...) {
      return {plain_response(500, "handler failed"), {}};
    }
  };
}

// A handler that may block, run on `workers` instead of the io threads.
AsyncHandler on_workers(DelayingHandler handler, asio::thread_pool& workers) {
  return [handler = std::move(handler), &workers](Request request, const asio::any_io_executor&,
                                                  Respond respond) {
    asio::post(workers, [&handler, request = std::move(request), respond = std::move(respond)] {
      respond(handler(request));
    });
  };
}

unsigned thread_count(const HttpServerOptions& options) {
  return std::max(1u, options.threads != 0 ? options.threads : std::thread::hardware_concurrency());
}

std::list<Loop> make_loops(const HttpServerOptions& options) {
  std::list<Loop> loops;
  for (unsigned i = 0; i < thread_count(options); ++i) loops.emplace_back(options.idle_timeout);
  return loops;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(const HttpServerOptions& options);
  void accept_next();
  void on_accept(const asio::error_code& error);
  void begin_shutdown();
  void stop();

  ConnectionSettings settings;
  std::optional<asio::thread_pool> workers;
  std::list<Loop> loops;  // a list: a Loop cannot move
  std::list<Loop>::iterator next_loop;
  asio::ip::tcp::acceptor acceptor;
  asio::ip::tcp::socket accepted;  // the socket the pending accept fills
  asio::steady_timer retry_timer;
  DescriptorReserve reserve;
  uint16_t port = 0;
  std::once_flag stopped;
};

HttpServer::Impl::Impl(const HttpServerOptions& options)
    : settings{{},
               {},
               ParseLimits{options.max_header_bytes, options.max_body_bytes},
               options.idle_timeout,
               options.forward},
      loops(make_loops(options)),
      next_loop(loops.begin()),
      acceptor(loops.front().context),
      accepted(loops.front().context),
      retry_timer(loops.front().context) {
  const auto endpoint = resolve(loops.front().context, options);
  asio::error_code error;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (!error) acceptor.non_blocking(true, error);
  if (error) {
    throw IoError("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                  error.message());
  }
  port = acceptor.local_endpoint().port();
}

// Each accepted socket goes to the next loop in turn and stays there.
void HttpServer::Impl::accept_next() {
  accepted = asio::ip::tcp::socket{next_loop->context};
  acceptor.async_accept(accepted, [this](const asio::error_code& error) { on_accept(error); });
}

void HttpServer::Impl::on_accept(const asio::error_code& error) {
  if (error == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (is_resource_exhaustion(error)) {
    reserve.release();
    refuse_waiting_connections(acceptor.native_handle());
    reserve.restore();
    retry_timer.expires_after(k_accept_retry_delay);
    retry_timer.async_wait([this](const asio::error_code& wait_error) {
      if (!wait_error) accept_next();
    });
    return;
  }
  if (!error) {
    auto connection =
        std::make_shared<Connection>(std::move(accepted), settings, next_loop->registry);
    asio::post(next_loop->context, [connection] { connection->start(); });
    if (++next_loop == loops.end()) next_loop = loops.begin();
  }
  accept_next();
}

// Runs on the first loop, after any start() it posted, so that every loop
// sees its new connections before it shuts down. The shutdowns are queued
// before the acceptor closes: a response posted once the port refuses
// connections then finds its loop stopping and carries Connection: close.
void HttpServer::Impl::begin_shutdown() {
  for (auto& loop : loops) {
    asio::post(loop.context, [&loop] { loop.registry.begin_shutdown(); });
  }
  asio::error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
}

void HttpServer::Impl::stop() {
  std::call_once(stopped, [this] {
    asio::post(loops.front().context, [this] { begin_shutdown(); });
    for (auto& loop : loops) loop.work.reset();
    for (auto& loop : loops) {
      if (loop.thread.joinable()) loop.thread.join();
    }
    if (workers) workers->join();
  });
}

HttpServer::HttpServer(Handler handler, HttpServerOptions options)
    : HttpServer(DelayingHandler{[handler = std::move(handler)](const Request& request) {
                   return DelayedResponse{handler(request), {}};
                 }},
                 std::move(options)) {}

HttpServer::HttpServer(DelayingHandler handler, HttpServerOptions options) {
  impl_ = std::make_unique<Impl>(options);
  if (options.blocking_workers > 0) {
    impl_->workers.emplace(options.blocking_workers);
    impl_->settings.async_handler = on_workers(catching(std::move(handler)), *impl_->workers);
  } else {
    impl_->settings.handler = catching(std::move(handler));
  }
  start();
}

HttpServer::HttpServer(AsyncHandler handler, HttpServerOptions options) {
  impl_ = std::make_unique<Impl>(options);
  impl_->settings.async_handler = std::move(handler);
  start();
}

void HttpServer::start() {
  raise_open_file_limit();
  impl_->accept_next();
  for (auto& loop : impl_->loops) {
    loop.registry.start_sweeping();
    loop.thread = std::thread{[&loop] { loop.context.run(); }};
  }
}

HttpServer::~HttpServer() {
  stop();
}

uint16_t HttpServer::port() const {
  return impl_->port;
}

void HttpServer::stop() {
  impl_->stop();
}

}  // namespace automock::net
