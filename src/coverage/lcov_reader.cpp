// lcov tracefile reader: a line scanner over blocks of the file (no regex, no
// per-line streams), numbers parsed with std::from_chars.

#include <automock/error.hpp>
#include <charconv>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "coverage/lcov_stream.hpp"
#include "coverage/reader_support.hpp"
#include "coverage/readers.hpp"

namespace automock::coverage {

namespace {

// FNDA gives no line; the FN of the same name does (the smaller line wins on merge).
constexpr std::uint32_t k_unknown_line = 0xffffffffu;
constexpr std::uint32_t k_no_name = 0xffffffffu;

struct FunctionGroup {
  std::uint32_t name = k_no_name;  // the first alias
  std::uint32_t line = 0;
  Count count = 0;
};

// What one SF..end_of_record section declared and what it held, for the
// cross-check of the summary records against the detail records.
struct Section {
  std::size_t start_line = 0;
  std::uint64_t lines = 0, lines_hit = 0;
  std::uint64_t branches = 0, branches_hit = 0;
  std::uint64_t functions = 0, functions_hit = 0;
  std::optional<std::uint64_t> lf, lh, brf, brh, fnf, fnh;
  // lcov 2.x FNL index -> the function its FNA aliases add up to.
  std::unordered_map<std::uint32_t, FunctionGroup> function_groups;
};

}  // namespace

class LcovStream::Parser {
 public:
  Parser(const std::string& origin, Report& report) : diag_(origin, report), report_(report) {}

  void feed(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
      const void* newline = std::memchr(text.data() + pos, '\n', text.size() - pos);
      const std::size_t end =
          newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data())
                  : text.size();
      std::string_view line = text.substr(pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++diag_.line;
      if (!line.empty()) record(line);
      pos = end + 1;
    }
  }

  void finish() {
    if (file_) {
      diag_.fail("missing end_of_record for the section started at line " +
                 std::to_string(section_.start_line));
    }
    diag_.flush();
  }

