#pragma once
// Writes fixture files directly (no upstream), with any latency, sequence
// number and recording time, for tests of the replay server and the tooling.

#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <filesystem>
#include <fstream>

namespace automock::test {

struct FixtureSpec {
  Request request;
  Response response;
  int seq = 0;
  double latency_ms = 0.0;
  MatchContext context = {};
  std::chrono::system_clock::time_point recorded_at =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 26};
};

inline Exchange exchange_of(const FixtureSpec& spec) {
  return Exchange{.key = request_key(spec.request, spec.context),
                  .seq = spec.seq,
                  .route = spec.context.route,
                  .recorded_at = spec.recorded_at,
                  .request = spec.request,
                  .response = spec.response,
                  .latency_ms = spec.latency_ms};
}

// Writes the fixture into `cassette` under its canonical name; returns the path.
inline std::filesystem::path write_fixture(const std::filesystem::path& cassette,
                                           const FixtureSpec& spec) {
  const auto exchange = exchange_of(spec);
  const auto file = cassette / fixture_file_name(exchange.request.method, exchange.request.path(),
                                                 exchange.key, exchange.seq);
  std::filesystem::create_directories(cassette);
  std::ofstream(file, std::ios::binary) << serialize_fixture(exchange);
  return file;
}

inline Response json_response(std::string body, int status = 200) {
  return Response{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

}  // namespace automock::test
