#!/usr/bin/env bash
# Time from process start to the first page served, cold (empty storage root: migrations, ~200,000
# reference rows, demo network) and warm (same root again). Usage: bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=$(mktemp -d /tmp/ln-bench-build.XXXXXX)
dotnet build src/LearningNetwork -c Release -o "$out" -nologo -v q >/dev/null
port=$(( 20000 + RANDOM % 40000 ))

first_page() { # root -> milliseconds to first 200 on /en/partners
  local root=$1 start end pid
  start=$(date +%s%N)
  ( cd "$out" && exec dotnet LearningNetwork.dll --urls "http://127.0.0.1:$port" --Storage:Root="$root" --Seed:Demo=true >/dev/null 2>&1 ) &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/en/partners" 2>/dev/null; do sleep 0.05; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

for i in $(seq 1 "$runs"); do
  root=$(mktemp -d /tmp/ln-bench-root.XXXXXX)
  cold=$(first_page "$root")
  warm=$(first_page "$root")
  echo "run $i: cold start to first page ${cold} ms, warm start ${warm} ms"
  rm -rf "$root"
done
rm -rf "$out"
