# AUTOMOCK_FUZZ=ON (with clang++) instruments every target for libFuzzer with
# ASan and UBSan; fuzz/CMakeLists.txt then adds one fuzz_<name> per target.
if(AUTOMOCK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "AUTOMOCK_FUZZ needs clang++ (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer ${AUTOMOCK_DEBUG_INFO})
  add_link_options(-fsanitize=address,undefined)
endif()
