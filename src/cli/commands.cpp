#include "cli/command.hpp"

namespace automock::cli {

Runner define_coverage(CLI::App& app);

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"coverage", "gate per-module coverage of lcov, gcovr JSON or Cobertura reports",
       define_coverage},
  };
  return table;
}

}  // namespace automock::cli
