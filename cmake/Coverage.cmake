# AUTOMOCK_COVERAGE=ON instruments our own code with gcov (for the project's own gate).
if(AUTOMOCK_COVERAGE)
  target_compile_options(automock_warnings INTERFACE --coverage -O0 -g)
  target_link_options(automock_warnings INTERFACE --coverage)
endif()
