#pragma once
// The names whose values are secrets: the configured query, form and JSON
// names, plus the default names (docs/config.md) unless a config turns them
// off with "redact": {"defaults": false}.

#include <automock/match.hpp>
#include <string_view>
#include <vector>

namespace automock {

// True when `name` is one of default_redacted_names(), ignoring ASCII case.
bool is_default_secret_name(std::string_view name);

// True when `name` is in `configured` (exactly) or, with `defaults`, a
// default secret name (any case).
bool is_secret_name(std::string_view name, const std::vector<std::string>& configured,
                    bool defaults);

}  // namespace automock
