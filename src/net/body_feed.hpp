#pragma once
// BodyFeed: a response body that follows its head piece by piece. The capture
// proxy relays an upstream's stream through one as it arrives; the replay
// server plays a recording's chunks through one, each at its offset. A
// connection writes each piece as one HTTP chunk (or as raw bytes when the
// head carries a Content-Length, or for an HTTP/1.0 client, whose body then
// ends when the connection closes) and the end of the body once the feed ends.
//
// Thread-safety: the producer (any thread) and the connection (its io thread)
// share it; every member may be called from any thread.

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace automock::net {

class BodyFeed {
 public:
  using Clock = std::chrono::steady_clock;

  struct Piece {
    std::string bytes;
    // When to write it, counted from the moment the head was written; a
    // piece is never written before the one ahead of it.
    Clock::duration after_head{};
  };

  // Producer: appends a piece (ignored when it is empty).
  void push(Piece piece);
  // Producer: no piece follows; `complete` false when the body broke off (the
  // connection is then closed without the end of the body, so the client
  // sees it incomplete).
  void end(bool complete = true);
  // Producer: true once the connection stopped wanting pieces (the client
  // closed it, or the server is stopping): time to stop producing.
  bool abandoned() const;

  // Connection: `wake` is called after each push() and end() (on the
  // producer's thread; it must only schedule work). Called at once when
  // pieces are already waiting.
  void attach(std::function<void()> wake);
  // Connection: the next piece, if one is waiting.
  std::optional<Piece> take();
  // Connection: whether end() was called, and how.
  bool ended() const;
  bool complete() const;
  // Connection: stops wanting pieces (it may still write what comes).
  void abandon();
  // Connection: drops `wake` (and what it holds).
  void detach();

 private:
  void wake_up();

  mutable std::mutex mutex_;
  std::deque<Piece> pieces_;  // guarded by mutex_, as the fields below
  std::function<void()> wake_;
  bool ended_ = false;
  bool complete_ = true;
  bool abandoned_ = false;
};

}  // namespace automock::net
