#!/usr/bin/env bash
# `make cluster`: Postgres (in a temporary data directory), Redis, three example nodes (ports 8001-8003) on that
# database, and nginx on port 8080 as a round-robin load balancer with no sticky sessions (WebSocket upgrades
# included), so that any request, page or socket, may land on any node. It runs in the foreground; whatever
# stops it (Ctrl-C, SIGTERM or SIGHUP to it or to its process group, its output closed, even SIGKILL) stops all
# it started.
#
# Settings (environment): LB_HOST (127.0.0.1; 0.0.0.0 to accept other machines), LB_PORT (8080), NODE_PORTS
# ("8001 8002 8003"), REDIS_PORT (6380), PG_PORT (5433), REACTOR_SECRET (default: a secret generated once into
# node_modules/.cache/koa-reactor/cluster-secret, shared by the nodes), REFUSE_WEBSOCKETS (1: nginx refuses
# WebSocket upgrades, as some corporate proxies do, and pages fall back to the HTTP transport).
set -euo pipefail
cd "$(dirname "$0")/.."

LB_HOST=${LB_HOST:-127.0.0.1}
LB_PORT=${LB_PORT:-8080}
NODE_PORTS=(${NODE_PORTS:-8001 8002 8003})
REDIS_PORT=${REDIS_PORT:-6380}
PG_PORT=${PG_PORT:-5433}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/reactor-cluster.XXXXXX")
chmod 755 "$RUN" # nginx's workers write their temporary files here
pids=()
declare -A names # pid -> name

# Never fails: the terminal or the pipe it writes to may be gone (a SIGTERM to the process group stops a
# `| tee` too), and stopping must go on.
say() { printf '\033[1m[cluster]\033[0m %s\n' "$*" 2>/dev/null || true; }

