# AUTOMOCK_PCH=ON precompiles the headers most of our sources include (the
# standard library's, nlohmann/json, and for tests GoogleTest), once per build
# instead of once per source file. Two header sets, each compiled by a donor
# target and reused (REUSE_FROM) by every target of its kind:
#   automock_use_pch(<target> LIBRARY)  libraries, programs, fuzz targets
#   automock_use_pch(<target> TEST)     test binaries and automock::gtest
# Reuse needs equal compile flags: the donors get theirs where every target
# does (automock_warnings, the global sanitizer and fuzzer options, the C++
# standard) and define no macro, so a target may add definitions of its own
# (gcc and clang accept a macro the header set was built without) but must not
# get flags that change code generation from anywhere else.
option(AUTOMOCK_PCH "Precompile the common headers (faster builds)" ON)

set(automock_pch_library_headers
  <algorithm> <array> <atomic> <chrono> <cstdint> <filesystem> <fstream> <functional>
  <map> <memory> <mutex> <optional> <set> <sstream> <stdexcept> <string>
  <string_view> <thread> <utility> <vector> <nlohmann/json.hpp>)
set(automock_pch_test_headers ${automock_pch_library_headers} <gmock/gmock.h> <gtest/gtest.h>)

function(automock_add_pch_donor kind)
  set(donor automock_pch_${kind})
  set(source ${PROJECT_BINARY_DIR}/${donor}.cpp)
  file(CONFIGURE OUTPUT ${source} CONTENT "// Compiles the ${kind} header set (cmake/PrecompiledHeaders.cmake).\n")
  add_library(${donor} OBJECT ${source})
  target_link_libraries(${donor} PRIVATE nlohmann_json::nlohmann_json automock_warnings ${ARGN})
  target_precompile_headers(${donor} PRIVATE ${automock_pch_${kind}_headers})
endfunction()

if(AUTOMOCK_PCH)
  automock_add_pch_donor(library)
  automock_add_pch_donor(test GTest::gtest GTest::gmock)
endif()

function(automock_use_pch target kind)
  if(AUTOMOCK_PCH)
    string(TOLOWER ${kind} kind)
    target_precompile_headers(${target} REUSE_FROM automock_pch_${kind})
  endif()
endfunction()
