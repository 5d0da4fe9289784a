// CaptureProxy: an HttpServer whose asynchronous handler asks the cassette for
// an answer and turns every failure into a response. Upstreams, http and
// https, are forwarded on the io threads (UpstreamClient); fixture writes
// (durable before answered; concurrent writers share their syncs, see
// core/group_commit.hpp) run on a pool of worker threads.
#include <algorithm>
#include <array>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <atomic>
#include <automock/cassette.hpp>
#include <automock/proxy.hpp>
#include <cassert>
#include <chrono>
#include <map>
#include <mutex>

#include "core/atomic_file.hpp"
#include "core/origin.hpp"
#include "core/text.hpp"
#include "net/base_url.hpp"
#include "net/body_feed.hpp"
#include "net/browser_guard.hpp"
#include "net/cassette_front.hpp"
#include "net/content_decoding.hpp"
#include "net/forward_proxy.hpp"
#include "net/hop_by_hop.hpp"
#include "net/http_server.hpp"
#include "net/http_syntax.hpp"
#include "net/loop_guard.hpp"
#include "net/upstream_client.hpp"

namespace automock {

namespace {

namespace fs = std::filesystem;
using Source = ProxyExchange::Source;

// The request as it goes upstream: no hop-by-hop fields, no Host (the
// transport sets the upstream's), no Expect (this proxy already answered it),
// a compressed body decoded.
Request forwardable(Request request, size_t max_body_bytes) {
  net::remove_hop_by_hop(request.headers);
  request.headers.remove("Host");
  request.headers.remove("Expect");
  net::decode_content(request, max_body_bytes);
  return request;
}

// One configured upstream, http or https.
struct Upstream {
  std::unique_ptr<net::UpstreamClient> client;

  Upstream(const std::string& url, const HttpOptions& options)
      : client(std::make_unique<net::UpstreamClient>(url, options)) {}
  const std::string& base_url() const { return client->base_url(); }
};

// How upstreams are reached: ProxyOptions::http with the proxy's stream limits.
HttpOptions upstream_options(const ProxyOptions& options) {
  HttpOptions http = options.http;
  http.stream_time_limit = options.stream_time_limit;
  http.stream_size_limit = options.stream_size_limit;
  return http;
}

// The configured upstreams by route name ("" alone without routes).
std::map<std::string, Upstream> make_upstreams(const ProxyOptions& options) {
  std::map<std::string, Upstream> upstreams;
  if (options.forward && (!options.config.routes.empty() || !options.upstream.empty())) {
    throw InputError(
        "a forward proxy takes no upstream URL and no routes: each request names "
        "its host");
  }
  if (!options.config.routes.empty() && !options.upstream.empty()) {
    throw InputError("give either an upstream URL or routes in the config, not both");
  }
  const HttpOptions http = upstream_options(options);
  for (const auto& route : options.config.routes) {
    upstreams.try_emplace(route.name, route.upstream, http);
  }
  if (!options.upstream.empty()) upstreams.try_emplace("", options.upstream, http);
  return upstreams;
}

// The Cassette applies the CI guard; it makes no directory.
std::shared_ptr<Cassette> open_cassette(const ProxyOptions& options) {
  CassetteOptions cassette_options;
  cassette_options.mode = options.mode.value_or(options.config.mode.value_or(Mode::new_episodes));
  cassette_options.config = options.config;
  cassette_options.strict_sequences = options.config.strict_sequences;
  cassette_options.allow_network_in_ci = options.allow_network_in_ci;
  // Absolute-form requests for the upstream's own origin are keyed as paths.
  if (options.config.routes.empty()) cassette_options.base_url = options.upstream;
  return std::make_shared<Cassette>(options.cassette, cassette_options);
}

// Done once every check passed, so a refused recorder leaves nothing on disk.
// A recorder starts by removing the temporary files of recorders that were
// killed mid-write.
void prepare_cassette_directory(const Cassette& cassette) {
  if (cassette.mode() == Mode::replay) return;
  fs::create_directories(cassette.directory());
  remove_abandoned_temp_files(cassette.directory());
}

// Refuses an upstream that is the proxy itself: every request would come
// back to it without end.
void refuse_self_upstream(const std::map<std::string, Upstream>& upstreams, const std::string& host,
                          uint16_t port) {
  for (const auto& [route, upstream] : upstreams) {
    if (!net::points_at_listener(net::parse_base_url(upstream.base_url()), host, port)) continue;
    throw InputError("the upstream " + upstream.base_url() + " is this proxy's own address (" +
                     host + ":" + std::to_string(port) +
                     "): every request would come back to it; is the API on another port?");
  }
}

// A body of known length larger than this goes to the client as it arrives;
// a smaller one (nearly every API answer) is answered whole once recorded, so
// that an upstream failing mid-body still gets the client a 502 saying why.
constexpr size_t k_relayed_length = size_t{1} << 20;

// Whether the body of `head` has a known length (Content-Length).
bool has_known_length(const Response& head) {
  return head.headers.contains("Content-Length");
}

// Whether an answer goes to the client as it arrives: a stream (chunked or
// read until the upstream closes) or a body of known length over
// k_relayed_length, except a coded one (decoded whole at its end), a loop
// answer (relayed as it is) and one whose headers cannot be recorded
// (answered 502, unrecordable).
bool is_relayed_as_it_arrives(const Response& head) {
  if (has_known_length(head)) {
    const auto length = net::parse_decimal(head.headers.get("Content-Length").value_or(""));
    if (!length || *length <= k_relayed_length) return false;
  }
  const auto coding = head.headers.get("Content-Encoding");
  if (coding && !iequals(*coding, "identity")) return false;
  if (net::is_loop_answer(head)) return false;
  return std::all_of(head.headers.begin(), head.headers.end(), [](const Headers::Field& field) {
    return is_valid_utf8(field.first) && is_valid_utf8(field.second);
  });
}

}  // namespace

std::string_view to_string(ProxyExchange::Source source) {
  switch (source) {
    case Source::recorded:
      return "new";
    case Source::replayed:
      return "replayed";
    case Source::forwarded:
      return "forwarded";
    case Source::refused:
      return "refused";
    case Source::tunnelled:
      return "tunnelled";
    case Source::failed:
      break;
  }
  return "failed";
}

struct CaptureProxy::Impl {
  using Clock = std::chrono::steady_clock;

