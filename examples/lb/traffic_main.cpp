// lb_traffic PORT [--from TEXT] COMMAND [ARG...]: runs COMMAND while sending
// traffic through the load balancer on 127.0.0.1:PORT (traffic.hpp), passing
// COMMAND's output through. Then prints how many requests were sent and how
// many failed: from the first output line of COMMAND that contains TEXT
// (with --from; e.g. "[deploy] batch 1/", where a pipeline's deploy starts)
// or from the start, until COMMAND exits. Exits with COMMAND's exit code (2
// for bad usage).

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>

#include "traffic.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

// Where counting starts: at the start, or at the --from line once seen.
struct Window {
  Clock::time_point start = Clock::now();
  lb::Traffic::Counts before;
  bool marked = false;
};

// Runs argv, echoing its stdout; `window` restarts at the first line holding `from`.
int run_command(char** argv, const std::optional<std::string>& from, const lb::Traffic& traffic,
                Window& window) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return 127;  // only the dup2ed stdout is inherited
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (error != 0) {
    std::fprintf(stderr, "lb_traffic: cannot run %s\n", argv[0]);
    return 127;
  }
  FILE* output = ::fdopen(fds[0], "r");
  char line[4096];
  while (std::fgets(line, sizeof line, output) != nullptr) {
    std::fputs(line, stdout);
    std::fflush(stdout);
    if (from && !window.marked && std::string_view{line}.find(*from) != std::string_view::npos) {
      window = {Clock::now(), traffic.counts(), true};
    }
  }
  std::fclose(output);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

int main(int argc, char** argv) {
  int port = argc >= 3 ? std::atoi(argv[1]) : 0;
  int first = 2;
  std::optional<std::string> from;
  if (argc >= 5 && std::string_view{argv[2]} == "--from") {
    from = argv[3];
    first = 4;
  }
  if (port <= 0 || port > 65535 || first >= argc) {
    std::fprintf(stderr, "usage: lb_traffic PORT [--from TEXT] COMMAND [ARG...]\n");
    return 2;
  }
  lb::Traffic traffic{port};
  Window window;
  const int code = run_command(argv + first, from, traffic, window);
  traffic.stop();
  const double seconds = std::chrono::duration<double>(Clock::now() - window.start).count();
  const auto after = traffic.counts();
  const long sent = after.sent - window.before.sent;
  const std::string since = window.marked ? "from \"" + *from + "\" on" : "while it ran";
  std::printf("[traffic] %s: %ld requests through 127.0.0.1:%d in %.2f s (%.0f/s), %ld failed\n",
              since.c_str(), sent, port, seconds, static_cast<double>(sent) / seconds,
              after.failed - window.before.failed);
  if (after.failed > 0) std::printf("%s", traffic.failures().c_str());
  return code;
}
