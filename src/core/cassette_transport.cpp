#include <automock/cassette.hpp>
#include <automock/transport.hpp>

namespace automock {

CassetteTransport::CassetteTransport(std::shared_ptr<Cassette> cassette,
                                     std::shared_ptr<Transport> upstream)
    : cassette_(std::move(cassette)), upstream_(std::move(upstream)) {}

Response CassetteTransport::send(const Request& request) {
  return cassette_->handle(request, upstream_.get());
}

}  // namespace automock
