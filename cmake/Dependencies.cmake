# System dependencies, found from Debian's -dev packages or PyPI; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

if(DYNAFAKE_WITH_LEVELDB)
  find_package(leveldb CONFIG QUIET)
  if(NOT leveldb_FOUND)
    # Debian's libleveldb-dev ships no CMake config on some releases: fall back to the library.
    find_path(LEVELDB_INCLUDE_DIR leveldb/db.h REQUIRED)
    find_library(LEVELDB_LIBRARY leveldb REQUIRED)
    add_library(leveldb::leveldb UNKNOWN IMPORTED)
    set_target_properties(leveldb::leveldb PROPERTIES
      IMPORTED_LOCATION ${LEVELDB_LIBRARY}
      INTERFACE_INCLUDE_DIRECTORIES ${LEVELDB_INCLUDE_DIR})
  endif()
endif()

if(DYNAFAKE_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

if(DYNAFAKE_BUILD_PYTHON)
  find_package(Python 3.9 REQUIRED COMPONENTS Interpreter Development.Module)
  find_package(pybind11 CONFIG REQUIRED)
endif()
