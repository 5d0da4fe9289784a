#include "core/fault_json.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"
#include "core/fixture_key.hpp"

namespace automock {

namespace {

using nlohmann::json;

constexpr EnumNames<FaultKind, 6> k_fault_kind_names{{{FaultKind::status, "status"},
                                                      {FaultKind::delay, "delay"},
                                                      {FaultKind::reset, "reset"},
                                                      {FaultKind::truncate, "truncate"},
                                                      {FaultKind::no_answer, "no_answer"},
                                                      {FaultKind::slow_body, "slow_body"}}};
constexpr EnumNames<ResetPoint, 2> k_reset_point_names{
    {{ResetPoint::before_answer, "before_answer"}, {ResetPoint::during_body, "during_body"}}};

constexpr int k_max_ms = 24 * 60 * 60 * 1000;

FaultMatch read_match(const ObjectReader& object) {
  FaultMatch match;
  match.method = object.optional_string("method").value_or("");
  match.path = object.optional_string("path").value_or("*");
  for (auto& [name, value] : object.string_map("query")) match.query.emplace_back(name, value);
  if (object.has("route")) {
    if (!object.at("route").is_string()) object.fail("route", "expected a string");
    match.route = object.at("route").get<std::string>();
  }
  if (object.has("key")) {
    const auto& key = object.at("key");
    if (!key.is_string() || !is_fixture_key(key.get<std::string>())) {
      object.fail("key", "expected a fixture key: 16 lowercase hexadecimal digits");
    }
    match.key = key.get<std::string>();
  }
  if (object.has("call")) match.call = object.integer("call", 1, 1);
  match.probability = object.number("probability", 1, 0);
  if (match.probability <= 0 || match.probability > 1) {
    object.fail("probability", "expected a number above 0 and at most 1");
  }
  match.seed = static_cast<uint64_t>(object.integer("seed", 0, 0));
  return match;
}

std::chrono::milliseconds read_ms(const ObjectReader& object, std::string_view key) {
  const int ms = object.integer(key, 0, 0);
  if (ms > k_max_ms) object.fail(key, "expected at most " + std::to_string(k_max_ms) + " ms");
  return std::chrono::milliseconds{ms};
}

void read_delay(const ObjectReader& object, Fault& fault) {
  const int forms = object.has("ms") + object.has("min_ms") + object.has("latency_factor");
  if (object.has("max_ms") && !object.has("min_ms")) {
    object.fail("max_ms", "expected with \"min_ms\"");
  }
  if (forms != 1) {
    object.fail("fault",
                "a delay takes one of \"ms\", \"min_ms\" with \"max_ms\", or "
                "\"latency_factor\"");
  }
  if (object.has("latency_factor")) {
    fault.latency_factor = object.number("latency_factor", 1, 0);
    if (fault.latency_factor <= 0) object.fail("latency_factor", "expected a number above 0");
  } else if (object.has("ms")) {
    fault.delay_min = fault.delay_max = read_ms(object, "ms");
  } else {
    if (!object.has("max_ms")) object.fail("max_ms", "missing, expected with \"min_ms\"");
    fault.delay_min = read_ms(object, "min_ms");
    fault.delay_max = read_ms(object, "max_ms");
    if (fault.delay_max < fault.delay_min) object.fail("max_ms", "expected at least min_ms");
  }
}

void read_cut(const ObjectReader& object, Fault& fault) {
  if (object.has("body_bytes")) fault.body_bytes = object.integer("body_bytes", 0, 0);
}

constexpr std::array<std::string_view, 9> k_match_members = {
    "method", "path", "query", "route", "key", "call", "probability", "seed", "fault"};

// The members a rule of `kind` may have besides the match's.
std::vector<std::string_view> kind_members(FaultKind kind) {
  switch (kind) {
    case FaultKind::status:
      return {"status", "body"};
    case FaultKind::delay:
      return {"ms", "min_ms", "max_ms", "latency_factor"};
    case FaultKind::reset:
      return {"at", "body_bytes"};
    case FaultKind::truncate:
      return {"body_bytes"};
    case FaultKind::slow_body:
      return {"bytes_per_second"};
    case FaultKind::no_answer:
      break;
  }
  return {};
}

void check_members(const ConfigReader& reader, const json& node, const std::string& path,
                   FaultKind kind) {
  const auto extra = kind_members(kind);
  for (const auto& item : node.items()) {
    const std::string_view key = item.key();
    const bool known =
        std::find(k_match_members.begin(), k_match_members.end(), key) != k_match_members.end() ||
        std::find(extra.begin(), extra.end(), key) != extra.end();
    if (known) continue;
    std::string expected;
    for (const auto name : extra) expected += std::string{name} + ", ";
    reader.fail(child_path(path, key),
                "unknown key for a " + std::string{name_of(k_fault_kind_names, kind)} +
                    " fault (expected " + expected +
                    "or the match's method, path, query, route, key, call, probability, seed)");
  }
}

FaultKind read_kind(const ConfigReader& reader, const json& node, const std::string& path) {
  const auto kind_path = child_path(path, "fault");
  const auto& kind = reader.required(node, path, "fault");
  const auto name = reader.string(kind, kind_path);
  const auto found = value_of(k_fault_kind_names, name);
  if (!found) {
    reader.fail(
        kind_path,
        "expected status, delay, reset, truncate, no_answer or slow_body, not \"" + name + "\"");
  }
  return *found;
}

void read_kind_fields(const ObjectReader& object, Fault& fault) {
  switch (fault.kind) {
    case FaultKind::status:
      fault.status = object.integer("status", 503, 100);
      if (fault.status > 599) object.fail("status", "expected an HTTP status from 100 to 599");
      if (object.has("body")) {
        if (!object.at("body").is_string()) object.fail("body", "expected a string");
        fault.body = object.at("body").get<std::string>();
      }
      return;
    case FaultKind::delay:
      return read_delay(object, fault);
    case FaultKind::reset:
      if (const auto at = object.optional_string("at")) {
        const auto point = value_of(k_reset_point_names, *at);
        if (!point) object.fail("at", "expected before_answer or during_body");
        fault.reset_at = *point;
      }
      return read_cut(object, fault);
    case FaultKind::truncate:
      return read_cut(object, fault);
    case FaultKind::slow_body:
      fault.bytes_per_second = static_cast<size_t>(object.integer("bytes_per_second", 1024, 1));
      return;
    case FaultKind::no_answer:
      return;
  }
}

FaultRule read_rule(const ConfigReader& reader, const json& node, const std::string& path) {
  if (!node.is_object()) reader.fail(path, "expected an object with a \"fault\" member");
  FaultRule rule;
  rule.fault.kind = read_kind(reader, node, path);
  check_members(reader, node, path, rule.fault.kind);
  const ObjectReader object{
      reader,
      node,
      path,
      {"method", "path", "query", "route", "key", "call", "probability", "seed", "fault", "status",
       "body", "ms", "min_ms", "max_ms", "latency_factor", "at", "body_bytes", "bytes_per_second"}};
  rule.match = read_match(object);
  read_kind_fields(object, rule.fault);
  return rule;
}

json match_json(const FaultMatch& match) {
  json out = json::object();
  if (!match.method.empty()) out["method"] = match.method;
  if (match.path != "*") out["path"] = match.path;
  if (!match.query.empty()) {
    out["query"] = json::object();
    for (const auto& [name, value] : match.query) out["query"][name] = value;
  }
  if (match.route) out["route"] = *match.route;
  if (match.key) out["key"] = *match.key;
  if (match.call) out["call"] = *match.call;
  if (match.probability < 1) out["probability"] = match.probability;
  if (match.seed != 0) out["seed"] = match.seed;
  return out;
}

void add_fault_json(const Fault& fault, json& out) {
  out["fault"] = name_of(k_fault_kind_names, fault.kind);
  switch (fault.kind) {
    case FaultKind::status:
      out["status"] = fault.status;
      if (!fault.body.empty()) out["body"] = fault.body;
      return;
    case FaultKind::delay:
      if (fault.latency_factor > 0) {
        out["latency_factor"] = fault.latency_factor;
      } else if (fault.delay_min == fault.delay_max) {
        out["ms"] = fault.delay_min.count();
      } else {
        out["min_ms"] = fault.delay_min.count();
        out["max_ms"] = fault.delay_max.count();
      }
      return;
    case FaultKind::reset:
      out["at"] = name_of(k_reset_point_names, fault.reset_at);
      [[fallthrough]];
    case FaultKind::truncate:
      if (fault.body_bytes) out["body_bytes"] = *fault.body_bytes;
      return;
    case FaultKind::slow_body:
      out["bytes_per_second"] = fault.bytes_per_second;
      return;
    case FaultKind::no_answer:
      return;
  }
}

}  // namespace

std::vector<FaultRule> read_fault_rules(const ConfigReader& reader, const json& node,
                                        const std::string& path) {
  if (!node.is_array()) reader.fail(path, "expected an array of fault rules");
  std::vector<FaultRule> rules;
  for (size_t i = 0; i < node.size(); ++i) {
    rules.push_back(read_rule(reader, node[i], child_path(path, i)));
  }
  return rules;
}

std::vector<FaultRule> parse_fault_rules(std::string_view json_text, const std::string& origin) {
  return read_fault_rules(ConfigReader{origin}, parse_config_json(json_text, origin), "");
}

std::string fault_rules_json(const std::vector<FaultRule>& rules) {
  json list = json::array();
  for (const auto& rule : rules) {
    auto item = match_json(rule.match);
    add_fault_json(rule.fault, item);
    list.push_back(std::move(item));
  }
  return list.dump(2);
}

}  // namespace automock
