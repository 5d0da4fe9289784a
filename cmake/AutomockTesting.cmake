# automock_add_replay_test(TARGET name FIXTURES dir [MODE mode] [LABEL label])
#
# Registers the GoogleTest binary `name` with gtest_discover_tests so that each
# of its tests runs with AUTOMOCK_FIXTURES=<dir> (the root holding one cassette
# per test, <dir>/<Suite>/<Test>) and AUTOMOCK_MODE=<mode> (default: replay, so
# ctest never reaches the network; run the binary itself with another
# AUTOMOCK_MODE to record). A relative FIXTURES is taken from the current
# source directory. Included by automockConfig.cmake and by automock's own
# build, so find_package and add_subdirectory users call it alike.
include_guard(GLOBAL)

function(automock_add_replay_test)
  # Included here, not at file scope: GoogleTest keeps the path of its
  # discovery script in a variable of the including scope, which the
  # caller's directory (an add_subdirectory parent) would not see.
  include(GoogleTest)
  cmake_parse_arguments(ARG "" "TARGET;FIXTURES;MODE;LABEL" "" ${ARGN})
  if(NOT ARG_TARGET OR NOT ARG_FIXTURES)
    message(FATAL_ERROR "automock_add_replay_test: TARGET and FIXTURES are required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "automock_add_replay_test: unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "automock_add_replay_test: ${ARG_TARGET} is not a target")
  endif()
  if(NOT ARG_MODE)
    set(ARG_MODE replay)
  endif()
  set(modes replay once new_episodes record passthrough)
  if(NOT ARG_MODE IN_LIST modes)
    message(FATAL_ERROR "automock_add_replay_test: MODE must be one of ${modes}, not '${ARG_MODE}'")
  endif()
  get_filename_component(fixtures "${ARG_FIXTURES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  # gtest_discover_tests loses the ';' inside a property value, so each
  # property carries one value: the two variables go in two properties.
  set(properties ENVIRONMENT "AUTOMOCK_FIXTURES=${fixtures}"
                 ENVIRONMENT_MODIFICATION "AUTOMOCK_MODE=set:${ARG_MODE}")
  if(ARG_LABEL)
    list(APPEND properties LABELS ${ARG_LABEL})
  endif()
  gtest_discover_tests(${ARG_TARGET} DISCOVERY_MODE PRE_TEST PROPERTIES ${properties})
endfunction()
