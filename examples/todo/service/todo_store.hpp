#pragma once
// The example service's state: one todo list per user (the bearer token),
// so tests recorded in parallel never see each other's todos. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace todo {

struct Item {
  int64_t id = 0;
  std::string title;
  bool done = false;
  std::vector<std::string> tags;
};

struct Filter {
  std::optional<bool> done;
  std::optional<std::string> tag;
  std::optional<std::string> text;  // substring of the title
};

struct Change {
  std::optional<std::string> title;
  std::optional<bool> done;
};

class Store {
 public:
  Item add(const std::string& user, std::string title, std::vector<std::string> tags);
  std::vector<Item> list(const std::string& user, const Filter& filter) const;
  std::optional<Item> find(const std::string& user, int64_t id) const;
  std::optional<Item> update(const std::string& user, int64_t id, const Change& change);
  bool remove(const std::string& user, int64_t id);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<int64_t, Item>> items_;
  std::map<std::string, int64_t> next_id_;
};

}  // namespace todo
