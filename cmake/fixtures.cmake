# CTest fixtures: the state the tests run on, set up and torn down by ctest
# itself (ctest -L pg starts PostgreSQL first and stops it last).
#
#   pg      a throwaway PostgreSQL, migrated, with the conformance suite's
#           orgs and tokens (scripts/fixtures/pg)
#   server  `scimd serve` on it; its cleanup fails unless the server ran
#           and stopped cleanly (scripts/fixtures/server)
#
# The fixtures write what they started (ports, URLs, tokens) to
# ${SCIMD_TEST_STATE}/*.env; a test that requires them runs under
# ${SCIMD_TEST_ENV} FIXTURE... -- COMMAND, which loads those files.
set(SCIMD_TEST_STATE ${PROJECT_BINARY_DIR}/test-state)
set(SCIMD_FIXTURES ${PROJECT_SOURCE_DIR}/scripts/fixtures)
set(SCIMD_TEST_ENV ${SCIMD_FIXTURES}/env ${SCIMD_TEST_STATE})

add_test(NAME fixture/pg-start
  COMMAND ${SCIMD_FIXTURES}/pg start ${SCIMD_TEST_STATE} $<TARGET_FILE:scimd>)
add_test(NAME fixture/pg-stop COMMAND ${SCIMD_FIXTURES}/pg stop ${SCIMD_TEST_STATE})
add_test(NAME fixture/server-start COMMAND ${SCIMD_FIXTURES}/server start ${SCIMD_TEST_STATE})
add_test(NAME fixture/server-stop COMMAND ${SCIMD_FIXTURES}/server stop ${SCIMD_TEST_STATE})
set_tests_properties(fixture/pg-start PROPERTIES FIXTURES_SETUP pg)
set_tests_properties(fixture/pg-stop PROPERTIES FIXTURES_CLEANUP pg)
# The server's own fixture needs the database until it has stopped.
set_tests_properties(fixture/server-start PROPERTIES FIXTURES_SETUP server FIXTURES_REQUIRED pg)
set_tests_properties(fixture/server-stop PROPERTIES FIXTURES_CLEANUP server FIXTURES_REQUIRED pg)
set_tests_properties(fixture/pg-start fixture/pg-stop fixture/server-start fixture/server-stop
  PROPERTIES LABELS fixture TIMEOUT 120)

# The layering rules of STYLE.md, and a test that the check catches each.
# They read the sources, not the build: the label `source` lets a second
# build (scripts/test's build-asan) leave them out.
add_test(NAME check-layers COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-layers)
add_test(NAME check-layers-plants COMMAND ${PROJECT_SOURCE_DIR}/scripts/tests/check-layers.sh)
set_tests_properties(check-layers check-layers-plants PROPERTIES LABELS "unit;source")

# docs/scimd.service, checked by systemd-analyze verify where it is
# installed (Debian package systemd; scripts/lib.sh installs it): without
# it at configure time there is no such test, which README.md says.
find_program(SYSTEMD_ANALYZE systemd-analyze)
if(SYSTEMD_ANALYZE)
  add_test(NAME systemd-verify
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/tests/systemd-verify.sh
      ${SYSTEMD_ANALYZE} ${PROJECT_SOURCE_DIR}/docs/scimd.service
      $<TARGET_FILE:scimd>)
  set_tests_properties(systemd-verify PROPERTIES LABELS unit)
else()
  message(STATUS "systemd-analyze not found: no systemd-verify test")
endif()
