// Durable fixture writes per second (Google Benchmark): write_file_atomic()
// of a 1.5 KB fixture from 1 and 50 threads at once, each write durable
// before it returns (group commit, core/group_commit.hpp), and the same with
// the syncs replaced by a no-op (the seam tests use), which is what the file
// system's own work (create, write, link, unlink) costs without them.
//
// Writes into ./fixture-write-bench under the current directory, removed at
// the end: run it from the disk you record to. Not /tmp on a build machine:
// compilers create and delete files there all the time, and ext4 without a
// journal scans the recently deleted inodes of a directory's block group on
// every create (1.5 ms a file measured in /tmp here against 28 us elsewhere).
//   bench/fixture_write_bench --benchmark_repetitions=3

#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "core/atomic_file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace automock;

const fs::path& bench_directory() {
  static const fs::path directory = fs::current_path() / "fixture-write-bench";
  return directory;
}

std::string fixture_text() {
  std::string text = R"({"schema":1,"key":"0123456789abcdef","request":{"method":"GET"},)";
  text += R"("response":{"status":200,"body":")" + std::string(1400, 'x') + "\"}}\n";
  return text;
}

int skip_sync(int) {
  return 0;
}

// Arg 1: durable writes; arg 0: the syncs skipped.
void BM_DurableFixtureWrites(benchmark::State& state) {
  const bool durable = state.range(0) == 1;
  set_atomic_file_sync_for_testing(durable ? nullptr : skip_sync);
  static std::atomic<unsigned long> run{0};
  const auto prefix = "GET-r" + std::to_string(run++) + "-t" + std::to_string(state.thread_index());
  const auto text = fixture_text();
  long written = 0;
  for (auto _ : state) {
    const auto file = bench_directory() / (prefix + "-" + std::to_string(written++) + ".json");
    benchmark::DoNotOptimize(write_file_atomic(file, text, WriteMode::create_new));
  }
  state.SetItemsProcessed(written);
  if (state.thread_index() == 0) set_atomic_file_sync_for_testing(nullptr);
}
BENCHMARK(BM_DurableFixtureWrites)
    ->ArgName("durable")
    ->Arg(1)
    ->Arg(0)
    ->Threads(1)
    ->Threads(50)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

// Removes the files only at the end: deleting them between runs would make
// the next runs' creates scan the freshly deleted inodes (see above).
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fs::remove_all(bench_directory());
}
