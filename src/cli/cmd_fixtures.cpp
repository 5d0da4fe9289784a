// automock fixtures ls|show|verify|prune|rekey|audit: fixture tooling. The work is
// in src/tooling; this file parses arguments and picks exit codes.

#include <automock/config.hpp>
#include <automock/transport.hpp>
#include <iostream>

#include "cli/command.hpp"
#include "tooling/drift_report.hpp"
#include "tooling/fixture_audit.hpp"
#include "tooling/fixture_list.hpp"
#include "tooling/fixture_prune.hpp"
#include "tooling/fixture_rekey.hpp"
#include "tooling/fixture_verify.hpp"

namespace automock::cli {

namespace {

struct FixturesArguments {
  std::string directory;
  std::string file;
  std::string config;
  std::string upstream;
  std::string usage;
  std::vector<std::string> ignore_json;
  std::string compare = "shape";
  std::string output = "text";
  std::string test_binary;
  bool allow_unsafe = false;
  bool json = false;
  bool dry_run = false;
  bool force = false;
  std::vector<std::string> audited{"fixtures"};
  std::string format = "text";
};

Config config_of(const FixturesArguments& arguments) {
  return arguments.config.empty() ? Config{} : load_config(arguments.config);
}

tooling::DryRun dry_run_of(const FixturesArguments& arguments) {
  return arguments.dry_run ? tooling::DryRun::yes : tooling::DryRun::no;
}

Outcome list(const FixturesArguments& arguments) {
  const auto rows = tooling::list_fixtures(arguments.directory);
  std::cout << (arguments.json ? tooling::format_json(rows) : tooling::format_table(rows));
  return Outcome::ok;
}

tooling::DriftOptions drift_options(const FixturesArguments& arguments, const Config& config) {
  return {
      .compare = arguments.compare == "value" ? tooling::Compare::value : tooling::Compare::shape,
      .unsafe =
          arguments.allow_unsafe ? tooling::UnsafeMethods::send : tooling::UnsafeMethods::skip,
      .config = config,
      .ignore_json = arguments.ignore_json,
      .test_binary = arguments.test_binary};
}

Outcome verify(const FixturesArguments& arguments) {
  const auto config = config_of(arguments);
  const auto problems = tooling::verify_fixtures(arguments.directory, config);
  const bool as_text = arguments.output == "text";
  (as_text ? std::cout : std::cerr) << tooling::format_problems(problems) << problems.size()
                                    << " bad fixture file(s) under " << arguments.directory << '\n';
  bool failed = !problems.empty();
  if (!arguments.upstream.empty()) {
    HttpTransport upstream{arguments.upstream};
    auto report =
        tooling::check_drift(arguments.directory, upstream, drift_options(arguments, config));
    report.upstream = arguments.upstream;
    tooling::render_drift(report, *coverage::parse_output_format(arguments.output), std::cout);
    failed = failed || !tooling::passed(report);
  }
  return check(!failed);
}

Outcome prune(const FixturesArguments& arguments) {
  const auto usage = tooling::read_usage_record(arguments.usage);
  const auto force = arguments.force ? tooling::Force::yes : tooling::Force::no;
  const auto result =
      tooling::prune_fixtures(arguments.directory, usage, dry_run_of(arguments), force);
  std::cout << tooling::format_prune(result, dry_run_of(arguments));
  return Outcome::ok;
}

Outcome rekey(const FixturesArguments& arguments) {
  const auto plan = tooling::plan_rekey(arguments.directory, config_of(arguments));
  if (!arguments.dry_run) tooling::apply_rekey(plan);
  std::cout << tooling::format_rekey(plan, dry_run_of(arguments));
  return check(plan.collisions.empty());
}

void add_directory(CLI::App& sub, FixturesArguments& arguments) {
  sub.add_option("DIR", arguments.directory, "fixture directory (searched recursively)")
      ->required();
}

void add_config(CLI::App& sub, FixturesArguments& arguments) {
  sub.add_option("--config", arguments.config,
                 "automock.json (match rules, routes, max_fixture_bytes)");
}

CLI::App* add_verify(CLI::App& app, FixturesArguments& arguments) {
  auto* verify = app.add_subcommand(
      "verify", "Check every fixture's schema, key and file name; with --upstream, report drift");
  add_directory(*verify, arguments);
  add_config(*verify, arguments);
  verify->add_option("--upstream", arguments.upstream,
                     "replay each cassette, in recorded order, against this base URL and "
                     "report drift");
  verify->add_flag("--allow-unsafe", arguments.allow_unsafe,
                   "also send POST, PUT, PATCH, DELETE... (a staging or throwaway instance)");
  verify
      ->add_option("--compare", arguments.compare,
                   "shape (status class, media type, JSON members and their types) or value")
      ->check(CLI::IsMember({"shape", "value"}))
      ->capture_default_str();
  verify->add_option("--ignore-json", arguments.ignore_json,
                     "JSON pointer left out of drift comparisons (repeatable), besides the "
                     "match rules' ignore_json");
  verify
      ->add_option("--output", arguments.output,
                   "drift report: text, json, junit, markdown or github (annotations)")
      ->check(CLI::IsMember({"text", "json", "junit", "markdown", "github"}))
      ->capture_default_str();
  verify->add_option("--test-binary", arguments.test_binary,
                     "the GoogleTest binary named in each drift's re-record command");
  verify->footer(
      "Only GET, HEAD and OPTIONS are sent unless --allow-unsafe; the others are listed as\n"
      "not sent. A named secret's placeholder is filled from AUTOMOCK_SECRET_<NAME>, in\n"
      "memory; an exchange whose variable is not set is listed as not sent, not as drift.\n"
      "Exit codes: 0 all good, 1 a bad fixture (one that does not parse, or an entry named\n"
      "like a fixture that is not a regular file under the size cap) or a drift, 2 DIR\n"
      "missing or bad options.");
  return verify;
}

CLI::App* add_prune(CLI::App& app, FixturesArguments& arguments) {
  auto* prune = app.add_subcommand("prune", "Remove the exchanges a usage record lists as unused");
  add_directory(*prune, arguments);
  prune->add_option("--usage", arguments.usage, "usage record from `automock serve --usage`")
      ->required();
  prune->add_flag("--dry-run", arguments.dry_run, "only print what would be removed");
  prune->add_flag("--force", arguments.force,
                  "prune even with a usage record older than a fixture of DIR");
  prune->footer(
      "A usage record written before a fixture of DIR was last modified may list as unused\n"
      "what was recorded since: it is refused (exit 2) unless --force.");
  return prune;
}

Outcome audit(const FixturesArguments& arguments) {
  const auto format = tooling::parse_audit_format(arguments.format);
  if (!format) {
    throw InputError("--format: unknown format '" + arguments.format + "' (text, json, github)");
  }
  const std::vector<std::filesystem::path> roots(arguments.audited.begin(),
                                                 arguments.audited.end());
  const auto findings = tooling::audit_fixtures(roots, config_of(arguments).max_fixture_bytes);
  std::cout << tooling::format_audit(findings, *format);
  return check(findings.empty());
}

CLI::App* add_audit(CLI::App& app, FixturesArguments& arguments) {
  auto* audit = app.add_subcommand(
      "audit", "Scan fixture trees for secrets by their shape (JWT, Bearer, keys), bodies decoded");
  audit->add_option("DIR", arguments.audited, "fixture directories (searched recursively)")
      ->capture_default_str();
  add_config(*audit, arguments);
  audit->add_option("--format", arguments.format, "text, json or github (annotations)")
      ->capture_default_str();
  audit->footer("Exit codes: 0 no secret found, 1 a secret found, 2 a DIR missing or bad input.");
  return audit;
}

}  // namespace

Runner define_fixtures(CLI::App& app) {
  auto arguments = std::make_shared<FixturesArguments>();
  app.require_subcommand(1);
  auto* ls = app.add_subcommand("ls", "List fixtures: method, path, status, size, date, seq, file");
  add_directory(*ls, *arguments);
  ls->add_flag("--json", arguments->json, "print JSON instead of a table");
  auto* show = app.add_subcommand("show", "Print one fixture's request and response");
  show->add_option("FILE", arguments->file, "fixture file")->required();
  add_config(*show, *arguments);
  auto* check = add_verify(app, *arguments);
  auto* cut = add_prune(app, *arguments);
  auto* scan = add_audit(app, *arguments);
  auto* key = app.add_subcommand("rekey", "Recompute keys and file names after rule changes");
  add_directory(*key, *arguments);
  add_config(*key, *arguments);
  key->add_flag("--dry-run", arguments->dry_run, "only print what would change");
  key->footer(
      "Requests the new rules no longer tell apart would share a file name: they are left\n"
      "as they are and reported as collisions, and the exit code is 1.");
  return [=] {
    if (ls->parsed()) return list(*arguments);
    if (show->parsed()) {
      std::cout << tooling::show_fixture(arguments->file, config_of(*arguments).max_fixture_bytes);
      return Outcome::ok;
    }
    if (check->parsed()) return verify(*arguments);
    if (cut->parsed()) return prune(*arguments);
    if (scan->parsed()) return audit(*arguments);
    return rekey(*arguments);
  };
}

}  // namespace automock::cli
