#include "pipeline/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <memory>
#include <string_view>

#include "core/unique_fd.hpp"

namespace automock::pipeline {

namespace {

struct StatFields {
  pid_t pid = 0;
  pid_t parent = 0;
  unsigned long long start_ticks = 0;
};

template <typename Number>
std::optional<Number> number_in(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Fields 3 to 22 of a stat line (state, ppid, ... starttime), split at spaces.
constexpr std::size_t k_fields_after_comm = 20;
using FieldsAfterComm = std::array<std::string_view, k_fields_after_comm>;

std::optional<FieldsAfterComm> split_fields(std::string_view text) {
  FieldsAfterComm fields;
  for (auto& field : fields) {
    const auto space = text.find(' ');
    field = text.substr(0, space);
    if (space == std::string_view::npos && &field != &fields.back()) return std::nullopt;
    text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
  }
  return fields;
}

// "pid (comm) state ppid ... starttime ...": comm may hold spaces and
// parentheses, so the fields after it are found from its last ')'.
std::optional<StatFields> parse_stat(std::string_view stat) {
  const auto open = stat.find(" (");
  const auto close = stat.rfind(") ");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  const auto pid = number_in<pid_t>(stat.substr(0, open));
  const auto fields = split_fields(stat.substr(close + 2));
  if (!pid || !fields) return std::nullopt;
  const auto parent = number_in<pid_t>((*fields)[1]);
  const auto start = number_in<unsigned long long>((*fields)[19]);
  if (!parent || !start) return std::nullopt;
  return StatFields{*pid, *parent, *start};
}

// Not core's read_file: a scan reads every process's stat, so it takes no
// allocation or exception per process.
std::optional<StatFields> read_stat(int directory_fd, const char* path) {
  const UniqueFd fd{::openat(directory_fd, path, O_RDONLY | O_CLOEXEC)};
  if (!fd) return std::nullopt;  // the process exited while we looked
  char buffer[1024];
  const ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
  if (count <= 0) return std::nullopt;
  return parse_stat({buffer, static_cast<std::size_t>(count)});
}

pid_t read_pid_max() {
  constexpr pid_t k_default_pid_max = 32768;
  const UniqueFd fd{::open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC)};
  char buffer[32];
  const ssize_t count = fd ? ::read(fd.get(), buffer, sizeof buffer) : -1;
  if (count <= 1) return k_default_pid_max;
  const auto value = number_in<pid_t>({buffer, static_cast<std::size_t>(count - 1)});
  return value.value_or(k_default_pid_max);
}

}  // namespace

bool started_since(ProcessStart process, ProcessStart since) {
  if (process.ticks != since.ticks) return process.ticks > since.ticks;
  static const pid_t pid_max = read_pid_max();
  const pid_t ahead = ((process.pid - since.pid) % pid_max + pid_max) % pid_max;
  return ahead < pid_max / 2;
}

ProcessTree ProcessTree::read() {
  ProcessTree tree;
  const std::unique_ptr<DIR, int (*)(DIR*)> proc{::opendir("/proc"), ::closedir};
  if (!proc) return tree;
  while (const dirent* entry = ::readdir(proc.get())) {
    const auto pid = number_in<pid_t>(entry->d_name);
    if (!pid) continue;
    char path[32];
    std::snprintf(path, sizeof path, "%d/stat", static_cast<int>(*pid));
    if (const auto fields = read_stat(::dirfd(proc.get()), path)) {
      tree.processes_[fields->pid] = Entry{fields->parent, fields->start_ticks};
    }
  }
  return tree;
}

std::optional<ProcessStart> ProcessTree::start_of(pid_t pid) {
  char path[32];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  const auto fields = read_stat(AT_FDCWD, path);
  if (!fields) return std::nullopt;
  return ProcessStart{fields->start_ticks, pid};
}

std::vector<pid_t> ProcessTree::children_since(pid_t parent, ProcessStart since) const {
  std::vector<pid_t> children;
  for (const auto& [pid, entry] : processes_) {
    if (entry.parent == parent && started_since({entry.start_ticks, pid}, since)) {
      children.push_back(pid);
    }
  }
  return children;
}

std::set<pid_t> ProcessTree::with_descendants(const std::vector<pid_t>& roots) const {
  std::multimap<pid_t, pid_t> children;
  for (const auto& [pid, entry] : processes_) children.emplace(entry.parent, pid);
  std::set<pid_t> found;
  std::vector<pid_t> pending = roots;
  while (!pending.empty()) {
    const pid_t pid = pending.back();
    pending.pop_back();
    if (!processes_.contains(pid) || !found.insert(pid).second) continue;
    const auto [first, last] = children.equal_range(pid);
    for (auto child = first; child != last; ++child) pending.push_back(child->second);
  }
  return found;
}

}  // namespace automock::pipeline
