#!/usr/bin/env bash
# Fails when a tracked C++ file differs from the checked-in .clang-format, with Debian 12's
# clang-format (14), as CI runs it. Fix with: clang-format -i FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "check-format: not a git checkout, nothing to check"
  exit 0
fi
clang_format="$(command -v clang-format-14 || command -v clang-format || true)"
if [ -z "$clang_format" ]; then
  echo "check-format: clang-format not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
files=()
while IFS= read -r -d '' f; do
  [ -f "$f" ] && files+=("$f")
done < <(git ls-files -z -- '*.cpp' '*.h')
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
if ! "$clang_format" --dry-run --Werror "${files[@]}" 2>"$errors"; then
  grep -E '^[^ ].*: (error|warning):' "$errors" | cut -d: -f1 | sort -u | sed 's/^/  not formatted: /' >&2
  echo "check-format: run clang-format -i on the files above (.clang-format, clang-format 14)" >&2
  exit 1
fi
echo "check-format: ${#files[@]} C++ files match .clang-format"
