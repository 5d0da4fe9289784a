// End to end: `automock coverage --output html` on the samples made by real
// gcov and gcovr, the page loaded in headless Chromium, the screenshot read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "cli/run_command.hpp"
#include "support/png.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;

const std::string k_samples = AUTOMOCK_SOURCE_DIR "/fixtures/coverage";
using test::k_automock;

// Writes the page for the sample gate (app passes, shapes and unlinked fail).
void make_page(const std::filesystem::path& directory) {
  const auto result = test::run_command(
      k_automock + " coverage --config " + k_samples + "/sample-gate.json " + k_samples +
      "/combined.gcovr.json --output html --output-dir " + test::shell_quote(directory));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("coverage page: "));
}

// Chromium's own screenshot of the page, at 1000x700.
std::filesystem::path screenshot(const std::filesystem::path& page, const test::TempDir& dir) {
  const auto png = dir / "page.png";
  const auto result = test::run_command(
      "chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-sync "
      "--disable-background-networking --disable-component-update --hide-scrollbars "
      "--user-data-dir=" +
      test::shell_quote((dir / "profile").string()) +
      " --screenshot=" + test::shell_quote(png.string()) + " --window-size=1000,700 " +
      test::shell_quote("file://" + page.string()));
  // 127: not installed. The test command's scripts/setup.sh installs chromium.
  EXPECT_EQ(result.exit_code, 0) << "chromium failed (is it installed? scripts/setup.sh "
                                    "installs it):\n"
                                 << result.output;
  return png;
}

size_t count_pixels(const test::Image& image, std::array<uint8_t, 3> colour) {
  return std::count(image.pixels.begin(), image.pixels.end(), colour);
}

TEST(CoveragePageTest, ChromiumShowsPassingAndFailingBars) {
  test::TempDir dir;
  make_page(dir / "html");
  for (const char* file :
       {"index.html", "badge.svg", "badge-app.svg", "badge-shapes.svg", "badge-unlinked.svg"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "html" / file)) << file;
  }
  const auto png = screenshot(dir / "html" / "index.html", dir);
  ASSERT_TRUE(std::filesystem::exists(png));
  const auto image = test::read_png(png);
  EXPECT_EQ(image.width, 1000u);
  EXPECT_EQ(image.height, 700u);
  // A bar is at least 4 px by 20 px of its colour.
  EXPECT_GT(count_pixels(image, {0x2e, 0x7d, 0x32}), 80u) << "no green (passing) bar";
  EXPECT_GT(count_pixels(image, {0xc6, 0x28, 0x28}), 80u) << "no red (failing) bar";
  const auto white = count_pixels(image, {0xff, 0xff, 0xff});
  EXPECT_LT(white, image.pixels.size() * 98 / 100) << "the page is almost blank";
}

}  // namespace
}  // namespace automock
