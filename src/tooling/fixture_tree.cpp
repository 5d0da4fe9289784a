#include "tooling/fixture_tree.hpp"

#include <algorithm>
#include <automock/error.hpp>

#include "core/origin.hpp"

namespace automock::tooling {

namespace fs = std::filesystem;

namespace {

// Orders a directory's fixtures by name with the sequence numbers in numeric
// order ("k.json", "k-1.json", "k-2.json", "k-10.json").
struct SortKey {
  fs::path directory;
  std::string base;
  int seq = 0;
  auto operator<=>(const SortKey&) const = default;
};

SortKey sort_key(const fs::path& file) {
  std::string base = file.stem().string();
  int seq = 0;
  const auto dash = base.rfind('-');
  // "<...>-<16 hex>-<seq>": the part before the last dash ends with the key,
  // and a sequence number is short (a key of 16 digits is not one).
  const bool has_seq = dash != std::string::npos && dash >= 17 && base[dash - 17] == '-' &&
                       base.size() - dash - 1 > 0 && base.size() - dash - 1 < 10 &&
                       base.find_first_not_of("0123456789", dash + 1) == std::string::npos;
  if (has_seq) {
    seq = std::stoi(base.substr(dash + 1));
    base.erase(dash);
  }
  return {file.parent_path(), std::move(base), seq};
}

}  // namespace

std::vector<fs::path> find_fixture_files(const fs::path& root) {
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    throw InputError("fixture directory " + root.string() + " does not exist");
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it{root, error}, end; !error && it != end;
       it.increment(error)) {
    // Whatever its type: a fixture-named entry that is no regular file (a
    // symlink to a device, a FIFO) is for the readers to refuse and report.
    if (is_fixture_file_name(it->path().filename().string())) {
      files.push_back(it->path());
    }
  }
  if (error) throw IoError("cannot list " + root.string() + ": " + error.message());
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return sort_key(a) < sort_key(b); });
  return files;
}

MatchContext context_of(const Exchange& exchange, const Config& config, const fs::path& file) {
  // Config::context_for() treats every name as global when there are no routes.
  const bool known = exchange.route.empty() || is_origin_route(exchange.route) ||
                     std::any_of(config.routes.begin(), config.routes.end(),
                                 [&](const Route& route) { return route.name == exchange.route; });
  if (!known) {
    throw FixtureError(file.string(), "/request/route",
                       "route '" + exchange.route + "' is not in the configuration");
  }
  return config.context_for(exchange.route);
}

std::string expected_file_name(const Exchange& exchange) {
  return fixture_file_name(exchange.request.method, exchange.request.path(), exchange.key,
                           exchange.seq);
}

}  // namespace automock::tooling
