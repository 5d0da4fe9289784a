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

// A fixture file that fails to parse, has another schema version, misses a
// field or whose key does not match its request.
class FixtureError : public InputError {
 public:
  FixtureError(std::string path, std::string field, const std::string& what)
      : InputError(path + ": " + (field.empty() ? "" : field + ": ") + what),
        path_(std::move(path)),
        field_(std::move(field)) {}
  const std::string& path() const { return path_; }
  const std::string& field() const { return field_; }

 private:
  std::string path_;
  std::string field_;
};

// A configuration file (automock.json, coverage.json, pipeline.json) that is
// not valid: names the file and the JSON pointer (RFC 6901, "/" the whole).
class ConfigError : public InputError {
 public:
  ConfigError(std::string file, std::string json_path, const std::string& what)
      : InputError(file + ": " + json_path + ": " + what),
        file_(std::move(file)),
        json_path_(std::move(json_path)) {}
  const std::string& file() const { return file_; }
  const std::string& json_path() const { return json_path_; }

 private:
  std::string file_;
  std::string json_path_;
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
