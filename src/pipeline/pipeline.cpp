#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <set>

#include "core/config_reader.hpp"
#include "core/files.hpp"
#include "pipeline/contract.hpp"

namespace automock::pipeline {

namespace {

using nlohmann::json;

// A NUL would silently cut a command, an environment entry or a path short
// where it reaches the system: refused in any key or value of the file.
void refuse_nul(const ConfigReader& file, const json& value, const std::string& path) {
  if (value.is_string() && value.get_ref<const std::string&>().find('\0') != std::string::npos) {
    file.fail(path, "expected text without a NUL character (\\u0000)");
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) refuse_nul(file, value[i], child_path(path, i));
  }
  if (!value.is_object()) return;
  for (const auto& [key, member] : value.items()) {
    if (key.find('\0') != std::string::npos) {
      file.fail(child_path(path, key), "expected a key without a NUL character (\\u0000)");
    }
    refuse_nul(file, member, child_path(path, key));
  }
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\x7f'; });
}

// Names and targets are printed one per line (output prefix, summary,
// batches): a control character would break the line or the terminal.
void refuse_control_characters(const ConfigReader& file, const std::string& text,
                               const std::string& path) {
  if (has_control_character(text)) file.fail(path, "expected text without control characters");
}

// The "env" object of `owner`; each name must be one the environment can
// hold: not empty, no '=' (that would set another variable).
std::map<std::string, std::string> environment(const ConfigReader& file,
                                               const ObjectReader& owner) {
  auto env = owner.string_map("env");
  for (const auto& [name, value] : env) {
    if (name.empty() || name.find('=') != std::string::npos) {
      file.fail(child_path(owner.path("env"), name),
                "expected a variable name, not empty and without '='");
    }
  }
  return env;
}

CoverageStep parse_coverage(const ObjectReader& stage) {
  const auto step = stage.object("coverage", {"config", "reports", "output"});
  CoverageStep coverage{step.string("config"), step.strings("reports"),
                        step.optional_string("output")};
  const std::set<std::string> formats{"text", "json", "junit", "markdown"};
  if (coverage.output && !formats.contains(*coverage.output)) {
    step.fail("output", "expected one of: text, json, junit, markdown");
  }
  return coverage;
}

HealthCheck parse_health(const ObjectReader& deploy) {
  const auto step =
      deploy.object("health", {"url", "run", "timeout_s", "retries", "retry_delay_ms"});
  HealthCheck health;
  health.url = step.optional_string("url");
  health.run = step.optional_string("run");
  if (health.url.has_value() == health.run.has_value()) {
    step.fail(health.url ? "run" : "url", "expected exactly one of url and run");
  }
  if (health.url && !health.url->starts_with("http://") && !health.url->starts_with("https://")) {
    step.fail("url", "expected an http:// or https:// URL");
  }
  health.timeout_s = step.number("timeout_s", health.timeout_s, 0.001);
  health.retries = step.integer("retries", health.retries, 0);
  health.retry_delay_ms = step.integer("retry_delay_ms", health.retry_delay_ms, 0);
  return health;
}

DeployStep parse_deploy(const ConfigReader& file, const ObjectReader& stage) {
  const auto step = stage.object(
      "deploy", {"targets", "batch_size", "run", "health", "rollback", "drain", "restore"});
  DeployStep deploy;
  deploy.targets = step.strings("targets");
  for (std::size_t i = 0; i < deploy.targets.size(); ++i) {
    refuse_control_characters(file, deploy.targets[i], child_path(step.path("targets"), i));
  }
  deploy.batch_size = step.integer("batch_size", deploy.batch_size, 1);
  deploy.command = step.string("run");
  if (step.has("health")) deploy.health = parse_health(step);
  deploy.rollback = step.optional_string("rollback");
  deploy.drain = step.optional_string("drain");
  deploy.restore = step.optional_string("restore");
  return deploy;
}

Stage parse_stage(const ConfigReader& file, const json& value, const std::string& path,
                  const std::filesystem::path& base) {
  const ObjectReader reader(
      file, value, path,
      {"name", "run", "coverage", "deploy", "contract", "env", "cwd", "timeout_s"});
  Stage stage;
  stage.name = reader.string("name");
  refuse_control_characters(file, stage.name, reader.path("name"));
  const int kinds =
      reader.has("run") + reader.has("coverage") + reader.has("deploy") + reader.has("contract");
  if (kinds != 1) reader.fail("run", "expected exactly one of run, coverage, deploy and contract");
  if (reader.has("run")) {
    stage.step = RunStep{reader.string("run")};
  } else if (reader.has("coverage")) {
    stage.step = parse_coverage(reader);
  } else if (reader.has("contract")) {
    stage.step = parse_contract(reader);
  } else {
    stage.step = parse_deploy(file, reader);
  }
  stage.env = environment(file, reader);
  stage.cwd = (base / reader.optional_string("cwd").value_or(".")).lexically_normal();
  stage.timeout_s = reader.number("timeout_s", stage.timeout_s, 0.001);
  return stage;
}

}  // namespace

Pipeline parse_pipeline(std::string_view text, const std::filesystem::path& file) {
  const ConfigReader reader{file.string()};
  const json document = parse_config_json(text, reader.origin());
  refuse_nul(reader, document, "");
  const ObjectReader root(reader, document, "", {"stages", "env", "cwd"});
  if (!root.has("stages") || !root.at("stages").is_array() || root.at("stages").empty()) {
    root.fail("stages", "expected a non-empty array of stages");
  }
  const auto file_dir =
      file.parent_path().empty() ? std::filesystem::path{"."} : file.parent_path();
  const auto base = file_dir / root.optional_string("cwd").value_or(".");
  Pipeline pipeline{file, environment(reader, root), {}};
  std::set<std::string> names;
  const auto& stages = root.at("stages");
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string path = child_path(root.path("stages"), i);
    auto stage = parse_stage(reader, stages[i], path, base);
    if (!names.insert(stage.name).second) {
      reader.fail(child_path(path, "name"), "duplicate stage name '" + stage.name + "'");
    }
    pipeline.stages.push_back(std::move(stage));
  }
  return pipeline;
}

Pipeline load_pipeline(const std::filesystem::path& file) {
  return parse_pipeline(read_file(file), file);
}

}  // namespace automock::pipeline
