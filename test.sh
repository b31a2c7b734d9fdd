#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing (Debian's chromium for the browser
# tests, Debian's postgresql for the multi-node tests), starts a private PostgreSQL on loopback, runs every test
# project, and ends with one line "N passed, N failed" summed over the projects.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The tests need the .NET 10 SDK (dotnet) on PATH." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium (apt-get install chromium); the browser tests cannot run." >&2; exit 1; }
fi

dotnet tool restore >/dev/null || exit 1

# PostgreSQL for the tests that need one (tests/MultiNode.Tests, tests/Infrastructure.Tests/Persistence): a private
# throwaway cluster under /tmp on a free loopback port, run as the postgres user (PostgreSQL refuses to run as root),
# stopped and deleted when this script ends. The tests connect as a role that may create databases (each test class
# makes its own and drops it). To use a server of your own instead, export CASPORTAL_TEST_POSTGRES before running this
# script, e.g. "Host=127.0.0.1;Port=5432;Username=me;Password=…;Database=postgres".
pg_dir=""
as_pg=""
in_pg_dir() { (cd "$pg_dir" && $as_pg "$@"); }
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    in_pg_dir "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_dir"
  fi
}
trap stop_postgres EXIT

start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pg_bin" ]; then
    echo "Installing Debian's postgresql for the multi-node tests…"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null \
      || { echo "Could not install postgresql (apt-get install postgresql); the multi-node tests cannot run." >&2; return 1; }
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$pg_bin" ] || { echo "postgresql is installed but /usr/lib/postgresql/*/bin is missing." >&2; return 1; }
  fi

  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "Running as root, but there is no postgres user to run PostgreSQL as." >&2; return 1; }
    as_pg="runuser -u postgres --"
  fi

  pg_dir=$(mktemp -d /tmp/casportal-pg.XXXXXX) || return 1
  local superuser_password password port
  superuser_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  printf '%s\n' "$superuser_password" >"$pg_dir/pwfile"
  [ -z "$as_pg" ] || chown -R postgres: "$pg_dir"
  if ! in_pg_dir "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --pwfile="$pg_dir/pwfile" \
      --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1; then
    echo "PostgreSQL: initdb failed:" >&2; cat "$pg_dir/initdb.log" >&2; return 1
  fi

  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
    # Loopback only, with its socket in its own folder; durability off, since the cluster is thrown away.
    if in_pg_dir "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
      if ! PGPASSWORD=$superuser_password "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
          -c "CREATE ROLE casportal_test LOGIN CREATEDB PASSWORD '$password'" >/dev/null; then
        echo "PostgreSQL started, but the test role could not be created; its log:" >&2; cat "$pg_dir/server.log" >&2; return 1
      fi
      export CASPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=casportal_test;Password=$password;Database=postgres"
      echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port (data in $pg_dir)."
      return 0
    fi
  done
  echo "PostgreSQL did not start on loopback; its log:" >&2
  cat "$pg_dir/server.log" >&2 2>/dev/null
  return 1
}

if [ -z "${CASPORTAL_TEST_POSTGRES:-}" ]; then
  start_postgres || { echo "0 passed, 1 failed"; exit 1; }
fi

log=$(mktemp)
dotnet test CasPortal.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary line per test project:
#   "Passed!  - Failed:     0, Passed:    25, Skipped:     0, Total:    25, Duration: …"
passed=0 failed=0 projects=0
while read -r line; do
  f=$(sed -E 's/.*Failed:[[:space:]]*([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed:[[:space:]]*([0-9]+).*/\1/' <<<"$line")
  failed=$((failed + f)); passed=$((passed + p)); projects=$((projects + 1))
done < <(grep -E '^(Passed|Failed)!' "$log")
rm -f "$log"

if [ "$projects" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test project reported a result." >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A build error or a crashed test host: count it so the closing line never reads as green.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
