#!/usr/bin/env bash
# Builds everything and runs every test (offscreen), on a fresh Debian 12 machine too:
# installs the Debian packages it needs first (scripts/install-deps.sh, a no-op when present),
# fails on a tracked C++ file that differs from .clang-format (scripts/check-format.sh), and
# compiles through ccache.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/check-format.sh

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Paths below the checkout are hashed relative to it, so another checkout of the same sources
  # (scripts/test-fresh-clone.sh) hits the same cache; the build folder's name does not matter.
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
fi
cmake --preset default "${launcher[@]}"
cmake --build --preset default
QT_QPA_PLATFORM=offscreen ctest --preset default -j2
# Issue #12 (docs/RELIABILITY.md): with VCD_SANITIZERS=1 (CI sets it) the tests that feed untrusted
# bytes to our code again under ASan + UBSan + LSan, with VCD_SANITIZERS=all the whole suite; and, where
# clang is installed, every libFuzzer target for VCD_FUZZ_SECONDS (30) each (0: none).
if [ "${VCD_SANITIZERS:-0}" != 0 ]; then ./scripts/test-sanitizers.sh "$VCD_SANITIZERS"; fi
./scripts/fuzz.sh
