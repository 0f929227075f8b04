#!/usr/bin/env bash
# Sklaida vs Hugo: full-build wall time and peak memory on generated bilingual corpora.
#
#   benches/compare.sh [SIZES...]          (default: 1000 10000 20000 pages in total)
#
# Environment:
#   RUNS=5        timed runs per tool and size (medians are reported)
#   WARMUP=1      untimed builds per tool and size first (fills the page cache)
#   HUGO=hugo     the Hugo binary; set SKIP_HUGO=1 to measure Sklaida alone
#   SEED=42       corpus seed (same seed and size give the same corpus)
#   BENCH_TMP=    parent folder of the scratch folder (default: $TMPDIR or /tmp)
#   KEEP=1        keep the scratch folder (corpora, outputs, raw GNU time logs)
#
# The Markdown report goes to stdout, progress to stderr:
#   benches/compare.sh 1000 10000 > bench.md
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
SEED="${SEED:-42}"
HUGO="${HUGO:-hugo}"
SKIP_HUGO="${SKIP_HUGO:-0}"
KEEP="${KEEP:-0}"
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000 20000); fi

for s in "${SIZES[@]}"; do
  [[ "$s" =~ ^[0-9]+$ && "$s" -ge 2 ]] || { echo "compare.sh: size must be a number >= 2: $s" >&2; exit 2; }
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: RUNS must be >= 1" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "compare.sh: WARMUP must be >= 0" >&2; exit 2; }

