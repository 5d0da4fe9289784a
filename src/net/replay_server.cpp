#include <atomic>
#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>
#include <cmath>
#include <optional>

#include "net/base_url.hpp"
#include "net/body_feed.hpp"
#include "net/browser_guard.hpp"
#include "net/cassette_front.hpp"
#include "net/content_decoding.hpp"
#include "net/forward_proxy.hpp"
#include "net/http_server.hpp"
#include "net/replay_admin.hpp"
#include "net/request_journal.hpp"

namespace automock {

namespace {

using Clock = std::chrono::steady_clock;

Clock::duration milliseconds(double ms) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>{ms});
}

Clock::duration recorded_delay(const net::FrontAnswer& answer) {
  if (answer.source != ProxyExchange::Source::replayed || !answer.exchange) return {};
  const double ms = answer.exchange->latency_ms;
  if (!std::isfinite(ms) || ms <= 0) return {};
  return milliseconds(ms);
}

// A response recorded in chunks, played chunk by chunk after `delay`: at
// once, or each at its recorded offset.
net::DelayedResponse streamed_reply(Response response, Clock::duration delay, Latency latency) {
  auto feed = std::make_shared<net::BodyFeed>();
  size_t offset = 0;
  for (const auto& chunk : response.chunks) {
    feed->push({response.body.substr(offset, chunk.size),
                latency == Latency::recorded ? milliseconds(chunk.offset_ms) : Clock::duration{}});
    offset += chunk.size;
  }
  feed->end();
  response.headers.remove("Content-Length");
  response.body.clear();
  return {
      std::move(response), delay, {.kind = net::Delivery::Kind::stream, .feed = std::move(feed)}};
}

