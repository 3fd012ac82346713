#!/usr/bin/env bash
# The bench command: builds herald-server and herald-loadgen, installs the Node peer's `ws` with npm,
# starts herald-server on free ports (and the Node peer for `peer`), and runs one herald-loadgen
# scenario against it. Figures are printed; see docs/loadgen.md and docs/benchmarks.md.
#
#   scripts/bench.sh fanout|storm|rooms|slow|peer|heartbeat|cluster|cluster-storm|tls [herald-loadgen flags...]
#   scripts/bench.sh fanout --clients 10000 --rooms 100 --rate 10 --step-factor 2
#   scripts/bench.sh cluster      # a private redis-server and three nodes: the one-room fanout on one node,
#                                 # then the same room spread over the three; deliveries/s, p99 and Redis
#                                 # PUBLISH calls per room message side by side
#   scripts/bench.sh cluster-storm   # the storm over three nodes: CLUSTER_STORM_CLIENTS (50000) in
#                                 # CLUSTER_STORM_PROCESSES (3) generators, each under the descriptor limit,
#                                 # all held at once (a barrier) and counted on every node; the accept
#                                 # queues watched, the nodes' warnings listed
#   scripts/bench.sh tls          # the one-room fanout against a plain server, then against one with
#                                 # tls-cert/tls-key (a CA and certificate made here with openssl)
#   scripts/bench.sh heartbeat    # fanout 10,000 clients / 100 rooms / 10,000 deliveries/s for 60 s,
#                                 # heartbeats off then on (ping-interval 10), ROUNDS times (default 2)
#   HERALD_BUILD=/path/to/build scripts/bench.sh peer
#   HERALD_SERVER=/tmp/main/herald-server scripts/bench.sh storm   # another herald-server binary (a copy
#                                 # of main's, say), with this build's generator: two builds side by side
#   HERALD_SERVER_FLAGS="--gateway-threads 1" scripts/bench.sh fanout   # extra herald-server flags
#   HERALD_SERVER_FLAGS="--history-size 100 --history-ttl 300" scripts/bench.sh fanout|rooms|cluster
#                                 # with room history on (in memory; in Redis for cluster: every node gets them)
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
    fanout|storm|rooms|slow|peer|heartbeat|cluster|cluster-storm|tls) shift ;;
    *) echo "usage: scripts/bench.sh fanout|storm|rooms|slow|peer|heartbeat|cluster|cluster-storm|tls [herald-loadgen flags...]" >&2; exit 2 ;;
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

server_bin="${HERALD_SERVER:-$HERALD_BUILD/server/herald-server}"
loadgen_bin="$HERALD_BUILD/tests/bench/loadgen/herald-loadgen"

# As many descriptors as allowed: each client is one in the generator and one in the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "bench: open files limit $(ulimit -n) (each client needs one in the server and one in the generator)" >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/herald-bench.XXXXXX")"
server_pid=""
peer_pid=""
redis_pid=""
node_pids=()
gen_pids=()
cleanup() {
    local pid
    for pid in ${gen_pids[@]+"${gen_pids[@]}"} "$peer_pid" "$server_pid" ${node_pids[@]+"${node_pids[@]}"} "$redis_pid"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    for pid in "$peer_pid" "$server_pid" ${node_pids[@]+"${node_pids[@]}"} "$redis_pid"; do
        [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
    done
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
    fanout|peer|slow|cluster|tls)
        case " $* " in
            *" --via text "*|*" --via http "*) ;;
            *) publish_flags=(--client-message-rate 0) ;; # the generator's publishers say
        esac ;;
esac

# Starts a fresh herald-server with these extra flags; sets server_pid, port, api_port, text_port, args.
start_server() {
    local out="$work/server.$((++server_runs)).out"
    "$server_bin" --data-dir "$work/data.$server_runs" --bind 127.0.0.1 --port 0 --api-port 0 --text-port 0 \
        --ping-interval 0 --log-level warning --api-key "$api_key" \
        --max-connections 10000000 --max-connections-per-ip 10000000 --handshake-timeout 60000 \
        ${publish_flags[@]+"${publish_flags[@]}"} "$@" ${server_flags[@]+"${server_flags[@]}"} >"$out" 2>&1 &
    server_pid=$!
    server_out="$out"
    wait_for_line "$out" '^  data ' "$server_pid" >/dev/null
    port=$(sed -nE 's#^  clients +wss?://[^ ]*:([0-9]+)/?$#\1#p' "$out")
    api_port=$(sed -nE 's#^  api +https?://[^ ]*:([0-9]+)/?$#\1#p' "$out")
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

# A free loopback TCP port (for redis-server, which cannot be given port 0).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# CPU seconds (user + system) the processes used so far, from /proc/PID/stat.
cpu_seconds() {
    local ticks=0 pid fields
    for pid in "$@"; do
        fields=$(sed -E 's/^.*\) //' "/proc/$pid/stat")
        ticks=$((ticks + $(echo "$fields" | awk '{print $12 + $13}')))
    done
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

# Whether the node whose HTTP API listens on this port says its Redis is up (/healthz).
node_up() {
    local answer
    answer=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 && cat <&3) 2>/dev/null || true)
    [[ "$answer" == *'"state":"up"'* ]]
}

