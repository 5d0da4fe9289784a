// Text, markdown and GitHub annotation outputs.

#include <algorithm>

#include "core/enum_names.hpp"
#include "core/text.hpp"
#include "coverage/judge.hpp"
#include "coverage/output.hpp"
#include "coverage/output_escapes.hpp"
#include "coverage/output_html.hpp"
#include "coverage/output_support.hpp"

namespace automock::coverage {

namespace {

std::vector<std::string> row_cells(const ModuleResult& module) {
  return {module.name,
          std::to_string(module.files.size()),
          figure(module[Metric::lines]),
          figure(module[Metric::branches]),
          figure(module[Metric::functions]),
          rules_summary(module.rules),
          std::string(to_string(module.verdict()))};
}

const std::vector<std::string> k_headers{"module",    "files", "lines",  "branches",
                                         "functions", "rules", "verdict"};

void print_table(const std::vector<std::vector<std::string>>& table, std::ostream& out) {
  std::vector<std::size_t> widths(table.front().size(), 0);
  for (const auto& row : table) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : table) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string padding(widths[i] - row[i].size(), ' ');
      // the second column (counts) right-aligned, the others left-aligned
      line += (i == 1 ? padding + row[i] : row[i] + padding) + (i + 1 < row.size() ? "  " : "");
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  }
}

void print_failure_details(const ModuleResult& module, std::size_t worst_files, std::ostream& out) {
  out << '\n' << module.name << ": " << to_string(module.verdict()) << '\n';
  for (const auto& failure : module.failures) out << "  " << failure << '\n';
  const auto worst = module.worst_files(worst_files);
  if (worst.empty()) return;
  out << "  files pulling it down (by uncovered lines):\n";
  std::vector<std::vector<std::string>> table;
  for (const auto* file : worst) {
    table.push_back(
        {"    " + file->path, std::to_string((*file)[Metric::lines].uncovered()) + " uncovered",
         "lines " + figure((*file)[Metric::lines]), "branches " + figure((*file)[Metric::branches]),
         "functions " + figure((*file)[Metric::functions])});
  }
  print_table(table, out);
}

void print_verdict_line(const GateResult& result, std::ostream& out) {
  const auto failures = failing(result);
  if (result.passed()) {
    out << "coverage gate: passed\n";
    return;
  }
  std::string names;
  for (const auto* module : failures) names += (names.empty() ? "" : ", ") + module->name;
  if (!result.baseline_failures.empty())
    names += (names.empty() ? "" : ", ") + std::string("baseline");
  out << "coverage gate: FAILED (" << names << ")\n";
}

enum class Warnings { print, skip };

void render_text(const GateResult& result, std::size_t worst_files, std::ostream& out,
                 Warnings warnings = Warnings::print) {
  if (warnings == Warnings::print) {
    for (const auto& warning : result.warnings) out << "warning: " << warning << '\n';
  }
  std::vector<std::vector<std::string>> table{k_headers};
  for (const auto* module : rows(result)) table.push_back(row_cells(*module));
  print_table(table, out);
  for (const auto* module : failing(result)) print_failure_details(*module, worst_files, out);
  if (!result.baseline_failures.empty()) {
    out << "\nbaseline:\n";
    for (const auto& failure : result.baseline_failures) out << "  " << failure << '\n';
  }
  for (const auto& note : result.notes) out << note << '\n';
  print_verdict_line(result, out);
}

void render_markdown(const GateResult& result, std::size_t worst_files, std::ostream& out) {
  out << "| module | files | lines | branches | functions | rules | verdict |\n"
         "|---|--:|--:|--:|--:|---|---|\n";
  for (const auto* module : rows(result)) {
    out << '|';
    for (const auto& cell : row_cells(*module)) out << ' ' << markdown_escape(cell) << " |";
    out << '\n';
  }
  for (const auto* module : failing(result)) {
    out << "\n**" << markdown_escape(module->name) << "**: " << to_string(module->verdict())
        << "\n\n";
    for (const auto& failure : module->failures) out << "- " << markdown_escape(failure) << '\n';
    for (const auto* file : module->worst_files(worst_files)) {
      out << "- `" << file->path << "`: " << (*file)[Metric::lines].uncovered()
          << " uncovered lines (" << figure((*file)[Metric::lines]) << ")\n";
    }
  }
  if (!result.baseline_failures.empty()) out << "\n**baseline**: FAIL\n\n";
  for (const auto& failure : result.baseline_failures)
    out << "- " << markdown_escape(failure) << '\n';
  for (const auto& warning : result.warnings)
    out << "\n> warning: " << markdown_escape(warning) << '\n';
  out << '\n' << (result.passed() ? "Coverage gate passed." : "Coverage gate **failed**.") << '\n';
}

void render_github(const GateResult& result, std::size_t worst_files, std::ostream& out) {
  for (const auto& warning : result.warnings)
    out << "::warning title=coverage input::" << github_data(warning) << '\n';
  for (const auto* module : failing(result)) {
    const std::string title = github_property("coverage: " + module->name);
    for (const auto& failure : module->failures)
      out << "::error title=" << title << "::" << github_data(failure) << '\n';
    for (const auto* file : module->worst_files(worst_files)) {
      out << "::warning file=" << github_property(file->path) << ",title=" << title << "::"
          << github_data(std::to_string((*file)[Metric::lines].uncovered()) +
                         " uncovered lines (lines " + figure((*file)[Metric::lines]) + ")")
          << '\n';
    }
  }
  for (const auto& failure : result.baseline_failures) {
    out << "::error title=coverage baseline::" << github_data(failure) << '\n';
  }
  // The text report prints paths and module names as they are: a line of
  // them that starts with "::" must not become a workflow command.
  const std::string token = stop_commands_token();
  out << "::stop-commands::" << token << '\n';
  render_text(result, worst_files, out, Warnings::skip);
  out << "::" << token << "::\n";
}

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  static constexpr EnumNames<OutputFormat, 6> k_output_format_names{
      {{OutputFormat::text, "text"},
       {OutputFormat::json, "json"},
       {OutputFormat::junit, "junit"},
       {OutputFormat::markdown, "markdown"},
       {OutputFormat::github, "github"},
       {OutputFormat::html, "html"}}};
  return value_of(k_output_format_names, name);
}

void render(const GateResult& result, OutputFormat format, std::size_t worst_files,
            std::ostream& out) {
  switch (format) {
    case OutputFormat::text:
      return render_text(result, worst_files, out);
    case OutputFormat::markdown:
      return render_markdown(result, worst_files, out);
    case OutputFormat::github:
      return render_github(result, worst_files, out);
    case OutputFormat::json:
    case OutputFormat::junit:
      return render_structured(result, format, worst_files, out);
    case OutputFormat::html:
      return render_html(result, worst_files, out);
  }
}

}  // namespace automock::coverage
