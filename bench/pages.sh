#!/usr/bin/env bash
# Page speed: builds the app (Release) and measures its main pages with wrk --latency (1 thread, 32 connections, 10 s
# unless BENCH_SECONDS), warm, beside nginx serving a static copy of the same practice page (the limit of serving that
# page on this machine) in the same run. "uncached" sends a cookie the page cache does not know, so the page is
# rendered each time, as it is for a signed-in person.
#
# Each argument is one configuration: a size (demo, or a number of practices: the demo network grown with
# `LearningNetwork.Bench fill-practices N`, synthetic multilingual practices copied from the demo ones) and where it
# runs: the embedded default (SQLite, one node) or, with a "pg2:" prefix, two nodes on one PostgreSQL behind nginx
# (deploy/nginx/learning-network.conf with its ports changed, as the cluster test runs it).
#   bench/pages.sh                                  # demo on the embedded default
#   bench/pages.sh demo 10000 100000 pg2:10000 pg2:100000
#   BENCH_SECONDS=5 bench/pages.sh 10000
# Writes bench/results/pages-<date>.md with the machine, the date and the figures; logs stay in the printed folder.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
secs=${BENCH_SECONDS:-10}
configs=("$@"); [ ${#configs[@]} -gt 0 ] || configs=(demo)
command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk nginx-light >/dev/null 2>&1 || apt-get install -y -qq wrk nginx >/dev/null; }
out=$(mktemp -d /tmp/bench-pages.XXXXXX); chmod 755 "$out"
echo "working folder: $out"
dotnet build src/LearningNetwork -c Release -o "$out/app" -v q -nologo >"$out/build.log" 2>&1 || { tail -n 20 "$out/build.log"; exit 1; }
dotnet build bench/LearningNetwork.Bench -c Release -v q -nologo >>"$out/build.log" 2>&1 || { tail -n 20 "$out/build.log"; exit 1; }
bench() { dotnet run -c Release --no-build --project "$repo/bench/LearningNetwork.Bench" -- "$@"; }
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

pids=(); pg_dir=; ngx=
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  [ -n "$ngx" ] && [ -f "$ngx/pid" ] && nginx -c "$ngx/nginx.conf" -p "$ngx" -s stop 2>/dev/null || true
  ngx=
}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ "$(id -u)" -eq 0 ]; then run_pg() { runuser -u postgres -- "$@"; }; pg_user=postgres; else run_pg() { "$@"; }; pg_user=$(id -un); fi
cleanup() { stop_all; [ -n "$pg_dir" ] && run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

# start_node NAME URL ROOT [settings...]: the app on URL with its own storage root, until /health answers.
start_node() {
  local name=$1 url=$2 root=$3; shift 3
  ( cd "$out/app" && ASPNETCORE_ENVIRONMENT=Production exec dotnet LearningNetwork.dll --urls "$url" --Storage:Root="$root" \
      --Site:PublicUrl="$url" --Api:RequestsPerMinute=100000000 "$@" >"$out/$name.log" 2>&1 ) &
  pids+=($!)
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "$url/health" 2>/dev/null && return 0; sleep 0.5; done
  echo "$name did not start"; tail -n 30 "$out/$name.log"; exit 1
}
# wait_index NAME: until the node has rebuilt its search index (every configuration starts on an empty index folder).
wait_index() {
  for _ in $(seq 1 3600); do grep -q "Search index rebuilt" "$out/$1.log" && return 0; sleep 1; done
  echo "$1 did not build its search index"; exit 1
}
rss_of() { local total=0 p r; for p in "$@"; do for q in "$p" $(pgrep -P "$p" 2>/dev/null); do r=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$q/status" 2>/dev/null || echo 0); total=$((total + r)); done; done; echo "$total"; }

result=bench/results/pages-$(date -u +%Y-%m-%d-%H%M).md
{
  echo "# Page speed, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB;" \
       "load average at start $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the machine: compare ratios within one configuration)."
  echo "Commit $(git rev-parse --short HEAD), ASPNETCORE_ENVIRONMENT=Production. Command: \`bench/pages.sh ${configs[*]}\`."
  echo "wrk -t1 -c32 -d${secs}s --latency -s bench/wrk-p95.lua (which adds p95), warm, no Accept-Encoding. Memory: the nodes' resident set after the configuration's run."
} >"$result"

for config in "${configs[@]}"; do
  size=${config#pg2:}; two=0; [ "$config" != "$size" ] && two=1
  stop_all
  root_a="$out/$config/a"; root_b="$out/$config/b"; mkdir -p "$root_a" "$root_b"
  db=()
  if [ $two = 1 ]; then
    [ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }
    if [ -z "$pg_dir" ]; then
      pg_dir=$(mktemp -d /tmp/bench-pg.XXXXXX); [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
      pg_port=$(port)
      run_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U "$pg_user" -E UTF8 --locale=C.UTF-8 >"$out/initdb.log" 2>&1
      run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
        -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
    fi
    dbname="bench_$(echo "$size" | tr -c 'a-z0-9\n' '_')"
    run_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres -qc "drop database if exists $dbname" -c "create database $dbname" >/dev/null
    cs="Host=127.0.0.1;Port=$pg_port;Username=$pg_user;Database=$dbname"
    db=(--Database:Provider=Postgres "--ConnectionStrings:Postgres=$cs")
  fi
  echo "== $config: seeding"
  ( cd "$out/app" && dotnet LearningNetwork.dll migrate --Storage:Root="$root_a" --Seed:Demo=true "${db[@]}" >"$out/$config-migrate.log" 2>&1 )
  if [ "$size" != demo ]; then
    # After a bulk load PostgreSQL plans from stale statistics until autovacuum's analyze comes round (seen: the practice
    # list's page 40 at 19 requests/s on two nodes, 128/s on one node a minute later); an operator runs ANALYZE after one,
    # and so does this script.
    if [ $two = 1 ]; then bench fill-practices "$size" --postgres "$cs" 2>>"$out/fill.log"
      run_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d "$dbname" -qc "analyze" >/dev/null
    else bench fill-practices "$size" --sqlite "$root_a/learning-network.db" 2>>"$out/fill.log"; fi
  fi
  echo "== $config: starting (the search index is built from the database)"
  aport=$(port); start_node "$config-a" "http://127.0.0.1:$aport" "$root_a" "${db[@]}"
  node_pids=("${pids[@]}")
  if [ $two = 1 ]; then
    bport=$(port); start_node "$config-b" "http://127.0.0.1:$bport" "$root_b" "${db[@]}"
    node_pids=("${pids[@]}")
    wait_index "$config-b"
  fi
  wait_index "$config-a"
  url=http://127.0.0.1:$aport
  nport=$(port); fport=$(port)
  ngx="$out/$config/ngx"; mkdir -p "$ngx/html/en/practices"; chmod -R 755 "$out/$config"
  json() { curl -fsS "$url$1" | python3 -c "import json,sys;print(json.load(sys.stdin)$2)"; }
  slug=$(json "/api/v1/practices?pageSize=1&sort=title" '["items"][0]["slug"]')
  curl -fsS "$url/en/practices/$slug" -o "$ngx/html/en/practices/$slug.html"
  front=
  if [ $two = 1 ]; then
    site=$(sed -e "s/server 127.0.0.1:5001 /server 127.0.0.1:$aport /" -e "s/server 127.0.0.1:5002 /server 127.0.0.1:$bport /" \
      -e "s/listen 80;/listen 127.0.0.1:$fport;/" -e "s/listen \[::\]:80;//" \
      -e "s#include /etc/nginx/learning-network-proxy.inc;#include $repo/deploy/nginx/learning-network-proxy.inc;#" deploy/nginx/learning-network.conf)
    front="$site"
  fi
  printf 'worker_processes 1; pid %s/pid; error_log %s/err; events { worker_connections 1024; }\nhttp { access_log off; default_type text/html;
    client_body_temp_path %s/body; proxy_temp_path %s/proxy; fastcgi_temp_path %s/fcgi; uwsgi_temp_path %s/uwsgi; scgi_temp_path %s/scgi;
    server { listen 127.0.0.1:%s; root %s/html; }\n%s\n}\n' "$ngx" "$ngx" "$ngx" "$ngx" "$ngx" "$ngx" "$ngx" "$nport" "$ngx" "$front" >"$ngx/nginx.conf"
  nginx -c "$ngx/nginx.conf" -p "$ngx"
  [ $two = 1 ] && url=http://127.0.0.1:$fport
  partner=$(json "/api/v1/partners?pageSize=1" '["items"][0]["slug"]')
  target=/en/targets/kmgbf/2
  # Warm every page (the search index's readers and the reference data caches fill on first use), on every node.
  for _ in 1 2 3; do
    for p in "/en/practices/$slug" /en/partners "/en/search?q=wetland" $target /en/ /en/practices "/en/practices?page=40" /en/marketplace "/en/partners/$partner"; do
      curl -fsS -o /dev/null "$url$p"; curl -fsS -o /dev/null -H 'Cookie: bench=1' "$url$p"
    done
  done
  css=$(curl -fsS "$url/en/" | grep -o '/css/site.css?v=[A-Za-z0-9_-]*' | head -n 1)
  practices=$(json "/api/v1/practices?pageSize=1" '["total"]')
  where="embedded default (SQLite), one node"; [ $two = 1 ] && where="two nodes on one PostgreSQL behind nginx"
  { echo; echo "## $config: $where, $practices published practices"; echo
    echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg). Practice page: \`/en/practices/$slug\`."; echo
    echo "| what | path | requests/s | p50 | p90 | p95 | p99 | × nginx |"; echo "|---|---|---:|---:|---:|---:|---:|---:|"; } | tee -a "$result"
  nginx_rps=
  run() { # name path [header]; WRK_CONNECTIONS and WRK_DELAY_MS (bench/wrk-p95.lua) pace a run below capacity
    local name=$1 path=$2 target_url log
    if [ "$name" = nginx ] || [ "$name" = "nginx again" ]; then target_url="http://127.0.0.1:$nport$path"; else target_url="$url$path"; fi
    local args=(-t1 -c"${WRK_CONNECTIONS:-32}" -d"${secs}s" --latency -s "$repo/bench/wrk-p95.lua")
    log=$(if [ $# -ge 3 ]; then wrk "${args[@]}" -H "$3" "$target_url"; else wrk "${args[@]}" "$target_url"; fi)
    local rps p50 p90 p95 p99 non2xx
    rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$log")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$log")
    p50=$(awk '$1=="50%" {print $2}' <<<"$log"); p90=$(awk '$1=="90%" {print $2}' <<<"$log"); p99=$(awk '$1=="99%" {print $2}' <<<"$log")
    p95=$(awk '$1=="p95" {print $2}' <<<"$log")
    [ "$name" = nginx ] && nginx_rps=$rps
    last_rps=$rps
    local ratio; ratio=$(python3 -c "print(round($rps/$nginx_rps,3))")
    echo "| $name${non2xx:+ ($non2xx non-2xx)} | \`$path\` | $rps | $p50 | $p90 | $p95 | $p99 | $ratio |" | tee -a "$result"
  }
  run nginx "/en/practices/$slug.html"
  run "practice page, cached" "/en/practices/$slug"
  run "practice page, uncached" "/en/practices/$slug" "Cookie: bench=1"
  # The same page offered at about half the rate it was just served at (8 connections, each pausing a random time
  # between requests): the latency a reader meets on a busy but not saturated node.
  half_delay=$(python3 -c "print(max(1, round(8 * 1000 / ($last_rps / 2) - 1)))")
  WRK_CONNECTIONS=8 WRK_DELAY_MS=$half_delay run "practice page, uncached, offered about half of that" "/en/practices/$slug" "Cookie: bench=1"
  run "practice list, uncached" /en/practices "Cookie: bench=1"
  run "practice list page 40, uncached" "/en/practices?page=40" "Cookie: bench=1"
  run "partner list, cached" /en/partners
  run "partner list, uncached" /en/partners "Cookie: bench=1"
  run "search, uncached" "/en/search?q=wetland" "Cookie: bench=1"
  run "search API, uncached" "/api/v1/search?q=meadow+mowing" "Cookie: bench=1"
  half_delay=$(python3 -c "print(max(1, round(8 * 1000 / ($last_rps / 2) - 1)))")
  WRK_CONNECTIONS=8 WRK_DELAY_MS=$half_delay run "search API, uncached, offered about half of that" "/api/v1/search?q=meadow+mowing" "Cookie: bench=1"
  run "target page, uncached" "$target" "Cookie: bench=1"
  run "home, cached" /en/
  run "home, uncached" /en/ "Cookie: bench=1"
  run "/health" /health
  run "static CSS" "$css"
  run "nginx again" "/en/practices/$slug.html"
  { echo; echo "Nodes' resident memory after the run: $(rss_of "${node_pids[@]}") MB. Index build: $(grep -ho 'Search index rebuilt: [0-9]* items in [0-9.]* s' "$out/$config-a.log" | head -n 1)."; } | tee -a "$result"
done
echo "written to $result"
