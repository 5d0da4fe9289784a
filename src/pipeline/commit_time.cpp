#include "pipeline/commit_time.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "pipeline/process.hpp"

namespace automock::pipeline {

namespace {

bool is_commit_id(std::string_view commit) {
  return !commit.empty() && std::all_of(commit.begin(), commit.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> git_commit_time(
    const std::filesystem::path& directory, std::string_view commit) {
  if (!is_commit_id(commit)) return std::nullopt;
  std::string output;
  const ProcessSpec spec{"git show -s --format=%ct " + std::string{commit} + " 2>/dev/null",
                         {},
                         directory,
                         std::chrono::seconds{10}};
  const auto result = run_process(
      spec, [&output](std::string_view line) { output += line; }, nullptr);
  long long seconds = 0;
  const auto [end, error] = std::from_chars(output.data(), output.data() + output.size(), seconds);
  if (!result.ok() || output.empty() || error != std::errc{} ||
      end != output.data() + output.size()) {
    return std::nullopt;
  }
  return std::chrono::system_clock::time_point{std::chrono::seconds{seconds}};
}

}  // namespace automock::pipeline
