// doctest runner shared by the native and wasm unit tests and by the reference suite.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
