#include "net/body_feed.hpp"

namespace automock::net {

void BodyFeed::push(Piece piece) {
  if (piece.bytes.empty()) return;
  {
    std::lock_guard lock{mutex_};
    pieces_.push_back(std::move(piece));
  }
  wake_up();
}

void BodyFeed::end(bool complete) {
  {
    std::lock_guard lock{mutex_};
    ended_ = true;
    complete_ = complete;
  }
  wake_up();
}

bool BodyFeed::abandoned() const {
  std::lock_guard lock{mutex_};
  return abandoned_;
}

void BodyFeed::attach(std::function<void()> wake) {
  {
    std::lock_guard lock{mutex_};
    wake_ = std::move(wake);
  }
  wake_up();
}

std::optional<BodyFeed::Piece> BodyFeed::take() {
  std::lock_guard lock{mutex_};
  if (pieces_.empty()) return std::nullopt;
  Piece piece = std::move(pieces_.front());
  pieces_.pop_front();
  return piece;
}

bool BodyFeed::ended() const {
  std::lock_guard lock{mutex_};
  return ended_;
}

bool BodyFeed::complete() const {
  std::lock_guard lock{mutex_};
  return complete_;
}

void BodyFeed::abandon() {
  std::lock_guard lock{mutex_};
  abandoned_ = true;
}

void BodyFeed::detach() {
  std::function<void()> dropped;
  std::lock_guard lock{mutex_};
  dropped.swap(wake_);
}

// The copy is called outside the lock: it may post to the connection's
// thread, which takes the lock in turn.
void BodyFeed::wake_up() {
  std::function<void()> wake;
  {
    std::lock_guard lock{mutex_};
    wake = wake_;
  }
  if (wake) wake();
}

}  // namespace automock::net
