#pragma once
// A fleet for the load-balanced deploy tests: three instances of the example
// service on loopback ports, deployed with examples/deploy/, behind a real
// HAProxy (examples/lb/haproxy.cfg, in the foreground) whose runtime API
// socket examples/lb/haproxy-server.sh drives.

#include <httplib.h>
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "e2e/child_process.hpp"
#include "support/loopback.hpp"
#include "support/temp_dir.hpp"

namespace automock::test {

// `program` found on PATH or in /usr/sbin (where Debian puts haproxy).
inline std::filesystem::path program_path(const std::string& program) {
  std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/sbin";
  for (std::size_t from = 0; from <= path.size();) {
    const auto end = std::min(path.find(':', from), path.size());
    const auto candidate = std::filesystem::path{path.substr(from, end - from)} / program;
    if (end > from && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    from = end + 1;
  }
  throw std::runtime_error(program + " not found: scripts/setup.sh installs it");
}

class BalancedFleet {
 public:
  // Releases v1, v2 and v3-broken (its /health answers 503), v1 deployed to
  // three instances, HAProxy started in front of them and answering.
  explicit BalancedFleet(const TempDir& dir) : dir_(dir) {
    for (int i = 0; i < 3; ++i) targets_.push_back("127.0.0.1:" + std::to_string(closed_port()));
    make_release("v1", "");
    make_release("v2", "");
    make_release("v3-broken", "--unhealthy");
    for (const auto& target : targets_) {
      shell("RELEASE_DIR=" + release_dir("v1") + " " + script("deploy/deploy.sh") + " " + target);
    }
    start_balancer();
  }
  ~BalancedFleet() {
    balancer_.reset();
    for (const auto& target : targets_) {
      std::ifstream pid_file{state_dir() / target.substr(target.rfind(':') + 1) / "pid"};
      pid_t pid = 0;
      if (pid_file >> pid && pid > 0) ::kill(pid, SIGTERM);
    }
  }
  BalancedFleet(const BalancedFleet&) = delete;
  BalancedFleet& operator=(const BalancedFleet&) = delete;

  int balancer_port() const { return balancer_port_; }
  const std::vector<std::string>& targets() const { return targets_; }
  std::filesystem::path state_dir() const { return dir_ / "state"; }
  std::filesystem::path socket() const { return dir_ / "haproxy.sock"; }
  std::string release_dir(const std::string& version) const {
    return (dir_ / "releases" / version).string();
  }
  // An example script, by its path under examples/.
  static std::string script(const std::string& name) {
    return std::string{AUTOMOCK_SOURCE_DIR} + "/examples/" + name;
  }

  // The version the instance on `target` reports on /health, asked directly.
  std::string version_on(const std::string& target) const {
    httplib::Client client{"http://" + target};
    const auto response = client.Get("/health");
    if (!response) return "(no answer)";
    return nlohmann::json::parse(response->body).at("version").get<std::string>();
  }

 private:
  void shell(const std::string& command) const {
    const std::string line = "DEPLOY_STATE=" + state_dir().string() + " " + command + " >>" +
                             (dir_ / "setup.log").string() + " 2>&1";
    if (std::system(line.c_str()) != 0) throw std::runtime_error("failed: " + line);
  }

  void make_release(const std::string& version, const std::string& flags) const {
    shell(script("deploy/make-release.sh") + " " + TODO_SERVICE_PATH + " " + release_dir(version) +
          " " + version + " " + flags);
  }

  void start_balancer() {
    balancer_port_ = closed_port();
    balancer_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{program_path("haproxy").string(), "-db", "-f",
                                 script("lb/haproxy.cfg")},
        dir_ / "haproxy.log",
        std::map<std::string, std::optional<std::string>>{
            {"LB_PORT", std::to_string(balancer_port_)},
            {"LB_SOCKET", socket().string()},
            {"LB_SERVER1", targets_[0]},
            {"LB_SERVER2", targets_[1]},
            {"LB_SERVER3", targets_[2]}});
    httplib::Client client{"127.0.0.1", balancer_port_};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    while (std::chrono::steady_clock::now() < deadline) {
      const auto response = client.Get("/health");
      if (response && response->status == 200 && std::filesystem::exists(socket())) return;
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    throw std::runtime_error("HAProxy does not answer: " + balancer_->stderr_text());
  }

  const TempDir& dir_;
  std::vector<std::string> targets_;
  int balancer_port_ = 0;
  std::unique_ptr<ChildProcess> balancer_;
};

}  // namespace automock::test
