#pragma once
// Match rules, redaction and the canonical request v1 (docs/canonical-request.md).
// The key of a request is XXH3-64 (seed 0) of its canonical text, as 16
// lowercase hex digits. Changing the canonical form is a breaking change.

#include <automock/http.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// A volatile path segment: a segment of the path that `regex` (ECMAScript)
// matches whole is keyed, and written to the fixture, as "{name}", so that
// an id or a time the client makes up on each run keeps the key stable.
// Segments are matched with their escapes normalised (normalize_path());
// segments longer than k_max_volatile_segment bytes never match.
struct PathPattern {
  std::string name;  // letters, digits, '_' and '-'
  std::string regex;
  friend bool operator==(const PathPattern&, const PathPattern&) = default;
};
inline constexpr size_t k_max_volatile_segment = 256;
// The longest regex a PathPattern may have: enough for any segment, and
// short enough that compiling it cannot exhaust the stack.
inline constexpr size_t k_max_path_regex = 256;

// The built-in pattern called `name`, or nullopt: "uuid" (8-4-4-4-12 hex
// digits, any case), "timestamp" (an ISO 8601 date or date-time:
// "2026-12-02", "2026-12-02T06:50:56.5Z", "...T06:50+01:00", ':' also as
// "%3A") and "epoch" (Unix time: 10 digits, seconds, or 13, milliseconds).
std::optional<PathPattern> builtin_path_pattern(std::string_view name);
// The names builtin_path_pattern() knows, for messages: "uuid, timestamp, epoch".
std::string_view builtin_path_pattern_names();
// Throws InputError naming the pattern when its name is not made of letters,
// digits, '_' and '-', or its regex is empty, longer than k_max_path_regex
// or does not compile.
void check_path_pattern(const PathPattern& pattern);

// Which parts of a request identify it, beyond method, route, path, query and body.
struct MatchRules {
  std::vector<std::string> ignore_query;   // query parameter names left out
  std::vector<std::string> headers;        // header names that are matched
  std::vector<std::string> ignore_json;    // JSON pointers removed from JSON bodies
  std::vector<PathPattern> path_patterns;  // volatile path segments, first match wins
  // Header names never matched, even when `headers` (a route's or the
  // global rules') names them: a route can drop a header the others match.
  std::vector<std::string> ignore_headers;

  // These rules followed by `more` (route rules extend the global ones).
  MatchRules merged(const MatchRules& more) const;
  friend bool operator==(const MatchRules&, const MatchRules&) = default;
};

// redact: replace it and warn naming the fixture and the field; fail: answer
// the exchange but write nothing, and fail the run (Cassette::handle throws
// CheckFailed, `automock record` exits 1); off: no scan.
enum class ScanPolicy { redact, fail, off };

// A secret with a name, and the places it appears in an exchange (requests
// and responses alike). It is written as "<SECRET:name>" in those places, and
// put back, in memory only, from the environment variable
// AUTOMOCK_SECRET_<NAME> (the name raised, '-' as '_') whenever automock
// sends a recorded request to a real API (docs/config.md, "Named secrets").
struct NamedSecret {
  std::string name;                  // letters, digits, '_' or '-'
  std::vector<std::string> headers;  // header names; credentials keep their scheme
  std::vector<std::string> query;    // query parameter and form field names
  std::vector<std::string> json;     // JSON pointers or field names, as RedactRules::json
  std::vector<std::string> cookies;  // cookie names, in Cookie and Set-Cookie
  friend bool operator==(const NamedSecret&, const NamedSecret&) = default;
};

