# `cmake --install` puts the public headers, the static libraries, the
# `automock` binary, a CMake package (automockConfig.cmake with the targets
# automock::automock and automock::gtest, and automock_add_replay_test) and
# automock.pc into the prefix.
#
# The installed headers are exactly include/automock/: the headers of the
# installed libraries. The coverage gate and the pipeline runner are used
# through the `automock` binary and keep their headers under src/.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(AUTOMOCK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/automock)

install(DIRECTORY include/automock DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")

set_target_properties(automock_core PROPERTIES EXPORT_NAME core)
set_target_properties(automock_net PROPERTIES EXPORT_NAME net)
set_target_properties(automock_gtest PROPERTIES EXPORT_NAME gtest)
install(TARGETS automock automock_core automock_net EXPORT automockTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS automock_gtest EXPORT automockGtestTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS automock_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT automockTargets NAMESPACE automock:: DESTINATION ${AUTOMOCK_CMAKE_DIR})
install(EXPORT automockGtestTargets NAMESPACE automock:: DESTINATION ${AUTOMOCK_CMAKE_DIR})
configure_package_config_file(cmake/automockConfig.cmake.in
  ${PROJECT_BINARY_DIR}/automockConfig.cmake INSTALL_DESTINATION ${AUTOMOCK_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/automockConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/automockConfig.cmake
              ${PROJECT_BINARY_DIR}/automockConfigVersion.cmake
              cmake/AutomockTesting.cmake
        DESTINATION ${AUTOMOCK_CMAKE_DIR})

# The .pc file finds its prefix from its own place, so it stays right under
# `cmake --install --prefix` and when the tree is moved.
file(RELATIVE_PATH AUTOMOCK_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" AUTOMOCK_PC_TO_PREFIX "${AUTOMOCK_PC_TO_PREFIX}")
configure_file(cmake/automock.pc.in ${PROJECT_BINARY_DIR}/automock.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/automock.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
