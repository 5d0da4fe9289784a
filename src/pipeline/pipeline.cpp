#include "pipeline/pipeline.hpp"

#include <automock/error.hpp>
#include <set>

#include "core/config_reader.hpp"
#include "core/files.hpp"

namespace automock::pipeline {

namespace {

using nlohmann::json;

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

DeployStep parse_deploy(const ObjectReader& stage) {
  const auto step = stage.object("deploy", {"targets", "batch_size", "run", "health", "rollback"});
  DeployStep deploy;
  deploy.targets = step.strings("targets");
  deploy.batch_size = step.integer("batch_size", deploy.batch_size, 1);
  deploy.command = step.string("run");
  if (step.has("health")) deploy.health = parse_health(step);
  deploy.rollback = step.optional_string("rollback");
  return deploy;
}

Stage parse_stage(const ConfigReader& file, const json& value, const std::string& path,
                  const std::filesystem::path& base) {
  const ObjectReader reader(file, value, path,
                            {"name", "run", "coverage", "deploy", "env", "cwd", "timeout_s"});
  Stage stage;
  stage.name = reader.string("name");
  const int kinds = reader.has("run") + reader.has("coverage") + reader.has("deploy");
  if (kinds != 1) reader.fail("run", "expected exactly one of run, coverage and deploy");
  if (reader.has("run")) {
    stage.step = RunStep{reader.string("run")};
  } else if (reader.has("coverage")) {
    stage.step = parse_coverage(reader);
  } else {
    stage.step = parse_deploy(reader);
  }
  stage.env = reader.string_map("env");
  stage.cwd = (base / reader.optional_string("cwd").value_or(".")).lexically_normal();
  stage.timeout_s = reader.number("timeout_s", stage.timeout_s, 0.001);
  return stage;
}

}  // namespace

Pipeline parse_pipeline(std::string_view text, const std::filesystem::path& file) {
  const ConfigReader reader{file.string()};
  const json document = parse_config_json(text, reader.origin());
  const ObjectReader root(reader, document, "", {"stages", "env", "cwd"});
  if (!root.has("stages") || !root.at("stages").is_array() || root.at("stages").empty()) {
    root.fail("stages", "expected a non-empty array of stages");
  }
  const auto file_dir =
      file.parent_path().empty() ? std::filesystem::path{"."} : file.parent_path();
  const auto base = file_dir / root.optional_string("cwd").value_or(".");
  Pipeline pipeline{file, root.string_map("env"), {}};
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
