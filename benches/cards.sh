#!/bin/bash
# The cost of share cards on a generated corpus: builds with cards and with
# `share_cards = false`, interleaved, each run a first build (output and cache deleted),
# a no-change rebuild, a forced rebuild (cards from the cache) and a rebuild after one
# page was edited. Prints "run config kind wall user sys maxrss_kb" lines.
#
#   benches/cards.sh [PAGES] [RUNS]      (defaults 10000 and 3; needs GNU time)
#
# BENCH_TMP (default /dev/shm) holds the corpora, outputs and caches.
set -euo pipefail
PAGES=${1:-10000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=${BENCH_TMP:-/dev/shm}/sklaida-cards-bench
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target-bench}
cargo build --release --quiet --bin sklaida --example gen_corpus --manifest-path "$ROOT/Cargo.toml"
B=$CARGO_TARGET_DIR/release/sklaida
rm -rf "$TMP" && mkdir -p "$TMP"
"$CARGO_TARGET_DIR/release/examples/gen_corpus" --pages "$PAGES" --out "$TMP/on" --seed 42 >&2
cp -r "$TMP/on" "$TMP/off"
sed -i '1i share_cards = false' "$TMP/off/site.toml"
t() { /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" >/dev/null 2>&1; cat "$TMP/time"; }
for run in $(seq "$RUNS"); do
  for cfg in on off; do
    rm -rf "$TMP/out-$cfg" "$TMP/$cfg/.sklaida-cache"
    sync
    echo "$run $cfg first $(t nice "$B" build --root "$TMP/$cfg" --output "$TMP/out-$cfg" --quiet)"
    echo "$run $cfg nochange $(t nice "$B" build --root "$TMP/$cfg" --output "$TMP/out-$cfg" --quiet)"
    echo "$run $cfg force $(t nice "$B" build --root "$TMP/$cfg" --output "$TMP/out-$cfg" --quiet --force)"
    page=$(find "$TMP/$cfg/content" -name '*.md' ! -name '_index*' | sort | head -1)
    echo "Edited in run $run." >> "$page"
    echo "$run $cfg edit1 $(t nice "$B" build --root "$TMP/$cfg" --output "$TMP/out-$cfg" --quiet)"
  done
done
