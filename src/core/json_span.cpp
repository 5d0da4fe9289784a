#include "core/json_span.hpp"

#include <optional>
#include <vector>

#include "core/text.hpp"

namespace automock {

namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class SpanScanner {
 public:
  SpanScanner(std::string_view text, const JsonSpanVisitor& visit) : text_(text), visit_(visit) {}

  bool scan() {
    if (!value_then_containers()) return false;
    skip_space();
    return at_ == text_.size();
  }

 private:
  struct Open {
    JsonKind kind;
    size_t begin;
    size_t count;
  };

  // Reads one value; each time a value completes, closes the containers it
  // completes and reads the next element, until the root value is complete.
  bool value_then_containers() {
    for (;;) {
      skip_space();
      if (peek() == '{' || peek() == '[') {
        open_.push_back({peek() == '{' ? JsonKind::object : JsonKind::array, at_++, 0});
        const auto element_follows = first_element();
        if (!element_follows) return false;
        if (*element_follows) continue;
      } else if (!scalar()) {
        return false;
      }
      const auto next = after_value();
      if (!next) return false;
      if (!*next) return true;
    }
  }

  // After a complete value: closes containers; true when another element
  // follows (its path is pushed), false when the root is complete.
  std::optional<bool> after_value() {
    while (!open_.empty()) {
      skip_space();
      if (path_.size() == open_.size()) path_.pop_back();
      auto& top = open_.back();
      if (peek() == ',') {
        ++at_;
        ++top.count;
        if (!element_path()) return std::nullopt;
        return true;
      }
      if (peek() != (top.kind == JsonKind::object ? '}' : ']')) return std::nullopt;
      ++at_;
      report(top.kind, top.begin, "");
      open_.pop_back();
    }
    return false;
  }

  // Just after '{' or '[': true when an element follows (its path is
  // pushed), false for an empty container (closed and reported).
  std::optional<bool> first_element() {
    skip_space();
    const auto& top = open_.back();
    if (peek() == (top.kind == JsonKind::object ? '}' : ']')) {
      ++at_;
      report(top.kind, top.begin, "");
      open_.pop_back();
      return false;
    }
    if (!element_path()) return std::nullopt;
    return true;
  }

  bool element_path() {
    const auto& top = open_.back();
    if (top.kind == JsonKind::array) {
      path_.push_back({std::to_string(top.count), true});
      return true;
    }
    skip_space();
    std::string name;
    if (!string_into(name)) return false;
    skip_space();
    if (peek() != ':') return false;
    ++at_;
    path_.push_back({std::move(name), false});
    return true;
  }

  bool scalar() {
    const size_t begin = at_;
    if (peek() == '"') {
      std::string decoded;
      if (!string_into(decoded)) return false;
      report(JsonKind::string, begin, decoded);
      return true;
    }
    if (peek() == '-' || is_digit(peek())) {
      if (!number()) return false;
      report(JsonKind::number, begin, "");
      return true;
    }
    for (const std::string_view literal : {"true", "false", "null"}) {
      if (text_.substr(at_, literal.size()) == literal) {
        at_ += literal.size();
        report(JsonKind::literal, begin, "");
        return true;
      }
    }
    return false;
  }

  bool number() {
    if (peek() == '-') ++at_;
    if (peek() == '0') {
      ++at_;
    } else if (!digits()) {
      return false;
    }
    if (peek() == '.') {
      ++at_;
      if (!digits()) return false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++at_;
      if (peek() == '+' || peek() == '-') ++at_;
      if (!digits()) return false;
    }
    return true;
  }

  bool digits() {
    const size_t begin = at_;
    while (is_digit(peek())) ++at_;
    return at_ > begin;
  }

  // A string starting at '"', decoded into `out`; at_ ends after its quote.
  bool string_into(std::string& out) {
    if (peek() != '"') return false;
    ++at_;
    for (;;) {
      if (at_ >= text_.size()) return false;
      const char c = text_[at_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out += c;
      } else if (!escape_into(out)) {
        return false;
      }
    }
  }

  bool escape_into(std::string& out) {
    if (at_ >= text_.size()) return false;
    const char c = text_[at_++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        return unicode_into(out);
      default:
        return false;
    }
  }

  // After "\u": a code unit, or a surrogate pair; a lone surrogate is not JSON
  // text that any reader agrees on, so it is refused.
  bool unicode_into(std::string& out) {
    const auto unit = hex4();
    if (!unit || (*unit >= 0xDC00 && *unit <= 0xDFFF)) return false;
    if (*unit < 0xD800 || *unit > 0xDBFF) {
      append_utf8(out, *unit);
      return true;
    }
    if (text_.substr(at_, 2) != "\\u") return false;
    at_ += 2;
    const auto low = hex4();
    if (!low || *low < 0xDC00 || *low > 0xDFFF) return false;
    append_utf8(out, 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00));
    return true;
  }

  std::optional<unsigned> hex4() {
    if (text_.size() - at_ < 4) return std::nullopt;
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      const auto digit = hex_digit_value(text_[at_++]);
      if (!digit) return std::nullopt;
      value = value * 16 + *digit;
    }
    return value;
  }

  void report(JsonKind kind, size_t begin, std::string_view decoded) {
    visit_(
        JsonValueSpan{.path = path_, .kind = kind, .begin = begin, .end = at_, .decoded = decoded});
  }

  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  void skip_space() {
    while (at_ < text_.size() && is_json_space(text_[at_])) ++at_;
  }

  std::string_view text_;
  const JsonSpanVisitor& visit_;
  size_t at_ = 0;
  std::vector<Open> open_;
  std::vector<JsonPathToken> path_;
};

}  // namespace

bool visit_json_spans(std::string_view text, const JsonSpanVisitor& visit) {
  return SpanScanner{text, visit}.scan();
}

}  // namespace automock
