#pragma once
// Shared by the readers: "file:line:" diagnostics and small field parsers.

#include <string>
#include <string_view>

#include "coverage/report.hpp"

namespace automock::coverage {

// Positions errors and warnings in an input. After k_max_warnings warnings
// from one input the rest are counted and reported as one line by flush().
class Diagnostics {
 public:
  static constexpr std::size_t k_max_warnings = 50;

  Diagnostics(const std::string& origin, Report& report) : origin_(origin), report_(report) {}

  // Throws InputError "origin:line: what".
  [[noreturn]] void fail(const std::string& what) const;
  void warn(const std::string& what);
  void flush();

  std::size_t line = 0;  // 1-based line of the record being read; 0 for none

 private:
  std::string where() const;

  const std::string& origin_;
  Report& report_;
  std::size_t warnings_ = 0;
};

std::uint32_t parse_u32(std::string_view text, std::string_view what, const Diagnostics& diag);
Count parse_count(std::string_view text, std::string_view what, const Diagnostics& diag);

// Reads comma-separated fields from left to right.
class FieldScanner {
 public:
  FieldScanner(std::string_view text, const Diagnostics& diag) : text_(text), diag_(diag) {}

  // The next field; throws if there is none.
  std::string_view next(std::string_view record);
  // A line number (1 .. k_max_line_number).
  std::uint32_t line_number(std::string_view record);
  Count count(std::string_view record);
  // Everything not read yet.
  std::string_view rest() const { return text_; }

 private:
  std::string_view text_;
  const Diagnostics& diag_;
  bool done_ = false;
};

// Larger line numbers are rejected: a line vector that size is a corrupt input.
inline constexpr std::uint32_t k_max_line_number = 10'000'000;

std::uint32_t checked_line_number(std::uint64_t number, const Diagnostics& diag);

}  // namespace automock::coverage
