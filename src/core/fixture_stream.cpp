#include "core/fixture_stream.hpp"

#include <algorithm>
#include <array>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/config_reader.hpp"

namespace automock {

namespace {
using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 3> k_cut_reasons = {"time limit", "size limit",
                                                           "client closed"};

size_t total_size(const std::vector<BodyChunk>& chunks) {
  return std::accumulate(chunks.begin(), chunks.end(), size_t{0},
                         [](size_t sum, const BodyChunk& chunk) { return sum + chunk.size; });
}

bool is_offset(double offset_ms) {
  return std::isfinite(offset_ms) && offset_ms >= 0 && offset_ms <= k_max_latency_ms;
}

void require_writable(const Response& response) {
  double previous = 0;
  for (const auto& chunk : response.chunks) {
    if (chunk.size == 0) throw InputError("cannot write a fixture: a chunk of 0 bytes");
    if (!is_offset(chunk.offset_ms) || chunk.offset_ms < previous) {
      throw InputError(
          "cannot write a fixture: chunk offsets must be non-decreasing numbers "
          "from 0 to " +
          std::to_string(static_cast<int64_t>(k_max_latency_ms)));
    }
    previous = chunk.offset_ms;
  }
  if (!response.chunks.empty() && total_size(response.chunks) != response.body.size()) {
    throw InputError("cannot write a fixture: the chunks hold " +
                     std::to_string(total_size(response.chunks)) + " bytes, the body " +
                     std::to_string(response.body.size()));
  }
  if (!is_cut_reason(response.cut)) {
    throw InputError("cannot write a fixture: unknown cut reason \"" + response.cut + "\"");
  }
}

BodyChunk read_chunk(const FixtureFields& chunks, size_t index) {
  const Json& element = chunks.required("chunks")[index];
  const FixtureFields fields{element, chunks.origin(), child_path(chunks.field("chunks"), index)};
  fields.reject_unknown({"size", "offset_ms"});
  return BodyChunk{
      .size = static_cast<size_t>(fields.integer("size", 1, std::numeric_limits<int64_t>::max())),
      .offset_ms = fields.number_up_to("offset_ms", k_max_latency_ms)};
}

std::vector<BodyChunk> read_chunks(const FixtureFields& fields, size_t body_size) {
  const Json& list = fields.required("chunks");
  if (!list.is_array() || list.empty()) {
    fields.fail("chunks", "expected a non-empty array of {\"size\", \"offset_ms\"} objects");
  }
  std::vector<BodyChunk> chunks;
  for (size_t i = 0; i < list.size(); ++i) {
    chunks.push_back(read_chunk(fields, i));
    if (i > 0 && chunks[i].offset_ms < chunks[i - 1].offset_ms) {
      throw FixtureError(fields.origin(),
                         child_path(child_path(fields.field("chunks"), i), "offset_ms"),
                         "earlier than the chunk before it");
    }
  }
  if (total_size(chunks) != body_size) {
    fields.fail("chunks", "the sizes add up to " + std::to_string(total_size(chunks)) +
                              " bytes, the body has " + std::to_string(body_size));
  }
  return chunks;
}

std::string read_cut(const FixtureFields& fields) {
  std::string reason = fields.string("cut");
  if (reason.empty() || !is_cut_reason(reason)) {
    fields.fail("cut", "expected \"time limit\", \"size limit\" or \"client closed\"");
  }
  return reason;
}

// Where two versions of a body differ: the same `prefix` bytes, then the
// same `suffix` bytes.
struct ChangedSpan {
  size_t prefix = 0;
  size_t suffix = 0;
  size_t old_size = 0;
  size_t new_size = 0;

  // Where an offset of the old body lies in the new one.
  size_t moved(size_t offset) const {
    if (offset <= prefix) return offset;
    if (offset >= old_size - suffix) return offset - old_size + new_size;
    return std::clamp(offset, prefix, new_size - suffix);
  }
};

ChangedSpan changed_span(std::string_view before, std::string_view after) {
  const size_t shorter = std::min(before.size(), after.size());
  size_t prefix = 0;
  while (prefix < shorter && before[prefix] == after[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < shorter - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
    ++suffix;
  }
  return {prefix, suffix, before.size(), after.size()};
}

}  // namespace

bool is_cut_reason(std::string_view reason) {
  return reason.empty() ||
         std::find(k_cut_reasons.begin(), k_cut_reasons.end(), reason) != k_cut_reasons.end();
}

void write_stream(Json& object, const Response& response) {
  require_writable(response);
  if (!response.chunks.empty()) {
    Json list = Json::array();
    for (const auto& chunk : response.chunks) {
      list.push_back(Json{{"size", chunk.size}, {"offset_ms", chunk.offset_ms}});
    }
    object["chunks"] = std::move(list);
  }
  if (!response.cut.empty()) object["cut"] = response.cut;
}

void read_stream(const FixtureFields& fields, Response& response) {
  if (fields.has("chunks")) response.chunks = read_chunks(fields, response.body.size());
  if (fields.has("cut")) response.cut = read_cut(fields);
}

std::vector<BodyChunk> chunks_fitted(const std::vector<BodyChunk>& chunks,
                                     std::string_view recorded, std::string_view stored) {
  if (chunks.empty() || total_size(chunks) == stored.size()) return chunks;
  const ChangedSpan span = changed_span(recorded, stored);
  std::vector<BodyChunk> fitted;
  size_t recorded_end = 0;
  size_t fitted_end = 0;
  for (const auto& chunk : chunks) {
    recorded_end += chunk.size;
    const size_t end = span.moved(recorded_end);
    if (end > fitted_end) fitted.push_back({end - fitted_end, chunk.offset_ms});
    fitted_end = std::max(fitted_end, end);
  }
  if (fitted_end < stored.size()) fitted.back().size += stored.size() - fitted_end;
  return fitted;
}

}  // namespace automock
