#!/usr/bin/env bash
# The guard behind the README's promise: copies the tracked files of this checkout (as they are on
# disk) to an empty temporary folder, with no ../shared beside it, and builds and runs the whole
# suite there with scripts/test.sh. Tests that need the optional corpus report "skipped"; anything
# failing fails this script. Through ccache (CCACHE_BASEDIR) the copy reuses the checkout's objects.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/vcd-fresh-clone.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/clone"
git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/clone"
if [ -e "$work/shared" ]; then
  echo "test-fresh-clone: $work/shared exists" >&2
  exit 1
fi
echo "test-fresh-clone: $(git ls-files | wc -l) tracked files in $work/clone, no ../shared beside it"
# VCD_TEST_CORPUS_DIR is deliberately not passed: the copy must find nothing.
status=0
(cd "$work/clone" && ./scripts/test.sh) || status=$?
# What was skipped, and why (Qt Test reports a skipped function or row as a passing ctest).
log="$work/clone/build/Testing/Temporary/LastTest.log"
if [ -f "$log" ]; then
  echo "test-fresh-clone: skipped without the corpus:"
  grep -E '^SKIP   : ' "$log" | sed 's/^SKIP   : /  /' | sort -u || echo "  (nothing)"
fi
exit "$status"
