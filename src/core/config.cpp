// automock.json (docs/config.md).

#include <algorithm>
#include <automock/config.hpp>
#include <cctype>
#include <cmath>
#include <set>

#include "core/config_reader.hpp"
#include "core/enum_names.hpp"
#include "core/fault_json.hpp"
#include "core/files.hpp"
#include "core/json_edit.hpp"
#include "core/named_secrets.hpp"
#include "core/origin.hpp"

namespace automock {

namespace {
constexpr int64_t k_seconds_per_day = 24 * 60 * 60;

bool is_route_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

bool is_prefix(std::string_view prefix) {
  return prefix == "/" || (prefix.starts_with('/') && !prefix.ends_with('/'));
}

bool is_upstream(std::string_view url) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

std::vector<std::string> pointers(const ConfigReader& reader, const nlohmann::json& node,
                                  const std::string& path) {
  auto entries = reader.strings(node, path);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!parse_json_pointer(entries[i])) {
      reader.fail(child_path(path, i), "expected a JSON pointer such as \"/user/id\" (RFC 6901)");
    }
  }
  return entries;
}

std::vector<std::string> path_prefixes(const ConfigReader& reader, const nlohmann::json& node,
                                       const std::string& path) {
  auto entries = reader.strings(node, path);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].empty() || entries[i].find('/') != std::string::npos) {
      reader.fail(child_path(path, i), "expected a path segment prefix such as \"bot\" (no '/')");
    }
  }
  return entries;
}

std::vector<std::string> json_redactions(const ConfigReader& reader, const nlohmann::json& node,
                                         const std::string& path) {
  auto entries = reader.strings(node, path);
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    if (entry.empty() || (entry.starts_with('/') && !parse_json_pointer(entry))) {
      reader.fail(child_path(path, i),
                  "expected a field name such as \"password\" or a JSON pointer such as "
                  "\"/user/password\"");
    }
  }
  return entries;
}

// The optional string-list members of one object of the config, each empty
// when absent.
struct ListMembers {
  using Check = std::vector<std::string> (*)(const ConfigReader&, const nlohmann::json&,
                                             const std::string&);

  const ConfigReader& reader;
  const nlohmann::json& node;
  const std::string& path;

  // The member `key` as read by `check` (plain strings by default).
  std::vector<std::string> operator()(std::string_view key, Check check = plain_strings) const {
    const auto* value = reader.member(node, key);
    return value ? check(reader, *value, child_path(path, key)) : std::vector<std::string>{};
  }

  static std::vector<std::string> plain_strings(const ConfigReader& reader,
                                                const nlohmann::json& node,
                                                const std::string& path) {
    return reader.strings(node, path);
  }
};

// "uuid" (a built-in pattern) or {"name": "order", "regex": "ord_[0-9a-z]+"}.
PathPattern parse_path_pattern(const ConfigReader& reader, const nlohmann::json& node,
                               const std::string& path) {
  if (node.is_string()) {
    const auto name = node.get<std::string>();
    auto pattern = builtin_path_pattern(name);
    if (!pattern) {
      reader.fail(path, "unknown pattern '" + name + "': expected one of " +
                            std::string{builtin_path_pattern_names()} +
                            ", or {\"name\", \"regex\"}");
    }
    return *pattern;
  }
  if (!node.is_object()) reader.fail(path, "expected a pattern name or {\"name\", \"regex\"}");
  reader.expect_object(node, path, {"name", "regex"});
  PathPattern pattern{
      reader.string(reader.required(node, path, "name"), child_path(path, "name")),
      reader.string(reader.required(node, path, "regex"), child_path(path, "regex"))};
  try {
    check_path_pattern(pattern);
  } catch (const InputError& error) {
    reader.fail(path, error.what());
  }
  return pattern;
}

std::vector<PathPattern> parse_path_patterns(const ConfigReader& reader, const nlohmann::json& node,
                                             const std::string& path) {
  if (!node.is_array()) reader.fail(path, "expected an array of path patterns");
  std::vector<PathPattern> patterns;
  for (size_t i = 0; i < node.size(); ++i) {
    patterns.push_back(parse_path_pattern(reader, node[i], child_path(path, i)));
  }
  return patterns;
}

