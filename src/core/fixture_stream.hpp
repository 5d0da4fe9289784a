#pragma once
// The optional stream fields of a fixture's response (docs/fixture-format.md):
// "chunks", how a streamed body arrived ([{"size", "offset_ms"}...]), and
// "cut", why its recording stopped early. Neither is written when empty, so a
// fixture without a stream reads and writes as before.

#include <automock/http.hpp>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/fixture_fields.hpp"

namespace automock {

// Whether `reason` is one Response::cut may hold ("" included).
bool is_cut_reason(std::string_view reason);

// Adds "chunks" and "cut" to `object` when the response has them. Throws
// InputError for what could not be read back: sizes that are 0 or do not add
// up to the body's size, offsets that decrease or are not finite numbers from
// 0 to k_max_latency_ms, an unknown cut reason.
void write_stream(nlohmann::ordered_json& object, const Response& response);

// Reads "chunks" and "cut" into `response`, whose body is already read.
// Throws FixtureError naming the field, for the same faults as write_stream()
// and for an empty "chunks" array.
void read_stream(const FixtureFields& fields, Response& response);

// The chunks of `recorded` made to describe `stored`, the same body after
// redaction changed bytes in it (and maybe its size). The bytes before the
// first change and after the last keep their chunks; a chunk's end inside the
// changed span stays there, capped; chunks left empty are dropped. Unchanged
// when the sizes already add up.
std::vector<BodyChunk> chunks_fitted(const std::vector<BodyChunk>& chunks,
                                     std::string_view recorded, std::string_view stored);

}  // namespace automock
