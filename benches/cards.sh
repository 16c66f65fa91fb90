#!/usr/bin/env bash
# Social cards at scale: a cold build with `[social] cards = true` against
# the same build without cards, and a warm one (every card cached), on the
# 10,000-note benchmark corpus. Runs are interleaved (plain, cold, warm) so
# that a noisy machine slows all three alike; prints each run, then the
# medians and the ratios to the plain build.
#
#   benches/cards.sh [RUNS]      (default 3; needs target/release/lore)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-3}
bin=${LORE_BIN:-$root/target/release/lore}
corpus=$root/target/bench/corpus-lore-10000
if [[ ! -f $corpus/site.toml ]]; then
    echo "generating the 10,000-note corpus…"
    cargo bench --bench build -- --notes 10000 --runs 1 >/dev/null
fi
site=$root/target/bench/cards-10000
rm -rf "$site"
cp -a "$corpus" "$site"
rm -rf "$site/.lore" "$site/public"
cp "$site/site.toml" "$site/plain.toml"
printf '\n[social]\ncards = true\n' | cat "$site/plain.toml" - >"$site/cards.toml"

# One build: prints "wall cpu" in seconds. Every build starts without
# `.lore/` (no search index to reuse); a warm one keeps `.lore/cards/`.
run() {
    local mode=$1
    if [[ $mode == plain ]]; then cp "$site/plain.toml" "$site/site.toml"; else cp "$site/cards.toml" "$site/site.toml"; fi
    rm -rf "$site/.keep"
    [[ $mode == warm && -d $site/.lore/cards ]] && mv "$site/.lore/cards" "$site/.keep"
    rm -rf "$site/.lore" "$site/public"
    if [[ -d $site/.keep ]]; then mkdir -p "$site/.lore" && mv "$site/.keep" "$site/.lore/cards"; fi
    sync
    local out
    out=$( { /usr/bin/time -f "%e %U %S" "$bin" build -q --root "$site" >/dev/null; } 2>&1 | tail -n 1)
    read -r wall user sys <<<"$out"
    echo "$wall $(echo "$user + $sys" | bc)"
}

declare -A walls cpus
for ((i = 1; i <= runs; i++)); do
    for mode in plain cold warm; do
        read -r wall cpu < <(run $mode)
        walls[$mode]+="$wall "
        cpus[$mode]+="$cpu "
        printf '%-5s run %d: wall %6.2f s  cpu %6.2f s\n' "$mode" "$i" "$wall" "$cpu"
    done
done
median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pw=$(median "${walls[plain]}")
pc=$(median "${cpus[plain]}")
echo
echo "medians of $runs (10,000 notes + the site's card):"
for mode in plain cold warm; do
    w=$(median "${walls[$mode]}")
    c=$(median "${cpus[$mode]}")
    printf '%-5s wall %6.2f s (%.2f×)  cpu %6.2f s (%.2f×)\n' "$mode" "$w" "$(echo "$w / $pw" | bc -l)" "$c" "$(echo "$c / $pc" | bc -l)"
done
du -sh "$site/.lore/cards" 2>/dev/null | sed 's/^/cards cache: /' || true
