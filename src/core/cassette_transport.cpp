#include <automock/cassette.hpp>
#include <automock/transport.hpp>
#include <thread>

#include "core/cassette_engine.hpp"

namespace automock {

namespace {

using Cause = TransportError::Cause;

std::string fault_text(const FiredFault& fired, std::string_view what) {
  return "automock fault rule " + std::to_string(fired.rule) + ": " + std::string{what};
}

// The answer `fired` makes of the recorded one, or the TransportError a
// client over the network would get.
Response faulted(const FiredFault& fired, CassetteAnswer answer) {
  const auto& fault = fired.fault;
  const auto& body = answer.response.body;
  const double latency = answer.exchange ? answer.exchange->latency_ms : 0;
  switch (fault.kind) {
    case FaultKind::reset:
      throw TransportError(Cause::reset, fault_text(fired, "connection reset during the body"));
    case FaultKind::truncate:
      // What HttpTransport reports for a connection closed within the body.
      throw TransportError(
          Cause::reset, fault_text(fired, "connection closed: the body ended after " +
                                              std::to_string(fired.bytes_before_cut(body.size())) +
                                              " of " + std::to_string(body.size()) + " bytes"));
    case FaultKind::delay:
      std::this_thread::sleep_for(fired.delay(latency));
      break;
    case FaultKind::slow_body:
      std::this_thread::sleep_for(fired.sending_time(body.size()));
      break;
    case FaultKind::status:
    case FaultKind::no_answer:
      break;
  }
  return std::move(answer.response);
}

// The upstream as a streaming client's request reaches it: its pieces go to
// the client as they arrive.
class LiveUpstream : public Transport {
 public:
  LiveUpstream(Transport& upstream, const ChunkSink& on_chunk)
      : upstream_(upstream), on_chunk_(on_chunk) {}
  Response send(const Request& request) override {
    forwarded_ = true;
    return upstream_.stream(request, on_chunk_);
  }
  bool forwarded() const { return forwarded_; }

 private:
  Transport& upstream_;
  const ChunkSink& on_chunk_;
  bool forwarded_ = false;
};

// The body in its recorded chunks, or in one piece.
void hand_over(const Response& response, const ChunkSink& on_chunk) {
  const std::string_view body = response.body;
  if (response.chunks.empty()) {
    if (!body.empty()) on_chunk(body);
    return;
  }
  size_t offset = 0;
  for (const auto& chunk : response.chunks) {
    on_chunk(body.substr(offset, chunk.size));
    offset += chunk.size;
  }
}

}  // namespace

Response Transport::stream(const Request& request, const ChunkSink& on_chunk) {
  auto response = send(request);
  hand_over(Response{.body = response.body}, on_chunk);
  return response;
}

CassetteTransport::CassetteTransport(std::shared_ptr<Cassette> cassette,
                                     std::shared_ptr<Transport> upstream)
    : cassette_(std::move(cassette)), upstream_(std::move(upstream)) {}

Response CassetteTransport::send(const Request& request) {
  return answer(request, upstream_.get());
}

Response CassetteTransport::stream(const Request& request, const ChunkSink& on_chunk) {
  if (!upstream_) {
    auto response = answer(request, nullptr);
    hand_over(response, on_chunk);
    return response;
  }
  LiveUpstream live{*upstream_, on_chunk};
  auto response = answer(request, &live);
  if (!live.forwarded()) hand_over(response, on_chunk);
  return response;
}

Response CassetteTransport::answer(const Request& request, Transport* upstream) {
  if (cassette_->faults().empty()) return cassette_->handle(request, upstream);
  return answer_with_faults(request, upstream);
}

// A fault that replaces the answer leaves the recording unplayed; one that
// spoils it (delay, truncate, a reset during the body, a slow body) plays it.
Response CassetteTransport::answer_with_faults(const Request& request, Transport* upstream) {
  CassetteEngine engine{*cassette_};
  const auto normalized = engine.normalize(request);
  const auto fired = cassette_->faults().fire(normalized.request, normalized.context);
  if (!fired) return cassette_->handle(request, upstream);
  const auto& fault = fired->fault;
  switch (fault.kind) {
    case FaultKind::status:
      return Response{fault.status, {{"X-Automock", "fault"}}, fault.body};
    case FaultKind::no_answer:
      throw TransportError(Cause::timeout, fault_text(*fired, "no answer (read timed out)"));
    case FaultKind::reset:
      if (fault.reset_at == ResetPoint::before_answer) {
        throw TransportError(Cause::reset,
                             fault_text(*fired, "connection reset before the answer"));
      }
      break;
    default:
      break;
  }
  return faulted(*fired, engine.answer(request, upstream));
}

}  // namespace automock
