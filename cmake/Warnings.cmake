# Warning settings for our own targets only (linked PRIVATE), never forced on users.
add_library(automock_warnings INTERFACE)
target_compile_options(automock_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wimplicit-fallthrough
  -Wno-missing-field-initializers)
if(AUTOMOCK_WERROR)
  target_compile_options(automock_warnings INTERFACE -Werror)
endif()
# A unity build (AUTOMOCK_UNITY) hands g++ each source as an included file, and
# for those it warns when a class has a member of an anonymous-namespace type
# (-Wsubobject-linkage), which it never does for the main file each source is.
if(AUTOMOCK_UNITY AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(automock_warnings INTERFACE -Wno-subobject-linkage)
endif()
