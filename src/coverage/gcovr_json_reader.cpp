// gcovr --json reader (gcovr/format_version 0.x).

#include <algorithm>
#include <automock/error.hpp>
#include <nlohmann/json.hpp>

#include "core/config_reader.hpp"
#include "coverage/reader_support.hpp"
#include "coverage/readers.hpp"

namespace automock::coverage {

namespace {

using nlohmann::json;

class GcovrJsonReader {
 public:
  GcovrJsonReader(const std::string& origin, Report& report)
      : diag_(origin, report), report_(report) {}

  void read(std::string_view text) {
    const json document = parse(text);
    if (!document.is_object()) fail("", "expected a JSON object");
    check_version(document);
    const json& files = member(document, "", "files");
    if (!files.is_array()) fail("/files", "expected an array");
    for (std::size_t i = 0; i < files.size(); ++i) read_file(files[i], child_path("/files", i));
    diag_.flush();
  }

 private:
  json parse(std::string_view text) {
    try {
      return parse_json(text);
    } catch (const InputError& error) {
      diag_.fail(error.what());
    }
  }

  void check_version(const json& document) {
    const auto version = document.find("gcovr/format_version");
    if (version == document.end() || !version->is_string()) {
      return diag_.warn("no gcovr/format_version; reading it as gcovr JSON 0.x");
    }
    if (!version->get<std::string>().starts_with("0.")) {
      diag_.warn("gcovr/format_version " + version->get<std::string>() + " is newer than 0.x");
    }
  }

  void read_file(const json& entry, const std::string& path) {
    if (!entry.is_object()) fail(path, "expected an object");
    const json& name = member(entry, path, "file");
    if (!name.is_string() || name.get_ref<const std::string&>().empty())
      fail(child_path(path, "file"), "expected a path");
    FileCoverage& file = report_.file(name.get_ref<const std::string&>());
    if (const auto lines = entry.find("lines"); lines != entry.end()) {
      if (!lines->is_array()) fail(child_path(path, "lines"), "expected an array");
      for (std::size_t i = 0; i < lines->size(); ++i) {
        read_line((*lines)[i], child_path(child_path(path, "lines"), i), file);
      }
    }
    if (const auto functions = entry.find("functions"); functions != entry.end()) {
      if (!functions->is_array()) fail(child_path(path, "functions"), "expected an array");
      for (std::size_t i = 0; i < functions->size(); ++i) {
        read_function((*functions)[i], child_path(child_path(path, "functions"), i), file);
      }
    }
  }

  void read_line(const json& line, const std::string& path, FileCoverage& file) {
    if (!line.is_object()) fail(path, "expected an object");
    if (flag(line, "gcovr/noncode") || flag(line, "gcovr/excluded")) return;
    const auto number =
        line_number(member(line, path, "line_number"), child_path(path, "line_number"));
    file.add_line(number, count(member(line, path, "count"), child_path(path, "count")));
    const auto branches = line.find("branches");
    if (branches == line.end()) return;
    if (!branches->is_array()) fail(child_path(path, "branches"), "expected an array");
    for (std::size_t i = 0; i < branches->size(); ++i) {
      const json& branch = (*branches)[i];
      const std::string branch_path = child_path(child_path(path, "branches"), i);
      if (!branch.is_object()) fail(branch_path, "expected an object");
      file.add_branch(
          {number, 0, static_cast<std::uint32_t>(i), flag(branch, "throw"),
           count(member(branch, branch_path, "count"), child_path(branch_path, "count"))});
    }
  }

  void read_function(const json& function, const std::string& path, FileCoverage& file) {
    if (!function.is_object()) fail(path, "expected an object");
    const json& name = member(function, path, "name");
    if (!name.is_string()) fail(child_path(path, "name"), "expected a string");
    file.add_function(
        {report_.intern(name.get_ref<const std::string&>()),
         line_number(member(function, path, "lineno"), child_path(path, "lineno")),
         count(member(function, path, "execution_count"), child_path(path, "execution_count"))});
  }

  static bool flag(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_boolean() && found->get<bool>();
  }

  const json& member(const json& object, const std::string& path, const char* key) {
    const auto found = object.find(key);
    if (found == object.end()) fail(path, std::string("missing \"") + key + "\"");
    return *found;
  }

  std::uint32_t line_number(const json& value, const std::string& path) {
    return checked_line_number(count(value, path), diag_);
  }

  Count count(const json& value, const std::string& path) {
    if (value.is_number_unsigned()) return std::min<Count>(value.get<std::uint64_t>(), k_max_count);
    if (value.is_number_float() && value.get<double>() >= 0) {
      // 2^64 is the first double a Count cannot hold (k_max_count itself
      // rounds up to it as a double, so it cannot be the bound).
      constexpr double k_count_limit = 18446744073709551616.0;
      const double number = value.get<double>();
      if (number >= k_count_limit) return k_max_count;
      return std::min(static_cast<Count>(number), k_max_count);
    }
    fail(path, "expected a non-negative integer");
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what) {
    diag_.fail((path.empty() ? "" : path + ": ") + what);
  }

  Diagnostics diag_;
  Report& report_;
};

}  // namespace

void read_gcovr_json(std::string_view text, const std::string& origin, Report& into) {
  GcovrJsonReader(origin, into).read(text);
}

}  // namespace automock::coverage