# A private redis-server and three herald-server nodes joined through it; sets redis_port, node_ports,
# node_pids, node_api_ports (node 1's in args, as for one server).
start_cluster() {
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
        --maxclients 1000 >"$work/redis.out" 2>&1 &
    redis_pid=$!
    wait_for_line "$work/redis.out" 'Ready to accept connections' "$redis_pid" >/dev/null
    echo "bench: redis-server $(redis-server --version | sed -nE 's/.*v=([0-9.]+).*/\1/p') pid $redis_pid on port $redis_port" >&2
    node_ports=() node_api_ports=() node_pids=() node_outs=()
    local n first_args=()
    for n in 1 2 3; do
        start_server --redis "redis://127.0.0.1:$redis_port" --node-id "$n"
        node_ports+=("$port") node_api_ports+=("$api_port") node_pids+=("$server_pid") node_outs+=("$server_out")
        [ "$n" = 1 ] && first_args=("${args[@]}")
        server_pid=""
    done
    args=("${first_args[@]}")
    for n in $(seq 1 100); do
        node_up "${node_api_ports[0]}" && node_up "${node_api_ports[1]}" && node_up "${node_api_ports[2]}" && return 0
        sleep 0.1
    done
    echo "bench: the nodes did not report Redis up within 10 s" >&2
    return 1
}

# The loadgen against the cluster; reports a node or Redis that died during the run.
run_cluster_loadgen() {
    local status pid
    set +e
    "$loadgen_bin" "$@"
    status=$?
    set -e
    for pid in "${node_pids[@]}" "$redis_pid"; do
        kill -0 "$pid" 2>/dev/null || echo "bench: process $pid (a node or redis-server) exited during the run; see $work" >&2
    done
    return $status
}

# "key=value" of the first "summary: LABEL ..." line of a run's output.
summary_field() {
    sed -nE "s/^summary: $2 .*\\b$3=([0-9.]+).*/\\1/p" "$1" | head -n1
}

if [ "$scenario" = cluster ]; then
    # One room of --clients (1,000) on node 1 alone, then the same room spread round-robin over the three
    # nodes; both through the same cluster, Redis PUBLISH calls counted around every step.
    start_cluster
    ports="$(IFS=,; echo "${node_ports[*]}")"
    fanout_flags=(--clients 1000 --rooms 1 --rates 25,50,100 --duration 3 --redis-port "$redis_port")
    echo "bench: one room on node 1 of the cluster" >&2
    cpu0=$(cpu_seconds "${node_pids[@]}")
    run_cluster_loadgen fanout "${args[@]}" "${fanout_flags[@]}" "$@" | tee "$work/one.txt" || exit $?
    cpu1=$(cpu_seconds "${node_pids[@]}")
    sleep 1 # the first run's clients gone from every node
    echo "bench: the same room over the three nodes ($ports)" >&2
    run_cluster_loadgen fanout --ports "$ports" --server-pid "${node_pids[0]}" --api-port "$api_port" \
        --text-port "$text_port" --api-key "$api_key" "${fanout_flags[@]}" "$@" | tee "$work/three.txt" || exit $?
    cpu2=$(cpu_seconds "${node_pids[@]}")
    echo "cluster: one room, the last step of each run (three nodes and redis-server on this machine's cores)"
    printf '%-12s %14s %12s %10s %10s %26s %18s\n' "room on" "deliveries/s" "best clean" "p99 ms" "lost" \
        "Redis PUBLISH per message" "nodes' CPU, s"
    for run in one three; do
        f="$work/$run.txt"
        printf '%-12s %14s %12s %10s %10s %26s %18s\n' "$([ $run = one ] && echo "one node" || echo "three nodes")" \
            "$(summary_field "$f" fanout deliveries_per_s)" "$(summary_field "$f" fanout best_clean_deliveries_per_s)" \
            "$(summary_field "$f" fanout p99_ms)" "$(summary_field "$f" fanout lost)" \
            "$(summary_field "$f" fanout_redis per_room_message)" \
            "$([ $run = one ] && awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.1f", b-a}' || awk -v a="$cpu1" -v b="$cpu2" 'BEGIN{printf "%.1f", b-a}')"
    done
    exit 0
