#include "net/request_journal.hpp"

#include <algorithm>

#include "core/enum_names.hpp"

namespace automock::net {

namespace {

constexpr EnumNames<Answered, 7> k_answered_names{{{Answered::replayed, "replayed"},
                                                   {Answered::recorded, "recorded"},
                                                   {Answered::forwarded, "forwarded"},
                                                   {Answered::refused, "refused"},
                                                   {Answered::miss, "miss"},
                                                   {Answered::fault, "fault"},
                                                   {Answered::failed, "failed"}}};
static_assert(static_cast<size_t>(Answered::failed) + 1 == k_answered_names.size());

}  // namespace

std::string_view name_of(Answered answered) {
  return automock::name_of(k_answered_names, answered);
}

RequestJournal::RequestJournal(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

size_t RequestJournal::shard_index() {
  static std::atomic<size_t> threads{0};
  thread_local const size_t index = threads.fetch_add(1, std::memory_order_relaxed) % k_shards;
  return index;
}

void RequestJournal::Shard::note(const Noted& noted, size_t capacity) {
  Slot* slot = nullptr;
  if (ring.size() < capacity) {
    slot = &ring.emplace_back();
  } else {
    slot = &ring[next];  // the oldest
    next = (next + 1) % capacity;
  }
  slot->sequence = noted.sequence;
  slot->method.assign(noted.method);
  slot->target.assign(noted.target.substr(0, k_max_journal_target_bytes));
  slot->status = noted.status;
  slot->answered = noted.answered;
  slot->fixture = noted.fixture;
  ++total;
  ++answered[static_cast<size_t>(noted.answered)];
}

void RequestJournal::Shard::clear() {
  std::lock_guard lock{mutex};
  ring.clear();
  next = 0;
  total = 0;
  fixtures.clear();
  answered = {};
}

void RequestJournal::clear() {
  for (auto& shard : shards_) shard.clear();
}

JournalSnapshot RequestJournal::snapshot() const {
  std::vector<std::unique_lock<std::mutex>> locks;
  for (const auto& shard : shards_) locks.emplace_back(shard.mutex);
  JournalSnapshot snapshot;
  std::vector<const Slot*> slots;
  size_t total = 0;
  std::array<size_t, 7> answered{};
  for (const auto& shard : shards_) {
    total += shard.total;
    for (const auto& slot : shard.ring) slots.push_back(&slot);
    for (const auto& [key, by_seq] : shard.fixtures) {
      for (const auto& [seq, calls] : by_seq) snapshot.fixture_calls[calls.file] += calls.count;
    }
    for (size_t i = 0; i < answered.size(); ++i) answered[i] += shard.answered[i];
  }
  // The newest capacity_ of all shards, oldest first.
  std::sort(slots.begin(), slots.end(),
            [](const Slot* a, const Slot* b) { return a->sequence < b->sequence; });
  const size_t kept = std::min(slots.size(), capacity_);
  snapshot.dropped = total - kept;
  for (auto it = slots.end() - static_cast<std::ptrdiff_t>(kept); it != slots.end(); ++it) {
    const Slot& slot = **it;
    snapshot.entries.push_back({slot.method, slot.target, slot.status, slot.answered,
                                slot.fixture ? *slot.fixture : std::string{}});
  }
  for (const auto& entry : k_answered_names) {
    const size_t count = answered[static_cast<size_t>(entry.value)];
    if (count > 0) snapshot.answered[std::string{entry.name}] = count;
  }
  return snapshot;
}

}  // namespace automock::net
