#!/usr/bin/env bash
# Builds the .deb with cpack from the build folder, unpacks it into a temporary root (dpkg -x, no
# installation) and runs the packaged binaries from there: `vcd-explorer --version` and
# `vcd-sim --help`. Also checks the package's files and its computed Depends line.
# Usage: check-deb.sh BUILD_DIR. Exit 77 (ctest: skipped) when the Debian tools are missing.
set -euo pipefail
build="$1"
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool not found (Debian package dpkg-dev)"
    exit 77
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A package folder of our own, so parallel runs and the build folder's CPack state do not mix.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb="$(ls "$work"/out/*.deb)"
echo "package: $(basename "$deb")"

depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
for lib in libqt6core6 libqt6network6 libqt6widgets6 libstdc++6; do
  case "$depends" in *"$lib"*) ;; *) echo "FAIL: Depends lacks $lib"; exit 1 ;; esac
done

root="$work/root"
dpkg -x "$deb" "$root"
for f in usr/bin/vcd-explorer usr/bin/vcd-sim \
         usr/share/applications/io.github.vcdexplorer.VcdExplorer.desktop \
         usr/share/metainfo/io.github.vcdexplorer.VcdExplorer.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/io.github.vcdexplorer.VcdExplorer.svg; do
  [ -e "$root/$f" ] || { echo "FAIL: the package has no /$f"; exit 1; }
done
# Nothing of the tests or benchmarks in the package.
if dpkg-deb -c "$deb" | grep -E 'tst_|bench' ; then echo "FAIL: test files packaged"; exit 1; fi

# The binaries need only system libraries: no rpath into the build folder, nothing unresolved.
for bin in vcd-explorer vcd-sim; do
  if ldd "$root/usr/bin/$bin" | grep -E 'not found|'"$build"; then
    echo "FAIL: $bin resolves libraries outside the system"; exit 1
  fi
done

version="$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/vcd-explorer" --version)"
echo "$version"
case "$version" in "VCD Explorer "*"Qt "*"commit "*) ;; *) echo "FAIL: --version"; exit 1 ;; esac
help="$("$root/usr/bin/vcd-sim" --help)"
case "$help" in *"--listen"*) ;; *) echo "FAIL: vcd-sim --help"; exit 1 ;; esac
echo "PASS: the .deb installs and its binaries run"