  ProxyOptions options;
  std::shared_ptr<Cassette> cassette;
  std::optional<net::BrowserGuard> guard;
  net::ViaMark via;
  std::map<std::string, Upstream> upstreams;
  std::optional<net::ForwardProxy> forward_proxy;
  std::mutex origins_mutex;
  std::map<std::string, Upstream> origins;   // forward proxy: by origin; guarded
  std::optional<asio::thread_pool> workers;  // fixture writes
  std::unique_ptr<net::HttpServer> server;
  std::mutex report_mutex;                      // one on_exchange call at a time
  std::array<std::atomic<size_t>, 6> counts{};  // by Source

  // A request being answered: what the report and the answer need.
  struct InFlight {
    std::string method;
    std::string target;  // as the client sent it; query values redacted when reported
    std::string route;
    Clock::time_point started;
    net::Respond respond;
    // Set once a streamed answer's head went to the client: its body follows
    // through here, and its end once the exchange is recorded.
    std::shared_ptr<net::BodyFeed> feed;
    // A relayed body of known length: its last byte so far, withheld until
    // the exchange is recorded (the client has the whole body only then).
    bool withholds_last_byte = false;
    std::string withheld;
  };
  using InFlightPtr = std::shared_ptr<InFlight>;

  CassetteEngine engine() const { return CassetteEngine{*cassette}; }
  void handle(Request request, const asio::any_io_executor& io, net::Respond respond);
  static std::string reported_target(const InFlight& call, const RedactRules& redact);
  void forward(const InFlightPtr& call, Normalized forwarded, const asio::any_io_executor& io);
  static net::UpstreamClient::Observer relaying(const InFlightPtr& call);
  void on_upstream(const InFlightPtr& call, const Normalized& forwarded,
                   net::UpstreamClient::Result result, double latency_ms);
  void answer(const InFlightPtr& call, net::FrontAnswer outcome);
  net::FrontAnswer guarded(const std::string& route,
                           const std::function<net::FrontAnswer()>& attempt) const;
  const std::string& upstream_url(const std::string& route) const;
  const Upstream& upstream_for(const std::string& route);
  std::string described_upstream(const std::string& route) const;
  void report(const InFlight& call, const net::FrontAnswer& outcome);
  void report(const net::TunnelEnd& tunnel);
};

// The request is normalised (its route found, its prefix stripped) once, here.
void CaptureProxy::Impl::handle(Request request, const asio::any_io_executor& io,
                                net::Respond respond) {
  auto call = std::make_shared<InFlight>(
      InFlight{request.method, request.target, "", Clock::now(), std::move(respond)});
  const bool proxied = options.forward && net::is_proxied(request);
  const auto refused = proxied ? std::nullopt : guard->refusal(request);
  const bool looped = via.marks(request.headers);
  const auto named_origin = origin_of(request.target);
  auto normalized = engine().normalize(forwardable(std::move(request), options.max_body_bytes));
  call->route = normalized.context.route;
  if (options.on_exchange) call->target = reported_target(*call, normalized.context.redact);
  if (const auto& upstream = upstream_url(call->route);
      named_origin && !upstreams.empty() && named_origin != origin_of(upstream)) {
    return answer(call, net::misdirected(*named_origin, described_upstream(call->route)));
  }
  // A request this proxy forwarded came back: told first, so that the proxy
  // forwarding it relays the loop instead of recording another refusal.
  if (looped) return answer(call, net::loop_detected(via.element()));
  if (refused) return answer(call, net::forbidden(*refused));
  if (options.forward && !proxied) return answer(call, net::not_proxied());
  if (!upstreams.empty() && !upstreams.contains(call->route)) {
    return answer(call,
                  net::no_route(Request{.target = call->target}.path(), options.config.routes));
  }
  std::optional<Normalized> forwarded;
  auto outcome = guarded(call->route, [&] {
    auto step = engine().begin(std::move(normalized));
    if (step.replayed) return net::served(std::move(*step.replayed));
    forwarded = std::move(step.forward);
    return net::FrontAnswer{};
  });
  if (!forwarded) return answer(call, std::move(outcome));
  forward(call, std::move(*forwarded), io);
}

// The target as reported: query values redacted by the route's rules.
std::string CaptureProxy::Impl::reported_target(const InFlight& call, const RedactRules& redact) {
  return redact_request(Request{.method = call.method, .target = call.target}, redact).target;
}

// The exchange runs on the io thread. What goes upstream carries this
// proxy's Via mark; what is recorded does not.
void CaptureProxy::Impl::forward(const InFlightPtr& call, Normalized forwarded,
                                 const asio::any_io_executor& io) {
  const Upstream& upstream = upstream_for(forwarded.context.route);
  auto request = forwarded.request;
  via.add_to(request.headers);
  const auto sent = Clock::now();
  upstream.client->send(
      std::move(request), io,
      [this, call, forwarded = std::move(forwarded), sent](net::UpstreamClient::Result result) {
        const std::chrono::duration<double, std::milli> latency = Clock::now() - sent;
        on_upstream(call, forwarded, std::move(result), latency.count());
      },
      relaying(call));
}

// A stream goes to the client as it arrives: its head at once, then each
// piece (of a body of known length, all but its last byte). Answers that are
// not relayed so wait for the end of the exchange.
net::UpstreamClient::Observer CaptureProxy::Impl::relaying(const InFlightPtr& call) {
  return {
      .on_head =
          [call](const Response& head) {
            if (!is_relayed_as_it_arrives(head)) return;
            call->feed = std::make_shared<net::BodyFeed>();
            call->withholds_last_byte = has_known_length(head);
            Response relayed = head;
            net::remove_hop_by_hop(relayed.headers);
            // Released once called: the feed alone keeps the stream going.
            const auto respond = std::move(call->respond);
            respond(net::DelayedResponse{
                std::move(relayed), {}, {.kind = net::Delivery::Kind::stream, .feed = call->feed}});
          },
      .on_piece =
          [call](std::string_view piece) {
            if (!call->feed) return true;
            std::string bytes{piece};
            if (call->withholds_last_byte && !bytes.empty()) {
              bytes.insert(0, call->withheld);
              call->withheld = bytes.back();
              bytes.pop_back();
            }
            call->feed->push({std::move(bytes)});
            return !call->feed->abandoned();
          }};
}

// Recording writes and fsyncs, so it runs on a worker; passthrough answers at
// once. A loop another proxy detected is relayed, never recorded.
void CaptureProxy::Impl::on_upstream(const InFlightPtr& call, const Normalized& forwarded,
                                     net::UpstreamClient::Result result, double latency_ms) {
  if (const auto* error = std::get_if<TransportError>(&result)) {
    auto fault = net::upstream_fault(*error, upstream_url(call->route));
    if (!call->feed) return answer(call, std::move(fault));
    // The client has part of a body: it sees it end incomplete.
    report(*call, fault);
    return call->feed->end(false);
  }
  if (auto& response = std::get<Response>(result); net::is_loop_answer(response)) {
    return answer(call, net::FrontAnswer{.response = std::move(response),
                                         .reason = "the upstream detected a loop"});
  }
  auto finish = [this, call, forwarded, latency_ms,
                 response = std::move(std::get<Response>(result))]() mutable {
    answer(call, guarded(call->route, [&] {
             return net::served(engine().finish(forwarded, std::move(response), latency_ms));
           }));
  };
  if (cassette->mode() == Mode::passthrough) return finish();
  asio::post(*workers, std::move(finish));
}

// A streamed answer's client already has the head and the body: it gets the
// end of the body now, once recorded; when the exchange could not be recorded
// its body stays incomplete (the connection closes), as a 502 would tell it.
void CaptureProxy::Impl::answer(const InFlightPtr& call, net::FrontAnswer outcome) {
  net::remove_hop_by_hop(outcome.response.headers);
  report(*call, outcome);
  if (!call->feed) return call->respond(net::DelayedResponse{std::move(outcome.response), {}});
  const bool complete = outcome.source != Source::failed;
  if (complete && !call->withheld.empty()) call->feed->push({std::move(call->withheld)});
  call->feed->end(complete);
}

net::FrontAnswer CaptureProxy::Impl::guarded(
    const std::string& route, const std::function<net::FrontAnswer()>& attempt) const {
  return net::guarded(upstream_url(route), attempt);
}

// A forward proxy's route is the origin the request named; its upstream is
// made on first use. Otherwise the constructor refused a forwarding mode
// without upstreams and handle() answered a route without one, so a
// forwarded route has its upstream.
const Upstream& CaptureProxy::Impl::upstream_for(const std::string& route) {
  if (options.forward) {
    std::lock_guard lock{origins_mutex};
    return origins.try_emplace(route, route, upstream_options(options)).first->second;
  }
  const auto found = upstreams.find(route);
  assert(found != upstreams.end());
  return found->second;
}

const std::string& CaptureProxy::Impl::upstream_url(const std::string& route) const {
  static const std::string none;
  if (options.forward) return is_origin_route(route) ? route : none;
  const auto found = upstreams.find(route);
  return found == upstreams.end() ? none : found->second.base_url();
}

// The upstream of `route`, else (an origin no route serves) every upstream.
std::string CaptureProxy::Impl::described_upstream(const std::string& route) const {
  if (const auto& url = upstream_url(route); !url.empty()) return url;
  std::string text;
  for (const auto& [name, upstream] : upstreams) {
    text += (text.empty() ? "" : ", ") + upstream.base_url();
  }
  return text;
}

void CaptureProxy::Impl::report(const InFlight& call, const net::FrontAnswer& outcome) {
  ++counts[static_cast<size_t>(outcome.source)];
  if (!options.on_exchange) return;
  const std::chrono::duration<double, std::milli> elapsed = Clock::now() - call.started;
  ProxyExchange exchange{
      .method = call.method,
      .target = call.target,
      .status = outcome.response.status,
      .elapsed_ms = elapsed.count(),
      .fixture = outcome.exchange ? engine().file_of(*outcome.exchange).filename() : fs::path{},
      .source = outcome.source,
      .reason = outcome.reason};
  std::lock_guard lock{report_mutex};
  options.on_exchange(exchange);
}

void CaptureProxy::Impl::report(const net::TunnelEnd& tunnel) {
  ++counts[static_cast<size_t>(Source::tunnelled)];
  if (!options.on_exchange) return;
  const ProxyExchange exchange{.method = "CONNECT",
                               .target = tunnel.target,
                               .status = tunnel.status,
                               .elapsed_ms = tunnel.elapsed_ms,
                               .source = Source::tunnelled,
                               .reason = tunnel.reason};
  std::lock_guard lock{report_mutex};
  options.on_exchange(exchange);
}

CaptureProxy::CaptureProxy(ProxyOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->upstreams = make_upstreams(options);
  impl_->cassette = open_cassette(options);
  impl_->guard.emplace(options.host, options.allowed_hosts);
  if (impl_->upstreams.empty() && !options.forward && impl_->cassette->mode() != Mode::replay) {
    throw InputError("mode '" + std::string{to_string(impl_->cassette->mode())} +
                     "' needs an upstream URL or routes in the config");
  }
  net::HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.max_body_bytes = options.max_body_bytes;
  if (options.forward) {
    impl_->forward_proxy = net::make_forward_proxy(
        options.ca_directory, options.intercept, options.http,
        [impl = impl_.get()](const net::TunnelEnd& tunnel) { impl->report(tunnel); });
    server_options.forward = impl_->forward_proxy->settings;
  }
  impl_->workers.emplace(std::max(1u, options.workers));
  impl_->options = std::move(options);
  impl_->server = std::make_unique<net::HttpServer>(
      net::AsyncHandler{[impl = impl_.get()](Request request, const asio::any_io_executor& io,
                                             net::Respond respond) {
        impl->handle(std::move(request), io, std::move(respond));
      }},
      server_options);
  refuse_self_upstream(impl_->upstreams, impl_->options.host, port());
  prepare_cassette_directory(*impl_->cassette);
}

CaptureProxy::~CaptureProxy() {
  stop();
}

uint16_t CaptureProxy::port() const {
  return impl_->server->port();
}

std::string CaptureProxy::base_url() const {
  return net::listening_url(impl_->options.host, port());
}

std::filesystem::path CaptureProxy::ca_file() const {
  const auto& forward = impl_->forward_proxy;
  return forward ? forward->tls->certificate_file() : fs::path{};
}

std::string CaptureProxy::upstream_description() const {
  if (impl_->options.forward) return "the hosts requests name (forward proxy)";
  const auto& routes = impl_->options.config.routes;
  if (routes.empty()) return impl_->options.upstream;
  std::string text;
  for (const auto& route : routes) {
    if (!text.empty()) text += ", ";
    text += route.prefix + " -> " + route.upstream;
  }
  return text;
}

Mode CaptureProxy::mode() const {
  return impl_->cassette->mode();
}

// Every request in flight holds its io thread open until it is answered, so
// once the server stopped the workers are idle and no exchange uses a pooled
// upstream connection.
void CaptureProxy::stop() {
  impl_->server->stop();
  impl_->workers->join();
  for (auto& [route, upstream] : impl_->upstreams) upstream.client->close_idle();
  for (auto& [origin, upstream] : impl_->origins) upstream.client->close_idle();
}

ProxySummary CaptureProxy::summary() const {
  const auto& counts = impl_->counts;
  return ProxySummary{.recorded = counts[static_cast<size_t>(Source::recorded)],
                      .replayed = counts[static_cast<size_t>(Source::replayed)],
                      .forwarded = counts[static_cast<size_t>(Source::forwarded)],
                      .failed = counts[static_cast<size_t>(Source::failed)],
                      .refused = counts[static_cast<size_t>(Source::refused)],
                      .tunnelled = counts[static_cast<size_t>(Source::tunnelled)]};
}

}  // namespace automock
