#!/usr/bin/env bash
# Byte-identical output check: builds the default site and the 10,000-note
# benchmark corpus (plus the vault-shaped corpus when it is there) with a
# reference `lore` and with this tree's, then compares every output file.
# A refactor must leave this silent.
#
#   benches/identical.sh [BASE]
#
# BASE is a `lore` binary, or a git revision (default: main) built once into
# target/identical/ (a release build of its own: slow on 2 cores, so keep the
# binary it prints and pass it next time). Exits 1 when any file differs,
# naming the first differences.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/identical
mkdir -p "$work"

base=${1:-main}
if [[ -x $base && -f $base ]]; then
    base_bin=$(realpath "$base")
else
    rev=$(git rev-parse --short "$base")
    base_bin=$work/lore-$rev
    if [[ ! -x $base_bin ]]; then
        echo "building $base ($rev) for reference…"
        rm -rf "$work/src-$rev"
        git worktree add --detach "$work/src-$rev" "$rev" >/dev/null
        (cd "$work/src-$rev" && CARGO_TARGET_DIR=$work/target cargo build --release --quiet)
        cp "$work/target/release/lore" "$base_bin"
        git worktree remove --force "$work/src-$rev"
    fi
fi
echo "reference: $base_bin"
cargo build --release --quiet
new_bin=$root/target/release/lore

# The default site, copied once (with its files' times) so that neither
# build touches the repository's own `.lore/`.
site=$work/default-site
if [[ ! -f $site/site.toml ]]; then
    mkdir -p "$site"
    cp -a content templates static site.toml "$site/"
fi
sites=("$site")
corpus=$root/target/bench/corpus-lore-10000
if [[ ! -f $corpus/site.toml ]]; then
    echo "generating the 10,000-note corpus…"
    cargo bench --bench build -- --notes 10000 --runs 1 >/dev/null
fi
sites+=("$corpus")
vault=$root/target/bench/corpus-vault-10000
[[ -f $vault/site.toml ]] && sites+=("$vault")

status=0
for s in "${sites[@]}"; do
    name=$(basename "$s")
    for which in base new; do
        bin=$base_bin
        [[ $which == new ]] && bin=$new_bin
        # Nothing cached from the other build (a fresh search index is
        # reused, cards and image copies are kept): both start cold.
        rm -rf "$work/out-$name-$which" "$s/.lore"
        "$bin" build --quiet --root "$s" --output "$work/out-$name-$which" || {
            echo "$name: the $which build failed"
            status=1
        }
    done
    files=$(find "$work/out-$name-base" -type f | wc -l)
    if diff -rq "$work/out-$name-base" "$work/out-$name-new" >"$work/diff-$name.txt"; then
        echo "$name: identical ($files files)"
    else
        echo "$name: $(wc -l <"$work/diff-$name.txt") differences (of $files files), first:"
        head -n 10 "$work/diff-$name.txt"
        status=1
    fi
done
exit $status
