#pragma once
// lcov tracefile text for tests of the coverage gate.

#include <string>

namespace automock::test {

// One lcov record for `path` with lines 1..`covered` of 1..`total` run.
inline std::string lcov(const std::string& path, int covered, int total) {
  std::string text = "SF:" + path + "\n";
  for (int line = 1; line <= total; ++line) {
    text += "DA:" + std::to_string(line) + "," + (line <= covered ? "1" : "0") + "\n";
  }
  return text + "end_of_record\n";
}

}  // namespace automock::test
