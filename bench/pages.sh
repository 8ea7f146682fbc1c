#!/usr/bin/env bash
# Page speed: builds the app (Release), starts the embedded default (SQLite, demo network) and nginx serving a static
# copy of a practice page (the limit of serving that page on this machine), and measures each page with
# wrk --latency (1 thread, 32 connections, 10 s unless BENCH_SECONDS), warm. "uncached" sends a cookie the page cache
# does not know, so the page is rendered each time, as it is for a signed-in person.
# Writes bench/results/pages-<date>.md with the machine, the date and the figures.
#   bench/pages.sh                 # everything
#   BENCH_SECONDS=5 bench/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk nginx-light >/dev/null 2>&1 || apt-get install -y -qq wrk nginx >/dev/null; }
out=$(mktemp -d /tmp/bench-pages.XXXXXX)
dotnet build src/LearningNetwork -c Release -o "$out/app" -v q -nologo >"$out/build.log" 2>&1 || { tail -n 20 "$out/build.log"; exit 1; }
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
aport=$(port); nport=$(port); url=http://127.0.0.1:$aport
( cd "$out/app" && ASPNETCORE_ENVIRONMENT=Development exec dotnet LearningNetwork.dll --urls "$url" --Storage:Root="$out/root" --Seed:Demo=true >"$out/server.log" 2>&1 ) &
app_pid=$!
cleanup() { kill "$app_pid" 2>/dev/null || true; [ -f "$out/ngx/pid" ] && nginx -c "$out/ngx/nginx.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 240); do curl -fsS -o /dev/null "$url/health" 2>/dev/null && break; sleep 0.5; done
json() { curl -fsS "$url$1" | python3 -c "import json,sys;print(json.load(sys.stdin)$2)"; }
slug=$(json "/api/v1/practices?pageSize=1" '["items"][0]["slug"]')
partner=$(json "/api/v1/partners?pageSize=1" '["items"][0]["slug"]')
target=/en/targets/kmgbf/2
# Warm every page (the search index and the reference data caches fill on first use).
for p in "/en/practices/$slug" /en/partners "/en/search?q=wetland" $target /en/ /en/practices /en/marketplace /en/events "/en/partners/$partner"; do
  curl -fsS -o /dev/null "$url$p"; curl -fsS -o /dev/null -H 'Cookie: bench=1' "$url$p"
done
css=$(curl -fsS "$url/en/" | grep -o '/css/site.css?v=[A-Za-z0-9_-]*' | head -n 1)
mkdir -p "$out/ngx/html/en/practices"
curl -fsS "$url/en/practices/$slug" -o "$out/ngx/html/en/practices/$slug.html"
printf 'worker_processes 1; pid %s/pid; error_log %s/err; events { worker_connections 1024; }\nhttp { access_log off; default_type text/html; server { listen 127.0.0.1:%s; root %s/html; } }\n' \
  "$out/ngx" "$out/ngx" "$nport" "$out/ngx" >"$out/ngx/nginx.conf"
nginx -c "$out/ngx/nginx.conf"

result=bench/results/pages-$(date -u +%Y-%m-%d).md
{
  echo "# Page speed, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB;" \
       "load average at start $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the machine: compare ratios within one run)."
  echo "App: embedded default (SQLite, demo network, ASPNETCORE_ENVIRONMENT=Development), commit $(git rev-parse --short HEAD)."
  echo "wrk -t1 -c32 -d${secs}s --latency, warm, no Accept-Encoding. Memory: the app's resident set after the run."
  echo
  echo "| what | path | requests/s | p50 | p90 | p99 | × nginx |"
  echo "|---|---|---:|---:|---:|---:|---:|"
} >"$result"
nginx_rps=
run() { # name path [header]
  local name=$1 path=$2 target_url log
  if [ "$name" = nginx ]; then target_url="http://127.0.0.1:$nport$path"; else target_url="$url$path"; fi
  log=$(if [ $# -ge 3 ]; then wrk -t1 -c32 -d"${secs}s" --latency -H "$3" "$target_url"; else wrk -t1 -c32 -d"${secs}s" --latency "$target_url"; fi)
  local rps p50 p90 p99
  rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$log")
  p50=$(awk '$1=="50%" {print $2}' <<<"$log"); p90=$(awk '$1=="90%" {print $2}' <<<"$log"); p99=$(awk '$1=="99%" {print $2}' <<<"$log")
  [ "$name" = nginx ] && nginx_rps=$rps
  local ratio; ratio=$(python3 -c "print(round($rps/$nginx_rps,3))")
  echo "| $name | \`$path\` | $rps | $p50 | $p90 | $p99 | $ratio |" | tee -a "$result"
}
run nginx "/en/practices/$slug.html"
run "practice page, cached" "/en/practices/$slug"
run "practice page, uncached" "/en/practices/$slug" "Cookie: bench=1"
run "partner list, cached" /en/partners
run "partner list, uncached" /en/partners "Cookie: bench=1"
run "search, uncached" "/en/search?q=wetland" "Cookie: bench=1"
run "target page, uncached" "$target" "Cookie: bench=1"
run "home, cached" /en/
run "home, uncached" /en/ "Cookie: bench=1"
run "/health" /health
run "static CSS" "$css"
run "nginx again" "/en/practices/$slug.html"
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$app_pid/status" 2>/dev/null || echo "?")
for p in $(pgrep -P "$app_pid" 2>/dev/null); do rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$p/status"); done
{ echo; echo "App resident memory after the run: ${rss} MB."; } | tee -a "$result"
echo "written to $result"
