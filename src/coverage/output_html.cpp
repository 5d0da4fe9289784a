// The HTML page and SVG badges: what a person opens from CI artifacts.

#include "coverage/output_html.hpp"

#include <automock/error.hpp>
#include <cctype>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/text.hpp"
#include "coverage/judge.hpp"
#include "coverage/output.hpp"
#include "coverage/output_support.hpp"

namespace automock::coverage {

namespace {

constexpr const char* k_pass_colour = "#2e7d32";
constexpr const char* k_fail_colour = "#c62828";
constexpr const char* k_neutral_colour = "#757575";

constexpr Escape k_html_entities[] = {
    {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}};

std::string escape(const std::string& text) {
  return escape_chars(text, k_html_entities);
}

const char* colour_of(const ModuleResult& module) {
  switch (module.verdict()) {
    case Verdict::pass:
      return k_pass_colour;
    case Verdict::fail:
    case Verdict::vanished:
      return k_fail_colour;
    case Verdict::not_gated:
      return k_neutral_colour;
  }
  return k_neutral_colour;
}

// "71.42" for 7142 basis points, as a CSS percentage.
std::string css_percent(std::uint32_t basis_points) {
  return std::to_string(basis_points / 100) + "." + std::to_string(basis_points % 100 / 10) +
         std::to_string(basis_points % 10);
}

std::string line_value(const ModuleResult& module) {
  const auto& lines = module[Metric::lines];
  return lines.total == 0 ? "no lines" : format_percent(lines);
}

constexpr const char* k_style = R"(
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 24px; color: #212121; }
h1 { font-size: 22px; margin: 0 0 4px; }
.verdict { font-size: 15px; font-weight: bold; }
.legend { font-size: 12px; color: #546e7a; margin: 4px 0 16px; }
.row { display: grid; grid-template-columns: 110px 320px 72px 1fr; align-items: center;
       gap: 12px; margin: 8px 0; font-size: 13px; }
.name { font-weight: bold; overflow: hidden; text-overflow: ellipsis; }
.track { position: relative; height: 20px; background: #eceff1; border-radius: 3px; }
.fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; }
.threshold { position: absolute; top: -4px; bottom: -4px; width: 3px; margin-left: -1px;
             background: #212121; }
.value { font-weight: bold; text-align: right; }
.figures { color: #546e7a; font-size: 11px; line-height: 1.4; }
.pill { color: #fff; border-radius: 3px; padding: 0 5px; font-weight: bold; }
h2 { font-size: 16px; margin: 22px 0 6px; }
table { border-collapse: collapse; font-size: 12px; }
td, th { padding: 3px 14px 3px 0; text-align: left; }
ul { margin: 4px 0; padding-left: 20px; font-size: 13px; }
)";

// "pass", "FAIL", "vanished" or "not gated".
std::string verdict_word(const ModuleResult& module) {
  return module.verdict() == Verdict::not_gated ? "not gated"
                                                : std::string{to_string(module.verdict())};
}

void render_bar(const ModuleResult& module, std::ostream& out) {
  const auto& lines = module[Metric::lines];
  out << "<div class=\"row\"><div class=\"name\" title=\"" << escape(module.name) << "\">"
      << escape(module.name) << "</div><div class=\"track\">"
      << "<div class=\"fill\" style=\"width:" << css_percent(lines.basis_points())
      << "%;background:" << colour_of(module) << "\"></div>";
  if (const auto& threshold = module.rules[Metric::lines].min_basis_points) {
    out << "<div class=\"threshold\" title=\"threshold " << format_percent(*threshold)
        << "\" style=\"left:" << css_percent(*threshold) << "%\"></div>";
  }
  out << "</div><div class=\"value\" style=\"color:" << colour_of(module) << "\">"
      << line_value(module)
      << "</div><div class=\"figures\"><span class=\"pill\" style=\"background:"
      << colour_of(module) << "\">" << verdict_word(module) << "</span> lines " << figure(lines)
      << " &middot; branches " << figure(module[Metric::branches]) << " &middot; functions "
      << figure(module[Metric::functions]) << "<br>rules: " << escape(rules_summary(module.rules))
      << "</div></div>\n";
}

void render_failure(const ModuleResult& module, std::size_t worst_files, std::ostream& out) {
  out << "<h2 style=\"color:" << k_fail_colour << "\">" << escape(module.name) << ": "
      << to_string(module.verdict()) << "</h2>\n<ul>\n";
  for (const auto& failure : module.failures) out << "<li>" << escape(failure) << "</li>\n";
  out << "</ul>\n";
  const auto worst = module.worst_files(worst_files);
  if (worst.empty()) return;
  out << "<table><tr><th>file pulling it down</th><th>uncovered lines</th><th>lines</th>"
         "<th>branches</th><th>functions</th></tr>\n";
  for (const auto* file : worst) {
    out << "<tr><td>" << escape(file->path) << "</td><td>" << (*file)[Metric::lines].uncovered()
        << "</td><td>" << figure((*file)[Metric::lines]) << "</td><td>"
        << figure((*file)[Metric::branches]) << "</td><td>" << figure((*file)[Metric::functions])
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

// Approximate width of 11px Verdana text, as badge makers estimate it.
int text_width(const std::string& text) {
  return static_cast<int>(text.size()) * 7 + 10;
}

}  // namespace

void render_html(const GateResult& result, std::size_t worst_files, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<title>Coverage gate</title><style>" << k_style << "</style></head><body>\n"
      << "<h1>Coverage gate</h1>\n<div class=\"verdict\" style=\"color:"
      << (result.passed() ? k_pass_colour : k_fail_colour) << "\">"
      << (result.passed() ? "passed" : "FAILED") << "</div>\n"
      << "<div class=\"legend\">bars: line coverage; black mark: the module's line threshold; "
         "green passes, red fails, grey is not gated</div>\n";
  for (const auto* module : rows(result)) render_bar(*module, out);
  for (const auto* module : failing(result)) render_failure(*module, worst_files, out);
  if (!result.baseline_failures.empty()) {
    out << "<h2 style=\"color:" << k_fail_colour << "\">baseline</h2>\n<ul>\n";
    for (const auto& failure : result.baseline_failures)
      out << "<li>" << escape(failure) << "</li>\n";
    out << "</ul>\n";
  }
  for (const auto& warning : result.warnings) out << "<p>warning: " << escape(warning) << "</p>\n";
  out << "</body></html>\n";
}

namespace {

std::string badge(const std::string& label, const std::string& value, const char* colour) {
  const int left = text_width(label);
  const int right = text_width(value);
  const auto width = std::to_string(left + right);
  const auto text = [](int x, const std::string& words) {
    return "<text x=\"" + std::to_string(x) + "\" y=\"14\">" + escape(words) + "</text>";
  };
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width +
         "\" height=\"20\" role=\"img\" aria-label=\"" + escape(label + ": " + value) +
         "\"><title>" + escape(label + ": " + value) + "</title>" + "<rect width=\"" +
         std::to_string(left) + "\" height=\"20\" fill=\"#555\"/>" + "<rect x=\"" +
         std::to_string(left) + "\" width=\"" + std::to_string(right) + "\" height=\"20\" fill=\"" +
         colour + "\"/>" +
         "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"DejaVu Sans,Verdana,sans-serif\" "
         "font-size=\"11\">" +
         text(left / 2, label) + text(left + right / 2, value) + "</g></svg>\n";
}

}  // namespace

std::string badge_svg(const std::string& label, const ModuleResult& module) {
  return badge(label, line_value(module), colour_of(module));
}

std::string overall_badge_svg(const GateResult& result) {
  return badge("coverage", line_value(result.total),
               result.passed() ? k_pass_colour : k_fail_colour);
}

std::string badge_file_name(const std::string& module_name) {
  std::string name = "badge-";
  for (const char c : module_name) {
    const bool safe =
        std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    name += safe ? c : '_';
  }
  return name + ".svg";
}

}  // namespace automock::coverage

namespace automock::coverage {

void write_html_report(const GateResult& result, std::size_t worst_files,
                       const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw IoError("cannot create " + directory.string() + ": " + error.message());
  std::ostringstream page;
  render_html(result, worst_files, page);
  write_file_atomic(directory / "index.html", page.str(), WriteMode::replace);
  write_file_atomic(directory / "badge.svg", overall_badge_svg(result), WriteMode::replace);
  for (const auto& module : result.modules) {
    write_file_atomic(directory / badge_file_name(module.name), badge_svg(module.name, module),
                      WriteMode::replace);
  }
}

}  // namespace automock::coverage
