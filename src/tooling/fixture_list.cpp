#include "tooling/fixture_list.hpp"

#include <algorithm>
#include <array>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/json_edit.hpp"
#include "core/text.hpp"
#include "core/utc_time.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

FixtureRow row_of(const fs::path& root, const fs::path& file) {
  FixtureRow row{.file = file.lexically_relative(root)};
  try {
    const auto exchange = read_fixture(file);
    row.method = exchange.request.method;
    row.url = exchange.request.target;
    row.status = exchange.response.status;
    row.size = exchange.response.body.size();
    row.recorded_at = format_utc_seconds(exchange.recorded_at);
    row.seq = exchange.seq;
  } catch (const Error& error) {
    row.error = error.what();
  }
  return row;
}

using Cells = std::array<std::string, 7>;

Cells cells_of(const FixtureRow& row) {
  if (row.error)
    return {"!", "(unreadable: " + *row.error + ")", "", "", "", "", row.file.string()};
  return {row.method,
          row.url,
          std::to_string(row.status),
          std::to_string(row.size),
          row.recorded_at,
          std::to_string(row.seq),
          row.file.string()};
}

std::string pretty_body(const std::string& body) {
  if (body.empty()) return "(empty body)\n";
  if (const auto document = parse_json_within(body)) return document->dump(2) + "\n";
  if (is_valid_utf8(body)) return body + (body.ends_with('\n') ? "" : "\n");
  return "(" + std::to_string(body.size()) + " bytes of binary data)\n";
}

void write_headers(std::ostream& out, std::string_view mark, const Headers& headers) {
  for (const auto& [name, value] : headers) out << mark << name << ": " << value << '\n';
}

// "3 chunks over 10.2 ms, cut: time limit" for a streamed response.
std::string stream_summary(const Response& response) {
  std::ostringstream out;
  out << response.chunks.size() << (response.chunks.size() == 1 ? " chunk" : " chunks") << " over "
      << std::fixed << std::setprecision(1) << response.chunks.back().offset_ms << " ms";
  if (!response.cut.empty()) out << ", cut: " << response.cut;
  return out.str();
}

// A streamed body chunk by chunk, each under a "~ chunk N at T ms, S bytes"
// line; a binary body as its byte count.
std::string chunked_body(const Response& response) {
  if (!is_valid_utf8(response.body)) return pretty_body(response.body);
  std::ostringstream out;
  size_t at = 0;
  for (size_t i = 0; i < response.chunks.size(); ++i) {
    const auto& chunk = response.chunks[i];
    const auto text = std::string_view{response.body}.substr(at, chunk.size);
    out << "~ chunk " << i + 1 << " at " << std::fixed << std::setprecision(1) << chunk.offset_ms
        << " ms, " << chunk.size << " bytes\n"
        << text << (text.ends_with('\n') ? "" : "\n");
    at += chunk.size;
  }
  return out.str();
}

}  // namespace

std::vector<FixtureRow> list_fixtures(const fs::path& root) {
  std::vector<FixtureRow> rows;
  for (const auto& file : find_fixture_files(root)) rows.push_back(row_of(root, file));
  return rows;
}

std::string format_table(const std::vector<FixtureRow>& rows) {
  std::vector<Cells> table{{"METHOD", "PATH", "STATUS", "SIZE", "RECORDED", "SEQ", "FILE"}};
  for (const auto& row : rows) table.push_back(cells_of(row));
  std::array<size_t, 7> widths{};
  for (const auto& cells : table) {
    for (size_t i = 0; i < cells.size(); ++i) widths[i] = std::max(widths[i], cells[i].size());
  }
  std::ostringstream out;
  for (const auto& cells : table) {
    for (size_t i = 0; i + 1 < cells.size(); ++i) {
      out << cells[i] << std::string(widths[i] - cells[i].size() + 2, ' ');
    }
    out << cells.back() << '\n';
  }
  return out.str();
}

std::string format_json(const std::vector<FixtureRow>& rows) {
  json list = json::array();
  for (const auto& row : rows) {
    json item = {{"file", row.file.string()}};
    if (row.error) {
      item["error"] = *row.error;
    } else {
      item.update({{"method", row.method},
                   {"path", row.url},
                   {"status", row.status},
                   {"size", row.size},
                   {"recorded_at", row.recorded_at},
                   {"seq", row.seq}});
    }
    list.push_back(std::move(item));
  }
  return list.dump(2) + "\n";
}

std::string show_fixture(const fs::path& file, std::uint64_t max_bytes) {
  const auto exchange = read_fixture(file, max_bytes);
  std::ostringstream out;
  out << "file:     " << file.string() << '\n'
      << "key:      " << exchange.key << "  seq " << exchange.seq << '\n'
      << "recorded: " << format_utc_seconds(exchange.recorded_at) << "  latency "
      << exchange.latency_ms << " ms\n";
  if (!exchange.route.empty()) out << "route:    " << exchange.route << '\n';
  const auto& response = exchange.response;
  if (!response.chunks.empty()) out << "stream:   " << stream_summary(response) << '\n';
  out << "\n> " << exchange.request.method << ' ' << exchange.request.target << '\n';
  write_headers(out, "> ", exchange.request.headers);
  if (!exchange.request.body.empty()) out << '\n' << pretty_body(exchange.request.body);
  out << "\n< " << response.status << '\n';
  write_headers(out, "< ", response.headers);
  out << '\n' << (response.chunks.empty() ? pretty_body(response.body) : chunked_body(response));
  return out.str();
}

}  // namespace automock::tooling
