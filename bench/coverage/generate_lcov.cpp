// Writes a synthetic lcov tracefile like a large C++ code base's: FILES
// source files of LINES lines each, spread over 50 modules, with functions
// (FN/FNDA), branches (BRDA, some never reached: `-`) and summary records.
// Deterministic; SHARD changes the counts (not the structure), so two shards
// merge like two test runs of the same build.
//
//   generate_lcov OUTPUT [FILES=20000] [LINES=200] [SHARD=1]

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr int k_modules = 50;
constexpr int k_lines_per_function = 20;
constexpr int k_lines_per_branch = 10;

// xorshift64*: fast and reproducible everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  // A count that is 0 about `zero_percent` of the time.
  std::uint64_t count(int zero_percent) {
    return next() % 100 < static_cast<unsigned>(zero_percent) ? 0 : next() % 999 + 1;
  }

 private:
  std::uint64_t state_;
};

void write_file(std::FILE* out, int index, int lines, Random& random) {
  std::fprintf(out, "TN:\nSF:/work/big/src/mod%02d/dir%03d/file%05d.cpp\n", index % k_modules,
               index / k_modules % 100, index);
  int functions_hit = 0;
  const int functions = lines / k_lines_per_function;
  std::string counts;
  for (int f = 0; f < functions; ++f) {
    std::fprintf(out, "FN:%d,_Z2fn%05d_%02dv\n", f * k_lines_per_function + 1, index, f);
  }
  for (int f = 0; f < functions; ++f) {
    const auto count = random.count(15);
    functions_hit += count > 0;
    std::fprintf(out, "FNDA:%llu,_Z2fn%05d_%02dv\n", static_cast<unsigned long long>(count), index,
                 f);
  }
  std::fprintf(out, "FNF:%d\nFNH:%d\n", functions, functions_hit);
  int branches = 0, branches_hit = 0, lines_hit = 0;
  for (int line = 1; line <= lines; ++line) {
    const auto count = random.count(20);
    lines_hit += count > 0;
    if (line % k_lines_per_branch == 0) {
      for (int branch = 0; branch < 2; ++branch) {
        const auto taken = count == 0 ? 0 : random.count(30);
        ++branches;
        branches_hit += taken > 0;
        if (count == 0) {
          std::fprintf(out, "BRDA:%d,0,%d,-\n", line, branch);
        } else {
          std::fprintf(out, "BRDA:%d,0,%d,%llu\n", line, branch,
                       static_cast<unsigned long long>(taken));
        }
      }
    }
    std::fprintf(out, "DA:%d,%llu\n", line, static_cast<unsigned long long>(count));
  }
  std::fprintf(out, "BRF:%d\nBRH:%d\nLF:%d\nLH:%d\nend_of_record\n", branches, branches_hit, lines,
               lines_hit);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: generate_lcov OUTPUT [FILES=20000] [LINES=200] [SHARD=1]\n");
    return 2;
  }
  const int files = argc > 2 ? std::atoi(argv[2]) : 20000;
  const int lines = argc > 3 ? std::atoi(argv[3]) : 200;
  const int shard = argc > 4 ? std::atoi(argv[4]) : 1;
  std::FILE* out = std::fopen(argv[1], "w");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  Random random(static_cast<std::uint64_t>(shard));
  for (int index = 0; index < files; ++index) write_file(out, index, lines, random);
  return std::fclose(out) == 0 ? 0 : 1;
}
