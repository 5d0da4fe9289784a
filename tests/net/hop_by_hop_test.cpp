#include "net/hop_by_hop.hpp"

#include <gtest/gtest.h>

namespace automock::net {
namespace {

Headers stripped(Headers headers) {
  remove_hop_by_hop(headers);
  return headers;
}

TEST(HopByHopTest, TheStandardHopByHopFieldsAreRemovedWhateverTheirCase) {
  const Headers headers{{"connection", "keep-alive"},
                        {"KEEP-ALIVE", "timeout=5"},
                        {"Proxy-Connection", "keep-alive"},
                        {"Proxy-Authenticate", "Basic"},
                        {"proxy-authorization", "Basic eA=="},
                        {"te", "trailers"},
                        {"Trailer", "Expires"},
                        {"Transfer-Encoding", "chunked"},
                        {"Upgrade", "websocket"},
                        {"Content-Type", "application/json"}};
  EXPECT_EQ(stripped(headers), (Headers{{"Content-Type", "application/json"}}));
}

TEST(HopByHopTest, FieldsNamedByConnectionAreRemovedToo) {
  const Headers headers{{"Connection", "close, X-Trace ,  x-session"},
                        {"X-Trace", "1"},
                        {"X-Session", "2"},
                        {"X-Other", "3"}};
  EXPECT_EQ(stripped(headers), (Headers{{"X-Other", "3"}}));
}

TEST(HopByHopTest, EveryConnectionFieldIsRead) {
  const Headers headers{
      {"Connection", "X-A"}, {"Connection", "X-B"}, {"X-A", "1"}, {"X-B", "2"}, {"X-C", "3"}};
  EXPECT_EQ(stripped(headers), (Headers{{"X-C", "3"}}));
}

TEST(HopByHopTest, EmptyListElementsRemoveNothingElse) {
  const Headers headers{{"Connection", " , ,"}, {"Accept", "*/*"}};
  EXPECT_EQ(stripped(headers), (Headers{{"Accept", "*/*"}}));
}

TEST(HopByHopTest, EndToEndFieldsKeepTheirOrderAndRepeats) {
  const Headers headers{
      {"Set-Cookie", "a=1"}, {"Upgrade", "h2c"}, {"Set-Cookie", "b=2"}, {"Content-Length", "3"}};
  EXPECT_EQ(stripped(headers),
            (Headers{{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}, {"Content-Length", "3"}}));
}

}  // namespace
}  // namespace automock::net
