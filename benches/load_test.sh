#!/usr/bin/env bash
# Load test of `sklaida serve`: wrk from a second process on loopback, with live-reload
# event streams open the whole time.
#
#   benches/load_test.sh                      # 200 connections, 30 s, 50 event streams
#   CONNECTIONS=400 DURATION=60s STREAMS=100 benches/load_test.sh
#   BIN=target/debug/sklaida benches/load_test.sh   # skip the release build
#
# Serves the repository's example site, opens STREAMS event streams with curl, runs
# wrk over a mix of pages (both languages), a stylesheet, an image and a calendar
# file, then checks that every stream is still open and the server still answers.
# Prints wrk's report and one summary line: requests/s, p99 latency, non-2xx
# answers, socket errors, the server's most threads. Needs wrk and curl
# (Debian: apt-get install -y wrk curl).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS="${CONNECTIONS:-200}"
DURATION="${DURATION:-30s}"
STREAMS="${STREAMS:-50}"
THREADS="${THREADS:-2}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sklaida-load.XXXXXX")"
SERVER_PID=""
CURL_PIDS=()
cleanup() {
    for p in "${CURL_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install -y $tool)" >&2; exit 2; }
done

if [ -z "${BIN:-}" ]; then
    echo "== building (release)" >&2
    cargo build --release --quiet --bin sklaida
    BIN="${CARGO_TARGET_DIR:-target}/release/sklaida"
fi

echo "== sklaida serve (example site)" >&2
TMPDIR="$TMP" "$BIN" serve --root . --port 0 > "$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q '^Serving ' "$TMP/serve.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; exit 1; }
    sleep 0.1
done
ADDR="$(sed -n 's|^Serving .* at http://\([^/]*\)/.*|\1|p' "$TMP/serve.log" | head -1)"
[ -n "$ADDR" ] || { echo "serve did not start" >&2; cat "$TMP/serve.log" >&2; exit 1; }
echo "   at $ADDR" >&2

# Paths that exist in the example site's output, found from the home pages.
PATHS=(/ /en/)
for home in / /en/; do
    while read -r p; do PATHS+=("$p"); done < <(
        curl -s "http://$ADDR$home" | grep -o 'href="/[^"#?]*"' | sed 's/href="//; s/"$//' | sort -u | head -12
    )
done
PATHS+=(/style.css /favicon.svg)
ICS="$(find "$TMP" -path '*/site/*' -name '*.ics' 2>/dev/null | head -1)"
[ -n "$ICS" ] && PATHS+=("/${ICS#*/site/}")
{
    echo 'local paths = {'
    for p in "${PATHS[@]}"; do echo "  \"$p\","; done
    echo '}'
    cat <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
LUA
} > "$TMP/paths.lua"
echo "   ${#PATHS[@]} paths" >&2

echo "== $STREAMS event streams" >&2
for i in $(seq 1 "$STREAMS"); do
    curl -sN "http://$ADDR/__sklaida/events" > "$TMP/stream-$i.txt" 2>/dev/null &
    CURL_PIDS+=($!)
done
for _ in $(seq 1 100); do
    connected=$(grep -l ': connected' "$TMP"/stream-*.txt 2>/dev/null | wc -l)
    [ "$connected" -ge "$STREAMS" ] && break
    sleep 0.1
done
echo "   $connected connected" >&2

# The server's thread count, sampled while wrk runs.
( max=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
      t=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
      [ "${t:-0}" -gt "$max" ] && max=$t && echo "$max" > "$TMP/threads"
      sleep 0.2
  done ) &
SAMPLER=$!

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency" >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s -s "$TMP/paths.lua" "http://$ADDR" | tee "$TMP/wrk.txt"
kill "$SAMPLER" 2>/dev/null || true

alive=0
for p in "${CURL_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
after="$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDR/")"

rps="$(awk '/^Requests\/sec:/ {print $2}' "$TMP/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$TMP/wrk.txt")"
total="$(awk '/requests in/ {print $1}' "$TMP/wrk.txt")"
non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$TMP/wrk.txt")"
errors="$(awk '/Socket errors:/ {gsub(",", ""); print "connect " $4 ", read " $6 ", write " $8 ", timeout " $10}' "$TMP/wrk.txt")"
echo
echo "requests: ${total:-?} in $DURATION, ${rps:-?} req/s, p99 ${p99:-?}, non-2xx/3xx ${non2xx:-0}, socket errors: ${errors:-none}; event streams open after: $alive/$STREAMS; server threads at most: $(cat "$TMP/threads" 2>/dev/null || echo ?); a request after: $after"
[ "${non2xx:-0}" = 0 ] && [ -z "$errors" ] && [ "$alive" = "$STREAMS" ] && [ "$after" = 200 ]
