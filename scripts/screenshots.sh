#!/usr/bin/env bash
# Screenshots of every console panel against a live server with a few dozen chat clients, into
# docs/screenshots/ (or the directory given), in English or the language given
# (`scripts/screenshots.sh docs/screenshots/zh_CN zh_CN`). Runs the console on a virtual X display (xvfb-run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

herald_install "${herald_packages[@]}" xvfb xauth fonts-noto-cjk
herald_configure
cmake --build "$HERALD_BUILD" --target console-screenshots herald-server
out="${1:-$HERALD_ROOT/docs/screenshots}"
QT_NO_GLIB=1 xvfb-run -a -s "-screen 0 1400x900x24" "$HERALD_BUILD/tests/tools/console-screenshots" "$out" "${2:-en}"
