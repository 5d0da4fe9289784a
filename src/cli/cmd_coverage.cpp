// `automock coverage`: parses the options and calls coverage::run_gate.

#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "coverage/gate.hpp"

namespace automock::cli {

Runner define_coverage(CLI::App& app) {
  auto invocation = std::make_shared<coverage::GateInvocation>();
  auto reports = std::make_shared<std::vector<std::string>>();
  auto allow_decrease = std::make_shared<std::string>();
  auto baseline = std::make_shared<std::string>();
  app.add_option("--config", invocation->config,
                 "coverage.json (or automock.json with a \"coverage\" section)")
      ->required();
  app.add_option("REPORT", *reports,
                 "lcov tracefiles, gcovr JSON or Cobertura XML reports; shards are merged")
      ->required();
  app.add_option("--format", invocation->format,
                 "report kind: auto (from the content), lcov, gcovr-json, cobertura")
      ->capture_default_str();
  app.add_option("--output", invocation->output,
                 "text, json, junit, markdown, github (annotations) or html (a page and badges "
                 "in --output-dir, and text)")
      ->capture_default_str();
  app.add_option("--output-dir", invocation->output_dir,
                 "with --output html: directory for index.html and the SVG badges")
      ->capture_default_str();
  app.add_option(
         "--sources", invocation->sources,
         "glob of source files that count as 0% covered when no report has them (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--baseline", *baseline,
                 "committed baseline: fail when a module shrinks or a covered file disappears");
  app.add_flag("--update-baseline", invocation->update_baseline,
               "write the baseline (only ever raises it unless --allow-decrease)");
  app.add_option("--allow-decrease", *allow_decrease,
                 "let --update-baseline lower the baseline; the reason is recorded");
  app.add_option("--worst-files", invocation->worst_files, "files listed per failing module")
      ->capture_default_str();
  app.footer(
      "Exit codes: 0 the gate passed, 1 it failed (a module, the total, unowned files or\n"
      "the baseline), 2 a bad config or report.");
  return [invocation, reports, allow_decrease, baseline, &app] {
    invocation->reports.assign(reports->begin(), reports->end());
    if (!baseline->empty()) invocation->baseline = *baseline;
    if (app.count("--allow-decrease") > 0) invocation->allow_decrease = *allow_decrease;
    return check(coverage::run_gate(*invocation, std::cout).passed());
  };
}

}  // namespace automock::cli
