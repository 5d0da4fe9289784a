#pragma once
// A scanner for secrets by their shape, whatever their name: JWTs, Bearer
// credentials, PEM private keys and the documented key formats of common
// providers (docs/config.md lists them). Pure functions, safe from any thread.

#include <string>
#include <string_view>
#include <vector>

namespace automock {

// One secret found in a text: what it looks like and where it is.
struct SecretShape {
  std::string_view kind;  // "JWT", "Bearer token", "private key", "GitHub token"...
  size_t offset = 0;
  size_t length = 0;
};

// Every secret shape in `text`, in order, not overlapping. A prefixed key
// (sk_live_, ghp_, AKIA...) only counts at the start of a word, so that
// "task-..." is not an "sk-" key.
std::vector<SecretShape> find_secret_shapes(std::string_view text);

// `text` with every shape find_secret_shapes() finds replaced by <REDACTED>.
std::string redact_secret_shapes(std::string_view text, const std::vector<SecretShape>& shapes);

}  // namespace automock
