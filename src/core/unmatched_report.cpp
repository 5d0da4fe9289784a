#include "core/unmatched_report.hpp"

#include <errno.h>  // program_invocation_name

#include <algorithm>
#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <sstream>

#include "core/exchange_cache.hpp"
#include "core/named_secrets.hpp"
#include "core/origin.hpp"
#include "core/request_diff.hpp"

namespace automock {

namespace {

namespace fs = std::filesystem;

constexpr size_t k_max_candidates = 3;
constexpr size_t k_max_body_preview = 2048;
// A larger body is not quoted into the curl command (nor so into every 404).
constexpr size_t k_max_curl_body = 16 * 1024;
constexpr size_t k_max_listed = 5;

struct Candidate {
  std::string file;
  Request request;
  std::vector<std::string> differences;
  bool stale_key = false;  // keyed under other match rules than the current ones
};

std::vector<Exchange> recorded_exchanges(const fs::path& directory, std::uint64_t max_bytes) {
  std::vector<Exchange> exchanges;
  std::error_code error;
  for (fs::directory_iterator it{directory, error}, end; !error && it != end; it.increment(error)) {
    if (!is_fixture_file_name(it->path().filename().string())) continue;
    try {
      exchanges.push_back(read_fixture(it->path(), max_bytes));
    } catch (const Error&) {
      // A broken file is reported when it is played; here it is no candidate.
    }
  }
  return exchanges;
}

// `text` cut to at most `max_bytes`, never inside a UTF-8 sequence.
std::string cut_text(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string{text};
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string{text.substr(0, end)};
}

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// shell_quote(), with each named secret's placeholder as "$AUTOMOCK_SECRET_X"
// outside the single quotes, so that the shell puts the value in.
std::string shell_word(const std::string& text) {
  return replace_placeholders(
      shell_quote(text), [](const std::string& variable) { return "'\"$" + variable + "\"'"; });
}

// The real API the request was meant for: its route's upstream, else the
// recording's base URL.
// A request that named another origin is reproduced against that origin.
std::string upstream_of(const MatchContext& context, const UnmatchedSetting& setting) {
  if (is_origin_route(context.route)) return context.route;
  for (const auto& route : setting.routes) {
    if (!context.route.empty() && route.name == context.route) return route.upstream;
  }
  return setting.base_url;
}

std::string curl_command(const Request& request, const std::string& base_url) {
  std::string command =
      "curl -X " + request.method + " " +
      shell_word((base_url.empty() ? "$AUTOMOCK_URL" : base_url) + request.target);
  for (const auto& [name, value] : request.headers) {
    command += " -H " + shell_word(name + ": " + value);
  }
  if (request.body.size() > k_max_curl_body) {
    command += " --data-binary @body  # the " + std::to_string(request.body.size()) +
               "-byte body is too large to quote here";
  } else if (!request.body.empty()) {
    command += " --data-binary " + shell_word(request.body);
  }
  return command;
}

// The command that runs this test again, recording: the cassette
// <fixtures>/<Suite>/<Test> belongs to the GoogleTest Suite.Test of this
// binary; nullopt in automock's own servers, whose binary is not the test's.
std::optional<std::string> rerecord_command(const fs::path& directory) {
  const std::string binary = program_invocation_name;
  const auto absolute = fs::absolute(directory).lexically_normal();
  const auto suite = absolute.parent_path().filename().string();
  if (fs::path{binary}.filename() == "automock" || suite.empty()) return std::nullopt;
  return "AUTOMOCK_MODE=new_episodes " + shell_quote(binary) +
         " --gtest_filter=" + shell_quote(suite + "." + absolute.filename().string());
}

void describe_request(const Request& request, std::ostringstream& out) {
  out << "  " << request.method << ' ' << request.target << '\n';
  for (const auto& [name, value] : request.headers) out << "  " << name << ": " << value << '\n';
  if (request.body.empty()) return;
  out << "  (body, " << request.body.size() << " bytes)\n  "
      << cut_text(request.body, k_max_body_preview)
      << (request.body.size() > k_max_body_preview ? "..." : "") << '\n';
}

std::vector<Candidate> nearest(const std::vector<Exchange>& recorded, const Request& request,
                               const MatchContext& context) {
  std::vector<Candidate> candidates;
  const auto path = normalize_path(request.path());
  for (const auto& exchange : recorded) {
    if (exchange.request.method != request.method) continue;
    if (normalize_path(exchange.request.path()) != path) continue;
    auto file = fixture_file_name(exchange.request.method, exchange.request.path(), exchange.key,
                                  exchange.seq);
    candidates.push_back({std::move(file), exchange.request,
                          request_differences(exchange.request, request, context),
                          exchange.key != request_key(exchange.request, context)});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.differences.size() < b.differences.size();
  });
  if (candidates.size() > k_max_candidates) candidates.resize(k_max_candidates);
  return candidates;
}

void describe_nearest(const std::vector<Exchange>& recorded, const Request& request,
                      const MatchContext& context, std::ostringstream& out) {
  const auto candidates = nearest(recorded, request, context);
  if (candidates.empty()) {
    out << "\nNothing was recorded for " << request.method << ' ' << request.path() << ". ";
    if (recorded.empty()) {
      out << "The cassette is empty.\n";
      return;
    }
    out << "The cassette holds " << recorded.size()
        << (recorded.size() == 1 ? " exchange:\n" : " exchanges, such as:\n");
    for (size_t i = 0; i < std::min(recorded.size(), k_max_listed); ++i) {
      out << "  " << recorded[i].request.method << ' ' << recorded[i].request.target << '\n';
    }
    return;
  }
  out << "\nNearest recorded exchanges for " << request.method << ' ' << request.path() << ":\n";
  for (const auto& candidate : candidates) {
    out << "  " << candidate.file << "  (" << candidate.request.target << ")\n";
    if (candidate.differences.empty() && candidate.stale_key) {
      out << "    matches, but was keyed under other match rules: run `automock fixtures rekey`\n";
    } else if (candidate.differences.empty()) {
      out << "    matches, but its recordings were all played (sequence exhausted)\n";
    }
    for (const auto& difference : candidate.differences) out << "    " << difference << '\n';
  }
}

}  // namespace

