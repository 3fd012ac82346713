#!/usr/bin/env bash
# Set up and test: installs what is missing, builds everything, and runs every test with CTest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

herald_install "${herald_packages[@]}"
herald_configure
cmake --build "$HERALD_BUILD"
cd "$HERALD_BUILD"
ctest --output-on-failure --timeout 300 "$@"
