#!/usr/bin/env bash
# The bench command: builds herald-server and herald-loadgen, installs the Node peer's `ws` with npm,
# starts herald-server on free ports (and the Node peer for `peer`), and runs one herald-loadgen
# scenario against it. Figures are printed; see docs/loadgen.md and docs/benchmarks.md.
#
#   scripts/bench.sh fanout|storm|rooms|slow|peer|heartbeat [herald-loadgen flags...]
#   scripts/bench.sh fanout --clients 10000 --rooms 100 --rate 10 --step-factor 2
#   scripts/bench.sh heartbeat    # fanout 10,000 clients / 100 rooms / 10,000 deliveries/s for 60 s,
#                                 # heartbeats off then on (ping-interval 10), ROUNDS times (default 2)
#   HERALD_BUILD=/path/to/build scripts/bench.sh peer
#   HERALD_SERVER_FLAGS="--gateway-threads 1" scripts/bench.sh fanout   # extra herald-server flags
#   HERALD_PEER=floor scripts/bench.sh peer   # the peer: node (Node's ws, default) or floor (herald-floor,
#                                             # the least a server can do: this machine's floor)
#   HERALD_PEER=uws HERALD_UWS_SOURCE=/src/uWebSockets scripts/bench.sh peer
#                                             # or uws (herald-uws-peer on uWebSockets: its sources are not
#                                             # in Debian; docs/loadgen.md says how to get them)
#
# The server keeps its default per-client inbound limit (client-message-rate) except where the generator
# publishes through chat clients' says (fanout, peer, slow without --via text|http): those publishers
# send far more than any person, so the limit is off for them (HERALD_SERVER_FLAGS can set it again).
#
# Benchmarks take both cores: run them on an otherwise idle machine, never during a build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

scenario="${1:-}"
case "$scenario" in
    fanout|storm|rooms|slow|peer|heartbeat) shift ;;
    *) echo "usage: scripts/bench.sh fanout|storm|rooms|slow|peer|heartbeat [herald-loadgen flags...]" >&2; exit 2 ;;
esac

herald_install "${herald_packages[@]}"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || herald_install nodejs npm
herald_configure
peer_kind="${HERALD_PEER:-node}"
case "$peer_kind" in
    node|floor) ;;
    uws)
        if [ -n "${HERALD_UWS_SOURCE:-}" ]; then
            cmake "$HERALD_BUILD" -DHERALD_UWS_SOURCE="$HERALD_UWS_SOURCE" \
                ${HERALD_USOCKETS_SOURCE:+-DHERALD_USOCKETS_SOURCE="$HERALD_USOCKETS_SOURCE"} >&2
        fi
        if ! grep -q '^HERALD_UWS_SOURCE:PATH=.' "$HERALD_BUILD/CMakeCache.txt"; then
            echo "bench: HERALD_PEER=uws needs uWebSockets' sources: HERALD_UWS_SOURCE=/path/to/uWebSockets (docs/loadgen.md)" >&2
            exit 2
        fi
        ;;
    *) echo "bench: HERALD_PEER must be node, floor or uws, not \"$peer_kind\"" >&2; exit 2 ;;
esac
peer_targets=(herald-floor)
[ "$peer_kind" = uws ] && peer_targets+=(herald-uws-peer)
cmake --build "$HERALD_BUILD" --target herald-server herald-loadgen "${peer_targets[@]}" >&2

server_bin="$HERALD_BUILD/server/herald-server"
loadgen_bin="$HERALD_BUILD/tests/bench/loadgen/herald-loadgen"

# As many descriptors as allowed: each client is one in the generator and one in the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "bench: open files limit $(ulimit -n) (each client needs one in the server and one in the generator)" >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/herald-bench.XXXXXX")"
server_pid=""
peer_pid=""
cleanup() {
    [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$peer_pid" ] && wait "$peer_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Waits until FILE has a line matching REGEX (at most 20 s) and prints the first match.
wait_for_line() {
    local file="$1" regex="$2" pid="$3" i
    for i in $(seq 1 200); do
        if grep -Eq "$regex" "$file" 2>/dev/null; then grep -Em1 "$regex" "$file"; return 0; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: no \"$regex\" from process $pid; its output:" >&2
    cat "$file" >&2
    return 1
}

read -ra server_flags <<<"${HERALD_SERVER_FLAGS:-}"
api_key="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
publish_flags=()
case "$scenario" in
    fanout|peer|slow)
        case " $* " in
            *" --via text "*|*" --via http "*) ;;
            *) publish_flags=(--client-message-rate 0) ;; # the generator's publishers say
        esac ;;
esac

