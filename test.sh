#!/usr/bin/env bash
# Runs every test of the solution on a machine that has only the .NET SDK: installs what the tests need
# when it is missing (Debian's chromium, postgresql, redis-server, nginx-light and apertium with its language pairs), starts a
# throw-away PostgreSQL cluster and a Redis server on temporary folders and free ports, runs `dotnet test`, stops what it
# started, exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

# Each step with the time since the start, so a slow run says where its minutes went.
log() { printf '\n== %s (%ss)\n' "$*" "$SECONDS"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what the tests need ------------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
# The cluster test (tests/.../Operations/ClusterTests.cs): two nodes behind nginx, with Redis.
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
# Machine translation: Apertium and the pairs its tests run (en-es, es-en, fr-es and the fr→es→en pivot), plus the
# other Debian pairs between languages of the site (the app discovers them from `apertium -l`); mkd-eng lets the
# marketplace's concept bridge read Macedonian offers and requests through English.
command -v apertium >/dev/null || missing+=(apertium)
for pair in apertium-eng-spa apertium-fr-es apertium-es-pt apertium-es-ro apertium-spa-ita apertium-hbs-eng apertium-hbs-slv apertium-swe-dan apertium-mkd-eng; do
  dpkg-query -W -f='${Status}' "$pair" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pair")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- real third-party validators the interchange tests run: a JSON-LD processor and an OpenAPI validator -----
node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/learning-network-test-node"
if [ ! -d "$node_dir/node_modules/jsonld" ] || [ ! -d "$node_dir/node_modules/@apidevtools/swagger-parser" ]; then
  log "installing jsonld and swagger-parser from npm"
  mkdir -p "$node_dir"
  ( cd "$node_dir" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund jsonld@9 @apidevtools/swagger-parser@13 >/dev/null ) \
    || log "npm could not install them: the test that runs them is left out of this run"
fi
if [ -d "$node_dir/node_modules/jsonld" ] && [ -d "$node_dir/node_modules/@apidevtools/swagger-parser" ]; then
  export LN_TEST_NODE_PATH="$node_dir/node_modules"
fi

# --- a throw-away PostgreSQL -----------------------------------------------------------------------------
# Below the kernel's ephemeral range (32768-60999 by default): a port in it may be the local end of some client's
# connection, and a server then cannot bind it although nothing listens there (seen: PostgreSQL failing to start after
# a benchmark had opened many connections).
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 12000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/ln-test-pg.XXXXXX)
pg_port=$(free_port)
# initdb refuses to run as root: the cluster belongs to the postgres user then.
if [ "$(id -u)" -eq 0 ]; then pg_user=postgres; chown postgres "$pg_dir"; run_pg() { runuser -u postgres -- "$@"; }
else pg_user=$(id -un); run_pg() { "$@"; }; fi

smtp_pid=
redis_pid=
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true
  rm -rf "$pg_dir" "${mail_dir:-}" "${redis_dir:-}"
}
trap cleanup EXIT

log "starting PostgreSQL on port $pg_port"
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U "$pg_user" -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; exit 1; }
# Another port if this one is taken between the check and the bind.
for attempt in 1 2 3 4 5; do
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null && break
  [ "$attempt" -lt 5 ] || { cat "$pg_dir/server.log"; exit 1; }
  pg_port=$(free_port)
  log "PostgreSQL could not start (see below); trying port $pg_port"
  tail -n 3 "$pg_dir/server.log"
done
# in-process test apps poll for file changes: inotify would run out of instances (see tests/.../TestProcess.cs)
export DOTNET_USE_POLLING_FILE_WATCHER=true
export LN_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=$pg_user;Database=postgres"

# --- a local SMTP server: the tests read the messages the app really sent ---------------------------------
mail_dir=$(mktemp -d /tmp/ln-test-mail.XXXXXX)
smtp_port=$(free_port)
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$mail_dir/maildir" >"$mail_dir/smtp.log" 2>&1 &
smtp_pid=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break; sleep 0.1; done
export LN_TEST_SMTP_PORT=$smtp_port LN_TEST_MAILDIR="$mail_dir/maildir"
log "SMTP server on port $smtp_port"

