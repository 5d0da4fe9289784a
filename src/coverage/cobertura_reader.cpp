// Cobertura XML reader (gcovr --xml, coverage.py xml, JaCoCo via cover2cover).
// Cobertura has no branch identities, only "covered/total" per line, so
// branch i of a line counts as taken when i < covered; repeated entries for
// one line therefore merge to the largest covered and total seen.

#include <algorithm>
#include <automock/error.hpp>
#include <charconv>
#include <pugixml.hpp>

#include "coverage/reader_support.hpp"
#include "coverage/readers.hpp"

namespace automock::coverage {

namespace {

class CoberturaReader {
 public:
  CoberturaReader(std::string_view text, const std::string& origin, Report& report)
      : text_(text), diag_(origin, report), report_(report) {}

  void read() {
    pugi::xml_document document;
    const auto result = document.load_buffer(text_.data(), text_.size());
    if (!result) {
      diag_.line = line_of(static_cast<std::size_t>(result.offset));
      diag_.fail(std::string("invalid XML: ") + result.description());
    }
    const pugi::xml_node coverage = document.child("coverage");
    if (!coverage) diag_.fail("not a Cobertura report: no <coverage> root element");
    for (const auto& source : coverage.child("sources").children("source")) {
      sources_.emplace_back(source.text().get());
    }
    for (const auto& package : coverage.child("packages").children("package")) {
      for (const auto& klass : package.child("classes").children("class")) read_class(klass);
    }
    diag_.flush();
  }

 private:
  std::size_t line_of(std::size_t offset) const {
    const auto end = std::min(offset, text_.size());
    return 1 + static_cast<std::size_t>(std::count(
                   text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
  }

  void at(const pugi::xml_node& node) {
    diag_.line = line_of(static_cast<std::size_t>(node.offset_debug()));
  }

  void read_class(const pugi::xml_node& klass) {
    at(klass);
    const std::string filename = klass.attribute("filename").as_string();
    if (filename.empty()) diag_.fail("<class> without a filename");
    FileCoverage& file = report_.file(resolve(filename));
    for (const auto& line : klass.child("lines").children("line")) read_line(line, file);
    for (const auto& method : klass.child("methods").children("method")) read_method(method, file);
  }

  std::string resolve(const std::string& filename) const {
    std::filesystem::path path(filename);
    if (path.is_absolute() || sources_.empty()) return filename;
    for (const auto& source : sources_) {
      std::error_code ignored;
      if (std::filesystem::exists(source / path, ignored)) return (source / path).generic_string();
    }
    return (sources_.front() / path).generic_string();
  }

  void read_line(const pugi::xml_node& line, FileCoverage& file) {
    at(line);
    const std::uint32_t number = checked_line_number(
        parse_count(line.attribute("number").as_string(), "<line> number", diag_), diag_);
    file.add_line(number, parse_count(line.attribute("hits").as_string(), "<line> hits", diag_));
    const std::string_view condition = line.attribute("condition-coverage").as_string();
    if (condition.empty()) return;
    const auto [covered, total] = parse_condition(condition);
    for (std::uint32_t i = 0; i < total; ++i)
      file.add_branch({number, 0, i, false, i < covered ? 1u : 0u});
  }

  // "50% (1/2)"
  std::pair<std::uint32_t, std::uint32_t> parse_condition(std::string_view text) {
    const auto open = text.find('(');
    const auto slash = text.find('/', open);
    const auto close = text.find(')', slash);
    if (open == std::string_view::npos || slash == std::string_view::npos ||
        close == std::string_view::npos) {
      diag_.fail("condition-coverage: expected 'P% (covered/total)', got '" + std::string(text) +
                 "'");
    }
    const auto covered =
        parse_u32(text.substr(open + 1, slash - open - 1), "condition-coverage", diag_);
    const auto total =
        parse_u32(text.substr(slash + 1, close - slash - 1), "condition-coverage", diag_);
    if (covered > total) diag_.fail("condition-coverage: covered exceeds total");
    return {covered, total};
  }

  // A method is covered when any of its lines ran.
  void read_method(const pugi::xml_node& method, FileCoverage& file) {
    at(method);
    std::string name = method.attribute("name").as_string();
    if (name.empty()) diag_.fail("<method> without a name");
    name += method.attribute("signature").as_string();
    FunctionHit function{report_.intern(name), k_max_line_number, 0};
    for (const auto& line : method.child("lines").children("line")) {
      at(line);
      const auto number = checked_line_number(
          parse_count(line.attribute("number").as_string(), "<line> number", diag_), diag_);
      function.line = std::min(function.line, number);
      function.count = std::max(
          function.count, parse_count(line.attribute("hits").as_string(), "<line> hits", diag_));
    }
    file.add_function(function);
  }

  std::string_view text_;
  Diagnostics diag_;
  Report& report_;
  std::vector<std::filesystem::path> sources_;
};

}  // namespace

void read_cobertura(std::string_view text, const std::string& origin, Report& into) {
  CoberturaReader(text, origin, into).read();
}

}  // namespace automock::coverage
