# DYNAFAKE_SANITIZE=address;undefined or thread: applied to every target of the build.
if(DYNAFAKE_SANITIZE)
  string(REPLACE ";" "," _dynafake_sanitizers "${DYNAFAKE_SANITIZE}")
  add_compile_options(-fsanitize=${_dynafake_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_dynafake_sanitizers})
endif()
