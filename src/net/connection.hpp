#pragma once
// One server-side HTTP connection and the registry of the connections (and
// spliced tunnels) that share an io thread. Internal to HttpServer.
//
// A forward proxy's connection (HttpServerOptions::forward) also takes
// CONNECT host:port: an intercepted host gets "200 Connection Established",
// then TLS with a certificate for the host, and the same HTTP loop inside, each
// origin-form target made absolute ("https://host:port/path"); another host is
// spliced to the real one (net/tunnel.hpp). Without forwarding, CONNECT gets 405.
//
// Thread-safety: a Connection and its ConnectionRegistry are only touched on
// the thread running their io_context; an asynchronous handler's Respond
// posts the response back to that thread.

#include <asio.hpp>
#include <chrono>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/origin.hpp"
#include "net/body_feed.hpp"
#include "net/byte_stream.hpp"
#include "net/http_parser.hpp"
#include "net/http_server.hpp"
#include "net/response_head.hpp"

namespace automock::net {

// The answer to a CONNECT whose tunnel is open.
inline constexpr std::string_view k_connection_established =
    "HTTP/1.1 200 Connection Established\r\n\r\n";

// What every connection of one server shares; outlives them.
struct ConnectionSettings {
  // One of the two is set: `handler` runs on the io thread and answers at
  // once; `async_handler` answers through a Respond.
  DelayingHandler handler;
  AsyncHandler async_handler;
  ParseLimits limits;
  std::chrono::steady_clock::duration idle_timeout;
  std::shared_ptr<const ForwardSettings> forward;  // null: not a forward proxy
};

// What the registry asks of the connections and tunnels it holds.
class Registered {
 public:
  virtual ~Registered() = default;
  // Closes if idle too long (or lingered long enough).
  virtual void close_if_expired(std::chrono::steady_clock::time_point now) = 0;
  // Server stop: closes now, or as soon as the work in hand is done.
  virtual void shut_down() = 0;
};

// The open connections of one io thread. Sweeps them for idle timeouts and
// shuts them down when the server stops.
class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(asio::io_context& context,
                              std::chrono::steady_clock::duration idle_timeout);

  void add(Registered* connection);
  void remove(Registered* connection);
  bool stopping() const { return stopping_; }

  // Starts the periodic idle sweep.
  void start_sweeping();
  // Closes idle connections, lets busy ones finish, and stops sweeping once
  // the last connection is gone.
  void begin_shutdown();

 private:
  void schedule_sweep();
  void sweep();
  std::vector<Registered*> snapshot() const;

  asio::steady_timer timer_;
  std::chrono::steady_clock::duration period_;
  std::unordered_set<Registered*> open_;
  bool stopping_ = false;
};

class Connection : public Registered, public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::ip::tcp::socket socket, const ConnectionSettings& settings,
             ConnectionRegistry& registry);

  // Registers with the registry and starts reading.
  void start();
  void close_if_expired(std::chrono::steady_clock::time_point now) override;
  // Closes now if between requests or lingering, else after the current
  // response.
  void shut_down() override;

 private:
  enum class Phase { reading, handling, writing, streaming, lingering, holding, closed };

  void read_more();
  void on_read(const asio::error_code& error, size_t bytes);
  void process_input();
  void dispatch(ParsedRequest parsed);
  void dispatch_async(Request request);
  void respond_after(DelayedResponse reply);
  void respond(Response response);
  void on_written(const asio::error_code& error);
  void send_continue();
  void reject(const ParseError& error);
  void refuse(int status, const std::string& reason);
  // CONNECT (connection_tunnel.cpp).
  void open_tunnel(const std::string& target);
  void intercept(const Authority& authority);
  void handshake(asio::ssl::context& context);
  void splice(const Authority& authority);
  void linger();
  void discard_input();
  void close();
  // Faulty deliveries (connection_fault.cpp).
  bool deliver_faulty();
  void write_head_and(size_t body_bytes);
  void on_faulty_written(const asio::error_code& error);
  void hold();
  void write_slowly(size_t offset);
  void reset_now();
  // Streamed deliveries (connection_stream.cpp).
  void start_stream();
  void on_stream_head_written(const asio::error_code& error);
  void pump();
  void write_piece(std::string bytes);
  void on_piece_written(const asio::error_code& error);
  void finish_stream();
  bool between_requests() const;
  void make_room();

  ByteStream stream_;
  asio::steady_timer delay_timer_;
  const ConnectionSettings& settings_;
  ConnectionRegistry& registry_;
  RequestParser parser_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // unparsed bytes are buffer_[begin_, end_)
  size_t end_ = 0;
  Phase phase_ = Phase::reading;
  std::chrono::steady_clock::time_point last_activity_;
  Framing framing_;
  bool continue_sent_ = false;
  std::string head_;
  Response response_;
  Delivery delivery_;
  std::string origin_;  // "https://host[:port]" inside an intercepted tunnel
  // A streamed delivery: its feed, when its head went out, the piece being
  // written and its chunk-size line.
  std::shared_ptr<BodyFeed> feed_;
  std::chrono::steady_clock::time_point head_written_;
  std::string piece_;
  std::string piece_frame_;
  bool piece_in_flight_ = false;
};

}  // namespace automock::net
