#!/usr/bin/env bash
# Page weight of every page type on a first visit, in English and Finnish (or the languages given), in the machine's
# Chromium: `dotnet run` of the app (Development: demo data) on a free port with a fresh storage root, then
# bench/page-weight/page-weight.mjs (Node, no dependencies) prints a Markdown table.
# Usage: bench/page-weight.sh [lang ...]       Against a running node: node bench/page-weight/page-weight.mjs URL [lang ...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d /tmp/ln-bench-weight.XXXXXX)
port=$(( 20000 + RANDOM % 40000 ))
setsid dotnet run -c Release --project src/LearningNetwork -- --urls "http://127.0.0.1:$port" --Storage:Root="$root" >"$root/app.log" 2>&1 &
pid=$!
trap 'kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$root"' EXIT
until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$root/app.log"; exit 1; }
  sleep 0.5
done
sleep 5 # the search index builds in the background after start
langs=("$@"); [ ${#langs[@]} -gt 0 ] || langs=(en fi)
node bench/page-weight/page-weight.mjs "http://127.0.0.1:$port" "${langs[@]}"
