#include "net/body_decoder.hpp"

#include <algorithm>
#include <utility>

#include "core/text.hpp"
#include "net/http_syntax.hpp"

namespace automock::net {

namespace {

// A chunk-size line longer than this is an attack, not a chunk size.
constexpr size_t k_max_chunk_line = 1024;

}  // namespace

BodyDecoder::BodyDecoder(Step step, ParseLimits limits)
    : limits_(limits), state_(State::reading), step_(step) {}

BodyDecoder BodyDecoder::fixed(size_t length, ParseLimits limits) {
  BodyDecoder decoder{Step::fixed, limits};
  if (length > limits.max_body_bytes) {
    decoder.fail(Failure::body_too_large);
  } else if (length == 0) {
    decoder.state_ = State::done;
  } else {
    decoder.body_.reserve(length);
    decoder.remaining_ = length;
  }
  return decoder;
}

BodyDecoder BodyDecoder::chunked(ParseLimits limits) {
  return {Step::chunk_size, limits};
}

BodyDecoder BodyDecoder::until_close(ParseLimits limits) {
  return {Step::until_close, limits};
}

size_t BodyDecoder::feed(std::string_view input) {
  size_t total = 0;
  while (state_ == State::reading) {
    const std::string_view rest = input.substr(total);
    const bool is_data =
        step_ == Step::fixed || step_ == Step::until_close || step_ == Step::chunk_data;
    const size_t used = is_data ? feed_data(rest) : feed_line(rest);
    if (used == 0) break;
    total += used;
  }
  return total;
}

void BodyDecoder::end_of_input() {
  if (state_ != State::reading) return;
  if (step_ == Step::until_close) {
    state_ = State::done;
  } else {
    fail(Failure::cut_short);
  }
}

// Appends the body bytes at the start of `input` that the current step allows.
size_t BodyDecoder::feed_data(std::string_view input) {
  if (step_ == Step::until_close) {
    if (input.size() > limits_.max_body_bytes - body_.size()) {
      fail(Failure::body_too_large);
      return 0;
    }
    body_.append(input);
    tell_piece(input);
    return input.size();
  }
  const size_t used = std::min(input.size(), remaining_);
  body_.append(input.substr(0, used));
  remaining_ -= used;
  if (step_ == Step::fixed) tell_piece(input.substr(0, used));
  if (remaining_ == 0 && step_ == Step::fixed) state_ = State::done;
  if (remaining_ == 0 && step_ == Step::chunk_data) {
    tell_piece(std::string_view{body_}.substr(chunk_start_));
    step_ = Step::chunk_end;
  }
  return used;
}

void BodyDecoder::tell_piece(std::string_view piece) {
  if (listener_ && !piece.empty()) listener_(piece);
}

size_t BodyDecoder::line_limit() const {
  if (step_ == Step::trailer) return limits_.max_header_bytes - trailer_bytes_;
  return k_max_chunk_line;
}

size_t BodyDecoder::feed_line(std::string_view input) {
  const Line line = next_line(input, line_limit());
  if (line.status == Line::Status::too_long) {
    if (step_ == Step::trailer) {
      fail(Failure::trailer_too_large);
    } else {
      fail(Failure::malformed, "chunk size line too long");
    }
    return 0;
  }
  if (line.status == Line::Status::incomplete) return 0;
  if (step_ == Step::trailer) trailer_bytes_ += line.size;
  on_line(line.text);
  return line.size;
}

void BodyDecoder::on_line(std::string_view line) {
  switch (step_) {
    case Step::chunk_size:
      return on_chunk_size(line);
    case Step::chunk_end:
      return on_chunk_end(line);
    case Step::trailer:
      return on_trailer(line);
    case Step::fixed:
    case Step::until_close:
    case Step::chunk_data:
      break;
  }
}

void BodyDecoder::on_chunk_size(std::string_view line) {
  const auto size = parse_hex(trim(line.substr(0, line.find(';'))));
  if (!size) return fail(Failure::malformed, "invalid chunk size");
  if (*size > limits_.max_body_bytes - body_.size()) return fail(Failure::body_too_large);
  if (*size == 0) {
    step_ = Step::trailer;
    return;
  }
  remaining_ = *size;
  chunk_start_ = body_.size();
  step_ = Step::chunk_data;
}

void BodyDecoder::on_chunk_end(std::string_view line) {
  if (!line.empty()) return fail(Failure::malformed, "chunk data longer than its size");
  step_ = Step::chunk_size;
}

void BodyDecoder::on_trailer(std::string_view line) {
  if (line.empty()) {
    state_ = State::done;
    return;
  }
  if (line.find(':') == std::string_view::npos) fail(Failure::malformed, "malformed trailer field");
}

void BodyDecoder::fail(Failure failure, std::string reason) {
  state_ = State::failed;
  failure_ = failure;
  reason_ = std::move(reason);
}

}  // namespace automock::net
