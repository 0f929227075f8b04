#!/usr/bin/env bash
# Edit-to-served latency of `sklaida serve` on a generated bilingual corpus.
#
#   benches/serve_bench.sh [PAGES]          # default 10000
#   RUNS=30 PAUSE_MS=5000 benches/serve_bench.sh 10000
#
# Builds sklaida in release, generates the corpus (benches/gen_corpus.rs), starts
# `sklaida serve` on a free port, and runs benches/serve_bench.rs against it: each run
# appends a marker paragraph to one Lithuanian page and times until the served page
# contains it. ATOMIC=1 saves by rename, as many editors do. Progress goes to stderr,
# the result line to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

PAGES="${1:-10000}"
RUNS="${RUNS:-20}"
PAUSE_MS="${PAUSE_MS:-4000}"
SEED="${SEED:-42}"
TMP="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/sklaida-serve-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

echo "== building (release)" >&2
cargo build --release --quiet --bin sklaida
rustc -O --edition 2021 benches/gen_corpus.rs -o "$TMP/gen_corpus"
rustc -O --edition 2021 benches/serve_bench.rs -o "$TMP/serve_bench"

echo "== corpus: $PAGES pages" >&2
"$TMP/gen_corpus" --pages "$PAGES" --out "$TMP/site" --seed "$SEED" >&2

# A page in the middle of the corpus: content/skyrius-NN/puslapis-NNNNN.md.
FILE="$(cd "$TMP/site" && find content -name 'puslapis-*.md' ! -name '*.en.md' | sort | sed -n "$((PAGES / 4))p")"
URL="/${FILE#content/}"
URL="${URL%.md}/"

echo "== sklaida serve" >&2
target/release/sklaida serve --root "$TMP/site" --port 0 >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q '^Serving ' "$TMP/serve.log" && break
    sleep 0.1
done
ADDR="$(grep -o 'http://[^/]*' "$TMP/serve.log" | head -1 | sed 's|http://||')"
[ -n "$ADDR" ] || { cat "$TMP/serve.log" >&2; echo "the server did not start" >&2; exit 1; }
grep -E '^Built' "$TMP/serve.log" >&2

echo "== $RUNS edits of $FILE ($URL), $PAUSE_MS ms apart" >&2
"$TMP/serve_bench" --addr "$ADDR" --root "$TMP/site" --file "$FILE" --url "$URL" \
    --runs "$RUNS" --pause-ms "$PAUSE_MS" ${ATOMIC:+--atomic}
echo "== server log (last rebuilds)" >&2
tail -n 6 "$TMP/serve.log" >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
