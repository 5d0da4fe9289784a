#pragma once
// `automock fixtures audit`: the secret-shape scanner of recording
// (core/secret_scan.hpp) run over fixture trees already on disk: every
// header, the target, and every body form (body, body_text, and body_base64
// decoded). A file that does not parse as a fixture is scanned as text.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::tooling {

// One secret found: where (file, 1-based line of the field in the file) and
// what, never the secret's bytes.
struct AuditFinding {
  std::filesystem::path file;
  size_t line = 1;
  std::string kind;   // "JWT", "GitHub token"...
  std::string field;  // "response body", "request header X-Token", "file"
};

// The findings under every root, in file order. Throws InputError when a
// root does not exist or is not a directory; a file over `max_bytes` or
// that cannot be read is a FixtureError or IoError.
std::vector<AuditFinding> audit_fixtures(const std::vector<std::filesystem::path>& roots,
                                         std::uint64_t max_bytes);

enum class AuditFormat { text, json, github };

// "text", "json" or "github"; nullopt otherwise.
std::optional<AuditFormat> parse_audit_format(std::string_view name);

// text: one "FILE:LINE: KIND in FIELD" line each and a count; json: an
// array of {file, line, kind, field}; github: one "::error file=...,line=...::"
// workflow command each (escaped as the coverage gate's), then the count.
std::string format_audit(const std::vector<AuditFinding>& findings, AuditFormat format);

}  // namespace automock::tooling
