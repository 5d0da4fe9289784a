#pragma once
// The fixture of the UpstreamClient tests: an io thread to send from, and
// the result's response or error.

#include <gtest/gtest.h>

#include <asio.hpp>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "net/upstream_client.hpp"

namespace automock::net {

class UpstreamClientTest : public ::testing::Test {
 protected:
  ~UpstreamClientTest() override {
    work_.reset();
    thread_.join();
  }

  // Sends from the io thread and waits for the result.
  static UpstreamClient::Result send(UpstreamClient& client, Request request,
                                     asio::io_context& io) {
    std::promise<UpstreamClient::Result> promise;
    asio::post(io, [&] {
      client.send(std::move(request), io.get_executor(),
                  [&](UpstreamClient::Result result) { promise.set_value(std::move(result)); });
    });
    return promise.get_future().get();
  }
  UpstreamClient::Result send(UpstreamClient& client, Request request) {
    return send(client, std::move(request), io_);
  }

  static Response response_of(const UpstreamClient::Result& result) {
    if (const auto* error = std::get_if<TransportError>(&result)) {
      ADD_FAILURE() << "transport error: " << error->what();
      return {};
    }
    return std::get<Response>(result);
  }

  static const TransportError& error_of(const UpstreamClient::Result& result) {
    static const TransportError none{TransportError::Cause::other, "no error"};
    const auto* error = std::get_if<TransportError>(&result);
    if (error == nullptr) ADD_FAILURE() << "expected a transport error";
    return error != nullptr ? *error : none;
  }

  static Request get(std::string target) { return Request{.method = "GET", .target = target}; }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
      io_.get_executor()};
  std::thread thread_{[this] { io_.run(); }};
};

}  // namespace automock::net
