# dynafake_module(NAME SOURCES ... DEPS ...): one static library per engine module, linked only to the
# modules the dependency matrix in docs/architecture.md allows.
function(dynafake_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(dynafake_${name} STATIC ${ARG_SOURCES})
  target_include_directories(dynafake_${name} PUBLIC ${PROJECT_SOURCE_DIR}/cpp ${PROJECT_SOURCE_DIR}/cpp/include)
  target_link_libraries(dynafake_${name} PUBLIC ${ARG_DEPS})
  dynafake_set_warnings(dynafake_${name})
endfunction()

# dynafake_test(NAME SOURCES ... DEPS ...): a GoogleTest binary beside the code it tests.
function(dynafake_test name)
  if(NOT DYNAFAKE_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main Threads::Threads)
  dynafake_set_warnings(${name})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
