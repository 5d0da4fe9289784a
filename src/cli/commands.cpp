#include "cli/command.hpp"

namespace automock::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table{};
  return table;
}

}  // namespace automock::cli
