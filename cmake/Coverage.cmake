# AUTOMOCK_COVERAGE=ON instruments our own code with gcov (for the project's own gate).
# Counters are updated atomically: the servers and cassettes run many threads,
# and racing plain increments leave negative counts that gcov cannot print.
if(AUTOMOCK_COVERAGE)
  target_compile_options(automock_warnings INTERFACE --coverage -fprofile-update=atomic -O0 ${AUTOMOCK_DEBUG_INFO})
  target_link_options(automock_warnings INTERFACE --coverage -fprofile-update=atomic)
endif()
