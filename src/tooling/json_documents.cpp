#include "tooling/json_documents.hpp"

#include "core/json_edit.hpp"

namespace automock::tooling {

std::optional<JsonPair> parse_both(const std::string& recorded, const std::string& live,
                                   const std::vector<std::string>& ignore) {
  auto recorded_json = parse_json_within(recorded);
  auto live_json = parse_json_within(live);
  if (!recorded_json || !live_json) return std::nullopt;
  JsonPair pair{std::move(*recorded_json), std::move(*live_json)};
  for (const auto& pointer : ignore) {
    remove_json_pointer(pair.recorded, pointer);
    remove_json_pointer(pair.live, pointer);
  }
  return pair;
}

void DifferenceList::add(std::string pointer, std::string recorded, std::string live) {
  if (total_++ < k_max_json_differences) {
    kept_.push_back({"body", std::move(pointer), std::move(recorded), std::move(live)});
  }
}

std::vector<Difference> DifferenceList::finish() && {
  if (total_ > kept_.size())
    kept_.push_back({"more", "", std::to_string(total_ - kept_.size()), ""});
  return std::move(kept_);
}

}  // namespace automock::tooling
