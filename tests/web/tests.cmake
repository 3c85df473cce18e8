# tests/web/: JavaScript-API and browser end-to-end tests of the wasm build (included by
# tests/CMakeLists.txt when EMSCRIPTEN). Both are node:test scripts.
#   api, api_native, api_page  the JS API (peakscope.mjs) under Node, against the wasm and native
#        CLIs, and its example page in Chromium (see below)
#   (serve: web/serve.mjs itself is tested in the native suite, tests/CMakeLists.txt)
#   e2e  serves the site with web/serve.mjs, drives /usr/bin/chromium via playwright-core (the repo's
#        node_modules; setup.sh installs it) through the app's UI, screenshots to <build>/screenshots/
# The interpreter is an absolute path, not a target, so CMAKE_CROSSCOMPILING_EMULATOR (node, set by
# the wasm preset to run wasm unit tests) is not prepended to these commands.
find_program(PEAKSCOPE_NODE NAMES node nodejs PATHS /usr/bin /usr/local/bin NO_CMAKE_FIND_ROOT_PATH)
if(NOT PEAKSCOPE_NODE)
  message(WARNING "node not found: the web tests (api, e2e) are not registered")
  return()
endif()

set(_web_tests "${CMAKE_CURRENT_SOURCE_DIR}/web")
set(_site "${PEAKSCOPE_SITE_DIR}")
if(NOT _site)
  set(_site "${CMAKE_BINARY_DIR}/site")
endif()

# api: the JS API under Node, and equality with the wasm CLI (peakscope_cli.js, byte for byte).
# api_native: equality with the native CLI — $PEAKSCOPE_NATIVE_CLI, else build/native/peakscope;
# exits 77 (ctest reports it as skipped, not passed) when neither exists.
# api_page: the example page web/examples/api.html in headless Chromium (playwright-core).
set(_api_env "PEAKSCOPE_WASM_CLI=$<TARGET_FILE:peakscope>"
             "PEAKSCOPE_NATIVE_CLI_DEFAULT=${PROJECT_SOURCE_DIR}/build/native/peakscope")
add_test(NAME api
  COMMAND "${PEAKSCOPE_NODE}" --no-experimental-fetch --test-reporter=spec "${_web_tests}/api.test.mjs"
          "${_site}/peakscope.mjs" "${PROJECT_VERSION}")
set_tests_properties(api PROPERTIES LABELS "web" TIMEOUT 300
  ENVIRONMENT "${_api_env};PEAKSCOPE_API_SUITE=main")
add_test(NAME api_native
  COMMAND "${PEAKSCOPE_NODE}" --no-experimental-fetch --test-reporter=spec "${_web_tests}/api.test.mjs"
          "${_site}/peakscope.mjs" "${PROJECT_VERSION}")
set_tests_properties(api_native PROPERTIES LABELS "web" TIMEOUT 300 SKIP_RETURN_CODE 77
  ENVIRONMENT "${_api_env};PEAKSCOPE_API_SUITE=native")
add_test(NAME api_page
  COMMAND "${PEAKSCOPE_NODE}" --test-reporter=spec "${_web_tests}/api_page.test.mjs")
set_tests_properties(api_page PROPERTIES LABELS "web;browser" TIMEOUT 300 RUN_SERIAL ON
  ENVIRONMENT "PEAKSCOPE_SITE=${_site};PEAKSCOPE_SERVE=${PROJECT_SOURCE_DIR}/web/serve.mjs;PEAKSCOPE_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;PEAKSCOPE_CHROMIUM=/usr/bin/chromium")

# e2e: the app in headless Chromium through its real UI (tests/web/e2e.test.mjs; boilerplate shared
# with api_page in browser.mjs); compares the app's results with the CLI's ($<TARGET_FILE:peakscope>).
# Runs without --no-experimental-fetch: playwright-core needs Node's global fetch/Request (it fails at
# import otherwise); the CLI it spawns gets the flag itself.
add_test(NAME e2e
  COMMAND "${PEAKSCOPE_NODE}" --test-reporter=spec "${_web_tests}/e2e.test.mjs")
set_tests_properties(e2e PROPERTIES LABELS "web;browser" TIMEOUT 600 RUN_SERIAL ON
  ENVIRONMENT "PEAKSCOPE_SITE=${_site};PEAKSCOPE_SERVE=${PROJECT_SOURCE_DIR}/web/serve.mjs;PEAKSCOPE_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;PEAKSCOPE_CHROMIUM=/usr/bin/chromium;PEAKSCOPE_CLI=$<TARGET_FILE:peakscope>")

# layers: Tutorial 2 (the Layers part, issue #5) in headless Chromium: the shipped activation sets
# analysed in the page, the qualitative findings, play / walkthrough / own data; screenshots.
# The page benchmark (not a test): node tests/web/bench_layers.mjs with PEAKSCOPE_SITE set.
add_test(NAME layers
  COMMAND "${PEAKSCOPE_NODE}" --test-reporter=spec "${_web_tests}/layers.test.mjs")
set_tests_properties(layers PROPERTIES LABELS "web;browser" TIMEOUT 600 RUN_SERIAL ON
  ENVIRONMENT "PEAKSCOPE_SITE=${_site};PEAKSCOPE_SERVE=${PROJECT_SOURCE_DIR}/web/serve.mjs;PEAKSCOPE_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;PEAKSCOPE_CHROMIUM=/usr/bin/chromium")

# a11y: the accessible text layer (live region, hidden tables in the accessibility tree, in sync with
# Z), reduced motion and bad link sizes, in headless Chromium (issue 10).
add_test(NAME a11y
  COMMAND "${PEAKSCOPE_NODE}" --test-reporter=spec "${_web_tests}/a11y.test.mjs")
set_tests_properties(a11y PROPERTIES LABELS "web;browser" TIMEOUT 300 RUN_SERIAL ON
  ENVIRONMENT "PEAKSCOPE_SITE=${_site};PEAKSCOPE_SERVE=${PROJECT_SOURCE_DIR}/web/serve.mjs;PEAKSCOPE_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;PEAKSCOPE_CHROMIUM=/usr/bin/chromium")

# pool: the pool of helper workers (web/worker/pool.hpp, issue #12) in headless Chromium — pooled
# stages bit for bit equal to one worker's (checked in the worker with ?poolcheck) and the same export
# from ?pool=1 and ?pool=3 on a set with ties and exact duplicates.
add_test(NAME pool
  COMMAND "${PEAKSCOPE_NODE}" --test-reporter=spec "${_web_tests}/pool.test.mjs")
set_tests_properties(pool PROPERTIES LABELS "web;browser" TIMEOUT 600 RUN_SERIAL ON
  ENVIRONMENT "PEAKSCOPE_SITE=${_site};PEAKSCOPE_SERVE=${PROJECT_SOURCE_DIR}/web/serve.mjs;PEAKSCOPE_SCREENSHOTS=${CMAKE_BINARY_DIR}/screenshots;PEAKSCOPE_CHROMIUM=/usr/bin/chromium")
