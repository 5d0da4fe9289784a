#pragma once
// Tunnel: a CONNECT tunnel the forward proxy does not intercept. It connects
// to the host (or to the address HttpOptions::resolve gives for host:port),
// answers the client "200 Connection Established" (502 with the reason when
// the host cannot be reached, 504 when connecting timed out), then copies
// bytes both ways untouched until both sides have closed. Nothing of it is
// seen by the handler or recorded; ForwardSettings::on_tunnel_end hears how it
// ended.
//
// Thread-safety: runs on the io thread of the client's socket; registered
// with that thread's ConnectionRegistry (idle timeout, server stop).

#include <array>
#include <asio.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "core/origin.hpp"
#include "net/connection.hpp"

namespace automock::net {

class Tunnel : public Registered, public std::enable_shared_from_this<Tunnel> {
 public:
  // `already_read`: bytes the client sent after its CONNECT request.
  // `forward` outlives the tunnel.
  Tunnel(asio::ip::tcp::socket client, std::string already_read, Authority target,
         const ForwardSettings& forward, ConnectionRegistry& registry,
         std::chrono::steady_clock::duration idle_timeout);

  // Registers and starts connecting.
  void start();
  void close_if_expired(std::chrono::steady_clock::time_point now) override;
  void shut_down() override;

 private:
  struct Direction;
  void connect(const asio::ip::tcp::resolver::results_type& endpoints);
  void on_connected(const asio::error_code& error);
  void refuse(int status, const std::string& reason);
  void pump(Direction& direction);
  void close();

  asio::ip::tcp::socket client_;
  asio::ip::tcp::socket host_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  std::string pending_;  // the answer to CONNECT, then what arrived early
  Authority target_;
  const ForwardSettings& forward_;
  const HttpOptions& options_;
  ConnectionRegistry& registry_;
  std::chrono::steady_clock::duration idle_timeout_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_activity_;
  TunnelEnd end_;
  bool connected_ = false;
  bool timed_out_ = false;
  bool closed_ = false;
  int open_directions_ = 2;

  struct Direction {
    asio::ip::tcp::socket& from;
    asio::ip::tcp::socket& to;
    std::array<char, 16 << 10> buffer{};
  };
  Direction upstream_{client_, host_};
  Direction downstream_{host_, client_};
};

}  // namespace automock::net
