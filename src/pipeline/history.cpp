#include "pipeline/history.hpp"

#include <automock/error.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/config_reader.hpp"
#include "core/enum_names.hpp"
#include "core/utc_time.hpp"
#include "pipeline/append_file.hpp"

namespace automock::pipeline {

namespace {

using nlohmann::json;

template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(const std::string& text, const Enum (&values)[N]) {
  for (Enum value : values) {
    if (to_string(value) == text) return value;
  }
  return std::nullopt;
}

constexpr StageKind k_kinds[] = {StageKind::run, StageKind::coverage, StageKind::deploy,
                                 StageKind::contract};
constexpr StageResult k_stage_results[] = {StageResult::passed, StageResult::failed,
                                           StageResult::timed_out, StageResult::interrupted,
                                           StageResult::skipped};
constexpr RunResult k_run_results[] = {RunResult::passed, RunResult::failed,
                                       RunResult::interrupted};

nlohmann::ordered_json stage_json(const StageRecord& stage) {
  return {{"name", stage.name},
          {"kind", to_string(stage.kind)},
          {"result", to_string(stage.result)},
          {"duration_ms", stage.duration.count()}};
}

template <typename Enum, std::size_t N>
Enum enum_field(const json& object, const char* key, const Enum (&values)[N]) {
  auto value = parse_enum(object.at(key).get<std::string>(), values);
  if (!value) throw InputError(std::string{"invalid history line: unknown "} + key);
  return *value;
}

StageRecord parse_stage(const json& object) {
  return {object.at("name").get<std::string>(), enum_field(object, "kind", k_kinds),
          enum_field(object, "result", k_stage_results),
          std::chrono::milliseconds{object.at("duration_ms").get<long long>()}};
}

// An optional ISO 8601 UTC field: absent or null is nullopt.
std::optional<std::chrono::system_clock::time_point> optional_time(const json& object,
                                                                   const char* key) {
  const auto field = object.find(key);
  if (field == object.end() || field->is_null()) return std::nullopt;
  auto time = parse_utc(field->get<std::string>());
  if (!time) {
    throw InputError(std::string{"invalid history line: "} + key + " is not an ISO 8601 UTC time");
  }
  return time;
}

RunRecord parse_record(const json& object) {
  RunRecord record;
  auto started = parse_utc(object.at("started_at").get<std::string>());
  if (!started) {
    throw InputError("invalid history line: started_at is not an ISO 8601 UTC time");
  }
  record.started_at = *started;
  if (!object.at("commit").is_null()) record.commit = object.at("commit").get<std::string>();
  record.committed_at = optional_time(object, "committed_at");
  record.pipeline = object.at("pipeline").get<std::string>();
  record.result = enum_field(object, "result", k_run_results);
  record.duration = std::chrono::milliseconds{object.at("duration_ms").get<long long>()};
  for (const auto& stage : object.at("stages")) record.stages.push_back(parse_stage(stage));
  record.deployed = object.at("deployed").get<std::vector<std::string>>();
  record.rolled_back = object.at("rolled_back").get<std::vector<std::string>>();
  record.drained = object.value("drained", std::vector<std::string>{});
  record.restored = object.value("restored", std::vector<std::string>{});
  return record;
}

}  // namespace

std::string_view to_string(StageKind kind) {
  static constexpr EnumNames<StageKind, 4> k_kind_names{{{StageKind::run, "run"},
                                                         {StageKind::coverage, "coverage"},
                                                         {StageKind::deploy, "deploy"},
                                                         {StageKind::contract, "contract"}}};
  return name_of(k_kind_names, kind);
}

std::string_view to_string(StageResult result) {
  static constexpr EnumNames<StageResult, 5> k_stage_result_names{
      {{StageResult::passed, "passed"},
       {StageResult::failed, "failed"},
       {StageResult::timed_out, "timed_out"},
       {StageResult::interrupted, "interrupted"},
       {StageResult::skipped, "skipped"}}};
  return name_of(k_stage_result_names, result);
}

std::string_view to_string(RunResult result) {
  static constexpr EnumNames<RunResult, 3> k_run_result_names{
      {{RunResult::passed, "passed"},
       {RunResult::failed, "failed"},
       {RunResult::interrupted, "interrupted"}}};
  return name_of(k_run_result_names, result);
}

bool RunRecord::deploy_started() const {
  for (const auto& stage : stages) {
    if (stage.kind == StageKind::deploy && stage.result != StageResult::skipped) return true;
  }
  return false;
}

bool RunRecord::failed_change() const {
  return deploy_started() && (result != RunResult::passed || !rolled_back.empty());
}

std::string to_json_line(const RunRecord& record) {
  auto stages = nlohmann::ordered_json::array();
  for (const auto& stage : record.stages) stages.push_back(stage_json(stage));
  const nlohmann::ordered_json object = {
      {"version", 1},
      {"started_at", format_utc(record.started_at)},
      {"commit", record.commit ? nlohmann::ordered_json(*record.commit) : nullptr},
      {"committed_at",
       record.committed_at ? nlohmann::ordered_json(format_utc(*record.committed_at)) : nullptr},
      {"pipeline", record.pipeline},
      {"result", to_string(record.result)},
      {"duration_ms", record.duration.count()},
      {"stages", stages},
      {"deployed", record.deployed},
      {"rolled_back", record.rolled_back},
      {"drained", record.drained},
      {"restored", record.restored}};
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

RunRecord parse_history_line(std::string_view line, std::string_view where) {
  try {
    const json object = parse_json(line);
    if (object.at("version").get<int>() != 1) throw InputError("unsupported history version");
    return parse_record(object);
  } catch (const json::exception&) {
    throw InputError(std::string{where} +
                     ": invalid history line: a field is missing or has the wrong type");
  } catch (const InputError& error) {
    throw InputError(std::string{where} + ": " + error.what());
  }
}

void append_history(const std::filesystem::path& file, const RunRecord& record) {
  append_to_file(file, to_json_line(record) + "\n", "the history line");
}

std::vector<RunRecord> read_history(const std::filesystem::path& file) {
  std::vector<RunRecord> records;
  if (!std::filesystem::exists(file)) return records;
  std::ifstream in(file);
  if (!in) throw IoError(file.string() + ": cannot read");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    records.push_back(parse_history_line(line, file.string() + ":" + std::to_string(number)));
  }
  return records;
}

std::string format_utc(std::chrono::system_clock::time_point time) {
  return format_utc_seconds(time);
}

// The fraction of a second some writers add ("...:15.250Z") is dropped.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return parse_utc_seconds(text);
  const auto fraction = text.substr(dot + 1, text.size() - dot - 2);
  if (!text.ends_with('Z') || fraction.empty() ||
      fraction.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return parse_utc_seconds(std::string{text.substr(0, dot)} + "Z");
}

}  // namespace automock::pipeline