# Starts a fresh herald-server with these extra flags; sets server_pid, port, api_port, text_port, args.
start_server() {
    local out="$work/server.$((++server_runs)).out"
    "$server_bin" --data-dir "$work/data" --bind 127.0.0.1 --port 0 --api-port 0 --text-port 0 \
        --ping-interval 0 --log-level warning --api-key "$api_key" \
        --max-connections 10000000 --max-connections-per-ip 10000000 --handshake-timeout 60000 \
        ${publish_flags[@]+"${publish_flags[@]}"} "$@" ${server_flags[@]+"${server_flags[@]}"} >"$out" 2>&1 &
    server_pid=$!
    server_out="$out"
    wait_for_line "$out" '^  data ' "$server_pid" >/dev/null
    port=$(sed -nE 's#^  clients +ws://[^ ]*:([0-9]+)/?$#\1#p' "$out")
    api_port=$(sed -nE 's#^  api +http://[^ ]*:([0-9]+)/?$#\1#p' "$out")
    text_port=$(sed -nE 's#^  text +[^ ]*:([0-9]+)$#\1#p' "$out")
    echo "bench: herald-server pid $server_pid on port $port (api $api_port, text $text_port) $*" >&2
    args=(--port "$port" --server-pid "$server_pid" --api-port "$api_port" --text-port "$text_port" --api-key "$api_key")
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# Runs the loadgen; reports a server that died during the run.
run_loadgen() {
    local status
    set +e
    "$loadgen_bin" "$@"
    status=$?
    set -e
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "bench: herald-server exited during the run; its output:" >&2
        cat "$server_out" >&2
    fi
    return $status
}

server_runs=0
if [ "$scenario" = heartbeat ]; then
    # The heartbeat's cost in the tail: the same fanout against a server with heartbeats off, then on,
    # each run six intervals long, alternating ROUNDS times; p99.9 and max of each, side by side.
    rounds="${ROUNDS:-2}"
    results="$work/heartbeat.txt"
    for round in $(seq 1 "$rounds"); do
        for interval in 0 10; do
            start_server --ping-interval "$interval"
            run_loadgen fanout "${args[@]}" --clients 10000 --rooms 100 --rates 100 --duration 60 "$@" \
                | tee "$work/run.txt" || exit $?
            sed -nE "s/^summary: fanout .*p999_ms=([0-9.]+) max_ms=([0-9.]+).*/round $round ping-interval $interval: p999 \1 ms, max \2 ms/p" \
                "$work/run.txt" >>"$results"
            stop_server
        done
    done
    echo "heartbeat: 10,000 clients, 100 rooms, 10,000 deliveries/s, 60 s a run"
    cat "$results"
    exit 0
fi

start_server
start_node_peer() {
    local peers="$HERALD_BUILD/bench-peers"
    mkdir -p "$peers"
    cp "$HERALD_ROOT/tests/bench/peers/package.json" "$HERALD_ROOT/tests/bench/peers/workerman-chat-ws.js" "$peers/"
    if [ ! -d "$peers/node_modules/ws" ]; then
        echo "bench: npm install (ws) into $peers" >&2
        (cd "$peers" && npm install --no-audit --no-fund --loglevel=error >&2)
    fi
    node "$peers/workerman-chat-ws.js" --port 0 --host 127.0.0.1 --ping-interval 0 >"$work/peer.out" 2>&1 &
    peer_pid=$!
    peer_description="Node peer (ws $(node -p "require('$peers/node_modules/ws/package.json').version"), node $(node --version))"
}

if [ "$scenario" = peer ]; then
    if [ "$peer_kind" = floor ]; then
        "$HERALD_BUILD/tests/bench/herald-floor" --port 0 --host 127.0.0.1 >"$work/peer.out" 2>&1 &
        peer_pid=$!
        peer_description="floor peer (herald-floor)"
    elif [ "$peer_kind" = uws ]; then
        "$HERALD_BUILD/tests/bench/herald-uws-peer" --port 0 --host 127.0.0.1 >"$work/peer.out" 2>&1 &
        peer_pid=$!
        peer_description="uWebSockets peer (herald-uws-peer, $(git -C "$(sed -n 's/^HERALD_UWS_SOURCE:PATH=//p' "$HERALD_BUILD/CMakeCache.txt")" describe --always 2>/dev/null || echo 'sources without git'))"
    else
        start_node_peer
    fi
    peer_port=$(wait_for_line "$work/peer.out" '^listening [0-9]+' "$peer_pid" | awk '{print $2}')
    echo "bench: $peer_description pid $peer_pid on port $peer_port" >&2
    args+=(--peer-port "$peer_port" --peer-pid "$peer_pid")
fi

run_loadgen "$scenario" "${args[@]}" "$@"
