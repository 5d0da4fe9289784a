#pragma once
// Feeding a parser the way a connection does: in pieces, keeping what the
// parser did not consume in front of the next piece. For the request and the
// response parser tests.

#include <string>
#include <string_view>
#include <vector>

namespace automock::net {

// Feeds `bytes` cut at the offsets `cuts`; returns how many bytes the
// parser consumed. Stops early once the parser is done or failed.
template <class Parser>
size_t feed_in_pieces(Parser& parser, std::string_view bytes, const std::vector<size_t>& cuts) {
  size_t consumed = 0;
  std::string pending;
  size_t start = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(bytes.size());
  for (size_t end : ends) {
    pending.append(bytes.substr(start, end - start));
    start = end;
    const size_t used = parser.feed(pending);
    pending.erase(0, used);
    consumed += used;
    if (parser.state() == Parser::State::done || parser.state() == Parser::State::failed) break;
  }
  return consumed;
}

}  // namespace automock::net
