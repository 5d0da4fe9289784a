#include "cli/command.hpp"
#include "pipeline/history.hpp"

namespace automock::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"coverage", "Gate per-module coverage of lcov, gcovr JSON or Cobertura reports",
       define_coverage},
      {"record", "Capture proxy: forward to the real API and write one fixture per exchange",
       define_record},
      {"fixtures", "List, show, verify, prune and rekey fixture files", define_fixtures},
      {"har", "Import a HAR 1.2 file as fixtures, or export a cassette as HAR", define_har},
      {"serve", "Replay a cassette over HTTP on loopback, for any language's tests", define_serve},
      {"run", "Run a pipeline file: stages, coverage gate, rolling deploy", define_run},
      {"stats", "Deployment figures from the pipeline run history", define_stats},
      {"sweep", "Run each test once per recorded exchange and fault: failed, passed, hung, crashed",
       define_sweep},
      {"ca", "The CA that signs the forward proxy's certificates: init, path", define_ca},
  };
  return table;
}

void add_history_option(CLI::App& app, std::string& path, const std::string& help) {
  path = std::string{pipeline::k_default_history};
  app.add_option("--history", path, help)->capture_default_str();
}

}  // namespace automock::cli