MatchRules parse_match(const ConfigReader& reader, const nlohmann::json& node,
                       const std::string& path) {
  reader.expect_object(
      node, path, {"ignore_query", "headers", "ignore_json", "path_patterns", "ignore_headers"});
  const ListMembers list{reader, node, path};
  const auto* patterns = reader.member(node, "path_patterns");
  return {.ignore_query = list("ignore_query"),
          .headers = list("headers"),
          .ignore_json = list("ignore_json", pointers),
          .path_patterns =
              patterns ? parse_path_patterns(reader, *patterns, child_path(path, "path_patterns"))
                       : std::vector<PathPattern>{},
          .ignore_headers = list("ignore_headers")};
}

constexpr EnumNames<ScanPolicy, 3> k_scan_policy_names{
    {{ScanPolicy::redact, "redact"}, {ScanPolicy::fail, "fail"}, {ScanPolicy::off, "off"}}};

ScanPolicy parse_scan_policy(const ConfigReader& reader, const nlohmann::json& node,
                             const std::string& path) {
  const auto* value = reader.member(node, "scan");
  if (value == nullptr) return ScanPolicy::redact;
  const auto value_path = child_path(path, "scan");
  const auto policy = value_of(k_scan_policy_names, reader.string(*value, value_path));
  if (!policy) reader.fail(value_path, "expected redact, fail or off");
  return *policy;
}

RedactRules parse_redact(const ConfigReader& reader, const nlohmann::json& node,
                         const std::string& path) {
  reader.expect_object(node, path,
                       {"headers", "query", "json", "defaults", "scan", "path", "secrets"});
  const ListMembers list{reader, node, path};
  const auto* defaults = reader.member(node, "defaults");
  const auto* secrets = reader.member(node, "secrets");
  return with_secret_places(
      {.headers = list("headers"),
       .query = list("query"),
       .json = list("json", json_redactions),
       .defaults = defaults ? reader.boolean(*defaults, child_path(path, "defaults")) : true,
       .scan = parse_scan_policy(reader, node, path),
       .path = list("path", path_prefixes),
       .secrets = secrets ? parse_named_secrets(reader, *secrets, child_path(path, "secrets"))
                          : std::vector<NamedSecret>{}});
}

Route parse_route(const ConfigReader& reader, const nlohmann::json& node, const std::string& path) {
  reader.expect_object(node, path, {"name", "prefix", "upstream", "match"});
  Route route;
  route.name = reader.string(reader.required(node, path, "name"), child_path(path, "name"));
  if (!is_route_name(route.name)) {
    reader.fail(child_path(path, "name"),
                "expected a non-empty name of letters, digits, '-', "
                "'_' or '.'");
  }
  route.prefix = reader.string(reader.required(node, path, "prefix"), child_path(path, "prefix"));
  if (!is_prefix(route.prefix)) {
    reader.fail(child_path(path, "prefix"),
                "expected a path prefix starting with '/' and not ending with '/' (\"/todo\")");
  }
  route.upstream =
      reader.string(reader.required(node, path, "upstream"), child_path(path, "upstream"));
  if (!is_upstream(route.upstream)) {
    reader.fail(child_path(path, "upstream"), "expected a URL starting with http:// or https://");
  }
  if (const auto* match = reader.member(node, "match")) {
    route.match = parse_match(reader, *match, child_path(path, "match"));
  }
  return route;
}

std::vector<Route> parse_routes(const ConfigReader& reader, const nlohmann::json& node,
                                const std::string& path) {
  if (!node.is_array()) reader.fail(path, "expected an array of routes");
  std::vector<Route> routes;
  std::set<std::string> names;
  std::set<std::string> prefixes;
  for (size_t i = 0; i < node.size(); ++i) {
    const auto route_path = child_path(path, i);
    auto route = parse_route(reader, node[i], route_path);
    if (!names.insert(route.name).second) {
      reader.fail(child_path(route_path, "name"), "duplicate route name '" + route.name + "'");
    }
    if (!prefixes.insert(route.prefix).second) {
      reader.fail(child_path(route_path, "prefix"), "duplicate prefix '" + route.prefix + "'");
    }
    routes.push_back(std::move(route));
  }
  return routes;
}

Mode parse_mode_value(const ConfigReader& reader, const nlohmann::json& node,
                      const std::string& path) {
  const auto mode = parse_mode(reader.string(node, path));
  if (!mode) reader.fail(path, "expected one of replay, once, new_episodes, record, passthrough");
  return *mode;
}

