#include "net/hop_by_hop.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace automock::net {

namespace {

constexpr std::array<std::string_view, 9> k_hop_by_hop = {"Connection",
                                                          "Keep-Alive",
                                                          "Proxy-Connection",
                                                          "Proxy-Authenticate",
                                                          "Proxy-Authorization",
                                                          "TE",
                                                          "Trailer",
                                                          "Transfer-Encoding",
                                                          "Upgrade"};

// The field names listed by every Connection header ("close" included; no
// field has that name, so removing it is harmless).
std::vector<std::string> connection_options(const Headers& headers) {
  std::vector<std::string> names;
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "Connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto token = trim(rest.substr(0, comma));
      if (!token.empty()) names.emplace_back(token);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return names;
}

}  // namespace

bool is_hop_by_hop(std::string_view name) {
  return std::any_of(k_hop_by_hop.begin(), k_hop_by_hop.end(),
                     [&](std::string_view field) { return iequals(name, field); });
}

void remove_hop_by_hop(Headers& headers) {
  const auto named = connection_options(headers);
  auto& fields = headers.fields();
  std::erase_if(fields, [&](const Headers::Field& field) {
    const auto matches = [&](std::string_view name) { return iequals(field.first, name); };
    return is_hop_by_hop(field.first) || std::any_of(named.begin(), named.end(), matches);
  });
}

}  // namespace automock::net
