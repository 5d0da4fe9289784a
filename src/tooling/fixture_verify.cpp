#include "tooling/fixture_verify.hpp"

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <sstream>

#include "core/exchange_cache.hpp"
#include "tooling/fixture_tree.hpp"
#include "tooling/json_diff.hpp"

namespace automock::tooling {

namespace {

namespace fs = std::filesystem;

void verify_one(const fs::path& file, const Config& config) {
  const auto exchange = read_fixture(file, config.max_fixture_bytes);
  verify_fixture_key(exchange, file, context_of(exchange, config, file));
  const auto expected = expected_file_name(exchange);
  if (file.filename() != expected) {
    throw FixtureError(file.string(), "file name", "should be " + expected + " (key and seq)");
  }
}

std::vector<std::string> body_differences(const std::string& recorded, const std::string& now,
                                          const DriftOptions& options) {
  if (auto json_differences = diff_json_bodies(recorded, now, options.ignore_json)) {
    return *json_differences;
  }
  if (recorded == now) return {};
  return {"body: recorded " + std::to_string(recorded.size()) + " bytes, now " +
          std::to_string(now.size()) + " bytes that differ"};
}

std::vector<std::string> differences_of(const Exchange& exchange, Transport& upstream,
                                        const DriftOptions& options) {
  Response now;
  try {
    now = upstream.send(exchange.request);
  } catch (const TransportError& error) {
    return {std::string{"upstream failed: "} + error.what()};
  }
  std::vector<std::string> differences;
  if (now.status != exchange.response.status) {
    differences.push_back("status: recorded " + std::to_string(exchange.response.status) +
                          ", now " + std::to_string(now.status));
  }
  for (auto& line : body_differences(exchange.response.body, now.body, options)) {
    differences.push_back(std::move(line));
  }
  return differences;
}

}  // namespace

std::vector<FixtureProblem> verify_fixtures(const fs::path& root, const Config& config) {
  std::vector<FixtureProblem> problems;
  for (const auto& file : find_fixture_files(root)) {
    try {
      verify_one(file, config);
    } catch (const FixtureError& error) {
      const std::string prefix =
          error.path() + ": " + (error.field().empty() ? "" : error.field() + ": ");
      std::string what = error.what();
      if (what.starts_with(prefix)) what.erase(0, prefix.size());
      problems.push_back({file, error.field(), what});
    } catch (const Error& error) {
      problems.push_back({file, "", error.what()});
    }
  }
  return problems;
}

std::vector<Drift> check_drift(const fs::path& root, Transport& upstream,
                               const DriftOptions& options) {
  std::vector<Drift> drifts;
  for (const auto& file : find_fixture_files(root)) {
    Exchange exchange;
    try {
      exchange = read_fixture(file, options.max_fixture_bytes);
    } catch (const Error&) {
      continue;
    }
    auto differences = differences_of(exchange, upstream, options);
    if (differences.empty()) continue;
    drifts.push_back(
        {file, exchange.request.method + " " + exchange.request.target, std::move(differences)});
  }
  return drifts;
}

std::string format_problems(const std::vector<FixtureProblem>& problems) {
  std::ostringstream out;
  for (const auto& problem : problems) {
    out << problem.file.string() << ": " << (problem.field.empty() ? "" : problem.field + ": ")
        << problem.what << '\n';
  }
  return out.str();
}

std::string format_drifts(const std::vector<Drift>& drifts) {
  std::ostringstream out;
  for (const auto& drift : drifts) {
    out << drift.file.string() << " (" << drift.request << ")\n";
    for (const auto& difference : drift.differences) out << "  " << difference << '\n';
  }
  return out.str();
}

}  // namespace automock::tooling
