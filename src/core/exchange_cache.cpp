#include "core/exchange_cache.hpp"

#include <automock/error.hpp>
#include <optional>

#include "core/fixture_file.hpp"

namespace automock {

namespace {

bool ends_with_key(std::string_view text) {
  constexpr size_t k_key_size = 16;
  return text.size() >= k_key_size &&
         text.substr(text.size() - k_key_size).find_first_not_of("0123456789abcdef") ==
             std::string_view::npos;
}

// `text` without its "-<digits>" sequence suffix, or nullopt when it has none.
std::optional<std::string_view> without_seq(std::string_view text) {
  const auto dash = text.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == text.size() ||
      text.find_first_not_of("0123456789", dash + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return text.substr(0, dash);
}

}  // namespace

bool is_fixture_file_name(std::string_view name) {
  constexpr std::string_view k_extension = ".json";
  if (!name.ends_with(k_extension)) return false;
  const auto stem = name.substr(0, name.size() - k_extension.size());
  const auto method_end =
      stem.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  if (method_end == 0 || method_end == std::string_view::npos || stem[method_end] != '-') {
    return false;
  }
  const auto rest = stem.substr(method_end + 1);
  if (ends_with_key(rest)) return true;
  const auto unsequenced = without_seq(rest);
  return unsequenced && ends_with_key(*unsequenced);
}

void verify_fixture_key(const Exchange& exchange, const std::filesystem::path& file,
                        const MatchContext& context) {
  const auto computed = request_key(exchange.request, context);
  if (computed != exchange.key) {
    throw FixtureError(file.string(), "/key",
                       "'" + exchange.key + "' does not match its request (computed '" + computed +
                           "'); run `automock fixtures rekey` after changing match rules");
  }
  if (file.filename().string().find(exchange.key) == std::string::npos) {
    throw FixtureError(file.string(), "/key",
                       "'" + exchange.key + "' is not the key in the file's name");
  }
}

ExchangeCache::ExchangeCache(std::uint64_t max_fixture_bytes)
    : max_fixture_bytes_(max_fixture_bytes), reader_(read_fixture_bytes) {}

std::string ExchangeCache::slot_id(const std::string& key, int seq) {
  return key + '#' + std::to_string(seq);
}

std::optional<ExchangeCache::Cached> ExchangeCache::find(const std::string& key, int seq) const {
  std::lock_guard lock{mutex_};
  const auto found = slots_.find(slot_id(key, seq));
  if (found == slots_.end()) return std::nullopt;
  return found->second.exchange;
}

void ExchangeCache::read(const std::string& key, int seq, const std::filesystem::path& file,
                         const MatchContext& context) {
  Cached exchange;
  if (const auto text = reader_(file, max_fixture_bytes_)) {
    exchange = std::make_shared<const Exchange>(parse_fixture(*text, file.string()));
    verify_fixture_key(*exchange, file, context);
  }
  std::lock_guard lock{mutex_};
  slots_.try_emplace(slot_id(key, seq), Slot{std::move(exchange), file.filename().string()});
}

void ExchangeCache::store(const std::filesystem::path& file, Cached exchange) {
  const auto id = slot_id(exchange->key, exchange->seq);
  std::lock_guard lock{mutex_};
  slots_[id] = Slot{std::move(exchange), file.filename().string()};
}

void ExchangeCache::mark_used(const std::string& key, int seq) {
  std::lock_guard lock{mutex_};
  auto& slot = slots_.at(slot_id(key, seq));
  if (slot.used) return;
  slot.used = true;
  used_files_.insert(slot.file_name);
}

std::set<std::string> ExchangeCache::used_files() const {
  std::lock_guard lock{mutex_};
  return used_files_;
}

void ExchangeCache::forget_usage() {
  std::lock_guard lock{mutex_};
  for (auto& [id, slot] : slots_) slot.used = false;
  used_files_.clear();
}

}  // namespace automock
