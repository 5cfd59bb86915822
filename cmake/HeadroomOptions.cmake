# One INTERFACE target carries the language level, warnings and Qt strictness for every target.
add_library(headroom_options INTERFACE)
add_library(Headroom::options ALIAS headroom_options)

# The language level itself (C++20, no GNU extensions) is set in the top-level CMakeLists.txt.
target_compile_features(headroom_options INTERFACE cxx_std_20)

# -Wshadow: a local that hides a member or an outer name is how a lambda writes the wrong one.
target_compile_options(headroom_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(HEADROOM_WERROR)
  target_compile_options(headroom_options INTERFACE -Werror)
endif()

target_compile_definitions(headroom_options INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_UP_TO=0x060400
  JSON_USE_IMPLICIT_CONVERSIONS=0)

if(HEADROOM_SANITIZE)
  target_compile_options(headroom_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(headroom_options INTERFACE -fsanitize=address,undefined)
endif()

if(HEADROOM_FUZZ)
  # Everything is instrumented for coverage; only the fuzz executables link libFuzzer's main.
  target_compile_options(headroom_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(headroom_options INTERFACE -fsanitize=address,undefined)
endif()
