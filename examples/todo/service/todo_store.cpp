#include "todo_store.hpp"

#include <algorithm>

namespace todo {

namespace {
bool matches(const Item& item, const Filter& filter) {
  if (filter.done && item.done != *filter.done) return false;
  if (filter.tag && std::find(item.tags.begin(), item.tags.end(), *filter.tag) == item.tags.end()) {
    return false;
  }
  return !filter.text || item.title.find(*filter.text) != std::string::npos;
}
}  // namespace

Item Store::add(const std::string& user, std::string title, std::vector<std::string> tags) {
  std::lock_guard lock{mutex_};
  Item item{++next_id_[user], std::move(title), false, std::move(tags)};
  items_[user][item.id] = item;
  return item;
}

std::vector<Item> Store::list(const std::string& user, const Filter& filter) const {
  std::lock_guard lock{mutex_};
  std::vector<Item> result;
  const auto found = items_.find(user);
  if (found == items_.end()) return result;
  for (const auto& [id, item] : found->second) {
    if (matches(item, filter)) result.push_back(item);
  }
  return result;
}

std::optional<Item> Store::find(const std::string& user, int64_t id) const {
  std::lock_guard lock{mutex_};
  const auto found = items_.find(user);
  if (found == items_.end() || !found->second.contains(id)) return std::nullopt;
  return found->second.at(id);
}

std::optional<Item> Store::update(const std::string& user, int64_t id, const Change& change) {
  std::lock_guard lock{mutex_};
  auto& items = items_[user];
  const auto found = items.find(id);
  if (found == items.end()) return std::nullopt;
  if (change.title) found->second.title = *change.title;
  if (change.done) found->second.done = *change.done;
  return found->second;
}

bool Store::remove(const std::string& user, int64_t id) {
  std::lock_guard lock{mutex_};
  return items_[user].erase(id) > 0;
}

}  // namespace todo
