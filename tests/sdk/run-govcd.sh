#!/usr/bin/env bash
# Drives vcd-sim with a VCD client SDK nobody in this project wrote: Debian's
# golang-github-hmrc-vmware-govcd-dev (github.com/hmrc/vmware-govcd, API 5.5).
#
#   run-govcd.sh PATH/TO/vcd-sim [PRODUCT]
#
# Builds tests/sdk/govcd offline (GOPATH mode, no proxy, no network), starts vcd-sim on a free port
# playing PRODUCT (default 5.5: the SDK hard-codes "version=5.5" in every Accept header), runs the
# program against it and exits with its status: 0 only when every step printed OK.
set -euo pipefail

SIM=${1:?usage: run-govcd.sh PATH/TO/vcd-sim [PRODUCT]}
PRODUCT=${2:-5.5}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOVCD_SRC=/usr/share/gocode/src/github.com/hmrc/vmware-govcd

command -v go >/dev/null || { echo "run-govcd: go not found (apt-get install golang-go)" >&2; exit 1; }
[ -d "$GOVCD_SRC" ] || { echo "run-govcd: $GOVCD_SRC missing (apt-get install golang-github-hmrc-vmware-govcd-dev)" >&2; exit 1; }
[ -x "$SIM" ] || { echo "run-govcd: $SIM is not executable" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/govcd-check.XXXXXX")
SIM_PID=""
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Offline build: a private GOPATH whose src/github.com is Debian's, a private build cache, modules off.
mkdir -p "$WORK/gopath/src" "$WORK/cache"
ln -s /usr/share/gocode/src/github.com "$WORK/gopath/src/github.com"
(
  cd "$HERE/govcd"
  env GOPATH="$WORK/gopath" GO111MODULE=off GOPROXY=off GOFLAGS= GOTOOLCHAIN=local \
      GOCACHE="$WORK/cache" CGO_ENABLED=0 go build -o "$WORK/govcd-check" .
)

# `timeout` bounds the simulator's life below ctest's 300 s even if this script is SIGKILLed (ctest's
# timeout) and the trap never runs; a TERM to timeout reaches vcd-sim too.
timeout 280 "$SIM" --port 0 --ready-file "$WORK/ready" --product "$PRODUCT" --task-seconds 0 >"$WORK/sim.log" 2>&1 &
SIM_PID=$!

for _ in $(seq 1 200); do   # 200 x 0.1 s = 20 s at most
  [ -s "$WORK/ready" ] && break
  kill -0 "$SIM_PID" 2>/dev/null || { echo "run-govcd: vcd-sim exited early:" >&2; cat "$WORK/sim.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$WORK/ready" ] || { echo "run-govcd: vcd-sim not ready after 20 s" >&2; cat "$WORK/sim.log" >&2; exit 1; }
URL=$(cat "$WORK/ready")
echo "run-govcd: vcd-sim $PRODUCT at $URL"

set +e
"$WORK/govcd-check" -url "$URL" -reconfigure | tee "$WORK/out"
rc=${PIPESTATUS[0]}
set -e

# Belt and braces: success means a clean exit, at least one step, and every line an OK.
if [ "$rc" -eq 0 ]; then
  if ! [ -s "$WORK/out" ] || grep -qv '^OK ' "$WORK/out"; then
    echo "run-govcd: the program exited 0 but not every line is OK" >&2
    rc=1
  fi
fi
[ "$rc" -eq 0 ] || { echo "run-govcd: vcd-sim log:" >&2; cat "$WORK/sim.log" >&2; }
exit "$rc"
