#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the benchmark need.
# Idempotent: when everything is already installed it does nothing (no apt-get update either).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  qt6-base-dev qt6-base-dev-tools libqt6network6 libqt6xml6
  qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
  qtkeychain-qt6-dev
  zlib1g-dev
  libgl-dev
  libxml2-utils xvfb xauth curl openssl ca-certificates
  python3 python3-requests
  golang-go golang-github-hmrc-vmware-govcd-dev
  clang-format appstream dpkg-dev
  clang libclang-rt-14-dev llvm lld
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
