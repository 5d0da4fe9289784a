#pragma once
// A JSON scanner that reports where each value's bytes are, so that a value
// can be replaced without re-serialising the rest (whitespace, member order
// and number spelling stay as sent). It checks the RFC 8259 grammar but reads
// numbers as text: 1e999 is a number here, though no double holds it.
// Iterative, so any nesting depth is safe. Pure, safe from any thread.

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace automock {

enum class JsonKind { object, array, string, number, literal };

// One step of the path to a value: a member name (decoded) or an array index
// (decimal, `is_index`), as an RFC 6901 reference token.
struct JsonPathToken {
  std::string token;
  bool is_index = false;
};

// One value of the document: its path from the root, what it is, and its
// bytes text[begin, end). `decoded` is a string's value (escapes decoded to
// UTF-8), "" for other kinds.
struct JsonValueSpan {
  std::span<const JsonPathToken> path;
  JsonKind kind = JsonKind::literal;
  size_t begin = 0;
  size_t end = 0;
  std::string_view decoded;
};

// Called for every value once its last byte is read: a container after its
// contents (so inner values come first), the root last. Member names are not
// values. The span is only valid during the call.
using JsonSpanVisitor = std::function<void(const JsonValueSpan&)>;

// Scans `text` (one JSON value, whitespace around it allowed), calling
// `visit` as it goes. True when `text` is JSON; on false the calls already
// made describe a prefix and must be discarded.
bool visit_json_spans(std::string_view text, const JsonSpanVisitor& visit);

}  // namespace automock
