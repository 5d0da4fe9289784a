#pragma once
// Request and Response: plain value types shared by every part of automock.
// Header names compare case-insensitively and keep their order; bodies are bytes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace automock {

// An ordered list of header fields. Lookups ignore the case of names; the
// names are stored as given.
class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}

  // The first value for `name`, or nullopt.
  std::optional<std::string> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  // Appends a field (repeated names are allowed, e.g. Set-Cookie).
  void add(std::string name, std::string value);
  // Replaces every field named `name` with one field (appended if absent).
  void set(std::string name, std::string value);
  // Removes every field named `name`; returns how many were removed.
  size_t remove(std::string_view name);

  const std::vector<Field>& fields() const { return fields_; }
  std::vector<Field>& fields() { return fields_; }
  bool empty() const { return fields_.empty(); }
  size_t size() const { return fields_.size(); }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }

  friend bool operator==(const Headers&, const Headers&) = default;

 private:
  std::vector<Field> fields_;
};

bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string method = "GET";
  // Path and query as sent on the request line ("/v1/todos?done=false").
  std::string target = "/";
  Headers headers;
  std::string body;  // bytes

  // The part of target before '?', and after it ("" when there is none).
  std::string_view path() const;
  std::string_view query() const;

  friend bool operator==(const Request&, const Request&) = default;
};

// One piece of a streamed response body as it arrived: `size` bytes of the
// body, following the pieces before it, `offset_ms` after the response's head.
struct BodyChunk {
  size_t size = 0;
  double offset_ms = 0.0;

  friend bool operator==(const BodyChunk&, const BodyChunk&) = default;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;  // bytes, decoded (never gzip on disk)
  // How a streamed body arrived (chunked or close-delimited, in more than one
  // piece): the pieces in order, their sizes adding up to body.size(). Empty
  // for a body that is one piece.
  std::vector<BodyChunk> chunks;
  // Why recording stopped before the body ended: "" when it ended, else
  // "time limit", "size limit" or "client closed".
  std::string cut;

  friend bool operator==(const Response&, const Response&) = default;
};

// The value of the media type of a Content-Type header, lowercased and
// without parameters ("application/json; charset=utf-8" -> "application/json").
std::string media_type(std::string_view content_type);
// A parameter of a Content-Type header ("boundary"), or nullopt.
std::optional<std::string> content_type_param(std::string_view content_type, std::string_view name);

}  // namespace automock
