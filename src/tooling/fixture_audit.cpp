#include "tooling/fixture_audit.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <nlohmann/json.hpp>

#include "core/enum_names.hpp"
#include "core/fixture_file.hpp"
#include "core/secret_scan.hpp"
#include "coverage/output_escapes.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {

namespace {

// How many bytes of a secret locate it in the file: its start, which holds
// no character JSON escapes in any of the shapes.
constexpr size_t k_locating_bytes = 8;

constexpr EnumNames<AuditFormat, 3> k_audit_format_names{
    {{AuditFormat::text, "text"}, {AuditFormat::json, "json"}, {AuditFormat::github, "github"}}};

size_t line_at(std::string_view text, size_t offset) {
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Scans one fixture's fields, each decoded as it is replayed.
class FileAudit {
 public:
  FileAudit(std::filesystem::path file, std::string text)
      : file_(std::move(file)), text_(std::move(text)) {}

  void run(std::vector<AuditFinding>& findings) {
    try {
      scan_exchange(parse_fixture(text_, file_.string()));
    } catch (const InputError&) {
      scan(text_, "file");
    }
    findings.insert(findings.end(), found_.begin(), found_.end());
  }

 private:
  void scan_exchange(const Exchange& exchange) {
    scan(exchange.request.target, "request target");
    scan_message(exchange.request.headers, exchange.request.body, "request");
    scan_message(exchange.response.headers, exchange.response.body, "response");
  }

  void scan_message(const Headers& headers, const std::string& body, const std::string& side) {
    for (const auto& [name, value] : headers.fields()) scan(value, side + " header " + name);
    scan(body, side + " body");
  }

  void scan(std::string_view decoded, const std::string& field) {
    for (const auto& shape : find_secret_shapes(decoded)) {
      const auto secret = decoded.substr(shape.offset, std::min(shape.length, k_locating_bytes));
      const auto at = text_.find(secret);
      found_.push_back({file_, at == std::string::npos ? line_of_field(field) : line_at(text_, at),
                        std::string{shape.kind}, field});
    }
  }

  // A secret that is not in the file as it is (a base64 body): the line of
  // the side's body_base64, else 1.
  size_t line_of_field(const std::string& field) const {
    const bool response = field.starts_with("response");
    const auto side = text_.find(response ? "\"response\"" : "\"request\"");
    const auto body = text_.find("\"body_base64\"", side == std::string::npos ? 0 : side);
    return body == std::string::npos ? 1 : line_at(text_, body);
  }

  std::filesystem::path file_;
  std::string text_;
  std::vector<AuditFinding> found_;
};

std::string format_text(const std::vector<AuditFinding>& findings) {
  std::string out;
  for (const auto& each : findings) {
    out += each.file.string() + ":" + std::to_string(each.line) + ": " + each.kind + " in " +
           each.field + "\n";
  }
  return out + std::to_string(findings.size()) + " secret(s) found\n";
}

std::string format_json(const std::vector<AuditFinding>& findings) {
  auto array = nlohmann::ordered_json::array();
  for (const auto& each : findings) {
    array.push_back({{"file", each.file.string()},
                     {"line", each.line},
                     {"kind", each.kind},
                     {"field", each.field}});
  }
  return array.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string format_github(const std::vector<AuditFinding>& findings) {
  using coverage::github_data;
  using coverage::github_property;
  std::string out;
  for (const auto& each : findings) {
    out +=
        "::error file=" + github_property(each.file.string()) +
        ",line=" + std::to_string(each.line) + ",title=" + github_property("secret: " + each.kind) +
        "::" + github_data(each.kind + " in " + each.field + " (automock fixtures audit)") + "\n";
  }
  return out + std::to_string(findings.size()) + " secret(s) found\n";
}

}  // namespace

std::vector<AuditFinding> audit_fixtures(const std::vector<std::filesystem::path>& roots,
                                         std::uint64_t max_bytes) {
  std::vector<AuditFinding> findings;
  for (const auto& root : roots) {
    for (const auto& file : find_fixture_files(root)) {
      auto text = read_fixture_bytes(file, max_bytes);
      if (text) FileAudit{file, std::move(*text)}.run(findings);
    }
  }
  return findings;
}

std::optional<AuditFormat> parse_audit_format(std::string_view name) {
  return value_of(k_audit_format_names, name);
}

std::string format_audit(const std::vector<AuditFinding>& findings, AuditFormat format) {
  switch (format) {
    case AuditFormat::json:
      return format_json(findings);
    case AuditFormat::github:
      return format_github(findings);
    case AuditFormat::text:
      break;
  }
  return format_text(findings);
}

}  // namespace automock::tooling
