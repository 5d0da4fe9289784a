#pragma once
// The replay server's request journal (GET /__automock/requests): the
// requests answered since the server started or was reset, the last
// `capacity` of them with the oldest dropped (and counted), and per fixture
// file how many requests it answered, so a suite in any language can assert
// "called n times". Memory stays bounded: each of at most 8 shards (one per
// io thread) keeps `capacity` entries, each target cut to
// k_max_journal_target_bytes, and there is one count per fixture file.
// Thread-safe.

#include <array>
#include <atomic>
#include <automock/fixture.hpp>
#include <automock/http.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace automock::net {

inline constexpr size_t k_max_journal_target_bytes = 1024;

// How a request was answered.
enum class Answered { replayed, recorded, forwarded, refused, miss, fault, failed };
std::string_view name_of(Answered answered);

struct JournalEntry {
  std::string method;
  std::string target;  // cut to k_max_journal_target_bytes
  int status = 0;
  Answered answered = Answered::failed;
  std::string fixture;  // the fixture file's name; "" when none answered
};

struct JournalSnapshot {
  std::vector<JournalEntry> entries;  // oldest first
  size_t dropped = 0;                 // older entries no longer kept
  // Per fixture file name: the requests it answered (dropped ones included).
  std::map<std::string, size_t> fixture_calls;
  // Per way of answering: how many requests (dropped ones included).
  std::map<std::string, size_t> answered;
};

class RequestJournal {
 public:
  explicit RequestJournal(size_t capacity);  // at least 1 is kept

  // Notes one answered request. `exchange` is the fixture that answered (or
  // nullptr); `file_name` names it and is called only the first time that
  // fixture answers, so the hot path does not build file names.
  template <typename FileName>
  void add(const Request& request, int status, Answered answered, const Exchange* exchange,
           const FileName& file_name) {
    Shard& shard = shards_[shard_index()];
    std::lock_guard lock{shard.mutex};
    const std::string* fixture = exchange ? &shard.fixture_of(*exchange, file_name) : nullptr;
    shard.note({sequence_.fetch_add(1, std::memory_order_relaxed), request.method, request.target,
                status, answered, fixture},
               capacity_);
  }
  void clear();
  JournalSnapshot snapshot() const;

 private:
  // The io threads each note into their own shard, so they never wait for
  // each other; a snapshot merges the shards by sequence number.
  static constexpr size_t k_shards = 8;
  static size_t shard_index();  // the calling thread's

  struct Slot {
    uint64_t sequence = 0;
    std::string method;
    std::string target;
    int status = 0;
    Answered answered = Answered::failed;
    const std::string* fixture = nullptr;  // a Calls::file of the same shard
  };
  struct Noted {
    uint64_t sequence;
    std::string_view method;
    std::string_view target;
    int status;
    Answered answered;
    const std::string* fixture;
  };
  struct Calls {
    std::string file;
    size_t count = 0;
  };
  struct Shard {
    template <typename FileName>
    const std::string& fixture_of(const Exchange& exchange, const FileName& file_name) {
      auto& calls = fixtures[exchange.key][exchange.seq];
      if (calls.file.empty()) calls.file = file_name(exchange);
      ++calls.count;
      return calls.file;
    }
    void note(const Noted& noted, size_t capacity);
    void clear();

    mutable std::mutex mutex;
    std::vector<Slot> ring;  // grows to the capacity, then reused from `next`
    size_t next = 0;
    size_t total = 0;
    // Per fixture key and sequence (node-based: Slot::fixture stays valid).
    std::unordered_map<std::string, std::map<int, Calls>> fixtures;
    std::array<size_t, 7> answered{};  // by Answered
  };

  size_t capacity_;
  std::atomic<uint64_t> sequence_{0};
  std::array<Shard, k_shards> shards_;
};

}  // namespace automock::net
