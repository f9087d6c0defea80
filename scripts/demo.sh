#!/usr/bin/env bash
# Builds and starts the explorer on the embedded simulator: the built-in demo cloud, logged in as
# administrator@System. Extra arguments go to vcd-explorer (see `build/app/vcd-explorer --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset default
cmake --build --preset default --target vcd-explorer
exec ./build/app/vcd-explorer --demo "$@"
