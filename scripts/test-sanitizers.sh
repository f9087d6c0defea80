#!/usr/bin/env bash
# The whole suite under AddressSanitizer (LeakSanitizer on) and UndefinedBehaviorSanitizer, built once
# with clang in build-asan (the asan preset, which also builds the libFuzzer targets). Any sanitizer
# report fails the test that caused it. Run by scripts/test.sh when VCD_SANITIZERS=1 (CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang++ >/dev/null 2>&1; then
  echo "test-sanitizers: clang++ not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
start=$(date +%s)
cmake --preset asan "${launcher[@]}" >/dev/null
cmake --build --preset asan
built=$(date +%s)
ctest --preset asan -j2
done=$(date +%s)
echo "test-sanitizers: build $((built - start)) s, tests $((done - built)) s"