log() { printf '[compare] %s\n' "$*" >&2; }
die() { printf 'compare.sh: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------

TIME_BIN=/usr/bin/time
if ! { [ -x "$TIME_BIN" ] && "$TIME_BIN" --version 2>&1 | grep -q GNU; }; then
  log "GNU time not found; installing the Debian package 'time'"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >&2 && apt-get install -y -qq time >&2
  else
    sudo apt-get update -qq >&2 && sudo apt-get install -y -qq time >&2
  fi
  [ -x "$TIME_BIN" ] || die "GNU time is still missing at $TIME_BIN"
fi

HAVE_HUGO=0
if [ "$SKIP_HUGO" != 1 ] && command -v "$HUGO" >/dev/null 2>&1; then
  HAVE_HUGO=1
  HUGO="$(command -v "$HUGO")"
elif [ "$SKIP_HUGO" != 1 ]; then
  log "hugo not on PATH: measuring Sklaida only (apt-get install -y hugo to compare)"
fi

WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/sklaida-bench.XXXXXX")"
cleanup() {
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if awk -v l="${LOAD_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l + 0 > n / 2) }' 2>/dev/null; then
  log "warning: load average is $LOAD_START on $(nproc) CPUs: the timings will be noisy"
fi

log "building sklaida (release)"
(cd "$REPO" && cargo build --release --quiet >&2) || die "cargo build --release failed"
SKLAIDA="${CARGO_TARGET_DIR:-$REPO/target}/release/sklaida"
[ -x "$SKLAIDA" ] || die "no binary at $SKLAIDA"

log "building the corpus generator"
rustc -O --edition 2021 "$REPO/benches/gen_corpus.rs" -o "$WORK/gen_corpus" >&2 \
  || die "rustc benches/gen_corpus.rs failed"

# --- measuring ---------------------------------------------------------------

# timed LOGFILE CMD...: runs CMD under GNU time, its own output to LOGFILE.out.
timed() {
  local logf="$1"; shift
  sync
  if ! "$TIME_BIN" -v -o "$logf" "$@" >"$logf.out" 2>&1; then
    echo "compare.sh: command failed: $*" >&2
    tail -n 30 "$logf.out" >&2 || true
    grep -E 'Command (exited|terminated)' "$logf" >&2 || true
    exit 1
  fi
}

# Wall seconds from "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34".
wall_of() {
  awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0;
       for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f\n", s }' "$1"
}
rss_kb_of() { awk '/Maximum resident set size/ { print $NF }' "$1"; }
# User + system CPU seconds: less sensitive than wall time to a busy neighbour.
cpu_of() { awk '/User time \(seconds\)|System time \(seconds\)/ { s += $NF } END { printf "%.3f\n", s }' "$1"; }

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan";
  else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
max_of() { sort -n | tail -n 1; }
kb_to_mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
fmt_s() { awk -v s="$1" 'BEGIN { printf "%.2f", s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }

sk_full()   { rm -rf "$2"; timed "$1" "$SKLAIDA" build --root "$CORPUS" --output "$2" --quiet; }
sk_again()  {              timed "$1" "$SKLAIDA" build --root "$CORPUS" --output "$2" --quiet; }
# One page's text edited, then built into the populated folder: everything is rendered
# again and compared; only the changed files are written.
sk_edit()   { printf '\nEdited in run %s.\n' "$3" >> "$EDIT_PAGE"
              timed "$1" "$SKLAIDA" build --root "$CORPUS" --output "$2" --quiet; }
# The same corpus with the default theme (no site templates/).
sk_theme()  { rm -rf "$2"; timed "$1" "$SKLAIDA" build --root "$THEMED" --output "$2" --quiet; }
hugo_full() { rm -rf "$2"; timed "$1" "$HUGO" --quiet -s "$HCORPUS" -d "$2"; }
hugo_again(){              timed "$1" "$HUGO" --quiet -s "$HCORPUS" -d "$2"; }

count_files() { find "$1" -type f | wc -l | tr -d ' '; }
count_html()  { find "$1" -type f -name '*.html' | wc -l | tr -d ' '; }

ROWS=()
CPU_ROWS=()
COUNTS=()

for size in "${SIZES[@]}"; do
  dir="$WORK/$size"
  mkdir -p "$dir/logs"
  CORPUS="$dir/sklaida-site"
  HCORPUS="$dir/hugo-site"
  SK_OUT="$dir/sklaida-out"
  THEMED="$dir/sklaida-themed"
  TH_OUT="$dir/sklaida-themed-out"
  H_OUT="$dir/hugo-out"

  log "size $size: generating corpus"
  if [ "$HAVE_HUGO" = 1 ]; then
    "$WORK/gen_corpus" --pages "$size" --seed "$SEED" --out "$CORPUS" --hugo "$HCORPUS" >&2
  else
    "$WORK/gen_corpus" --pages "$size" --seed "$SEED" --out "$CORPUS" >&2
  fi

  EDIT_PAGE="$(find "$CORPUS/content" -name '*.md' ! -name '_index*' | sort | sed -n 1p)"
  mkdir -p "$THEMED"
  ln -s "$CORPUS/content" "$THEMED/content"
  cp "$CORPUS/site.toml" "$THEMED/site.toml"

  for ((w = 1; w <= WARMUP; w++)); do
    log "size $size: warm-up $w/$WARMUP"
    sk_full "$dir/logs/warm-sk-$w" "$SK_OUT"
    [ "$HAVE_HUGO" = 1 ] && hugo_full "$dir/logs/warm-hugo-$w" "$H_OUT"
  done

  sk_wall=(); sk_rss=(); ska_wall=(); ska_rss=(); sk_cpu=(); ska_cpu=()
  ske_wall=(); ske_rss=(); skt_wall=(); skt_rss=()
  h_wall=(); h_rss=(); ha_wall=(); ha_rss=(); h_cpu=(); ha_cpu=()
  for ((r = 1; r <= RUNS; r++)); do
    # Interleaved, and the order flips every run, so drift (thermal, page cache,
    # a neighbour's load) hits both tools alike.
    order=(sk hugo)
    if (( r % 2 == 0 )); then order=(hugo sk); fi
    for tool in "${order[@]}"; do
      if [ "$tool" = sk ]; then
        sk_full  "$dir/logs/sk-full-$r"  "$SK_OUT"
        sk_again "$dir/logs/sk-again-$r" "$SK_OUT"
        sk_wall+=("$(wall_of "$dir/logs/sk-full-$r")");   sk_rss+=("$(rss_kb_of "$dir/logs/sk-full-$r")")
        ska_wall+=("$(wall_of "$dir/logs/sk-again-$r")"); ska_rss+=("$(rss_kb_of "$dir/logs/sk-again-$r")")
        sk_cpu+=("$(cpu_of "$dir/logs/sk-full-$r")");     ska_cpu+=("$(cpu_of "$dir/logs/sk-again-$r")")
        sk_edit  "$dir/logs/sk-edit-$r"  "$SK_OUT" "$r"
        sk_theme "$dir/logs/sk-theme-$r" "$TH_OUT"
        ske_wall+=("$(wall_of "$dir/logs/sk-edit-$r")");   ske_rss+=("$(rss_kb_of "$dir/logs/sk-edit-$r")")
        skt_wall+=("$(wall_of "$dir/logs/sk-theme-$r")");  skt_rss+=("$(rss_kb_of "$dir/logs/sk-theme-$r")")
      elif [ "$HAVE_HUGO" = 1 ]; then
        hugo_full  "$dir/logs/hugo-full-$r"  "$H_OUT"
        hugo_again "$dir/logs/hugo-again-$r" "$H_OUT"
        h_wall+=("$(wall_of "$dir/logs/hugo-full-$r")");   h_rss+=("$(rss_kb_of "$dir/logs/hugo-full-$r")")
        ha_wall+=("$(wall_of "$dir/logs/hugo-again-$r")"); ha_rss+=("$(rss_kb_of "$dir/logs/hugo-again-$r")")
        h_cpu+=("$(cpu_of "$dir/logs/hugo-full-$r")");     ha_cpu+=("$(cpu_of "$dir/logs/hugo-again-$r")")
      fi
    done
    log "size $size: run $r/$RUNS  sklaida ${sk_wall[-1]} s (again ${ska_wall[-1]} s)$(
      [ "$HAVE_HUGO" = 1 ] && printf '  hugo %s s (again %s s)' "${h_wall[-1]}" "${ha_wall[-1]}")"
  done

  skw=$(printf '%s\n' "${sk_wall[@]}" | median);  skr=$(printf '%s\n' "${sk_rss[@]}" | max_of)
  skaw=$(printf '%s\n' "${ska_wall[@]}" | median); skar=$(printf '%s\n' "${ska_rss[@]}" | max_of)
  skc=$(printf '%s\n' "${sk_cpu[@]}" | median); skac=$(printf '%s\n' "${ska_cpu[@]}" | median)
  skew=$(printf '%s\n' "${ske_wall[@]}" | median); sker=$(printf '%s\n' "${ske_rss[@]}" | max_of)
  sktw=$(printf '%s\n' "${skt_wall[@]}" | median); sktr=$(printf '%s\n' "${skt_rss[@]}" | max_of)
  sk_files=$(count_files "$SK_OUT"); sk_html=$(count_html "$SK_OUT")
  if [ "$HAVE_HUGO" = 1 ]; then
    hw=$(printf '%s\n' "${h_wall[@]}" | median);  hr=$(printf '%s\n' "${h_rss[@]}" | max_of)
    haw=$(printf '%s\n' "${ha_wall[@]}" | median); har=$(printf '%s\n' "${ha_rss[@]}" | max_of)
    hc=$(printf '%s\n' "${h_cpu[@]}" | median); hac=$(printf '%s\n' "${ha_cpu[@]}" | median)
    CPU_ROWS+=("| $size | full build | $(fmt_s "$skc") | $(fmt_s "$hc") | $(ratio "$skc" "$hc") |")
    CPU_ROWS+=("| $size | no-change rebuild | $(fmt_s "$skac") | $(fmt_s "$hac") | $(ratio "$skac" "$hac") |")
    ROWS+=("| $size | full build | $(fmt_s "$skw") | $(kb_to_mib "$skr") | $(fmt_s "$hw") | $(kb_to_mib "$hr") | $(ratio "$skw" "$hw") |")
    ROWS+=("| $size | no-change rebuild | $(fmt_s "$skaw") | $(kb_to_mib "$skar") | $(fmt_s "$haw") | $(kb_to_mib "$har") | $(ratio "$skaw" "$haw") |")
    ROWS+=("| $size | one page edited (sklaida) | $(fmt_s "$skew") | $(kb_to_mib "$sker") | – | – | – |")
    ROWS+=("| $size | sklaida default theme vs hugo minimal | $(fmt_s "$sktw") | $(kb_to_mib "$sktr") | $(fmt_s "$hw") | $(kb_to_mib "$hr") | $(ratio "$sktw" "$hw") |")
    # Hugo was last run as a rebuild into a populated folder; count a clean build's output.
    hugo_full "$dir/logs/hugo-count" "$H_OUT"
    COUNTS+=("| $size | $sk_files | $sk_html | $(count_files "$H_OUT") | $(count_html "$H_OUT") |")
  else
    CPU_ROWS+=("| $size | full build | $(fmt_s "$skc") | – | – |")
    CPU_ROWS+=("| $size | no-change rebuild | $(fmt_s "$skac") | – | – |")
    ROWS+=("| $size | full build | $(fmt_s "$skw") | $(kb_to_mib "$skr") | – | – | – |")
    ROWS+=("| $size | no-change rebuild | $(fmt_s "$skaw") | $(kb_to_mib "$skar") | – | – | – |")
    ROWS+=("| $size | one page edited | $(fmt_s "$skew") | $(kb_to_mib "$sker") | – | – | – |")
    ROWS+=("| $size | default theme | $(fmt_s "$sktw") | $(kb_to_mib "$sktr") | – | – | – |")
    COUNTS+=("| $size | $sk_files | $sk_html | – | – |")
  fi

  # Free the disk before the next size (a 20,000-page round needs about 1 GiB).
  [ "$KEEP" = 1 ] || rm -rf "$CORPUS" "$HCORPUS" "$SK_OUT" "$H_OUT" "$THEMED" "$TH_OUT"
done

# --- report ------------------------------------------------------------------

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
sk_rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
if [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null | head -n 1)" ]; then sk_rev="$sk_rev (dirty)"; fi

echo "## Sklaida vs Hugo"
echo
echo "- machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, ${mem_gib:-?} GiB RAM, $(uname -sr)"
echo "- sklaida: $sk_rev, $(rustc --version)"
if [ "$HAVE_HUGO" = 1 ]; then echo "- hugo: $("$HUGO" version | head -n 1)"; fi
echo "- $RUNS timed runs per cell after $WARMUP warm-up, interleaved; wall = median, RSS = highest of the runs"
echo "- corpus: benches/gen_corpus.rs --seed $SEED (half lt, half en, ~800 words a page)"
echo "- load average before building sklaida: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo
echo "| pages | build | sklaida wall s | sklaida peak RSS MiB | hugo wall s | hugo peak RSS MiB | sklaida/hugo wall |"
echo "|---:|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "\"no-change rebuild\": the same build again into the already-populated output folder"
echo "(Sklaida finds its stamp fresh and does nothing). \"one page edited\": a line appended to"
echo "one page, then a build into the populated folder (everything rendered and compared, the"
echo "changed files written). \"default theme\": the same corpus without the minimal templates."
echo
echo "### CPU time (user + system seconds, median; steadier than wall time on a shared machine)"
echo
echo "| pages | build | sklaida CPU s | hugo CPU s | sklaida/hugo CPU |"
echo "|---:|---|---:|---:|---:|"
printf '%s\n' "${CPU_ROWS[@]}"
echo
echo "### Output written (sanity check: the two sites should match)"
echo
echo "| pages | sklaida files | sklaida .html | hugo files | hugo .html |"
echo "|---:|---:|---:|---:|---:|"
printf '%s\n' "${COUNTS[@]}"
echo
echo "Expected, on each side: one page per Markdown page, 20 section lists, 2 home pages,"
echo "2 tag indexes, 100 tag pages (50 tags a language), 2 not-found pages, sitemap.xml and"
echo "robots.txt. Beyond that Hugo writes a redirect (/lt/index.html) and one sitemap per"
echo "language; Sklaida two empty Atom feeds and 3 theme files (style.css, syntax.css,"
echo "favicon.svg). A larger gap means the two builds no longer do the same work."
