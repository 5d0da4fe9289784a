#include "coverage/sources.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <stdexcept>

#include "core/files.hpp"
#include "coverage/glob.hpp"

namespace automock::coverage {

namespace {

// A catch handler's closing brace is code: it ends the handler (__cxa_end_catch).
enum class Block { scope, code, catch_handler };

// Scans C/C++ text line by line, tracking comments and brace nesting.
class LineEstimator {
 public:
  std::vector<std::uint32_t> run(std::string_view source) {
    std::uint32_t number = 0;
    std::size_t pos = 0;
    while (pos <= source.size()) {
      const auto end = std::min(source.find('\n', pos), source.size());
      scan(source.substr(pos, end - pos), ++number);
      pos = end + 1;
    }
    return lines_;
  }

 private:
  void scan(std::string_view line, std::uint32_t number) {
    const bool excluded = markers(line);
    const bool in_code = !blocks_.empty() && blocks_.back() != Block::scope;
    bool opens_code = false;
    bool closes_catch = false;
    std::string content;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (in_comment_) {
        if (c == '*' && i + 1 < line.size() && line[i + 1] == '/') in_comment_ = false, ++i;
        continue;
      }
      if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') break;
      if (c == '/' && i + 1 < line.size() && line[i + 1] == '*') {
        in_comment_ = true;
        ++i;
        continue;
      }
      if (c == '#' && content.find_first_not_of(" \t") == std::string::npos) break;
      if (c == '"' || c == '\'') i = skip_literal(line, i);
      if (c == '{') opens_code = open_block() || opens_code;
      if (c == '}' && !blocks_.empty()) {
        closes_catch = closes_catch || blocks_.back() == Block::catch_handler;
        blocks_.pop_back();
      }
      if (c == ';' || c == '{' || c == '}')
        statement_.clear();
      else
        statement_ += c;
      content += c;
    }
    if (!excluded && ((in_code && has_code(content)) || opens_code || closes_catch))
      lines_.push_back(number);
  }

  // Returns true when the brace opens a function body.
  bool open_block() {
    const bool code = (!blocks_.empty() && blocks_.back() != Block::scope) ||
                      (statement_.find(')') != std::string::npos && !declares_scope(statement_));
    if (!code) {
      blocks_.push_back(Block::scope);
      return false;
    }
    const bool function_body = blocks_.empty() || blocks_.back() == Block::scope;
    blocks_.push_back(statement_.find("catch") != std::string::npos ? Block::catch_handler
                                                                    : Block::code);
    return function_body;
  }

  static bool declares_scope(const std::string& statement) {
    for (const char* keyword :
         {"namespace", "class ", "struct ", "enum ", "union ", "extern \"C\""}) {
      if (statement.find(keyword) != std::string::npos) return true;
    }
    return false;
  }

  static std::size_t skip_literal(std::string_view line, std::size_t open) {
    const char quote = line[open];
    for (std::size_t i = open + 1; i < line.size(); ++i) {
      if (line[i] == '\\')
        ++i;
      else if (line[i] == quote)
        return i;
    }
    return line.size() - 1;
  }

  static bool has_code(const std::string& content) {
    std::string words;
    for (const char c : content) {
      if (c != '{' && c != '}' && c != ';' && c != ' ' && c != '\t' && c != '\r' && c != ')' &&
          c != '(') {
        words += c;
      }
    }
    return !words.empty() && words != "try" && words != "else" && words != "do";
  }

  // Applies LCOV_EXCL_* and GCOVR_EXCL_* markers; true if the line is excluded.
  bool markers(std::string_view line) {
    for (const char* prefix : {"LCOV_EXCL_", "GCOVR_EXCL_"}) {
      const auto at = line.find(prefix);
      if (at == std::string_view::npos) continue;
      const auto marker = line.substr(at + std::string_view(prefix).size());
      if (marker.starts_with("START")) excluding_ = true;
      if (marker.starts_with("STOP")) {
        excluding_ = false;
        return true;
      }
      if (marker.starts_with("LINE")) return true;
    }
    return excluding_;
  }

  std::vector<std::uint32_t> lines_;
  std::vector<Block> blocks_;
  std::string statement_;
  bool in_comment_ = false;
  bool excluding_ = false;
};

std::vector<Glob> compile(const std::vector<std::string>& patterns) {
  std::vector<Glob> globs;
  for (const auto& pattern : patterns) {
    try {
      globs.emplace_back(pattern);
    } catch (const InputError& error) {
      throw InputError("--sources '" + pattern + "': " + error.what());
    }
  }
  return globs;
}

}  // namespace

std::vector<std::uint32_t> estimate_executable_lines(std::string_view source) {
  return LineEstimator().run(source);
}

std::size_t add_missing_sources(Report& report, const std::vector<std::string>& patterns) {
  const std::vector<Glob> globs = compile(patterns);
  std::size_t added = 0;
  namespace fs = std::filesystem;
  std::error_code error;
  for (fs::recursive_directory_iterator it(report.root(), error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && name.starts_with('.')) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const std::string path = it->path().lexically_relative(report.root()).generic_string();
    const auto segments = Glob::split(path);
    const bool wanted = std::any_of(globs.begin(), globs.end(),
                                    [&](const Glob& glob) { return glob.matches(segments); });
    if (!wanted || report.contains(path)) continue;
    FileCoverage& file = report.file(path);
    for (const auto line : estimate_executable_lines(read_file(it->path()))) file.add_line(line, 0);
    ++added;
  }
  if (error)
    throw InputError(report.root().string() + ": cannot list source files: " + error.message());
  return added;
}

}  // namespace automock::coverage
