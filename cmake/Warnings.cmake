# Warning settings for our own targets only (linked PRIVATE), never forced on users.
add_library(automock_warnings INTERFACE)
target_compile_options(automock_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wimplicit-fallthrough
  -Wno-missing-field-initializers)
if(AUTOMOCK_WERROR)
  target_compile_options(automock_warnings INTERFACE -Werror)
endif()
