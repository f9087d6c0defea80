#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz) for a bounded time — VCD_FUZZ_SECONDS each, 30 by default —
# starting from its seeds (tests/data/fuzz/<name> and the test bodies it reads), with ASan + UBSan, in build-asan (the asan
# preset; clang needed). New inputs go to build-asan/fuzz-corpus/<name>, never into the source tree.
# Prints one JSON line per target with its executions; a crash stops the run with the reproducer's path
# (add it to the seed corpus and a regression test to the suite).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${VCD_FUZZ_SECONDS:-30}"
if [ "$seconds" = 0 ]; then
  echo "fuzz: VCD_FUZZ_SECONDS=0; skipped"
  exit 0
fi
if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ not found; skipped (scripts/install-deps.sh installs it)"
  exit 0
fi
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake --preset asan "${launcher[@]}" >/dev/null
cmake --build --preset asan --target fuzzers
export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp"
status=0
for exe in build-asan/tests/fuzz/fuzz_*; do
  [ -f "$exe" ] && [ -x "$exe" ] || continue # not the *_autogen folders
  name=$(basename "$exe")
  corpus=${name#fuzz_}
  work="build-asan/fuzz-corpus/$corpus"
  artifacts="build-asan/fuzz-artifacts/$corpus/"
  mkdir -p "$work" "$artifacts"
  log="build-asan/fuzz-artifacts/$corpus.log"
  seeds=("tests/data/fuzz/$corpus")
  # The project's own test bodies seed the readers that read them (same list as tests/fuzz/CMakeLists.txt).
  case "$corpus" in
    xmlreaders | sessionreaders | cloudapijson) seeds+=(tests/data/bodies tests/data/sections) ;;
    requestparser) seeds+=(tests/data/requests) ;;
  esac
  if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$work" "${seeds[@]}" >"$log" 2>&1; then
    result=ok
  else
    result=crash
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  echo "{\"fuzz_target\":\"$corpus\",\"seconds\":$seconds,\"executions\":${execs:-0},\"result\":\"$result\"}"
  if [ "$result" = crash ]; then
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 >&2 || true
  fi
done
exit $status
