#include "net/response_head.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "net/hop_by_hop.hpp"

namespace automock::net {

namespace {

// Hop-by-hop fields, and those written here from the response itself.
bool is_dropped(std::string_view name) {
  return is_hop_by_hop(name) || iequals(name, "Content-Length") || iequals(name, "Date");
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != text.npos;
}

void append_number(std::string& out, size_t value) {
  std::array<char, 24> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  out.append(digits.data(), end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted once a second
// per thread: strftime would depend on the locale.
std::string_view http_date() {
  static constexpr std::array<const char*, 7> k_days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> k_months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local std::array<char, 32> cached_text{};
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::snprintf(cached_text.data(), cached_text.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  k_days[static_cast<size_t>(utc.tm_wday)], utc.tm_mday,
                  k_months[static_cast<size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour,
                  utc.tm_min, utc.tm_sec);
    cached_second = now;
  }
  return cached_text.data();
}

bool is_bodiless_status(int status) {
  return status < 200 || status == 204 || status == 304;
}

}  // namespace

bool sends_body(const Response& response, const Framing& framing) {
  return !framing.head_request && !is_bodiless_status(response.status);
}

std::string serialize_head(const Response& response, const Framing& framing) {
  std::string out;
  out.reserve(128 + response.headers.size() * 48);
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<size_t>(response.status));
  out.append(" ").append(reason_phrase(response.status)).append("\r\n");
  std::optional<std::string> date;
  for (const auto& [name, value] : response.headers) {
    if (iequals(name, "Date")) date = value;
    if (is_dropped(name) || has_line_break(name) || has_line_break(value)) continue;
    append_field(out, name, value);
  }
  append_field(out, "Date", date && !has_line_break(*date) ? std::string_view{*date} : http_date());
  const auto handler_length = response.headers.get("Content-Length");
  const bool may_keep_length = framing.head_request || response.status == 304;
  if (response.status < 200 || response.status == 204) {
    // RFC 9110 8.6: no Content-Length on 1xx and 204.
  } else if ((may_keep_length || framing.body_end == BodyEnd::given_length) &&
             response.body.empty() && handler_length && !has_line_break(*handler_length)) {
    append_field(out, "Content-Length", *handler_length);
  } else if (framing.body_end == BodyEnd::chunked && !may_keep_length) {
    append_field(out, "Transfer-Encoding", "chunked");
  } else if (framing.body_end == BodyEnd::close && !may_keep_length) {
    // The body ends when the connection closes.
  } else if (response.status != 304) {
    out.append("Content-Length: ");
    append_number(out, response.body.size());
    out.append("\r\n");
  }
  if (framing.persistence == Persistence::close) {
    append_field(out, "Connection", "close");
  } else if (framing.version_minor == 0) {
    append_field(out, "Connection", "keep-alive");
  }
  out.append("\r\n");
  return out;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

Response plain_response(int status, std::string_view message) {
  Response response;
  response.status = status;
  response.headers.add("Content-Type", "text/plain; charset=utf-8");
  response.body = std::string{message} + "\n";
  return response;
}

}  // namespace automock::net
