#include <array>
#include <automock/error.hpp>
#include <cstdio>
#include <memory>
#include <utility>

#include "core/enum_names.hpp"
#include "coverage/lcov_stream.hpp"
#include "coverage/readers.hpp"

namespace automock::coverage {

namespace {

constexpr EnumNames<Format, 4> k_format_names{{{Format::automatic, "auto"},
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
  return value_of(k_format_names, name);
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
  using Reader = void (*)(std::string_view, const std::string&, Report&);
  static constexpr std::pair<Format, Reader> k_readers[] = {{Format::lcov, read_lcov},
                                                            {Format::gcovr_json, read_gcovr_json},
                                                            {Format::cobertura, read_cobertura}};
  if (format == Format::automatic) format = detect_format(text, origin);
  for (const auto& [candidate, read] : k_readers) {
    if (candidate == format) return read(text, origin, into);
  }
}

namespace {

constexpr std::size_t k_block_size = 4 << 20;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Appends up to `size` bytes; false at the end of the file.
bool read_block(std::FILE* file, std::string& buffer, std::size_t size, const std::string& origin) {
  const std::size_t old_size = buffer.size();
  buffer.resize(old_size + size);
  const std::size_t got = std::fread(buffer.data() + old_size, 1, size, file);
  buffer.resize(old_size + got);
  if (std::ferror(file)) throw InputError(origin + ": cannot read the coverage report");
  return got > 0;
}

// lcov is parsed block by block: memory stays flat however large the file.
void stream_lcov(std::FILE* file, std::string buffer, const std::string& origin, Report& into) {
  LcovStream stream(origin, into);
  bool more = true;
  while (more) {
    more = read_block(file, buffer, k_block_size, origin);
    const auto last_newline = buffer.rfind('\n');
    if (more && last_newline == std::string::npos) continue;
    const std::size_t complete = more ? last_newline + 1 : buffer.size();
    stream.feed(std::string_view(buffer).substr(0, complete));
    buffer.erase(0, complete);
  }
  stream.finish();
}

}  // namespace

void read_report_file(const std::filesystem::path& file, Format format, Report& into) {
  const std::string origin = file.string();
  File stream(std::fopen(origin.c_str(), "rb"), std::fclose);
  if (!stream) throw InputError(origin + ": cannot open the coverage report");
  std::string buffer;
  read_block(stream.get(), buffer, k_block_size, origin);
  if (format == Format::automatic) format = detect_format(buffer, origin);
  if (format == Format::lcov) return stream_lcov(stream.get(), std::move(buffer), origin, into);
  while (read_block(stream.get(), buffer, k_block_size, origin)) {
  }
  read_report(buffer, origin, format, into);
}

}  // namespace automock::coverage