fi

if [ "$scenario" = cluster-storm ]; then
    # The storm over three nodes: each generator holds fewer than the per-process descriptor limit, each
    # spreads its clients over every node. A barrier holds them all at once: each generator, once its
    # clients are connected and logged in, creates its ready file and holds them until the release file
    # exists; once every generator is ready the nodes are counted (their own clients, and the cluster's
    # count on each), then the release lets them go.
    total="${CLUSTER_STORM_CLIENTS:-50000}"
    processes="${CLUSTER_STORM_PROCESSES:-3}"
    each=$(( (total + processes - 1) / processes ))
    start_cluster
    ports="$(IFS=,; echo "${node_ports[*]}")"
    echo "bench: $total clients in $processes generators of $each over the nodes $ports" >&2
    # A node's answer to an HTTP request (bash's /dev/tcp, as node_up), its gauge of its own clients
    # (/metrics) and its count of the cluster's (getAllClientIdCount).
    node_http() { # PORT METHOD PATH [BODY]: the answer, with the API key
        local body="${4:-}"
        (exec 3<>"/dev/tcp/127.0.0.1/$1" \
            && printf '%s %s HTTP/1.0\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
                "$2" "$3" "$api_key" "${#body}" "$body" >&3 \
            && cat <&3) 2>/dev/null || true
    }
    node_clients() {
        node_http "$1" GET /metrics | tr -d '\r' | sed -nE 's/^herald_connections ([0-9]+)$/\1/p'
    }
    cluster_count() {
        node_http "$1" POST /api/getAllClientIdCount '{}' | sed -nE 's/.*"count":([0-9]+).*/\1/p'
    }
    # The connections the nodes hold together (their descriptors above the idle count), every half second,
    # until every generator is ready (or one is gone).
    base=0
    for pid in "${node_pids[@]}"; do base=$((base + $(ls "/proc/$pid/fd" | wc -l))); done
    gen_pids=()
    for i in $(seq 1 "$processes"); do
        # 50 handshakes in flight per generator (the nodes' accept queues)
        "$loadgen_bin" storm --ports "$ports" --server-pid "${node_pids[0]}" --storm-clients "$each" \
            --connect-concurrency 50 --connect-timeout 60 --idle 0 \
            --ready-file "$work/ready.$i" --hold-until "$work/release" "$@" >"$work/storm.$i.txt" 2>&1 &
        gen_pids+=($!)
    done
    # Each node's accept queue too (`ss -ltn`'s Recv-Q on its client port): the longest it stayed
    # non-empty while the node took no connection (its descriptors did not grow), in half seconds.
    peak=0 ready=0 stuck_max=0
    declare -A fds_was=() queue_stuck=()
    while kill -0 "${gen_pids[@]}" 2>/dev/null; do
        held=0
        for n in 0 1 2; do
            pid=${node_pids[$n]} p=${node_ports[$n]}
            fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
            held=$((held + fds))
            q=$(ss -Hltn "sport = :$p" 2>/dev/null | awk '{print $2; exit}')
            if [ -n "$q" ] && [ "$q" -gt 0 ] && [ "$fds" -le "${fds_was[$p]:-0}" ]; then
                queue_stuck[$p]=$(( ${queue_stuck[$p]:-0} + 1 ))
                [ "${queue_stuck[$p]}" -gt "$stuck_max" ] && stuck_max=${queue_stuck[$p]} \
                    && echo "bench: port $p: $q connections waiting, none accepted for $(( stuck_max * 5 / 10 )) s" >&2
            else
                queue_stuck[$p]=0
            fi
            fds_was[$p]=$fds
        done
        [ $((held - base)) -gt "$peak" ] && peak=$((held - base))
        ready=$(find "$work" -maxdepth 1 -name 'ready.*' | wc -l)
        [ "$ready" -ge "$processes" ] && break
        sleep 0.5
    done
    at_barrier=0 per_node=() cluster_counts=()
    for n in 0 1 2; do
        c=$(node_clients "${node_api_ports[$n]}")
        per_node+=("${c:-?}")
        at_barrier=$((at_barrier + ${c:-0}))
        cluster_counts+=("$(cluster_count "${node_api_ports[$n]}")")
    done
    echo "bench: $ready of $processes generators ready; the nodes hold $at_barrier (${per_node[*]}); each node counts the cluster's as ${cluster_counts[*]}" >&2
    # Until every node's count of the cluster's is the whole (each node's presence reached the others), at
    # most a minute.
    agreed_s="not within 60"
    for half in $(seq 0 120); do
        counts=()
        for n in 0 1 2; do counts+=("$(cluster_count "${node_api_ports[$n]}")"); done
        if [ "${counts[*]}" = "$at_barrier $at_barrier $at_barrier" ]; then
            agreed_s=$(( half * 5 / 10 ))
            break
        fi
        sleep 0.5
    done
    touch "$work/release"
    status=0
    for pid in "${gen_pids[@]}"; do wait "$pid" || status=$?; done
    for i in $(seq 1 "$processes"); do
        echo "--- generator $i"
        cat "$work/storm.$i.txt"
    done
    connected=$(cat "$work"/storm.*.txt | sed -nE 's/^connect: ([0-9]+) of .*/\1/p' | awk '{s += $1} END {print s + 0}')
    failures=$(cat "$work"/storm.*.txt | sed -nE 's/^summary: storm_[0-9]+ .*failures=([0-9]+).*/\1/p' | awk '{s += $1} END {print s + 0}')
    echo "cluster-storm: $connected of $((each * processes)) connected over ${#node_pids[@]} nodes by $processes generators, failures $failures; held at once at the barrier: $at_barrier (nodes ${per_node[*]}; the cluster's count on each node ${cluster_counts[*]}); at most $peak descriptors above idle"
    # What the nodes warned of (a Redis link lost and back, a silent node dropped: why a count lagged).
    echo "cluster-storm: the nodes' warnings (count, text without its time):"
    for out in "${node_outs[@]}"; do
        sed -nE 's/^[0-9T:.Z-]+ warning //p' "$out" | sed -E 's/[0-9]+ ms/N ms/g' | sort | uniq -c | sed "s|^|  $(basename "$out"): |" | head -n 8
    done
    echo "cluster-storm: every node counted the cluster's $at_barrier after $agreed_s s more; the longest an accept queue waited with no connection accepted: $(( stuck_max * 5 / 10 )) s (half-second samples)"
    echo "summary: cluster-storm connected=$connected wanted=$((each * processes)) failures=$failures held=$at_barrier peak_fds=$peak agreed_s=${agreed_s// /_} accept_stuck_s=$(( stuck_max * 5 / 10 ))"
    exit "$status"
