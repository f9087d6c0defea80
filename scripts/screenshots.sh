#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/images/*.png) from the real window on the embedded demo
# cloud: builds vcd-screenshots and runs every scene (or the ones named) under Xvfb, falling back to
# Qt's offscreen platform when Xvfb is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset default
cmake --build --preset default --target vcd-screenshots
if command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run -a -s "-screen 0 1600x1000x24" ./build/tests/tools/vcd-screenshots --output docs/images "$@"
fi
QT_QPA_PLATFORM=offscreen exec ./build/tests/tools/vcd-screenshots --output docs/images "$@"
