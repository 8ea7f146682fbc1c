#!/usr/bin/env bash
# Quality of the marketplace's matching on the demo offers and requests: builds the app (Release), starts it on a free
# port with a fresh storage root (the demo network, offers and requests included, seeds itself in Development), waits
# for /en/ and for the demo requests, runs bench/match-eval/evaluate.py against it (graded judgments in
# bench/match-eval/judgments.json), writes bench/results/match-quality-<date>.md, stops the app.
# Usage: bench/match-eval.sh [OUTPUT.md] [--Key=Value ...]   (default bench/results/match-quality-<date>.md; the arguments after
# OUTPUT go to the server, e.g. --MachineTranslation:Engine=none or --Marketplace:ConceptBridgeLanguages= to turn the bridge off)
# Offers and requests that the concept bridge reads through a machine translation (Features/Marketplace/ConceptBridge.cs)
# are translated in the background after the index first loads: the script waits for the bridge to be idle before scoring.
set -euo pipefail
cd "$(dirname "$0")/.."
output="${1:-bench/results/match-quality-$(date -u +%F).md}"
shift || true
root=$(mktemp -d /tmp/ln-match-eval.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dotnet build src/LearningNetwork -c Release -nologo -v q >/dev/null
# Its own process group, so that stopping it stops the app that dotnet run started, and nothing else.
ASPNETCORE_ENVIRONMENT=Development setsid dotnet run --project src/LearningNetwork -c Release --no-build --no-launch-profile -- \
    --urls="http://127.0.0.1:$port" --Storage:Root="$root" --Api:RequestsPerMinute=0 "$@" >"$root/server.log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$root"' EXIT
for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/en/" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || { echo "the app stopped:" >&2; tail -30 "$root/server.log" >&2; exit 1; }
    sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/en/" || { echo "the app did not answer on /en/ in 5 minutes" >&2; tail -30 "$root/server.log" >&2; exit 1; }
# The demo marketplace may be seeded after the first page answers: wait until it has requests.
for _ in $(seq 1 240); do
    [ "$(curl -fsS "http://127.0.0.1:$port/api/v1/requests?pageSize=1" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("total", 0))' 2>/dev/null || echo 0)" -gt 0 ] && break
    sleep 0.5
done
# Load the match index (one request's matches); then, if it queued texts for the concept bridge, wait until the bridge is idle
# as often as it was busy (each busy spell ends with an idle line in the log).
first=$(curl -fsS "http://127.0.0.1:$port/api/v1/requests?pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/requests/$first/matches"
sleep 1
for _ in $(seq 1 600); do
    [ "$(grep -c 'Concept bridge: idle' "$root/server.log" || true)" -ge "$(grep -c 'Concept bridge: busy' "$root/server.log" || true)" ] && break
    sleep 0.5
done
echo "concept bridge: busy $(grep -c 'Concept bridge: busy' "$root/server.log" || true) times, idle $(grep -c 'Concept bridge: idle' "$root/server.log" || true) times" >&2
python3 bench/match-eval/evaluate.py "http://127.0.0.1:$port" "$output"
