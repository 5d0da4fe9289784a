#include "pipeline/pipeline.hpp"

#include <automock/error.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "pipeline/json_reader.hpp"

namespace automock::pipeline {

namespace {

using nlohmann::json;

CoverageStep parse_coverage(const ObjectReader& stage) {
  const ObjectReader step(stage.at("coverage"), stage.path("coverage"), stage.file(),
                          {"config", "reports", "output"});
  CoverageStep coverage{step.string("config"), step.strings("reports"),
                        step.optional_string("output")};
  const std::set<std::string> formats{"text", "json", "junit", "markdown"};
  if (coverage.output && !formats.contains(*coverage.output)) {
    step.fail("output", "expected one of: text, json, junit, markdown");
  }
  return coverage;
}

HealthCheck parse_health(const ObjectReader& deploy) {
  const ObjectReader step(deploy.at("health"), deploy.path("health"), deploy.file(),
                          {"url", "run", "timeout_s", "retries", "retry_delay_ms"});
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
  const ObjectReader step(stage.at("deploy"), stage.path("deploy"), stage.file(),
                          {"targets", "batch_size", "run", "health", "rollback"});
  DeployStep deploy;
  deploy.targets = step.strings("targets");
  deploy.batch_size = step.integer("batch_size", deploy.batch_size, 1);
  deploy.command = step.string("run");
  if (step.has("health")) deploy.health = parse_health(step);
  deploy.rollback = step.optional_string("rollback");
  return deploy;
}

Stage parse_stage(const json& value, const std::string& path, const std::string& file,
                  const std::filesystem::path& base) {
  const ObjectReader reader(value, path, file,
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
  const std::string name = file.string();
  json document;
  try {
    document = json::parse(text);
  } catch (const json::exception& error) {
    throw ConfigError(name, "$", std::string{"invalid JSON: "} + error.what());
  }
  const ObjectReader root(document, "$", name, {"stages", "env", "cwd"});
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
    const std::string path = "$.stages[" + std::to_string(i) + "]";
    auto stage = parse_stage(stages[i], path, name, base);
    if (!names.insert(stage.name).second) {
      throw ConfigError(name, path + ".name", "duplicate stage name '" + stage.name + "'");
    }
    pipeline.stages.push_back(std::move(stage));
  }
  return pipeline;
}

Pipeline load_pipeline(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot read the pipeline file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_pipeline(text.str(), file);
}

}  // namespace automock::pipeline
