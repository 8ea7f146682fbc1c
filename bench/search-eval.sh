#!/usr/bin/env bash
# Relevance on the demo content: builds the app (Release), starts it on a fresh storage root with the demo network,
# waits for the search index, runs bench/search-eval.py against it (the tuning set and the held-out set), stops it.
# Usage: bench/search-eval.sh [--Key=Value ...]   extra arguments go to the server, e.g. --MachineTranslation:Engine=none
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/ln-eval-build.XXXXXX); root=$(mktemp -d /tmp/ln-eval-root.XXXXXX)
dotnet build src/LearningNetwork -c Release -o "$out" -nologo -v q >/dev/null
port=$(( 20000 + RANDOM % 40000 ))
( cd "$out" && exec dotnet LearningNetwork.dll --urls "http://127.0.0.1:$port" --Storage:Root="$root" --Seed:Demo=true --Api:RequestsPerMinute=0 --Site:PublicUrl="http://127.0.0.1:$port" "$@" >"$root/server.log" 2>&1 ) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$out" "$root"' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do kill -0 $pid 2>/dev/null || { cat "$root/server.log"; exit 1; }; sleep 0.2; done
until grep -q "Search index rebuilt" "$root/server.log"; do sleep 0.2; done
python3 bench/search-eval.py "http://127.0.0.1:$port"
