#pragma once
// A fresh directory under the system temp directory, removed when the test
// passed and kept (path printed) when it failed.

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <random>
#include <string>

namespace automock::test {

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("automock-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (::testing::Test::HasFailure()) {
      std::cerr << "kept temporary directory " << path_ << "\n";
      return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace automock::test
