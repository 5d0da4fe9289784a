#pragma once
// The commit time of a git commit, recorded with each run so that lead time
// for changes can be computed from the history alone, without the checkout.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string_view>

namespace automock::pipeline {

// `git show -s --format=%ct COMMIT` in `directory`: the committer time, in
// whole seconds. nullopt when `commit` is not a hexadecimal id, when
// `directory` is not in a git work tree or does not know the commit, or when
// git is missing. Never throws for git's failures.
std::optional<std::chrono::system_clock::time_point> git_commit_time(
    const std::filesystem::path& directory, std::string_view commit);

}  // namespace automock::pipeline
