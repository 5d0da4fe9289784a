#include "tooling/usage_record.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "core/atomic_file.hpp"
#include "core/files.hpp"
#include "core/json_edit.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> string_list(const json& document, const char* field,
                                     const std::string& origin) {
  if (!document.contains(field) || !document[field].is_array()) {
    throw InputError(origin + ": usage record field '" + field + "' must be an array of names");
  }
  std::vector<std::string> names;
  for (const auto& name : document[field]) {
    if (!name.is_string()) throw InputError(origin + ": '" + field + "' holds a non-string");
    names.push_back(name.get<std::string>());
  }
  return names;
}

}  // namespace

UsageRecord usage_of(const Cassette& cassette) {
  UsageRecord record{cassette.directory(), {}, {}};
  std::set<std::string> unused;
  for (const auto& file : cassette.unused()) {
    const auto name = file.filename().string();
    if (is_fixture_file_name(name)) unused.insert(name);
  }
  std::error_code error;
  for (fs::directory_iterator it{cassette.directory(), error}, end; !error && it != end;
       it.increment(error)) {
    const auto name = it->path().filename().string();
    if (is_fixture_file_name(name) && !unused.contains(name)) record.used.push_back(name);
  }
  std::sort(record.used.begin(), record.used.end());
  record.unused.assign(unused.begin(), unused.end());
  return record;
}

std::string usage_to_json(const UsageRecord& record) {
  const json document = {{"automock_usage", k_usage_version},
                         {"cassette", record.cassette.string()},
                         {"used", record.used},
                         {"unused", record.unused}};
  return document.dump(2) + "\n";
}

UsageRecord usage_from_json(std::string_view text, const std::string& origin) {
  const auto parsed = parse_json_within(text);
  if (!parsed || !parsed->is_object()) {
    throw InputError(origin + ": not a JSON usage record");
  }
  const json& document = *parsed;
  const auto version = document.find("automock_usage");
  if (version == document.end() || !version->is_number_integer() || *version != k_usage_version) {
    throw InputError(origin + ": 'automock_usage' must be " + std::to_string(k_usage_version));
  }
  if (!document.contains("cassette") || !document["cassette"].is_string()) {
    throw InputError(origin + ": usage record field 'cassette' must be a string");
  }
  return UsageRecord{document["cassette"].get<std::string>(), string_list(document, "used", origin),
                     string_list(document, "unused", origin)};
}

void write_usage_record(const fs::path& file, const UsageRecord& record) {
  write_file_atomic(file, usage_to_json(record), WriteMode::replace);
}

UsageRecord read_usage_record(const fs::path& file) {
  auto record = usage_from_json(read_file(file), file.string());
  std::error_code error;
  const auto written_at = fs::last_write_time(file, error);
  if (error) throw_io_error(file, "read the modification time", error.value());
  record.written_at = written_at;
  return record;
}

}  // namespace automock::tooling
