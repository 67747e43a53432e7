#!/usr/bin/env bash
# Runs CMD... beside a private PostgreSQL cluster and a private redis-server, for the ScaleOut benchmarks:
#   benchmarks/scripts/with-servers.sh dotnet benchmarks/Compliant.AI.Benchmarks/bin/Release/net10.0/Compliant.AI.Benchmarks.dll \
#     --filter '*ScaleOut*' --inProcess --job short --memory
# Both servers run from a temporary directory on free loopback ports (the same approach as .ci/run, whose own instances
# it never touches), CMD sees
#   COMPLIANT_TEST_POSTGRES   Npgsql connection string of the private cluster
#   COMPLIANT_TEST_REDIS      StackExchange.Redis configuration string of the private server
#   COMPLIANT_TEST_POSTGRES_CTL/_DATA/_USER  pg_ctl, data directory and its user (for the restart tests)
# and both servers are stopped (and the directory removed) when CMD ends, fails or is interrupted.
# Needs Debian's postgresql and redis-server packages (installed, not installed by this script).
set -uo pipefail
[ "$#" -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

die() { echo "with-servers: $*" >&2; exit 1; }

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"

free_port() {
  local p
  if command -v python3 >/dev/null; then
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)
    [ -n "$p" ] && { echo "$p"; return; }
  fi
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  return 1
}

# PostgreSQL refuses to run as root: run its commands as the postgres user then.
pg_user=""
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' user"
  pg_user=postgres
fi
as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }

svc_dir=$(mktemp -d /tmp/compliant-bench.XXXXXX)
chmod 755 "$svc_dir"
pg_data="$svc_dir/pg"
redis_dir="$svc_dir/redis"
pg_started=0
redis_pid=""

stop_servers() {
  if [ "$pg_started" -eq 1 ]; then as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true; fi
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$svc_dir"
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port) || die "no free port for PostgreSQL"
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mkdir -p "$pg_data"
printf '%s\n' "$pg_password" >"$svc_dir/pgpass"
[ -n "$pg_user" ] && chown -R "$pg_user" "$pg_data" "$svc_dir/pgpass"
chmod 700 "$pg_data"
as_pg "$PG_BIN/initdb" -D "$pg_data" -U compliant --pwfile="$svc_dir/pgpass" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
  >"$svc_dir/initdb.log" 2>&1 || { cat "$svc_dir/initdb.log" >&2; die "initdb failed"; }
rm -f "$svc_dir/pgpass"
# Durability settings stay at their defaults (fsync = on, synchronous_commit = on): the benchmarks measure durable commits.
cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_data'
max_connections = 200
shared_buffers = 64MB
CONF
as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 start >/dev/null \
  || { cat "$pg_data/server.log" >&2 2>/dev/null; die "PostgreSQL did not start"; }
pg_started=1

redis_port=$(free_port) || die "no free port for Redis"
mkdir -p "$redis_dir"
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" --save "" --appendonly no \
  --protected-mode yes --logfile "$redis_dir/redis.log" &
redis_pid=$!
ready=0
for _ in $(seq 1 100); do
  if command -v redis-cli >/dev/null; then
    redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG && { ready=1; break; }
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && { ready=1; break; }
  fi
  kill -0 "$redis_pid" 2>/dev/null || { cat "$redis_dir/redis.log" >&2 2>/dev/null; die "redis-server did not start"; }
  sleep 0.1
done
[ "$ready" -eq 1 ] || die "redis-server did not answer on 127.0.0.1:$redis_port"

export COMPLIANT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=compliant;Password=$pg_password;Database=postgres"
export COMPLIANT_TEST_REDIS="127.0.0.1:$redis_port"
# For the PostgreSQL tests that stop and restart the server (as .ci/run sets them).
export COMPLIANT_TEST_POSTGRES_CTL="$PG_BIN/pg_ctl"
export COMPLIANT_TEST_POSTGRES_DATA="$pg_data"
export COMPLIANT_TEST_POSTGRES_USER="$pg_user"
echo "with-servers: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port, Redis $(redis-server --version | awk '{print $3}' | sed 's/v=//') on 127.0.0.1:$redis_port" >&2

"$@"
