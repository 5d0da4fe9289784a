#include "cli/exit_code.hpp"

#include <automock/error.hpp>

namespace automock::cli {

int exit_code(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok:
      return 0;
    case Outcome::check_failed:
      return 1;
    case Outcome::bad_input:
      return 2;
    case Outcome::interrupted:
      return 130;
  }
  return 2;
}

Outcome check(bool passed) {
  return passed ? Outcome::ok : Outcome::check_failed;
}

Outcome outcome_of(const std::exception& error) {
  return dynamic_cast<const CheckFailed*>(&error) != nullptr ? Outcome::check_failed
                                                             : Outcome::bad_input;
}

}  // namespace automock::cli
