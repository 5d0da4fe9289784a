#pragma once
// Loop protection for the capture proxy: an upstream that is the proxy's own
// listen address is refused at start, and a request that comes back through
// a loop of proxies (A -> B -> A) is recognised by the Via mark (RFC 9110
// 7.6.3) the proxy added when it forwarded it.

#include <automock/http.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/base_url.hpp"

namespace automock::net {

// One proxy's Via mark, "1.1 automock-<16 random hex digits>", random per
// instance so that two proxies in one process tell each other apart.
// Immutable after construction: safe from any thread.
class ViaMark {
 public:
  ViaMark();

  // The Via element this proxy adds to the requests it forwards.
  const std::string& element() const { return element_; }
  // Whether any Via field of `headers` holds this proxy's mark.
  bool marks(const Headers& headers) const;
  // Appends this proxy's Via element to `headers` (a field of its own, which
  // RFC 9110 5.3 makes the same as appending to the list).
  void add_to(Headers& headers) const;

 private:
  std::string pseudonym_;  // "automock-<hex>"
  std::string element_;    // "1.1 " + pseudonym_
};

// Whether `upstream` names the server listening on `listen_host` (as given:
// "127.0.0.1", "localhost", "0.0.0.0", "::1") at the bound `port`: same port,
// and the same host, or a loopback host (localhost, 127.0.0.0/8, ::1, or a
// wildcard address) while the server listens on loopback or on every
// address. Names other than loopback ones are not resolved (no DNS at start);
// a loop through them is caught by the Via mark.
bool points_at_listener(const BaseUrl& upstream, std::string_view listen_host, uint16_t port);

}  // namespace automock::net
