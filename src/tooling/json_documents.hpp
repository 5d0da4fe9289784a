#pragma once
// What the value and shape comparisons of JSON bodies share: parsing both
// sides with the ignored pointers removed, and a capped list of differences.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tooling/json_diff.hpp"

namespace automock::tooling {

struct JsonPair {
  nlohmann::json recorded;
  nlohmann::json live;
};

// Both bodies parsed, the `ignore` pointers removed from each; nullopt when
// either is empty, not JSON, or nested deeper than core's k_max_json_depth.
std::optional<JsonPair> parse_both(const std::string& recorded, const std::string& live,
                                   const std::vector<std::string>& ignore);

// Body differences, at most k_max_json_differences kept.
class DifferenceList {
 public:
  void add(std::string pointer, std::string recorded, std::string live);
  // The kept differences, then a "more" entry counting the rest, if any.
  std::vector<Difference> finish() &&;

 private:
  std::vector<Difference> kept_;
  size_t total_ = 0;
};

// Both bodies compared by a `Differ` (constructed on a DifferenceList, with
// compare(recorded, live, pointer)); nullopt as parse_both().
template <class Differ>
std::optional<std::vector<Difference>> diff_documents(const std::string& recorded,
                                                      const std::string& live,
                                                      const std::vector<std::string>& ignore) {
  auto documents = parse_both(recorded, live, ignore);
  if (!documents) return std::nullopt;
  DifferenceList out;
  Differ{out}.compare(documents->recorded, documents->live, "");
  return std::move(out).finish();
}

}  // namespace automock::tooling
