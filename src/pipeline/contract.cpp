#include "pipeline/contract.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/unique_fd.hpp"
#include "tooling/drift_report.hpp"

namespace automock::pipeline {

namespace {

using std::chrono::milliseconds;

constexpr std::string_view k_port_placeholder = "{port}";
constexpr milliseconds k_accept_poll{20};

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A port the kernel had free on 127.0.0.1 a moment ago.
int free_loopback_port() {
  const UniqueFd socket_fd{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  auto address = loopback(0);
  socklen_t size = sizeof address;
  if (socket_fd.get() < 0 ||
      ::bind(socket_fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(socket_fd.get(), reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw IoError("contract stage: cannot find a free port on 127.0.0.1");
  }
  return ntohs(address.sin_port);
}

bool accepts(int port) {
  const UniqueFd socket_fd{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  const auto address = loopback(port);
  return socket_fd.get() >= 0 &&
         ::connect(socket_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) ==
             0;
}

std::string with_port(std::string command, int port) {
  for (auto at = command.find(k_port_placeholder); at != std::string::npos;
       at = command.find(k_port_placeholder, at)) {
    command.replace(at, k_port_placeholder.size(), std::to_string(port));
  }
  return command;
}

// The service under test, run by run_process() on a thread of its own until
// stop(); its output and the stage's messages share one lock.
class ServiceProcess {
 public:
  ServiceProcess(const std::string& command, const StageContext& context) : context_(context) {
    say("$ " + command);
    const ProcessSpec spec{command, context.env, context.cwd, context.timeout, context.kill_grace};
    thread_ = std::thread{[this, spec] {
      try {
        run_process(
            spec, [this](std::string_view line) { say(line); }, &stop_);
      } catch (const Error& error) {
        say(std::string{"cannot start the service: "} + error.what());
      }
      exited_ = true;
    }};
  }
  ~ServiceProcess() { stop(); }
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  void say(std::string_view line) {
    std::lock_guard lock{mutex_};
    context_.say(line);
  }

  // Polls until the service accepts on `port`: passed, or why not.
  StageResult wait_until_accepting(int port, milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!accepts(port)) {
      if (exited_)
        return failure("the service exited before it accepted on port " + std::to_string(port));
      if (std::chrono::steady_clock::now() > deadline) {
        return failure("the service did not accept on 127.0.0.1:" + std::to_string(port) +
                       " within " + std::to_string(limit.count()) + " ms");
      }
      if (!context_.pause(k_accept_poll)) return StageResult::interrupted;
    }
    return StageResult::passed;
  }

  // Stops the service's process group and every process it started.
  void stop() {
    if (!thread_.joinable()) return;
    stop_.request();
    thread_.join();
    say("service stopped");
  }

 private:
  StageResult failure(const std::string& why) {
    say(why);
    return StageResult::failed;
  }

  const StageContext& context_;
  std::mutex mutex_;
  Interrupt stop_;
  std::atomic<bool> exited_{false};
  std::thread thread_;
};

tooling::DriftOptions contract_options(const ContractStep& step, const StageContext& context) {
  tooling::DriftOptions options{.unsafe = tooling::UnsafeMethods::send,
                                .test_binary = step.test_binary.value_or("")};
  if (step.config) options.config = load_config(context.cwd / *step.config);
  options.secrets = [env = context.env](const std::string& variable) {
    const auto found = env.find(variable);
    return found != env.end() ? std::optional<std::string>{found->second}
                              : secret_from_environment(variable);
  };
  return options;
}

// The cassette trees each instance is verified against: every cassette on
// its own, or all the trees on one instance.
std::vector<std::vector<std::filesystem::path>> instance_plan(const ContractStep& step,
                                                              const StageContext& context) {
  std::vector<std::filesystem::path> trees;
  for (const auto& fixtures : step.fixtures) trees.push_back(context.cwd / fixtures);
  if (!step.instance_per_cassette) return {trees};
  std::vector<std::vector<std::filesystem::path>> plan;
  for (const auto& tree : trees) {
    for (auto& cassette : tooling::cassettes_under(tree)) plan.push_back({std::move(cassette)});
  }
  return plan;
}

// Starts an instance, verifies `trees` against it into `report`, stops it.
StageResult verify_on_instance(const ContractStep& step, const tooling::DriftOptions& options,
                               const std::vector<std::filesystem::path>& trees,
                               const StageContext& context, tooling::DriftReport& report) {
  const int port = free_loopback_port();
  ServiceProcess service{with_port(step.start, port), context};
  const auto ready = service.wait_until_accepting(port, seconds_to_ms(step.ready_timeout_s));
  if (ready != StageResult::passed) return ready;
  const auto url = "http://127.0.0.1:" + std::to_string(port);
  for (const auto& tree : trees) {
    HttpTransport upstream{url};
    tooling::merge_into(report, tooling::check_drift(tree, upstream, options));
  }
  return StageResult::passed;
}

void say_report(const tooling::DriftReport& report, const StageContext& context) {
  std::stringstream text;
  tooling::render_drift(report, coverage::OutputFormat::text, text);
  for (std::string line; std::getline(text, line);) context.say(line);
}

}  // namespace

ContractStep parse_contract(const ObjectReader& stage) {
  const auto step =
      stage.object("contract", {"start", "fixtures", "config", "test_binary", "ready_timeout_s"});
  ContractStep contract{.start = step.string("start"),
                        .fixtures = step.strings("fixtures"),
                        .config = step.optional_string("config"),
                        .test_binary = step.optional_string("test_binary")};
  if (contract.start.find(k_port_placeholder) == std::string::npos) {
    step.fail("start", "expected a command holding {port}, the port the service must listen on");
  }
  contract.ready_timeout_s = step.number("ready_timeout_s", contract.ready_timeout_s, 0.001);
  if (step.has("instance_per_cassette")) {
    const auto& value = step.at("instance_per_cassette");
    if (!value.is_boolean()) step.fail("instance_per_cassette", "expected true or false");
    contract.instance_per_cassette = value.get<bool>();
  }
  return contract;
}

StageResult run_contract(const ContractStep& step, const StageContext& context) {
  tooling::DriftReport report{
      .upstream = step.instance_per_cassette ? "a fresh instance per cassette" : "one instance"};
  try {
    const auto options = contract_options(step, context);
    for (const auto& trees : instance_plan(step, context)) {
      const auto started = verify_on_instance(step, options, trees, context, report);
      if (started != StageResult::passed) return started;
    }
  } catch (const Error& error) {
    context.say(std::string{"contract check failed: "} + error.what());
    return StageResult::failed;
  }
  say_report(report, context);
  if (tooling::passed(report)) return StageResult::passed;
  context.say("contract broken: the release is stopped before any deploy");
  return StageResult::failed;
}

}  // namespace automock::pipeline
