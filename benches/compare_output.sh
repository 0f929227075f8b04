#!/usr/bin/env bash
# Compares two output trees file by file and lists every difference:
#   benches/compare_output.sh BEFORE AFTER
# Only what records when a build ran is ignored, as it differs between any two builds:
# the build stamp (`.<output>.sklaida-stamp`) and the `"generated"` time in results.json. Prints "identical"
# and exits 0 when nothing else differs; otherwise lists files only in one tree and
# files whose bytes differ (with the first lines of a diff), and exits 1.
set -uo pipefail
before=${1:?usage: compare_output.sh BEFORE AFTER}
after=${2:?usage: compare_output.sh BEFORE AFTER}
# A file's bytes, with the build time of results.json blanked.
bytes() {
    case $1 in
        */results.json) sed -E 's/^(  "generated": )"[^"]*"/\1"(build time)"/' "$1" ;;
        *) cat "$1" ;;
    esac
}
list() { (cd "$1" && find . \( -type f -o -type l \) ! -name '*-stamp' ! -name '.sklaida-stamp' | LC_ALL=C sort); }
only_before=$(LC_ALL=C comm -23 <(list "$before") <(list "$after"))
only_after=$(LC_ALL=C comm -13 <(list "$before") <(list "$after"))
differ=0
[ -n "$only_before" ] && { echo "only in $before:"; echo "$only_before" | sed 's/^/  /'; differ=1; }
[ -n "$only_after" ] && { echo "only in $after:"; echo "$only_after" | sed 's/^/  /'; differ=1; }
changed=0
while IFS= read -r f; do
    if ! cmp -s <(bytes "$before/$f") <(bytes "$after/$f"); then
        [ $changed = 0 ] && echo "differ:"
        changed=$((changed + 1))
        echo "  $f"
        diff -u <(bytes "$before/$f") <(bytes "$after/$f") 2>/dev/null | sed -n '3,12p' | sed 's/^/      /'
    fi
done < <(LC_ALL=C comm -12 <(list "$before") <(list "$after"))
[ $changed -gt 0 ] && { echo "$changed file(s) differ"; differ=1; }
total=$(list "$before" | wc -l)
if [ $differ = 0 ]; then
    echo "identical ($total files)"
fi
exit $differ
