#include "tooling/fixture_verify.hpp"

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <sstream>

#include "core/exchange_cache.hpp"
#include "tooling/fixture_tree.hpp"

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

std::string format_problems(const std::vector<FixtureProblem>& problems) {
  std::ostringstream out;
  for (const auto& problem : problems) {
    out << problem.file.string() << ": " << (problem.field.empty() ? "" : problem.field + ": ")
        << problem.what << '\n';
  }
  return out.str();
}

}  // namespace automock::tooling