fi

if [ "$scenario" = tls ]; then
    # The same fanout against a plain server, then a TLS one (a CA and an EC P-256 certificate for
    # 127.0.0.1 made here), each fresh, ROUNDS times alternated; deliveries/s and p99 side by side.
    certs="$work/certs"
    mkdir -p "$certs"
    (
        cd "$certs"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
            -days 2 -subj "/CN=Herald bench CA" 2>/dev/null
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
            -subj "/CN=127.0.0.1" 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext \
            -out server.pem 2>/dev/null
    )
    fanout_flags=(--clients 1000 --rooms 1 --rates 25,50,100 --duration 3)
    rounds="${ROUNDS:-1}"
    for round in $(seq 1 "$rounds"); do
        for kind in plain tls; do
            if [ "$kind" = plain ]; then
                start_server
                tls_flags=()
            else
                start_server --tls-cert "$certs/server.pem" --tls-key "$certs/server.key"
                tls_flags=(--tls --ca "$certs/ca.pem")
            fi
            run_loadgen fanout "${args[@]}" ${tls_flags[@]+"${tls_flags[@]}"} "${fanout_flags[@]}" "$@" \
                | tee "$work/$kind.$round.txt" || exit $?
            stop_server
        done
    done
    echo "tls: one room, the same fanout against a plain and a TLS server (fresh each), the last step of each run"
    printf '%-6s %-6s %14s %12s %10s %10s %10s %10s %10s\n' round port deliveries/s "best clean" "p99 ms" lost \
        "connect/s" "srv cpu %" "srv MiB"
    for round in $(seq 1 "$rounds"); do
        for kind in plain tls; do
            f="$work/$kind.$round.txt"
            printf '%-6s %-6s %14s %12s %10s %10s %10s %10s %10s\n' "$round" "$kind" \
                "$(summary_field "$f" fanout deliveries_per_s)" "$(summary_field "$f" fanout best_clean_deliveries_per_s)" \
                "$(summary_field "$f" fanout p99_ms)" "$(summary_field "$f" fanout lost)" \
                "$(sed -nE 's/^connect: .* = ([0-9]+) connections\/s.*/\1/p' "$f")" \
                "$(summary_field "$f" fanout server_cpu_pct)" "$(summary_field "$f" fanout server_rss_mib)"
        done
    done
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
