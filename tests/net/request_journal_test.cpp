#include "net/request_journal.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace automock::net {
namespace {

Exchange exchange_with(std::string key, int seq) {
  Exchange exchange;
  exchange.key = std::move(key);
  exchange.seq = seq;
  return exchange;
}

std::string name_by_key(const Exchange& exchange) {
  return exchange.key + "_" + std::to_string(exchange.seq) + ".json";
}

class RequestJournalTest : public testing::Test {
 protected:
  void add(RequestJournal& journal, const std::string& target, const Exchange* exchange,
           Answered answered = Answered::replayed) {
    journal.add(Request{.method = "GET", .target = target}, 200, answered, exchange, name_by_key);
  }
};

TEST_F(RequestJournalTest, ListsRequestsOldestFirstWithTheFixtureAndCounts) {
  RequestJournal journal{10};
  const auto a = exchange_with("a", 0);
  add(journal, "/a", &a);
  add(journal, "/missing", nullptr, Answered::miss);
  add(journal, "/a", &a);
  const auto snapshot = journal.snapshot();
  ASSERT_EQ(snapshot.entries.size(), 3u);
  EXPECT_EQ(snapshot.entries[0].target, "/a");
  EXPECT_EQ(snapshot.entries[0].fixture, "a_0.json");
  EXPECT_EQ(snapshot.entries[1].answered, Answered::miss);
  EXPECT_EQ(snapshot.entries[1].fixture, "");
  EXPECT_EQ(snapshot.dropped, 0u);
  EXPECT_EQ(snapshot.fixture_calls, (std::map<std::string, size_t>{{"a_0.json", 2}}));
  EXPECT_EQ(snapshot.answered, (std::map<std::string, size_t>{{"miss", 1}, {"replayed", 2}}));
}

TEST_F(RequestJournalTest, AMillionRequestsStayWithinTheBoundAndKeepTheNewest) {
  constexpr size_t k_requests = 1'000'000;
  RequestJournal journal{1000};
  const Exchange fixtures[] = {exchange_with("x", 0), exchange_with("x", 1), exchange_with("y", 0)};
  // Seven targets against three fixtures: which is where shows the order kept.
  std::vector<Request> requests;
  for (int i = 0; i < 7; ++i) requests.push_back(Request{.target = "/r" + std::to_string(i)});
  for (size_t i = 0; i < k_requests; ++i) {
    journal.add(requests[i % 7], 200, Answered::replayed, &fixtures[i % 3], name_by_key);
  }
  const auto snapshot = journal.snapshot();
  ASSERT_EQ(snapshot.entries.size(), 1000u);
  EXPECT_EQ(snapshot.dropped, k_requests - 1000);
  for (size_t i = 0; i < 1000; ++i) {
    const size_t sent = k_requests - 1000 + i;
    ASSERT_EQ(snapshot.entries[i].target, requests[sent % 7].target) << i;
    ASSERT_EQ(snapshot.entries[i].fixture, name_by_key(fixtures[sent % 3])) << i;
  }
  EXPECT_EQ(snapshot.fixture_calls.at("x_0.json"), 333'334u);
  EXPECT_EQ(snapshot.fixture_calls.at("y_0.json"), 333'333u);
  EXPECT_EQ(snapshot.answered.at("replayed"), k_requests);
}

TEST_F(RequestJournalTest, ThreadsNotingAtOnceLoseNothingAndTheNewestAreKeptInOrder) {
  RequestJournal journal{100};
  const auto a = exchange_with("a", 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&journal, &a] {
      const Request request{.target = "/a"};
      for (int i = 0; i < 5000; ++i) {
        journal.add(request, 200, Answered::replayed, &a, name_by_key);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  add(journal, "/last", nullptr);
  const auto snapshot = journal.snapshot();
  ASSERT_EQ(snapshot.entries.size(), 100u);
  EXPECT_EQ(snapshot.entries.back().target, "/last");
  EXPECT_EQ(snapshot.dropped, 20'001u - 100u);
  EXPECT_EQ(snapshot.fixture_calls.at("a_0.json"), 20'000u);
}

TEST_F(RequestJournalTest, LongTargetsAreCut) {
  RequestJournal journal{2};
  add(journal, "/" + std::string(5000, 'x'), nullptr);
  EXPECT_EQ(journal.snapshot().entries[0].target.size(), k_max_journal_target_bytes);
}

TEST_F(RequestJournalTest, ClearForgetsEntriesAndCounts) {
  RequestJournal journal{3};
  const auto a = exchange_with("a", 0);
  for (int i = 0; i < 5; ++i) add(journal, "/a", &a);
  journal.clear();
  add(journal, "/b", nullptr, Answered::fault);
  const auto snapshot = journal.snapshot();
  ASSERT_EQ(snapshot.entries.size(), 1u);
  EXPECT_EQ(snapshot.entries[0].target, "/b");
  EXPECT_EQ(snapshot.dropped, 0u);
  EXPECT_TRUE(snapshot.fixture_calls.empty());
}

}  // namespace
}  // namespace automock::net