void parse_expiry(const ConfigReader& reader, const nlohmann::json& node, const std::string& path,
                  Config& config) {
  reader.expect_object(node, path, {"max_age_days", "action"});
  if (const auto* value = reader.member(node, "max_age_days")) {
    const auto value_path = child_path(path, "max_age_days");
    const double days = reader.number(*value, value_path);
    if (!(days > 0 && days < 1e6)) reader.fail(value_path, "expected a number of days above 0");
    config.max_age_seconds = std::llround(days * k_seconds_per_day);
  }
  if (const auto* value = reader.member(node, "action")) {
    const auto value_path = child_path(path, "action");
    const auto action = reader.string(*value, value_path);
    if (action != "warn" && action != "error") reader.fail(value_path, "expected warn or error");
    config.expiry_action = action == "warn" ? ExpiryAction::warn : ExpiryAction::error;
  }
}

// A whole number of bytes from 1 to 2^53 (beyond, a double is not exact).
std::uint64_t parse_byte_count(const ConfigReader& reader, const nlohmann::json& node,
                               const std::string& path) {
  constexpr double k_max_exact = 9007199254740992.0;
  const double bytes = reader.number(node, path);
  if (!(bytes >= 1 && bytes <= k_max_exact) || bytes != std::floor(bytes)) {
    reader.fail(path, "expected a whole number of bytes above 0");
  }
  return static_cast<std::uint64_t>(bytes);
}

void parse_fixtures(const ConfigReader& reader, const nlohmann::json& node, Config& config) {
  const auto fixtures = reader.string(node, "/fixtures");
  if (fixtures.empty()) reader.fail("/fixtures", "expected a directory name");
  config.fixtures = fixtures;
}
}  // namespace

const Route* Config::route_for_path(std::string_view path) const {
  const Route* best = nullptr;
  for (const auto& route : routes) {
    const std::string_view prefix = route.prefix;
    if (!path.starts_with(prefix)) continue;
    const bool on_boundary = prefix == "/" || path.size() == prefix.size() ||
                             path[prefix.size()] == '/' || path[prefix.size()] == '?';
    if (on_boundary && (best == nullptr || prefix.size() > best->prefix.size())) best = &route;
  }
  return best;
}

MatchContext Config::context_for(std::string_view route_name) const {
  if (is_origin_route(route_name)) return {match, redact, std::string{route_name}};
  if (routes.empty() || route_name.empty()) return {match, redact, ""};
  const auto found = std::find_if(routes.begin(), routes.end(),
                                  [&](const Route& route) { return route.name == route_name; });
  if (found == routes.end()) {
    throw InputError("no route named '" + std::string{route_name} + "' in the configuration");
  }
  return {match.merged(found->match), redact, found->name};
}

Config parse_config(std::string_view json_text, const std::string& origin) {
  const nlohmann::json document = parse_config_json(json_text, origin);
  const ConfigReader reader{origin};
  reader.expect_object(document, "",
                       {"fixtures", "routes", "match", "redact", "mode", "strict_sequences",
                        "expiry", "max_fixture_bytes", "faults"});
  Config config;
  if (const auto* value = reader.member(document, "fixtures")) {
    parse_fixtures(reader, *value, config);
  }
  if (const auto* value = reader.member(document, "routes")) {
    config.routes = parse_routes(reader, *value, "/routes");
  }
  if (const auto* value = reader.member(document, "match")) {
    config.match = parse_match(reader, *value, "/match");
  }
  if (const auto* value = reader.member(document, "redact")) {
    config.redact = parse_redact(reader, *value, "/redact");
  }
  if (const auto* value = reader.member(document, "mode")) {
    config.mode = parse_mode_value(reader, *value, "/mode");
  }
  if (const auto* value = reader.member(document, "strict_sequences")) {
    config.strict_sequences = reader.boolean(*value, "/strict_sequences");
  }
  if (const auto* value = reader.member(document, "expiry")) {
    parse_expiry(reader, *value, "/expiry", config);
  }
  if (const auto* value = reader.member(document, "max_fixture_bytes")) {
    config.max_fixture_bytes = parse_byte_count(reader, *value, "/max_fixture_bytes");
  }
  if (const auto* value = reader.member(document, "faults")) {
    config.faults = read_fault_rules(reader, *value, "/faults");
  }
  return config;
}

Config load_config(const std::filesystem::path& file) {
  auto config = parse_config(read_file(file), file.string());
  // A relative fixture directory is relative to the configuration file.
  if (config.fixtures.is_relative()) config.fixtures = file.parent_path() / config.fixtures;
  return config;
}

}  // namespace automock
