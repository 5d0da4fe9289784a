#include "cli/command.hpp"

namespace automock::cli {

Runner define_run(CLI::App& app);    // cmd_run.cpp
Runner define_stats(CLI::App& app);  // cmd_stats.cpp

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"run", "Run a pipeline file: stages, coverage gate, rolling deploy", define_run},
      {"stats", "Deployment figures from the pipeline run history", define_stats},
  };
  return table;
}

}  // namespace automock::cli
