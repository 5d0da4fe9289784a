# AUTOMOCK_SANITIZE=address,undefined (or thread) builds everything, our code
# and the tests, with those sanitizers. UBSan findings abort (no recovery) so a
# test run fails on the first one.
set(AUTOMOCK_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread")
if(AUTOMOCK_SANITIZE)
  set(automock_sanitize_flags -fsanitize=${AUTOMOCK_SANITIZE} -fno-omit-frame-pointer ${AUTOMOCK_DEBUG_INFO})
  if(AUTOMOCK_SANITIZE MATCHES "undefined")
    list(APPEND automock_sanitize_flags -fno-sanitize-recover=all)
  endif()
  add_compile_options(${automock_sanitize_flags})
  add_link_options(${automock_sanitize_flags})
  # g++ warns that TSan does not instrument std::atomic_thread_fence; that is
  # no finding about our code, and -Werror must not turn it into a failure.
  if(AUTOMOCK_SANITIZE MATCHES "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-tsan)
  endif()
endif()
