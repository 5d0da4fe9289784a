#pragma once
// Every error automock throws derives from automock::Error; library code
// throws these or returns result values, never exit codes. The CLI decides
// exit codes in one table (src/cli/exit_code.hpp):
//   0    success, every check passed
//   1    a check failed (a result says so), or CheckFailed was thrown
//   2    any other error: InputError (ConfigError, FixtureError,
//        NetworkRefused), IoError, TransportError
//   130  `automock run` interrupted (SIGINT or SIGTERM)

#include <stdexcept>
#include <string>

namespace automock {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: a file, config or message that cannot be used. The message names
// the file (and line or JSON pointer) at fault. Exit code 2.
class InputError : public Error {
 public:
  using Error::Error;
};

// Bad input at a known place in a file: what() is "<file>: <where>: <what>"
// ("<file>: <what>" when `where` is empty).
class LocatedInputError : public InputError {
 public:
  LocatedInputError(std::string file, std::string where, const std::string& what)
      : InputError(file + ": " + (where.empty() ? "" : where + ": ") + what),
        file_(std::move(file)),
        where_(std::move(where)) {}
  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }

 private:
  std::string file_;
  std::string where_;
};

// A fixture file that fails to parse, has another schema version, misses a
// field or whose key does not match its request; `where` is the field.
class FixtureError : public LocatedInputError {
 public:
  using LocatedInputError::LocatedInputError;
  const std::string& path() const { return file(); }
  const std::string& field() const { return where(); }
};

// A configuration file (automock.json, coverage.json, pipeline.json) that is
// not valid: names the file and the JSON pointer (RFC 6901, "/" the whole).
class ConfigError : public LocatedInputError {
 public:
  using LocatedInputError::LocatedInputError;
  const std::string& json_path() const { return where(); }
};

// A check failed: an unmatched request, a module below threshold, a stage
// that failed. Exit code 1.
class CheckFailed : public Error {
 public:
  using Error::Error;
};

// A mode that would reach the network was refused (CI guard). Exit code 2.
class NetworkRefused : public InputError {
 public:
  using InputError::InputError;
};

// Reading or writing the file system failed (disk full, permissions).
class IoError : public Error {
 public:
  using Error::Error;
};

// The network failed: connection refused, DNS, timeout, reset, TLS; or the
// upstream's answer was not valid HTTP or its body not decodable (protocol).
class TransportError : public Error {
 public:
  enum class Cause { connect, dns, timeout, reset, tls, protocol, other };
  TransportError(Cause cause, const std::string& what) : Error(what), cause_(cause) {}
  Cause cause() const { return cause_; }

 private:
  Cause cause_;
};

}  // namespace automock
