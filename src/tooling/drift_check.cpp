#include "tooling/drift_check.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/text.hpp"
#include "tooling/fixture_tree.hpp"
#include "tooling/json_shape.hpp"

namespace automock::tooling {

namespace {

namespace fs = std::filesystem;

struct Recorded {
  fs::path file;
  Exchange exchange;
};

// The cassettes under `root` (the directories holding fixture files), each
// with its readable exchanges in recorded order.
std::map<fs::path, std::vector<Recorded>> sessions_under(const fs::path& root,
                                                         std::uint64_t max_bytes) {
  std::map<fs::path, std::vector<Recorded>> sessions;
  for (const auto& file : find_fixture_files(root)) {
    try {
      sessions[file.parent_path()].push_back({file, read_fixture(file, max_bytes)});
    } catch (const Error&) {
      // verify_fixtures() reports it.
    }
  }
  for (auto& [cassette, recorded] : sessions) {
    std::stable_sort(recorded.begin(), recorded.end(), [](const Recorded& a, const Recorded& b) {
      return std::tie(a.exchange.recorded_at, a.exchange.seq, a.file) <
             std::tie(b.exchange.recorded_at, b.exchange.seq, b.file);
    });
  }
  return sessions;
}

bool is_safe_method(std::string_view method) {
  return iequals(method, "GET") || iequals(method, "HEAD") || iequals(method, "OPTIONS");
}

std::string media_type(const Response& response) {
  const auto type = response.headers.get("content-type");
  if (!type) return "";
  return to_lower(trim(std::string_view{*type}.substr(0, type->find(';'))));
}

std::vector<std::string> ignored_pointers(const Recorded& recorded, const DriftOptions& options) {
  auto ignore = options.ignore_json;
  try {
    const auto rules = context_of(recorded.exchange, options.config, recorded.file).match;
    ignore.insert(ignore.end(), rules.ignore_json.begin(), rules.ignore_json.end());
  } catch (const Error&) {
    // A route the config does not have: only the global rules.
    const auto& global = options.config.match.ignore_json;
    ignore.insert(ignore.end(), global.begin(), global.end());
  }
  return ignore;
}

void compare_shapes(const Response& recorded, const Response& live,
                    const std::vector<std::string>& ignore, std::vector<Difference>& out) {
  if (recorded.status / 100 != live.status / 100) {
    out.push_back({"status", "", std::to_string(recorded.status), std::to_string(live.status)});
  }
  const auto recorded_type = media_type(recorded);
  if (!recorded_type.empty() && recorded_type != media_type(live)) {
    const auto live_type = media_type(live);
    out.push_back({"media type", "", recorded_type, live_type.empty() ? k_absent : live_type});
  }
  if (auto shapes = diff_json_shapes(recorded.body, live.body, ignore)) {
    out.insert(out.end(), shapes->begin(), shapes->end());
  } else if (!recorded.body.empty() && nlohmann::json::accept(recorded.body)) {
    out.push_back({"body", "", "JSON", "not JSON"});
  }
}

void compare_values(const Response& recorded, const Response& live,
                    const std::vector<std::string>& ignore, std::vector<Difference>& out) {
  if (recorded.status != live.status) {
    out.push_back({"status", "", std::to_string(recorded.status), std::to_string(live.status)});
  }
  if (auto values = diff_json_values(recorded.body, live.body, ignore)) {
    out.insert(out.end(), values->begin(), values->end());
  } else if (recorded.body != live.body) {
    out.push_back({"body", "", std::to_string(recorded.body.size()) + " bytes",
                   std::to_string(live.body.size()) + " bytes that differ"});
  }
}

class Session {
 public:
  Session(const fs::path& cassette, Transport& upstream, const DriftOptions& options,
          DriftReport& report)
      : cassette_(cassette), upstream_(upstream), options_(options), report_(report) {}

  void replay(const Recorded& recorded) {
    const auto& request = recorded.exchange.request;
    const auto line = request.method + " " + request.target;
    if (options_.unsafe == UnsafeMethods::skip && !is_safe_method(request.method)) {
      report_.unsent.push_back({recorded.file, line, "unsafe method: --allow-unsafe sends it"});
      return;
    }
    const auto filled = fill_secrets(request, options_.secrets);
    if (!filled.missing.empty()) {
      report_.unsent.push_back({recorded.file, line, "needs " + join(filled.missing)});
      return;
    }
    ++report_.sent;
    auto differences = differences_of(recorded, filled.request);
    if (differences.empty()) return;
    const auto test = test_of_cassette(cassette_);
    report_.drifts.push_back({cassette_, recorded.file, line, test,
                              rerecord_command(test, options_.test_binary),
                              std::move(differences)});
  }

 private:
  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
  }

  std::vector<Difference> differences_of(const Recorded& recorded, const Request& request) {
    Response live;
    try {
      live = upstream_.send(request);
    } catch (const TransportError& error) {
      return {{"upstream", "", "an answer", std::string{"failed: "} + error.what()}};
    }
    std::vector<Difference> out;
    const auto ignore = ignored_pointers(recorded, options_);
    if (options_.compare == Compare::shape) {
      compare_shapes(recorded.exchange.response, live, ignore, out);
    } else {
      compare_values(recorded.exchange.response, live, ignore, out);
    }
    return out;
  }

  const fs::path& cassette_;
  Transport& upstream_;
  const DriftOptions& options_;
  DriftReport& report_;
};

}  // namespace

DriftReport check_drift(const fs::path& root, Transport& upstream, const DriftOptions& options) {
  DriftReport report;
  for (const auto& [cassette, recorded] : sessions_under(root, options.config.max_fixture_bytes)) {
    report.cassettes.push_back(cassette);
    Session session{cassette, upstream, options, report};
    for (const auto& each : recorded) session.replay(each);
  }
  return report;
}

std::vector<fs::path> cassettes_under(const fs::path& root) {
  std::vector<fs::path> cassettes;
  for (const auto& file : find_fixture_files(root)) {
    if (cassettes.empty() || cassettes.back() != file.parent_path()) {
      cassettes.push_back(file.parent_path());
    }
  }
  std::sort(cassettes.begin(), cassettes.end());
  cassettes.erase(std::unique(cassettes.begin(), cassettes.end()), cassettes.end());
  return cassettes;
}

void merge_into(DriftReport& report, DriftReport more) {
  const auto append = [](auto& into, auto& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
  };
  append(report.cassettes, more.cassettes);
  report.sent += more.sent;
  append(report.drifts, more.drifts);
  append(report.unsent, more.unsent);
}

std::string test_of_cassette(const fs::path& cassette) {
  const auto absolute = fs::absolute(cassette).lexically_normal();
  const auto test = absolute.filename().string();
  const auto suite = absolute.parent_path().filename().string();
  return suite.empty() ? test : suite + "." + test;
}

std::string rerecord_command(const std::string& test, const std::string& binary) {
  return "AUTOMOCK_MODE=record " + (binary.empty() ? std::string{"<test binary>"} : binary) +
         " --gtest_filter=" + test;
}

}  // namespace automock::tooling
