#pragma once
// The names whose values are secrets: the configured query, form and JSON
// names, plus the default names (docs/config.md) unless a config turns them
// off with "redact": {"defaults": false}.

#include <automock/match.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// True when `name` is one of default_redacted_names(), ignoring ASCII case.
bool is_default_secret_name(std::string_view name);

// True when `name` is in `configured` (exactly) or, with `defaults`, a
// default secret name (any case).
bool is_secret_name(std::string_view name, const std::vector<std::string>& configured,
                    bool defaults);

// `path` with the rest of every segment that starts with one of `prefixes`
// (and is longer) replaced by <REDACTED> (RedactRules::path). Idempotent.
std::string redact_path_segments(std::string_view path, const std::vector<std::string>& prefixes);

// The bytes redact_path_segments() replaces in `path`, in order.
std::vector<std::string_view> path_segment_secrets(std::string_view path,
                                                   const std::vector<std::string>& prefixes);

}  // namespace automock
