#!/usr/bin/env bash
# The suite under AddressSanitizer (LeakSanitizer on) and UndefinedBehaviorSanitizer, built with clang in
# build-asan (the asan preset, which also builds the libFuzzer targets). Any sanitizer report fails the
# test that caused it. Run by scripts/test.sh when VCD_SANITIZERS is set (docs/RELIABILITY.md):
#   VCD_SANITIZERS=all  every test;
#   VCD_SANITIZERS=1    the tests that feed untrusted bytes to our code — the readers, the request
#                       parser and HTTP reader, the hostile servers and clients, the fault soak — and
#                       every fuzz seed: what the sanitizers are for, in a fraction
#                       of the build (no widgets, no app, no benchmarks);
#   VCD_SANITIZERS=auto (CI) that subset first; then, if the run so far (since VCD_CI_START, epoch
#                       seconds) took less than VCD_SANITIZER_BUDGET seconds (900) — a warm compiler
#                       cache — the whole suite as well, so CI stays within its 45 minutes either way.
set -euo pipefail
cd "$(dirname "$0")/.."
scope="${1:-${VCD_SANITIZERS:-1}}"
if ! command -v clang++ >/dev/null 2>&1; then
  echo "test-sanitizers: clang++ not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
tests=(
  tst_xmlreaders tst_actionbodies tst_apierror tst_queryrecordsscanner tst_requestlog tst_hostileservers
  tst_httprequestreader tst_requestparser tst_queryfilter tst_bodycompressor tst_simserver tst_vcdsimulator
  tst_session tst_faultsoak
)
start=$(date +%s)
cmake --preset asan "${launcher[@]}" >/dev/null
if [ "$scope" = auto ]; then
  cmake --build --preset asan --target fuzzers vcd-sim "${tests[@]}"
  spent=$(( $(date +%s) - ${VCD_CI_START:-$start} ))
  budget=${VCD_SANITIZER_BUDGET:-900}
  if [ "$spent" -lt "$budget" ]; then scope=all; else scope=1; fi
  echo "test-sanitizers: ${spent} s spent before the whole-suite decision (budget ${budget} s): scope ${scope}"
fi
if [ "$scope" = all ]; then
  cmake --build --preset asan
  filter=()
else
  cmake --build --preset asan --target fuzzers vcd-sim "${tests[@]}"
  regex="^($(IFS='|'; echo "${tests[*]}"))\$|_seeds\$"
  filter=(-R "$regex")
fi
built=$(date +%s)
ctest --preset asan -j2 "${filter[@]}"
done=$(date +%s)
echo "test-sanitizers ($scope): build $((built - start)) s, tests $((done - built)) s"
