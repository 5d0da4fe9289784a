#pragma once
// The one place that decides the exit codes users see. A command's runner
// returns an Outcome; an exception escaping it is mapped by outcome_of().
//
//   Outcome       code  when
//   ok            0     the command did its job and every check passed
//   check_failed  1     a check failed: a module below its floor or the
//                       baseline (coverage), a failed stage (run), a bad
//                       fixture or a drift (fixtures verify), a rekey
//                       collision, an unmatched request (serve --fail-on-miss),
//                       an entry left out (har import --strict); or a
//                       CheckFailed escaped
//   bad_input     2     bad usage or input: any other exception (InputError and
//                       its ConfigError, FixtureError, NetworkRefused; IoError,
//                       TransportError)
//   interrupted   130   `automock run` stopped by SIGINT or SIGTERM (the
//                       shell's convention for SIGINT)

#include <exception>

namespace automock::cli {

enum class Outcome { ok, check_failed, bad_input, interrupted };

int exit_code(Outcome outcome);

// ok when `passed`, check_failed otherwise.
Outcome check(bool passed);

// check_failed for automock::CheckFailed, bad_input for every other exception.
Outcome outcome_of(const std::exception& error);

}  // namespace automock::cli
