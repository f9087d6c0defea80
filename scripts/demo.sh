#!/usr/bin/env bash
# Builds and starts the demo: the VCD simulator with the built-in demo cloud, printing its URL and
# the demo credentials. Extra arguments go to vcd-sim (see `build/sim/vcd-sim --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset default
cmake --build --preset default --target vcd-sim
exec ./build/sim/vcd-sim --scenario demo --task-seconds 2 "$@"
