#pragma once
// Walking a fixture tree: every fixture file under a directory, at any depth
// (a project's fixtures/ holds one cassette directory per test suite).

#include <automock/config.hpp>
#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/exchange_cache.hpp"  // is_fixture_file_name

namespace automock::tooling {

// The entries named like fixtures under `root`, recursively, sorted,
// whatever their type (readers refuse what is not a regular file). Throws InputError
// when `root` does not exist or is not a directory.
std::vector<std::filesystem::path> find_fixture_files(const std::filesystem::path& root);

// The match context an exchange was keyed with under `config`. Throws
// FixtureError (field "request.route") for a route the config does not have.
MatchContext context_of(const Exchange& exchange, const Config& config,
                        const std::filesystem::path& file);

// The name the exchange's file should have in its directory.
std::string expected_file_name(const Exchange& exchange);

}  // namespace automock::tooling