// Secrets that never reach disk. The default headers are always redacted;
// `headers`, `query` and `json` add to them. A `json` entry starting with '/'
// is a JSON pointer (one place); a bare name matches that field at any depth,
// arrays included. Header and JSON rules apply to requests and responses.
// With `defaults` (the default), the names of default_redacted_names() are
// also redacted, ignoring ASCII case, as query parameters, form fields and
// JSON members at any depth; configured names are compared exactly.
struct RedactRules {
  std::vector<std::string> headers;
  std::vector<std::string> query;
  std::vector<std::string> json;
  bool defaults = true;
  // What to do with a secret found by its shape (JWT, Bearer token, private
  // key, provider key formats: secret_scan.hpp) where no rule redacted it.
  ScanPolicy scan = ScanPolicy::redact;
  // Path segment prefixes: a segment of the request path that starts with
  // one and is longer keeps the prefix, the rest becomes <REDACTED>
  // ("bot" turns /bot123:AAE.../sendMessage into /bot<REDACTED>/sendMessage),
  // in the stored target, the key and the fixture file name alike.
  std::vector<std::string> path;
  // Named secrets. Their header, query and JSON places must also be listed
  // above (load_config() adds them; in code, use with_secret_places()), so
  // that they are redacted and left out of keys like any other secret.
  std::vector<NamedSecret> secrets;

  RedactRules merged(const RedactRules& more) const;
  friend bool operator==(const RedactRules&, const RedactRules&) = default;
};

inline constexpr std::string_view k_redacted = "<REDACTED>";
// `rules` with the header, query and JSON places of its named secrets added
// to its headers, query and json lists.
RedactRules with_secret_places(RedactRules rules);
// Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key.
const std::vector<std::string>& default_redacted_headers();
// access_token, refresh_token, id_token, token, client_secret, password,
// api_key, X-Amz-Signature... (lowercase; the full list is in docs/config.md).
const std::vector<std::string>& default_redacted_names();

// Everything that decides a request's key.
struct MatchContext {
  MatchRules match;
  RedactRules redact;
  std::string route;  // route name when several upstreams are configured, else ""
};

// The canonical request text v1 of `request` (which must already be relative
// to the upstream's base URL). Pure: same input, same text.
std::string canonical_request(const Request& request, const MatchContext& context);

// XXH3-64 of canonical_request(), 16 lowercase hex digits.
std::string request_key(const Request& request, const MatchContext& context);
std::string key_of_canonical(std::string_view canonical_text);

// Returns `request` with secrets replaced by "<REDACTED>" in headers, query
// values and JSON (or form) body fields ("<SECRET:name>" for a named
// secret), ready to be written to disk. The
// key of the redacted request equals the key of the original. Authorization
// and Proxy-Authorization keep their scheme: "Bearer <REDACTED>".
Request redact_request(const Request& request, const RedactRules& rules);
// Returns `response` with redacted headers and JSON body fields.
Response redact_response(const Response& response, const RedactRules& rules);

// One exchange as it is written to disk.
struct RedactedExchange {
  Request request;
  Response response;
  // One line per secret found by its shape ("JWT in response body"), in the
  // order found; empty when the scan policy is off.
  std::vector<std::string> shapes_found;
};

// redact_request() and redact_response(), then value propagation: every
// secret value that either redacted (a header's credentials, a cookie value,
// a query, form or JSON value), when 8 bytes or longer, is also replaced by
// <REDACTED> wherever its bytes (or their percent-encoding) appear in the
// response's headers (Location...) and body. Then, unless the scan policy is
// off, the secret shapes left are replaced in the response's headers and
// body and in the request headers that `context` does not match; the
// request's target and body are part of its key, so a shape there is only
// reported. The key of the redacted request stays the key of the original.
RedactedExchange redact_exchange(const Request& request, const Response& response,
                                 const MatchContext& context);

// Path normalisation used by the canonical form: unreserved percent-escapes
// decoded, other escapes' hex digits uppercased, "" -> "/".
std::string normalize_path(std::string_view path);

// `path` with each segment that one of `patterns` matches replaced by
// "{name}" (the first pattern that matches); the other bytes as they are.
std::string with_placeholders(std::string_view path, const std::vector<PathPattern>& patterns);
// A request target ("/path?query") with with_placeholders() applied to its path.
std::string target_with_placeholders(std::string_view target,
                                     const std::vector<PathPattern>& patterns);

}  // namespace automock
