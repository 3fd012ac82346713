#!/usr/bin/env bash
# Installs what Herald needs to build and test (Debian 12 packages) and configures the build.
# Sourced by scripts/run.sh and scripts/test.sh; idempotent: installs only what is missing.
set -euo pipefail

HERALD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERALD_BUILD="${HERALD_BUILD:-$HERALD_ROOT/build}"

herald_packages=(
    cmake ninja-build g++ pkg-config openssl
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev libqt6sql6-sqlite
    qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev qt6-qpa-plugins
    libjwt-dev libssl-dev libnghttp2-dev
    libhiredis-dev redis-server mariadb-server libqt6sql6-mysql
    clang libclang-rt-dev
    qt6-l10n-tools qt6-tools-dev qt6-translations-l10n
    lintian
    chromium libnss3-tools
)

herald_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "herald: need root (or sudo) to run: $*" >&2; return 1
    fi
}

herald_install() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "herald: installing ${missing[*]}" >&2
    herald_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    herald_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

herald_configure() {
    if [ ! -f "$HERALD_BUILD/build.ninja" ]; then
        cmake -S "$HERALD_ROOT" -B "$HERALD_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
    fi
}
