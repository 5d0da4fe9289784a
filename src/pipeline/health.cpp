#include "pipeline/health.hpp"

#include <automock/error.hpp>
#include <automock/transport.hpp>

#include "core/enum_names.hpp"

namespace automock::pipeline {

namespace {

enum class Attempt { pass, fail, interrupted };

using Cause = TransportError::Cause;

// What happened, in words, for each way the request can fail.
constexpr EnumNames<Cause, 7> k_cause_texts{
    {{Cause::connect, "connection refused or host unreachable"},
     {Cause::dns, "cannot resolve the host name"},
     {Cause::timeout, "timed out"},
     {Cause::reset, "connection closed or reset"},
     {Cause::tls, "TLS failed (certificate not verified, or handshake refused)"},
     {Cause::protocol, "the answer is not valid HTTP"},
     {Cause::other, "request failed"}}};

// "http://host:port/path?q" -> {"http://host:port", "/path?q"}.
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto authority = url.find("://") + 3;
  const auto slash = url.find('/', authority);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

Attempt try_url(const std::string& url, std::chrono::milliseconds timeout,
                const StageContext& context) {
  const auto [origin, target] = split_url(url);
  HttpOptions options;
  options.connect_timeout = timeout;
  options.read_timeout = timeout;
  try {
    HttpTransport transport{origin, options};
    const Response response = transport.send(Request{.method = "GET", .target = target});
    if (response.status >= 200 && response.status < 300) return Attempt::pass;
    context.say("health " + url + ": HTTP " + std::to_string(response.status));
  } catch (const TransportError& error) {
    context.say("health " + url + ": " + std::string{name_of(k_cause_texts, error.cause())});
  } catch (const InputError& error) {  // {target} made the URL invalid
    context.say("health " + url + ": " + error.what());
  }
  return Attempt::fail;
}

Attempt try_command(const std::string& command, std::string_view target,
                    std::chrono::milliseconds timeout, const StageContext& context) {
  const auto result = context.run(command, {{"AUTOMOCK_TARGET", std::string{target}}}, timeout);
  if (result.outcome == ProcessOutcome::interrupted) return Attempt::interrupted;
  if (result.ok()) return Attempt::pass;
  context.say("health `" + command + "`: exit code " + std::to_string(result.exit_code));
  return Attempt::fail;
}

}  // namespace

Health check_health(const HealthCheck& check, std::string_view target,
                    const StageContext& context) {
  const auto timeout = seconds_to_ms(check.timeout_s);
  for (int attempt = 0; attempt <= check.retries; ++attempt) {
    if (attempt > 0 && !context.pause(std::chrono::milliseconds{check.retry_delay_ms})) {
      return Health::interrupted;
    }
    const Attempt outcome =
        check.url
            ? try_url(substitute_target(*check.url, target, TargetAs::verbatim), timeout, context)
            : try_command(substitute_target(*check.run, target, TargetAs::shell_word), target,
                          timeout, context);
    if (outcome == Attempt::pass) return Health::healthy;
    if (outcome == Attempt::interrupted || context.interrupted()) return Health::interrupted;
  }
  return Health::unhealthy;
}

}  // namespace automock::pipeline
