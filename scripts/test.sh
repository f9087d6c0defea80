#!/usr/bin/env bash
# Builds everything and runs every test (offscreen), on a fresh Debian 12 machine too:
# installs the Debian packages it needs first (scripts/install-deps.sh, a no-op when present).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset default
cmake --build --preset default
QT_QPA_PLATFORM=offscreen ctest --preset default -j2