stop() {
  trap - EXIT INT TERM HUP
  trap '' INT TERM HUP PIPE # a second Ctrl-C or a closed output does not cut the stopping short
  set +e
  say "stopping"
  # in the reverse order of their start: the load balancer first, the nodes, Redis, then Postgres
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null
    wait "${pids[i]}" 2>/dev/null
  done
  rm -rf "$RUN"
  [ -z "${janitor:-}" ] || kill -TERM "$janitor" 2>/dev/null
  say "stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Starts a command (after setpriv's options, if any) in the background, its output prefixed with `name`. It runs in a session of its own, so
# that Ctrl-C reaches this script alone, which then stops every process in order; and it gets SIGTERM if this
# script dies without stopping it (SIGKILL), by the parent-death signal setpriv sets before it runs.
start() {
  local name=$1
  shift
  setsid setpriv --pdeathsig TERM "$@" > >(exec setsid sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
  names[$!]=$name
}

# Waits until `port` accepts connections, failing if the last process started has exited.
ready() {
  local port=$1 pid=${pids[-1]}
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { say "the process for port $port exited; see its output above"; exit 1; }
    sleep 0.1
  done
  say "nothing answers on port $port"
  exit 1
}

for command in redis-server nginx psql setpriv; do
  command -v "$command" >/dev/null || { say "$command is missing: run \`make cluster\`, which installs it"; exit 1; }
done

# Every node must share the secret that signs the component tokens.
if [ -z "${REACTOR_SECRET:-}" ]; then
  secret_file=node_modules/.cache/koa-reactor/cluster-secret
  mkdir -p "$(dirname "$secret_file")"
  [ -s "$secret_file" ] || head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$secret_file"
  REACTOR_SECRET=$(tr -d '\n' < "$secret_file")
fi
export REACTOR_SECRET NODE_ENV=${NODE_ENV:-production}

# Postgres refuses to run as root: as root, it runs as the postgres user Debian's package creates (setpriv's
# options, given to start's own setpriv: a second one changing the user would clear the parent-death signal).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { say "Postgres is missing: run \`make cluster\`, which installs it"; exit 1; }
as_postgres=()
if [ "$(id -u)" = 0 ]; then as_postgres=(--reuid postgres --regid postgres --init-groups); fi
mkdir -m 700 "$RUN/pg"
[ ${#as_postgres[@]} = 0 ] || chown postgres: "$RUN/pg"
setpriv "${as_postgres[@]}" "$pg_bin/initdb" -D "$RUN/pg/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
# SIGTERM is Postgres' smart shutdown, which waits for its clients: the nodes are stopped before it
start postgres "${as_postgres[@]}" "$pg_bin/postgres" -D "$RUN/pg/data" -p "$PG_PORT" -k "$RUN/pg" -c listen_addresses=127.0.0.1 -c fsync=off
ready "$PG_PORT"
# removes $RUN if this script is killed outright, once Postgres has stopped
setsid setpriv --pdeathsig TERM scripts/cluster-janitor.sh "$RUN" "${pids[-1]}" </dev/null >/dev/null 2>&1 &
janitor=$!
for _ in $(seq 100); do "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && break; sleep 0.1; done # past its start-up
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning
ready "$REDIS_PORT"

for port in "${NODE_PORTS[@]}"; do
  start "node $port" env PORT="$port" NODE_NAME="node-$port" UPLOADS_DIR="$RUN/uploads" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" node --import tsx --conditions=koa-reactor-source example/server.ts
  ready "$port"
done

refuse=''
[ "${REFUSE_WEBSOCKETS:-}" != 1 ] || refuse='if ($http_upgrade) { return 403; }'
upstream=$(printf '    server 127.0.0.1:%s;\n' "${NODE_PORTS[@]}")
cat > "$RUN/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $RUN/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $RUN/client_body;
  proxy_temp_path $RUN/proxy;
  fastcgi_temp_path $RUN/fastcgi;
  uwsgi_temp_path $RUN/uwsgi;
  scgi_temp_path $RUN/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  # round robin (no ip_hash, no cookie): any request and any socket may land on any node
  upstream reactor {
$upstream
  }
  server {
    listen $LB_HOST:$LB_PORT;
    location / {
      proxy_pass http://reactor;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      # the host with its port: the socket's Origin check compares the two
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 1h;
      # uploads over HTTP come in parts of 4 MB: take them, and stream them to the node as they arrive
      client_max_body_size 5m;
      proxy_request_buffering off;
      # which node answered
      add_header X-Node \$upstream_addr always;
      $refuse
    }
  }
}
EOF
start nginx nginx -p "$RUN" -c "$RUN/nginx.conf" -e stderr
ready "$LB_PORT"

say "Postgres on $PG_PORT ($DATABASE_URL), Redis on $REDIS_PORT, nodes on ${NODE_PORTS[*]}; files in $RUN"
say "open http://${LB_HOST/0.0.0.0/localhost}:$LB_PORT/todo in two tabs; Ctrl-C stops everything"
say "the live dashboard of the three nodes: http://${LB_HOST/0.0.0.0/localhost}:$LB_PORT/admin/dashboard (log in at /notes/login first)"
# Runs until a signal. A node may stop (try it: the pages carry on through the others); when Redis, nginx or
# the last node stops, everything stops.
running=("${pids[@]}")
while :; do
  exited=
  wait -n -p exited "${running[@]}" || true
  [ -n "$exited" ] || continue
  left=() nodes=0
  for pid in "${running[@]}"; do
    [ "$pid" = "$exited" ] && continue
    left+=("$pid")
    if [[ ${names[$pid]} == node* ]]; then nodes=$((nodes + 1)); fi
  done
  running=("${left[@]}")
  if [[ ${names[$exited]} == node* ]] && [ "$nodes" -gt 0 ]; then
    say "${names[$exited]} exited; the other nodes carry on"
  else
    say "${names[$exited]} exited; see its output above"
    exit 1
  fi
done
