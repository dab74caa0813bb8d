#!/usr/bin/env bash
# Times Briefing against Hugo 0.165 on the same synthetic corpus, side by
# side in one run: full builds to disk (wall time and peak memory), and
# Briefing's check. Prints medians and ratios.
#
#   bench/compare.sh [ARTICLES] [RUNS]     default: 10000 articles, 5 runs each
#   SETTLE=120 bench/compare.sh            wait longer before the first run
#   OUT=/dev/shm bench/compare.sh          write the sites elsewhere (a tmpfs, to
#                                          leave the disk out of it)
#   SMALL=1000 bench/compare.sh            also build a 1,000-article corpus in
#                                          each run, and print how each tool's
#                                          time grows from it (target: 10.5x)
#
# The corpus comes from ../shared/bench/gencorpus.py (or $GENCORPUS) and is
# written under bench/out/ (ignored by git). Hugo is installed with
# `go install` if it is not on PATH or in $(go env GOPATH)/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-10000}
runs=${2:-5}
gencorpus=${GENCORPUS:-../shared/bench/gencorpus.py}
out=bench/out
corpus=$out/corpus-$articles
mkdir -p "$out"

small=${SMALL:-}
for n in "$articles" $small; do
  if [ ! -f "$out/corpus-$n/manifest.json" ]; then
    echo "generating a corpus of $n articles in $out/corpus-$n"
    python3 "$gencorpus" --articles "$n" --seed 1 --out "$out/corpus-$n" >/dev/null
  fi
done

hugo=$(command -v hugo || true)
if [ -z "$hugo" ]; then hugo="$(go env GOPATH)/bin/hugo"; fi
if [ ! -x "$hugo" ]; then
  echo "installing Hugo 0.165 (a few minutes)"
  CGO_ENABLED=0 go install github.com/gohugoio/hugo@v0.165.0
fi
"$hugo" version | head -1

go build -o "$out/briefing" .
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install -y time)"; exit 1; }

# measure NAME CMD...: runs the command once, appends "seconds kB" to $out/NAME.times
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/.t" "$@" >/dev/null 2>"$out/.err" || { cat "$out/.err"; exit 1; }
  cat "$out/.t" >> "$out/$name.times"
}

