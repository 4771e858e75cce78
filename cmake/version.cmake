# Writes ${OUT}: scimd's version (${VERSION}, the project version) and the
# git commit of ${SRC} when it is a git checkout and git is installed, else
# an empty commit (a source tarball, a container build without .git). Run
# at every build by the scimd_version target so the commit is never stale;
# configure_file leaves the file alone when nothing changed, so nothing is
# rebuilt then.
find_package(Git QUIET)
set(SCIMD_COMMIT "")
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SRC} rev-parse --short=12 HEAD
    OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _rc ERROR_QUIET)
  if(_rc EQUAL 0)
    set(SCIMD_COMMIT ${_commit})
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SRC} status --porcelain
      --untracked-files=no OUTPUT_VARIABLE _dirty ERROR_QUIET)
    if(NOT _dirty STREQUAL "")
      set(SCIMD_COMMIT "${SCIMD_COMMIT}-dirty")
    endif()
  endif()
endif()
set(SCIMD_VERSION ${VERSION})
configure_file(${SRC}/scim/cli/version.h.in ${OUT} @ONLY)
