#!/usr/bin/env bash
# Builds the example site and every fixture site that builds into one folder, with
# the given sklaida binary, for benches/compare_output.sh:
#   benches/snapshot.sh BINARY OUT_DIR
# OUT_DIR/example is the repository's own site; OUT_DIR/<fixture> each fixture of
# tests/fixtures/ that has a site.toml and builds without errors (a fixture that fails
# is listed in OUT_DIR/FAILED, so a before/after pair shows a change in what builds).
set -euo pipefail
bin=$(realpath "$1")
out=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out"
: > "$out/FAILED"
"$bin" --quiet build --root "$repo" --output "$out/example" --force
for dir in "$repo"/tests/fixtures/*/; do
    name=$(basename "$dir")
    [ -f "$dir/site.toml" ] || continue
    # Build from a copy: a fixture's folder stays as the tests expect it.
    work=$(mktemp -d)
    cp -a "$dir" "$work/site"
    if ! "$bin" --quiet build --root "$work/site" --output "$out/$name" --force >/dev/null 2>&1; then
        echo "$name" >> "$out/FAILED"
        rm -rf "$out/$name"
    fi
    rm -rf "$work"
done
