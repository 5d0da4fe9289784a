#include "core/request_diff.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/json_edit.hpp"
#include "core/percent.hpp"

namespace automock {

namespace {

using Fields = std::map<std::string, std::vector<std::string>>;

// Values are kept in display form: quoted text, or JSON.
std::string joined(const std::vector<std::string>& values) {
  if (values.empty()) return "nothing";
  std::string text;
  for (const auto& value : values) {
    if (!text.empty()) text += ", ";
    text += value;
  }
  return text;
}

std::string as_text(std::string_view value) {
  return '"' + std::string{value} + '"';
}

void compare(const Fields& recorded, const Fields& sent, const std::string& what,
             std::vector<std::string>& out) {
  std::set<std::string> names;
  for (const auto& [name, values] : recorded) names.insert(name);
  for (const auto& [name, values] : sent) names.insert(name);
  for (const auto& name : names) {
    const auto in_recorded = recorded.find(name);
    const auto in_sent = sent.find(name);
    const auto recorded_values =
        in_recorded == recorded.end() ? std::vector<std::string>{} : in_recorded->second;
    const auto sent_values = in_sent == sent.end() ? std::vector<std::string>{} : in_sent->second;
    if (recorded_values == sent_values) continue;
    out.push_back(what + " " + name + ": recorded " + joined(recorded_values) + ", sent " +
                  joined(sent_values));
  }
}

Fields query_fields(std::string_view query, const MatchRules& rules) {
  Fields fields;
  for (auto& [name, value] : decode_form(query)) {
    if (std::find(rules.ignore_query.begin(), rules.ignore_query.end(), name) !=
        rules.ignore_query.end()) {
      continue;
    }
    fields["'" + name + "'"].push_back(as_text(value));
  }
  for (auto& [name, values] : fields) std::sort(values.begin(), values.end());
  return fields;
}

Fields header_fields(const Headers& headers, const MatchRules& rules) {
  Fields fields;
  for (const auto& name : rules.headers) {
    for (const auto& [field, value] : headers) {
      if (iequals(field, name)) fields["'" + name + "'"].push_back(as_text(value));
    }
  }
  return fields;
}

std::optional<nlohmann::json> json_body(const Request& request) {
  return parse_json_within(request.body);
}

// The body's leaves by JSON pointer, without what the rules ignore (removed
// as the request key removes it: a pointer and what is below it).
Fields json_fields(nlohmann::json body, const MatchRules& rules) {
  for (const auto& pointer : rules.ignore_json) remove_json_pointer(body, pointer);
  const auto flat = body.flatten();
  Fields fields;
  for (auto it = flat.begin(); it != flat.end(); ++it) {
    fields[it.key().empty() ? "/" : it.key()].push_back(it.value().dump());
  }
  return fields;
}

void compare_bodies(const Request& recorded, const Request& sent, const MatchRules& rules,
                    std::vector<std::string>& out) {
  const auto recorded_json = json_body(recorded);
  const auto sent_json = json_body(sent);
  if (recorded_json && sent_json) {
    compare(json_fields(*recorded_json, rules), json_fields(*sent_json, rules), "body", out);
    return;
  }
  if (recorded.body == sent.body) return;
  const auto mismatch =
      std::mismatch(recorded.body.begin(), recorded.body.end(), sent.body.begin(), sent.body.end());
  out.push_back("body: recorded " + std::to_string(recorded.body.size()) + " bytes, sent " +
                std::to_string(sent.body.size()) + " bytes, first difference at byte " +
                std::to_string(mismatch.first - recorded.body.begin()));
}

}  // namespace

std::vector<std::string> request_differences(const Request& recorded, const Request& sent,
                                             const MatchContext& context) {
  std::vector<std::string> out;
  if (recorded.method != sent.method) {
    out.push_back("method: recorded " + recorded.method + ", sent " + sent.method);
  }
  if (normalize_path(recorded.path()) != normalize_path(sent.path())) {
    out.push_back("path: recorded " + std::string{recorded.path()} + ", sent " +
                  std::string{sent.path()});
  }
  compare(query_fields(recorded.query(), context.match), query_fields(sent.query(), context.match),
          "query", out);
  compare(header_fields(recorded.headers, context.match),
          header_fields(sent.headers, context.match), "header", out);
  compare_bodies(recorded, sent, context.match, out);
  return out;
}

}  // namespace automock
