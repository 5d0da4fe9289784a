#include "pipeline/process_tree.hpp"

#include <automock/error.hpp>
#include <charconv>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/files.hpp"

namespace automock::pipeline {

namespace {

struct StatFields {
  pid_t pid = 0;
  pid_t parent = 0;
  bool zombie = false;
};

std::optional<pid_t> pid_in(std::string_view text) {
  pid_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// "pid (comm) state ppid ...": comm may hold spaces and parentheses, so the
// fields after it are found from its last ')'.
std::optional<StatFields> parse_stat(std::string_view stat) {
  const auto open = stat.find(" (");
  const auto close = stat.rfind(") ");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  const auto pid = pid_in(stat.substr(0, open));
  const std::string_view rest = stat.substr(close + 2);  // "state ppid ..."
  const auto parent_end = rest.find(' ', 2);
  if (!pid || rest.size() < 3 || parent_end == std::string_view::npos) return std::nullopt;
  const auto parent = pid_in(rest.substr(2, parent_end - 2));
  if (!parent) return std::nullopt;
  return StatFields{*pid, *parent, rest[0] == 'Z'};
}

std::optional<StatFields> read_stat(const std::filesystem::path& process_dir) {
  try {
    return parse_stat(read_file(process_dir / "stat"));
  } catch (const IoError&) {
    return std::nullopt;  // the process exited while we looked
  }
}

}  // namespace

ProcessTree ProcessTree::read() {
  ProcessTree tree;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    if (!pid_in(entry.path().filename().native())) continue;
    if (const auto fields = read_stat(entry.path())) {
      tree.processes_[fields->pid] = Entry{fields->parent, fields->zombie};
    }
  }
  return tree;
}

std::vector<pid_t> ProcessTree::children_of(pid_t parent) const {
  std::vector<pid_t> children;
  for (const auto& [pid, entry] : processes_) {
    if (entry.parent == parent) children.push_back(pid);
  }
  return children;
}

std::set<pid_t> ProcessTree::live_descendants(const std::vector<pid_t>& roots) const {
  std::multimap<pid_t, pid_t> children;
  for (const auto& [pid, entry] : processes_) children.emplace(entry.parent, pid);
  std::set<pid_t> visited;
  std::set<pid_t> live;
  std::vector<pid_t> pending = roots;
  while (!pending.empty()) {
    const pid_t pid = pending.back();
    pending.pop_back();
    const auto entry = processes_.find(pid);
    if (entry == processes_.end() || !visited.insert(pid).second) continue;
    if (!entry->second.zombie) live.insert(pid);
    const auto [first, last] = children.equal_range(pid);
    for (auto child = first; child != last; ++child) pending.push_back(child->second);
  }
  return live;
}

}  // namespace automock::pipeline
