#include <array>
#include <automock/coverage/readers.hpp>
#include <automock/error.hpp>
#include <cstdio>
#include <memory>

namespace automock::coverage {

namespace {

struct FormatName {
  Format format;
  std::string_view name;
};
constexpr std::array<FormatName, 4> k_format_names{{{Format::automatic, "auto"},
                                                    {Format::lcov, "lcov"},
                                                    {Format::gcovr_json, "gcovr-json"},
                                                    {Format::cobertura, "cobertura"}}};

constexpr std::array<std::string_view, 16> k_lcov_tags{
    "TN:",  "SF:", "VER:", "FN:", "FNDA:", "FNF:", "FNH:", "FNL:",
    "FNA:", "DA:", "LF:",  "LH:", "BRDA:", "BRF:", "BRH:", "end_of_record"};

std::string_view skip_preamble(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view{} : text.substr(first);
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& entry : k_format_names) {
    if (entry.name == name) return entry.format;
  }
  return std::nullopt;
}

std::string_view to_string(Format format) {
  for (const auto& entry : k_format_names) {
    if (entry.format == format) return entry.name;
  }
  return "unknown";
}

Format detect_format(std::string_view content, const std::string& origin) {
  const std::string_view text = skip_preamble(content);
  if (text.starts_with('<')) return Format::cobertura;
  if (text.starts_with('{')) return Format::gcovr_json;
  for (const auto tag : k_lcov_tags) {
    if (text.starts_with(tag)) return Format::lcov;
  }
  if (text.empty()) throw InputError(origin + ": empty coverage report");
  throw InputError(origin + ": not an lcov tracefile, gcovr JSON or Cobertura XML report");
}

void read_report(std::string_view text, const std::string& origin, Format format, Report& into) {
  if (format == Format::automatic) format = detect_format(text, origin);
  switch (format) {
    case Format::lcov:
      return read_lcov(text, origin, into);
    case Format::gcovr_json:
      return read_gcovr_json(text, origin, into);
    case Format::cobertura:
      return read_cobertura(text, origin, into);
    case Format::automatic:
      break;
  }
}

void read_report_file(const std::filesystem::path& file, Format format, Report& into) {
  const std::string origin = file.string();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(origin.c_str(), "rb"),
                                                         std::fclose);
  if (!stream) throw InputError(origin + ": cannot open the coverage report");
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) throw InputError(origin + ": cannot read the coverage report: " + error.message());
  std::string text(size, '\0');
  if (size > 0 && std::fread(text.data(), 1, size, stream.get()) != size) {
    throw InputError(origin + ": cannot read the coverage report");
  }
  read_report(text, origin, format, into);
}

}  // namespace automock::coverage
