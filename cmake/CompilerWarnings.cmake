# Warnings for the project's own targets; -Werror only in CI, so a newer compiler never blocks a user's install.
function(dynafake_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(DEFINED ENV{CI})
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
