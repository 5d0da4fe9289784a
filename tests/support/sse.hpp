#pragma once
// Server-sent events on loopback for the streaming tests and the bench: an
// upstream that sends events some milliseconds apart, each as one HTTP chunk,
// and a client that reads a response's chunks with the time each arrived.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_upstream.hpp"

namespace automock::test {

// "data: event <i>\n\n", the i-th event an SseUpstream sends.
inline std::string sse_event(int i) {
  return "data: event " + std::to_string(i) + "\n\n";
}

// Answers each request with `count` events `gap` apart, the first at once,
// each as one HTTP chunk, then ends the body; with `count` 0, without end
// until the client leaves. One connection at a time.
class SseUpstream {
 public:
  SseUpstream(int count, std::chrono::milliseconds gap)
      : count_(count), gap_(gap), acceptor_([this](int client) { serve(client); }) {}
  ~SseUpstream() { stop_ = true; }
  std::string url() const { return acceptor_.url(); }

 private:
  static bool send_all(int client, const std::string& bytes) {
    return ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  static std::string chunk(const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
  }
  void serve(int client) {
    if (!read_request_head(client)) return;
    bool open = send_all(client,
                         "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                         "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; open && !stop_ && (count_ == 0 || i < count_); ++i) {
      if (i > 0) std::this_thread::sleep_for(gap_);  // the upstream's own pace
      open = send_all(client, chunk(sse_event(i)));
    }
    if (open) send_all(client, "0\r\n\r\n");
  }

  int count_;
  std::chrono::milliseconds gap_;
  std::atomic<bool> stop_{false};
  LoopbackAcceptor acceptor_;
};

// A response read chunk by chunk: each chunk's data and when it arrived, in
// milliseconds after the head.
struct ChunkedRead {
  std::string head;
  std::vector<std::string> chunks;
  std::vector<double> offsets_ms;
  bool complete = false;  // the last chunk arrived
  double head_ms = 0;     // after the request was sent

  std::string body() const {
    std::string joined;
    for (const auto& chunk : chunks) joined += chunk;
    return joined;
  }
};

// Reads a chunked response from a socket, as its bytes arrive.
class ChunkedReader {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ChunkedReader(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("connect() failed");
    }
  }
  ~ChunkedReader() { ::close(fd_); }
  ChunkedReader(const ChunkedReader&) = delete;
  ChunkedReader& operator=(const ChunkedReader&) = delete;

  // Sends GET `target` and reads the head and up to `max_chunks` chunks
  // (all of them by default).
  ChunkedRead get(const std::string& target, size_t max_chunks = SIZE_MAX) {
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
    const auto sent = Clock::now();
    ChunkedRead read;
    size_t head_end = 0;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!read_some()) return read;
    }
    const auto head_at = Clock::now();
    read.head_ms = ms_between(sent, head_at);
    read.head = pending_.substr(0, head_end + 4);
    pending_.erase(0, head_end + 4);
    while (read.chunks.size() < max_chunks) {
      const auto chunk = next_chunk();
      if (!chunk) return read;
      if (chunk->empty()) {
        read.complete = true;
        return read;
      }
      read.chunks.push_back(*chunk);
      read.offsets_ms.push_back(ms_between(head_at, Clock::now()));
    }
    return read;
  }

 private:
  static double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
  }

  bool read_some() {
    char buffer[16384];
    const auto received = ::recv(fd_, buffer, sizeof buffer, 0);
    if (received <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(received));
    return true;
  }

  // The next chunk's data ("" for the last chunk), nullopt if the stream broke.
  std::optional<std::string> next_chunk() {
    size_t line_end = 0;
    while ((line_end = pending_.find("\r\n")) == std::string::npos) {
      if (!read_some()) return std::nullopt;
    }
    const size_t size = std::stoul(pending_.substr(0, line_end), nullptr, 16);
    const size_t total = line_end + 2 + size + 2;
    while (pending_.size() < total) {
      if (!read_some()) return std::nullopt;
    }
    std::string data = pending_.substr(line_end + 2, size);
    pending_.erase(0, total);
    return data;
  }

  int fd_;
  std::string pending_;
};

}  // namespace automock::test
