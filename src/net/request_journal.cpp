#include "net/request_journal.hpp"

#include <algorithm>

#include "core/enum_names.hpp"

namespace automock::net {

namespace {

constexpr EnumNames<Answered, 6> k_answered_names{{{Answered::replayed, "replayed"},
                                                   {Answered::recorded, "recorded"},
                                                   {Answered::forwarded, "forwarded"},
                                                   {Answered::miss, "miss"},
                                                   {Answered::fault, "fault"},
                                                   {Answered::failed, "failed"}}};
static_assert(static_cast<size_t>(Answered::failed) + 1 == k_answered_names.size());

}  // namespace

std::string_view name_of(Answered answered) {
  return automock::name_of(k_answered_names, answered);
}

RequestJournal::RequestJournal(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

void RequestJournal::note(const Request& request, int status, Answered answered,
                          const std::string* fixture) {
  Slot* slot = nullptr;
  if (ring_.size() < capacity_) {
    slot = &ring_.emplace_back();
  } else {
    slot = &ring_[next_];  // the oldest
    next_ = (next_ + 1) % capacity_;
  }
  slot->method.assign(request.method);
  const std::string_view target = request.target;
  slot->target.assign(target.substr(0, k_max_journal_target_bytes));
  slot->status = status;
  slot->answered = answered;
  slot->fixture = fixture;
  ++total_;
  ++answered_[static_cast<size_t>(answered)];
}

void RequestJournal::clear() {
  std::lock_guard lock{mutex_};
  ring_.clear();
  next_ = 0;
  total_ = 0;
  fixtures_.clear();
  answered_ = {};
}

JournalSnapshot RequestJournal::snapshot() const {
  std::lock_guard lock{mutex_};
  JournalSnapshot snapshot;
  snapshot.dropped = total_ - ring_.size();
  // Oldest first: from next_ once the ring is full, else from the start.
  for (size_t i = 0; i < ring_.size(); ++i) {
    const Slot& slot = ring_[(next_ + i) % ring_.size()];
    snapshot.entries.push_back({slot.method, slot.target, slot.status, slot.answered,
                                slot.fixture ? *slot.fixture : std::string{}});
  }
  for (const auto& [key, by_seq] : fixtures_) {
    for (const auto& [seq, calls] : by_seq) snapshot.fixture_calls[calls.file] += calls.count;
  }
  for (const auto& entry : k_answered_names) {
    const size_t count = answered_[static_cast<size_t>(entry.value)];
    if (count > 0) snapshot.answered[std::string{entry.name}] = count;
  }
  return snapshot;
}

}  // namespace automock::net
