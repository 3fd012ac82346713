#!/usr/bin/env bash
# Set up and run: installs what is missing, builds, and starts herald-server with embedded defaults
# (no config file, SQLite in the data directory, no Redis). Extra arguments go to herald-server,
# e.g. scripts/run.sh --port 8282 --data-dir ./var
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

herald_install "${herald_packages[@]}"
herald_configure
cmake --build "$HERALD_BUILD" --target herald-server >&2
exec "$HERALD_BUILD/server/herald-server" "$@"
