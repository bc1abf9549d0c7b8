# System dependencies, found from Debian's -dev packages or PyPI; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

if(DYNAFAKE_WITH_LEVELDB)
  find_package(leveldb CONFIG QUIET)
  if(leveldb_FOUND)
    # Debian's leveldb config names "snappy" as a link dependency, but libleveldb-dev does not pull in
    # libsnappy-dev; the shared libleveldb already links its own snappy, so drop the name if absent.
    find_library(DYNAFAKE_SNAPPY_LIBRARY snappy)
    if(NOT DYNAFAKE_SNAPPY_LIBRARY)
      get_target_property(_leveldb_links leveldb::leveldb INTERFACE_LINK_LIBRARIES)
      if(_leveldb_links)
        list(REMOVE_ITEM _leveldb_links snappy)
        set_target_properties(leveldb::leveldb PROPERTIES INTERFACE_LINK_LIBRARIES "${_leveldb_links}")
      endif()
    endif()
  else()
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