# Every build writes into a folder that has never existed, and nothing is
# deleted while the runs go on. ext4 will not reuse an inode freed in the
# last 30 seconds or so (recently_deleted() in its inode allocator): a
# build that follows the removal of a previous 11,000-page site spends
# seconds in the kernel skipping them, and which tool pays depends on the
# order of the script, not on the tool. The old outputs are removed first,
# then the script waits that out; `sync` before each build starts both
# tools with no dirty pages of the other's waiting to be written.
# 35 s is enough after one previous run's sites; after deleting many more
# (a few hundred thousand files) the slowdown was seen to last over a
# minute, so SETTLE can be raised.
settle=${SETTLE:-35}
[ "${FRESH_FS:-0}" = 1 ] && settle=${SETTLE:-0}
sites=${OUT:-$out}
mkdir -p "$sites"
sites=$(cd "$sites" && pwd)
rm -f "$out"/*.times
rm -rf "$out"/site-* "$sites"/site-*
sync
echo "waiting $settle s for the file system to settle after removing old outputs"
sleep "$settle"
# FRESH_FS=1 (root, with mkfs.ext4): each build writes into an ext4 file
# system made for it alone, a 3 GB image on a loop device, so that neither
# tool meets inodes the other, or anything else, freed before it. On a
# disk with a history of deletions ext4's inode allocator was seen to take
# a third of a build's time (find_inode_bit, recently_deleted).
fresh=${FRESH_FS:-0}
fs_n=0
fresh_dir() { # sets dir to a folder on a new file system
  fs_n=$((fs_n + 1))
  local img="$out/fs-$fs_n.img" mnt="$out/fs-$fs_n"
  rm -f "$img"; truncate -s 3G "$img"; mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$img"; mkdir -p "$mnt"; mount -o loop "$img" "$mnt"
  dir="$(pwd)/$mnt/site"
}
drop_fresh() {
  for m in "$out"/fs-*; do [ -d "$m" ] && mountpoint -q "$m" && umount "$m"; done
  rm -rf "$out"/fs-*
}
if [ "$fresh" = 1 ]; then
  trap drop_fresh EXIT
fi
for i in $(seq "$runs"); do
  if [ "$fresh" = 1 ]; then
    fresh_dir; bdir=$dir
    fresh_dir; hdir=$dir
  else
    bdir=$sites/site-b-$i; hdir=$sites/site-h-$i
  fi
  [ "$i" = 1 ] && first_b=$bdir && first_h=$hdir
  if [ -n "$small" ]; then
    # The small corpus in the same run, alternated with the large one, so
    # that both see the machine and the disk in the same state.
    if [ "$fresh" = 1 ]; then fresh_dir; sb=$dir; fresh_dir; sh=$dir
    else sb=$sites/site-sb-$i; sh=$sites/site-sh-$i; fi
    sync
    measure briefing-small "$out/briefing" build --source "$out/corpus-$small/briefing" --out "$sb"
    sync
    measure hugo-small "$hugo" --quiet --source "$out/corpus-$small/hugo" --destination "$sh"
  fi
  sync
  measure briefing "$out/briefing" build --source "$corpus/briefing" --out "$bdir"
  sync
  measure hugo "$hugo" --quiet --source "$corpus/hugo" --destination "$hdir"
  sync
  measure check "$out/briefing" check --source "$corpus/briefing"
  extra=""
  [ -n "$small" ] && extra="  small: briefing $(tail -1 $out/briefing-small.times)  hugo $(tail -1 $out/hugo-small.times)"
  echo "run $i: briefing $(tail -1 $out/briefing.times)  hugo $(tail -1 $out/hugo.times)  check $(tail -1 $out/check.times)$extra  (s kB)"
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
bt=$(cut -d' ' -f1 $out/briefing.times | median); bm=$(cut -d' ' -f2 $out/briefing.times | median)
ht=$(cut -d' ' -f1 $out/hugo.times | median);     hm=$(cut -d' ' -f2 $out/hugo.times | median)
ct=$(cut -d' ' -f1 $out/check.times | median)
pages_b=$(find "$first_b" -name '*.html' | wc -l); pages_h=$(find "$first_h" -name '*.html' | wc -l)
rm -rf "$sites"/site-*
echo
echo "corpus: $articles articles ($(jq -r '.files.briefing.files' $corpus/manifest.json 2>/dev/null || echo '?') files); pages: briefing $pages_b, hugo $pages_h"
awk -v bt="$bt" -v bm="$bm" -v ht="$ht" -v hm="$hm" -v ct="$ct" 'BEGIN {
  printf "full build  briefing %6.2f s %7.0f MB   hugo %6.2f s %7.0f MB   time %.2fx  memory %.2fx of hugo\n", bt, bm/1024, ht, hm/1024, bt/ht, bm/hm
  printf "check       briefing %6.2f s                                     %.2fx of hugo full build\n", ct, ct/ht
}'
if [ -n "$small" ]; then
  sbt=$(cut -d' ' -f1 $out/briefing-small.times | median); sht=$(cut -d' ' -f1 $out/hugo-small.times | median)
  awk -v s="$small" -v n="$articles" -v bt="$bt" -v ht="$ht" -v sbt="$sbt" -v sht="$sht" 'BEGIN {
    printf "growth      %d -> %d articles: briefing %.2f s -> %.2f s (%.1fx), hugo %.2f s -> %.2f s (%.1fx)\n", s, n, sbt, bt, bt/sbt, sht, ht, ht/sht
  }'
fi
