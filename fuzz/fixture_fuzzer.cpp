// Fixture reader: bad input may only throw automock::Error, and a fixture that
// parses and can be serialised parses back to the same Exchange.
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <optional>
#include <string>

#include "fuzz_support.hpp"

namespace {

std::optional<automock::Exchange> parse(std::string_view text) {
  try {
    return automock::parse_fixture(text, "fuzz.json");
  } catch (const automock::Error&) {
    return std::nullopt;
  }
}

std::optional<std::string> serialize(const automock::Exchange& exchange) {
  try {
    return automock::serialize_fixture(exchange);
  } catch (const automock::InputError&) {
    return std::nullopt;  // what could not be read back is refused, by contract
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using automock::fuzz::check;
  const auto exchange = parse(automock::fuzz::as_text(data, size));
  if (!exchange) return 0;
  const auto text = serialize(*exchange);
  if (!text) return 0;
  const auto again = automock::parse_fixture(*text, "again.json");
  check(again == *exchange, "parse(serialize(parse(x))) == parse(x)");
  check(automock::serialize_fixture(again) == *text, "serialisation is stable");
  return 0;
}
