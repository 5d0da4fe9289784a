#pragma once
// Incremental lcov parsing, so a large tracefile is read in blocks instead of
// being held in memory whole.

#include <memory>
#include <string>
#include <string_view>

#include "coverage/report.hpp"

namespace automock::coverage {

class LcovStream {
 public:
  // `origin` and `report` must outlive the stream.
  LcovStream(const std::string& origin, Report& report);
  ~LcovStream();

  // Parses `text`, which must end at a line end (or at the end of the input).
  // Throws InputError "origin:line: what" for malformed records.
  void feed(std::string_view text);
  // Checks that the last section was closed and flushes capped warnings.
  void finish();

 private:
  class Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace automock::coverage
