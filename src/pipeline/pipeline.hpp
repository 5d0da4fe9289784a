#pragma once
// pipeline.json: the ordered stages that `automock run` executes. This header
// holds the parsed form and the parser; docs/pipeline.md is the reference.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace automock::pipeline {

// A shell command, run with /bin/sh -c.
struct RunStep {
  std::string command;
};

// The built-in coverage gate, run as `<automock> coverage --config C R...`.
struct CoverageStep {
  std::string config;
  std::vector<std::string> reports;
  std::optional<std::string> output;  // text|json|junit|markdown, passed as --output
};

// After each deploy batch, every target of the batch must pass this check.
// Exactly one of `url` (an HTTP GET answered 2xx) and `run` (exit 0) is set;
// both may contain {target}.
struct HealthCheck {
  std::optional<std::string> url;
  std::optional<std::string> run;
  double timeout_s = 10;  // per attempt
  int retries = 3;        // attempts after the first
  int retry_delay_ms = 1000;
};

// A rolling deploy: `command` runs per target ({target} substituted), in
// batches of `batch_size`; a failed deploy or health check runs `rollback`
// for every target this run touched, newest first. `drain` takes a target out
// of the load balancer before its deploy (and before its rollback), `restore`
// puts it back once its batch is healthy (and after its rollback).
struct DeployStep {
  std::vector<std::string> targets;
  int batch_size = 1;
  std::string command;
  std::optional<HealthCheck> health;
  std::optional<std::string> rollback;
  std::optional<std::string> drain;
  std::optional<std::string> restore;
};

// A contract check (contract.hpp): `start` ({port} substituted) runs the new
// build of a service on a free 127.0.0.1 port; once it accepts, the
// consumers' cassettes under `fixtures` are verified against it (shape,
// recorded order, every method), then its processes are stopped.
struct ContractStep {
  std::string start;
  std::vector<std::string> fixtures;
  std::optional<std::string> config;       // automock.json: match rules, named secrets
  std::optional<std::string> test_binary;  // named in re-record commands
  double ready_timeout_s = 30;
  // A fresh instance for each cassette (each test recorded its own state),
  // or one instance for all of them.
  bool instance_per_cassette = true;
};

struct Stage {
  std::string name;
  std::variant<RunStep, CoverageStep, DeployStep, ContractStep> step;
  // Added to the runner's environment (after the pipeline's own env).
  std::map<std::string, std::string> env;
  // Where the stage's commands run, resolved: a relative "cwd" is taken from
  // the pipeline's "cwd", itself relative to the pipeline file's directory
  // (both default to "."). Commands run in the pipeline file's directory by default.
  std::filesystem::path cwd;
  // Limit for each command the stage starts.
  double timeout_s = 3600;
};

struct Pipeline {
  std::filesystem::path file;  // where it was read from, for messages
  std::map<std::string, std::string> env;
  std::vector<Stage> stages;
};

// Parses pipeline.json text. `file` names it in errors and anchors relative
// `cwd`s (its parent directory). Throws ConfigError(file, JSON pointer, what
// was expected) for invalid JSON (naming the line and column), unknown keys,
// missing or mistyped values.
Pipeline parse_pipeline(std::string_view text, const std::filesystem::path& file);

// Reads and parses a pipeline file. Throws IoError naming the file when it
// cannot be read, ConfigError as parse_pipeline.
Pipeline load_pipeline(const std::filesystem::path& file);

}  // namespace automock::pipeline