 private:
  void record(std::string_view line) {
    if (line == "end_of_record") return end_section();
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      return diag_.warn("unknown record '" + std::string(line) + "'");
    }
    const std::string_view tag = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    if (tag == "DA") return da(value);
    if (tag == "BRDA") return brda(value);
    if (tag == "FN") return fn(value);
    if (tag == "FNDA") return fnda(value);
    if (tag == "SF") return start_section(value);
    if (tag == "TN" || tag == "VER") return;
    if (tag == "FNL") return fnl(value);
    if (tag == "FNA") return fna(value);
    if (tag == "LF") return summary(section_.lf, value);
    if (tag == "LH") return summary(section_.lh, value);
    if (tag == "BRF") return summary(section_.brf, value);
    if (tag == "BRH") return summary(section_.brh, value);
    if (tag == "FNF") return summary(section_.fnf, value);
    if (tag == "FNH") return summary(section_.fnh, value);
    diag_.warn("unknown record '" + std::string(tag) + "'");
  }

  void start_section(std::string_view path) {
    if (file_) diag_.fail("SF before the end_of_record of the previous section");
    if (path.empty()) diag_.fail("SF without a path");
    file_ = &report_.file(path);
    section_ = Section{};
    section_.start_line = diag_.line;
  }

  FileCoverage& current(std::string_view tag) {
    if (!file_) diag_.fail(std::string(tag) + " outside an SF section");
    return *file_;
  }

  // DA:<line>,<count>[,<checksum>]
  void da(std::string_view value) {
    FileCoverage& file = current("DA");
    FieldScanner fields(value, diag_);
    const auto line = fields.line_number("DA");
    const auto count = fields.count("DA");
    file.add_line(line, count);
    ++section_.lines;
    if (count > 0) ++section_.lines_hit;
  }

  // BRDA:<line>,[e]<block>,<branch>,<taken|->; the branch may be an
  // expression containing commas, so taken is whatever follows the last comma.
  void brda(std::string_view value) {
    FileCoverage& file = current("BRDA");
    FieldScanner fields(value, diag_);
    BranchHit branch;
    branch.line = fields.line_number("BRDA");
    std::string_view block = fields.next("BRDA");
    if (block.starts_with('e')) {
      branch.exception = true;
      block.remove_prefix(1);
    }
    branch.block = parse_u32(block, "BRDA block", diag_);
    const std::string_view rest = fields.rest();
    const auto last_comma = rest.rfind(',');
    if (last_comma == std::string_view::npos || last_comma == 0)
      diag_.fail("BRDA: expected <line>,<block>,<branch>,<taken>");
    branch.id = branch_id(rest.substr(0, last_comma));
    const std::string_view taken = rest.substr(last_comma + 1);
    branch.taken = taken == "-" ? 0 : parse_count(taken, "BRDA taken", diag_);
    file.add_branch(branch);
    ++section_.branches;
    if (branch.taken > 0) ++section_.branches_hit;
  }

  std::uint32_t branch_id(std::string_view text) {
    std::uint32_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error == std::errc{} && end == text.data() + text.size() && id < k_string_branch_id)
      return id;
    return report_.intern(text) | k_string_branch_id;
  }

  // FN:<line>[,<end line>],<name> (lcov 2.x may add the end line)
  void fn(std::string_view value) {
    FileCoverage& file = current("FN");
    FieldScanner fields(value, diag_);
    const auto line = fields.line_number("FN");
    std::string_view name = fields.rest();
    const auto comma = name.find(',');
    if (comma != std::string_view::npos && is_digits(name.substr(0, comma)))
      name.remove_prefix(comma + 1);
    if (name.empty()) diag_.fail("FN: missing function name");
    file.add_function({report_.intern(name), line, 0});
    ++section_.functions;
  }

  // FNDA:<count>,<name>
  void fnda(std::string_view value) {
    FileCoverage& file = current("FNDA");
    FieldScanner fields(value, diag_);
    const auto count = fields.count("FNDA");
    const std::string_view name = fields.rest();
    if (name.empty()) diag_.fail("FNDA: missing function name");
    file.add_function({report_.intern(name), k_unknown_line, count});
    if (count > 0) ++section_.functions_hit;
  }

  // FNL:<index>,<line>[,<end line>] (lcov 2.x): declares a function.
  void fnl(std::string_view value) {
    current("FNL");
    FieldScanner fields(value, diag_);
    const auto index = parse_u32(fields.next("FNL"), "FNL index", diag_);
    const auto line = fields.line_number("FNL");
    section_.function_groups[index] = FunctionGroup{k_no_name, line, 0};
  }

  // FNA:<index>,<count>,<name> (lcov 2.x): an alias of a declared function;
  // the aliases of one index are one function, named after the first.
  void fna(std::string_view value) {
    current("FNA");
    FieldScanner fields(value, diag_);
    const auto index = parse_u32(fields.next("FNA"), "FNA index", diag_);
    const auto count = fields.count("FNA");
    const std::string_view name = fields.rest();
    if (name.empty()) diag_.fail("FNA: missing function name");
    const auto group = section_.function_groups.find(index);
    if (group == section_.function_groups.end()) diag_.fail("FNA for an index without FNL");
    if (group->second.name == k_no_name) group->second.name = report_.intern(name);
    group->second.count = saturating_add(group->second.count, count);
  }

  void summary(std::optional<std::uint64_t>& slot, std::string_view value) {
    slot = parse_count(value, "summary record", diag_);
  }

  void end_section() {
    FileCoverage& file = current("end_of_record");
    for (const auto& [index, group] : section_.function_groups) {
      const std::uint32_t name = group.name != k_no_name
                                     ? group.name
                                     : report_.intern("function#" + std::to_string(index));
      file.add_function({name, group.line, group.count});
      ++section_.functions;
      if (group.count > 0) ++section_.functions_hit;
    }
    cross_check("LF", section_.lf, section_.lines);
    cross_check("LH", section_.lh, section_.lines_hit);
    cross_check("BRF", section_.brf, section_.branches);
    cross_check("BRH", section_.brh, section_.branches_hit);
    cross_check("FNF", section_.fnf, section_.functions);
    cross_check("FNH", section_.fnh, section_.functions_hit);
    // Merged now, so that shards and repeated sections never pile up.
    file.finalize();
    file_ = nullptr;
  }

  void cross_check(std::string_view tag, const std::optional<std::uint64_t>& declared,
                   std::uint64_t counted) {
    if (!declared || *declared == counted) return;
    diag_.warn(std::string(tag) + " says " + std::to_string(*declared) +
               " but the section (from line " + std::to_string(section_.start_line) + ") has " +
               std::to_string(counted) + "; using the detail records");
  }

  static bool is_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  Diagnostics diag_;
  Report& report_;
  FileCoverage* file_ = nullptr;
  Section section_;
};

LcovStream::LcovStream(const std::string& origin, Report& report)
    : parser_(std::make_unique<Parser>(origin, report)) {}
LcovStream::~LcovStream() = default;
void LcovStream::feed(std::string_view text) {
  parser_->feed(text);
}
void LcovStream::finish() {
  parser_->finish();
}

void read_lcov(std::string_view text, const std::string& origin, Report& into) {
  LcovStream stream(origin, into);
  stream.feed(text);
  stream.finish();
}

}  // namespace automock::coverage
