#!/usr/bin/env bash
# Set up and open herald-console. With no arguments it connects to the server that scripts/run.sh
# started on this machine (its admin token from the default data directory); any arguments go to
# herald-console instead, e.g. scripts/console.sh --server ws://host:7273/admin --token-file admin.token
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

herald_install "${herald_packages[@]}"
herald_configure
cmake --build "$HERALD_BUILD" --target herald-console >&2
if [ $# -eq 0 ]; then
    token="${XDG_DATA_HOME:-$HOME/.local/share}/herald-server/admin.token"
    if [ -r "$token" ]; then
        set -- --server ws://127.0.0.1:7273/admin --token-file "$token"
    fi
fi
exec "$HERALD_BUILD/console/herald-console" "$@"