// A fault that answers in place of the cassette (which then plays nothing).
std::optional<net::DelayedResponse> replacing_reply(const FiredFault& fired) {
  const auto& fault = fired.fault;
  using Kind = net::Delivery::Kind;
  switch (fault.kind) {
    case FaultKind::status:
      return net::DelayedResponse{Response{fault.status, {{"X-Automock", "fault"}}, fault.body}};
    case FaultKind::no_answer:
      return net::DelayedResponse{{}, {}, {.kind = Kind::hold}};
    case FaultKind::reset:
      if (fault.reset_at == ResetPoint::before_answer) {
        return net::DelayedResponse{{}, {}, {.kind = Kind::reset, .head = false}};
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

// The cassette's answer as a fault that spoils it puts it on the wire.
net::DelayedResponse spoiled_reply(const FiredFault& fired, net::FrontAnswer answer) {
  using Kind = net::Delivery::Kind;
  const size_t size = answer.response.body.size();
  const double latency = answer.exchange ? answer.exchange->latency_ms : 0;
  net::DelayedResponse reply{std::move(answer.response)};
  switch (fired.fault.kind) {
    case FaultKind::delay:
      reply.delay = fired.delay(latency);
      break;
    case FaultKind::reset:
      reply.delivery = {.kind = Kind::reset, .body_bytes = fired.bytes_before_cut(size)};
      break;
    case FaultKind::truncate:
      reply.delivery = {.kind = Kind::truncate, .body_bytes = fired.bytes_before_cut(size)};
      break;
    case FaultKind::slow_body:
      reply.delivery = {.kind = Kind::throttle, .bytes_per_second = fired.fault.bytes_per_second};
      break;
    default:
      break;
  }
  return reply;
}

net::Answered answered_as(const net::FrontAnswer& answer) {
  switch (answer.source) {
    case ProxyExchange::Source::replayed:
      return net::Answered::replayed;
    case ProxyExchange::Source::recorded:
      return net::Answered::recorded;
    case ProxyExchange::Source::forwarded:
      return net::Answered::forwarded;
    case ProxyExchange::Source::refused:
      return net::Answered::refused;
    case ProxyExchange::Source::failed:
    case ProxyExchange::Source::tunnelled:  // never an answer: a tunnel is not one
      break;
  }
  const bool miss = answer.response.headers.get("X-Automock") == "miss";
  return miss ? net::Answered::miss : net::Answered::failed;
}

}  // namespace

// What the server answers from; replaced as a whole by ReplayServer::serve().
struct ServedCassette {
  std::shared_ptr<Cassette> cassette;
  std::shared_ptr<Transport> upstream;

  // The upstream's base URL for fault answers ("" when it does not say).
  const std::string& upstream_url() const {
    static const std::string none;
    const auto* http = dynamic_cast<const HttpTransport*>(upstream.get());
    return http != nullptr ? http->base_url() : none;
  }
};

struct ReplayServer::Impl {
  std::atomic<std::shared_ptr<const ServedCassette>> served;
  ServerOptions options;
  net::BrowserGuard guard;
  net::RequestJournal journal;
  std::optional<net::ForwardProxy> forward_proxy;
  std::unique_ptr<net::HttpServer> server;

  explicit Impl(ServerOptions server_options)
      : options(std::move(server_options)),
        guard(options.host, options.allowed_hosts),
        journal(options.journal_size) {}

  net::DelayedResponse answer(Request request) {
    const bool proxied = options.forward && net::is_proxied(request);
    if (auto refused = proxied ? std::nullopt : guard.refusal(request)) {
      return {net::forbidden(*refused).response, {}};
    }
    // Keyed decoded, as the capture proxy recorded it; capped as bodies are.
    net::decode_content(request, net::HttpServerOptions{}.max_body_bytes);
    const auto target = served.load();
    auto& cassette = *target->cassette;
    if (auto admin = net::answer_admin(request, {cassette, journal})) return {std::move(*admin)};
    CassetteEngine engine{cassette};
    const auto fired = fire_fault(engine, cassette, request);
    if (fired) {
      if (auto reply = replacing_reply(*fired)) {
        note(request, reply->response.status, net::Answered::fault, nullptr, engine);
        return std::move(*reply);
      }
    }
    auto answer = net::guarded(target->upstream_url(), [&] {
      return net::served(engine.answer(request, target->upstream.get()));
    });
    note(request, answer.response.status, fired ? net::Answered::fault : answered_as(answer),
         answer.exchange.get(), engine);
    if (fired) return spoiled_reply(*fired, std::move(answer));
    const auto delay =
        options.latency == Latency::recorded ? recorded_delay(answer) : Clock::duration{};
    if (!answer.response.chunks.empty()) {
      return streamed_reply(std::move(answer.response), delay, options.latency);
    }
    return {std::move(answer.response), delay};
  }

  // The fault for `request`, if a rule fires (nothing to do without rules).
  static std::optional<FiredFault> fire_fault(const CassetteEngine& engine, Cassette& cassette,
                                              const Request& request) {
    auto& faults = cassette.faults();
    if (faults.empty()) return std::nullopt;
    const auto normalized = engine.normalize(request);
    return faults.fire(normalized.request, normalized.context);
  }

  void note(const Request& request, int status, net::Answered answered, const Exchange* exchange,
            const CassetteEngine& engine) {
    journal.add(request, status, answered, exchange,
                [&](const Exchange& played) { return engine.file_of(played).filename().string(); });
  }
};

ReplayServer::ReplayServer(std::shared_ptr<Cassette> cassette, ServerOptions options,
                           std::shared_ptr<Transport> upstream)
    : impl_(std::make_unique<Impl>(options)) {
  const bool forwards = upstream != nullptr;
  serve(std::move(cassette), std::move(upstream));
  net::HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  if (forwards) server_options.blocking_workers = 16;
  if (options.forward) {
    impl_->forward_proxy = net::make_forward_proxy(options.ca_directory, {}, {});
    server_options.forward = impl_->forward_proxy->settings;
  }
  impl_->server = std::make_unique<net::HttpServer>(
      net::DelayingHandler{
          [impl = impl_.get()](const Request& request) { return impl->answer(request); }},
      server_options);
}

ReplayServer::~ReplayServer() {
  stop();
}

void ReplayServer::serve(std::shared_ptr<Cassette> cassette, std::shared_ptr<Transport> upstream) {
  impl_->served.store(std::make_shared<const ServedCassette>(
      ServedCassette{std::move(cassette), std::move(upstream)}));
}

uint16_t ReplayServer::port() const {
  return impl_->server->port();
}

std::string ReplayServer::base_url() const {
  return net::listening_url(impl_->options.host, port());
}

std::filesystem::path ReplayServer::ca_file() const {
  const auto& forward = impl_->forward_proxy;
  return forward ? forward->tls->certificate_file() : std::filesystem::path{};
}

void ReplayServer::stop() {
  impl_->server->stop();
}

}  // namespace automock