UnmatchedRequest::UnmatchedRequest(Request request, std::string report, size_t body_size)
    : CheckFailed(report),
      request_(std::move(request)),
      body_size_(std::max(body_size, request_.body.size())) {}

UnmatchedRequest UnmatchedRequest::cut_to(size_t max_bytes) const {
  // A new string: a resized copy would keep the whole body's capacity.
  Request request{request_.method, request_.target, request_.headers,
                  request_.body.substr(0, max_bytes)};
  std::string report = what();
  if (report.size() > max_bytes) {
    report = cut_text(report, max_bytes) + "\n... (report cut to " + std::to_string(max_bytes) +
             " bytes)\n";
  }
  return UnmatchedRequest(std::move(request), std::move(report), body_size_);
}

std::string unmatched_report(const Request& request, const MatchContext& context,
                             const UnmatchedSetting& setting) {
  std::ostringstream out;
  out << "automock: no recording matches this request (cassette " << setting.directory.string()
      << ", mode " << to_string(setting.mode) << ")\n\n";
  describe_request(request, out);
  describe_nearest(recorded_exchanges(setting.directory, setting.max_fixture_bytes), request,
                   context, out);
  const auto upstream = upstream_of(context, setting);
  out << "\nReproduce it" << (upstream.empty() ? " (AUTOMOCK_URL: the API's base URL)" : "")
      << ":\n  " << curl_command(request, upstream) << '\n';
  out << "\nRecord it: run the test again with AUTOMOCK_MODE=new_episodes (outside CI) to add\n"
      << "it to " << setting.directory.string() << ".\n";
  if (const auto command = rerecord_command(setting.directory)) out << "  " << *command << '\n';
  return out.str();
}

}  // namespace automock
