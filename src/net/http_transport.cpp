// HttpTransport over net::UpstreamClient: the exchanges run on an io thread
// the transport owns, one client per origin, and send() waits for each.
#include <asio.hpp>
#include <atomic>
#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/origin.hpp"
#include "net/upstream_client.hpp"

namespace automock {

namespace {

// The path and query of an absolute target ("https://host/a?b" -> "/a?b").
std::string origin_form(const std::string& absolute_target) {
  const auto authority = absolute_target.find("://") + 3;
  const auto rest = absolute_target.find_first_of("/?", authority);
  if (rest == std::string::npos) return "/";
  if (absolute_target[rest] == '?') return "/" + absolute_target.substr(rest);
  return absolute_target.substr(rest);
}

}  // namespace

struct HttpTransport::Impl {
  using Work = asio::executor_work_guard<asio::io_context::executor_type>;

  std::string base_url;  // "": each request names its origin
  HttpOptions options;
  asio::io_context io;
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<net::UpstreamClient>> clients;  // by base URL; guarded
  Work work{io.get_executor()};
  std::thread thread{[this] { io.run(); }};

  Impl(std::string url, HttpOptions http_options)
      : base_url(std::move(url)), options(std::move(http_options)) {}
  // Every exchange ended when its send() returned, so once the thread ran out
  // of work only idle connections are left.
  ~Impl() {
    work.reset();
    thread.join();
    for (auto& [url, client] : clients) client->close_idle();
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  net::UpstreamClient& client_for(const std::string& url);
  std::pair<net::UpstreamClient*, Request> route(const Request& request);
};

net::UpstreamClient& HttpTransport::Impl::client_for(const std::string& url) {
  std::lock_guard lock{mutex};
  auto found = clients.find(url);
  if (found == clients.end()) {
    found = clients.emplace(url, std::make_unique<net::UpstreamClient>(url, options)).first;
  }
  return *found->second;
}

// The client for `request` and the request as that client sends it: an
// absolute target goes to the origin it names, a path to the base URL.
// Without a base URL the target must be absolute; its query is never shown.
std::pair<net::UpstreamClient*, Request> HttpTransport::Impl::route(const Request& request) {
  const auto origin = origin_of(request.target);
  if (!origin && !base_url.empty()) return {&client_for(base_url), request};
  if (!origin) {
    throw InputError(
        "HttpTransport without a base URL needs an absolute target "
        "(https://host/path), not " +
        std::string{request.path()});
  }
  Request relative = request;
  relative.target = origin_form(request.target);
  return {&client_for(*origin), std::move(relative)};
}

HttpTransport::HttpTransport(std::string base_url, HttpOptions options) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  auto impl = std::make_unique<Impl>(std::move(base_url), std::move(options));
  if (!impl->base_url.empty()) impl->client_for(impl->base_url);  // throws for a bad URL
  impl_ = std::move(impl);
}

HttpTransport::~HttpTransport() = default;

const std::string& HttpTransport::base_url() const {
  return impl_->base_url;
}

Response HttpTransport::send(const Request& request) {
  return stream(request, nullptr);
}

namespace {

// The pieces of a streamed body and the exchange's result, from the io
// thread to the thread that called stream().
struct Channel {
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<std::string> pieces;                     // guarded
  std::optional<net::UpstreamClient::Result> result;  // guarded
  bool streamed = false;                              // guarded: a piece came
  std::atomic<bool> abandoned = false;                // the caller's sink threw

  net::UpstreamClient::Observer observer(const std::shared_ptr<Channel>& self) {
    return {.on_piece = [self](std::string_view piece) {
      std::lock_guard lock{self->mutex};
      self->pieces.emplace_back(piece);
      self->streamed = true;
      self->arrived.notify_one();
      return !self->abandoned.load();
    }};
  }

  // Hands the pieces to `on_chunk` on this thread until the result came.
  net::UpstreamClient::Result drain(const ChunkSink& on_chunk) {
    std::unique_lock lock{mutex};
    while (true) {
      arrived.wait(lock, [&] { return !pieces.empty() || result; });
      while (!pieces.empty()) {
        auto piece = std::move(pieces.front());
        pieces.pop_front();
        lock.unlock();
        try {
          on_chunk(piece);
        } catch (...) {
          abandoned = true;
          throw;
        }
        lock.lock();
      }
      if (result && pieces.empty()) return std::move(*result);
    }
  }
};

}  // namespace

Response HttpTransport::stream(const Request& request, const ChunkSink& on_chunk) {
  auto [client, outgoing] = impl_->route(request);
  auto channel = std::make_shared<Channel>();
  asio::post(impl_->io, [&, client = client, outgoing = std::move(outgoing), channel]() mutable {
    client->send(
        std::move(outgoing), impl_->io.get_executor(),
        [channel](net::UpstreamClient::Result result) {
          std::lock_guard lock{channel->mutex};
          channel->result = std::move(result);
          channel->arrived.notify_one();
        },
        on_chunk ? channel->observer(channel) : net::UpstreamClient::Observer{});
  });
  auto result = channel->drain(on_chunk ? on_chunk : [](std::string_view) {});
  if (auto* error = std::get_if<TransportError>(&result)) throw std::move(*error);
  auto response = std::get<Response>(std::move(result));
  if (on_chunk && !channel->streamed && !response.body.empty()) on_chunk(response.body);
  return response;
}

}  // namespace automock
