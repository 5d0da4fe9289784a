// The pieces a stage runs with: target placeholders, the output tail, time
// limits and pauses.
#include "pipeline/stage_context.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace automock::test {
namespace {

using pipeline::substitute_target;
using pipeline::TargetAs;

TEST(StageContextTest, EveryTargetPlaceholderIsReplacedVerbatimInAUrl) {
  constexpr auto verbatim = TargetAs::verbatim;
  EXPECT_EQ(substitute_target("http://{target}/h?t={target}", "10.0.0.1:80", verbatim),
            "http://10.0.0.1:80/h?t=10.0.0.1:80");
  EXPECT_EQ(substitute_target("no placeholder", "x", verbatim), "no placeholder");
  EXPECT_EQ(substitute_target("{target", "x", verbatim), "{target");
  EXPECT_EQ(substitute_target("{target}", "{target}", verbatim), "{target}");
}

TEST(StageContextTest, InACommandATargetIsOneSingleQuotedShellWord) {
  EXPECT_EQ(
      substitute_target("./deploy.sh {target} --to={target}", "10.0.0.1:80", TargetAs::shell_word),
      "./deploy.sh '10.0.0.1:80' --to='10.0.0.1:80'");
  EXPECT_EQ(substitute_target("{target}", "a b; touch pwned", TargetAs::shell_word),
            "'a b; touch pwned'");
  EXPECT_EQ(substitute_target("{target}", "it's $(rm)", TargetAs::shell_word), "'it'\\''s $(rm)'");
}

TEST(StageContextTest, TheOutputTailKeepsTheLastHundredLines) {
  pipeline::OutputTail tail;
  for (int i = 1; i <= 250; ++i) tail.add(std::to_string(i));
  const auto text = tail.text();
  EXPECT_TRUE(text.starts_with("151\n152\n")) << text.substr(0, 20);
  EXPECT_TRUE(text.ends_with("249\n250\n"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 100);
}

TEST(StageContextTest, SecondsBecomeRoundedMillisecondsAndHugeLimitsAreClamped) {
  using pipeline::seconds_to_ms;
  EXPECT_EQ(seconds_to_ms(1.5), std::chrono::milliseconds{1500});
  EXPECT_EQ(seconds_to_ms(0.0004), std::chrono::milliseconds{0});
  EXPECT_EQ(seconds_to_ms(0.0006), std::chrono::milliseconds{1});
  EXPECT_EQ(seconds_to_ms(1e300), seconds_to_ms(pipeline::k_max_limit_seconds));
}

TEST(StageContextTest, APauseWithoutAnInterruptWaitsAndReportsNoInterrupt) {
  pipeline::StageContext context;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(context.pause(std::chrono::milliseconds{20}));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{20});
  EXPECT_FALSE(context.interrupted());
}

}  // namespace
}  // namespace automock::test