# --- a throw-away Redis for the cluster test (no persistence: nothing in it outlives the run) -------------------
redis_dir=$(mktemp -d /tmp/ln-test-redis.XXXXXX)
redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" --save '' --appendonly no --daemonize no \
  >"$redis_dir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break; sleep 0.1; done
export LN_TEST_REDIS="127.0.0.1:$redis_port"
log "Redis on port $redis_port"

# --- build and test -------------------------------------------------------------------------------------
log "building"
dotnet build LearningNetwork.slnx -c Release -nologo -v q

# A package with a known vulnerability fails the run (tools/check-vulnerable.sh; it warns instead when no package
# source publishes vulnerability data, so an offline machine is not failed by a check that proved nothing). The build
# above has just restored the solution: --no-restore spares a second restore of every project.
log "checking packages for known vulnerabilities"
tools/check-vulnerable.sh --no-restore || status_vulnerable=$?
[ "${status_vulnerable:-0}" -eq 0 ] || { echo "a package with a known vulnerability is in use (see above)"; exit 1; }

log "testing"
results=$(mktemp -d /tmp/ln-test-results.XXXXXX)
status=0
# One assembly after the other: the browser journeys are timing-sensitive, and two cores shared with the
# integration tests' servers make them slow enough to flake. The integration tests run in one test host: a disposed
# in-process app used to stay reachable through process-wide timers, and one host for all of them once grew past 20 GB;
# TestApp now releases that state (Infrastructure/DisposedAppTests proves it), and each run prints its host's peak
# resident memory so that a leak coming back shows here long before it meets the machine's memory.
run_tests() {
  log "testing $(basename "$1" .csproj)${2:+ ($2)}"
  local peak_file="$results/peak" sampler
  echo 0 >"$peak_file"
  ( peak=0; while sleep 2; do
      for p in $(pgrep -f testhost.dll); do
        r=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo 0)
        if [ "${r:-0}" -gt "$peak" ]; then peak=$r; echo "$peak" >"$peak_file"; fi
      done
    done ) &
  sampler=$!
  dotnet test "$1" -c Release --no-build -nologo --logger "console;verbosity=normal" \
    --results-directory "$results" ${2:+--filter "$2"} 2>&1 | tee -a "$results/output.txt" || status=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  log "peak resident memory of the $(basename "$1" .csproj) test host: $(cat "$peak_file") MB"
}
for project in $(ls tests/*/*.csproj | grep -v BrowserTests); do run_tests "$project"; done
for project in $(ls tests/*/*.csproj | grep BrowserTests); do run_tests "$project"; done

# One closing line for the whole run, summed over the test assemblies' summaries
# ("Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines).
passed=0; failed=0; skipped=0
while read -r kind n; do
  case "$kind" in Passed) passed=$((passed + n));; Failed) failed=$((failed + n));; Skipped) skipped=$((skipped + n));; esac
done < <(awk '/^Total tests:/ { on = 1; next } on && /^[[:space:]]+(Passed|Failed|Skipped):[[:space:]]*[0-9]+$/ { sub(":", ""); print $1, $2; next } { on = 0 }' "$results/output.txt")
# The failed tests' names last, so a truncated log still says what failed.
failed_names=$(grep -E '^[[:space:]]+Failed LearningNetwork[.]' "$results/output.txt" | sed 's/^[[:space:]]*//' || true)
rm -rf "$results"
[ "$passed" -gt 0 ] || { echo "no test ran"; status=1; }
[ "$failed" -eq 0 ] || status=1
echo
[ -z "$failed_names" ] || { echo "failed:"; echo "$failed_names"; }
echo "tests: $passed passed, $failed failed, $skipped skipped (${SECONDS}s in all)"
exit $status
