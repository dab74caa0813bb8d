#!/usr/bin/env bash
# How Briefing's build time grows with the corpus: builds a small and a
# large corpus alternately, each into a folder that has never existed, and
# prints the medians of wall, user and system time and their ratios
# (targets: the 10,000-article build in at most 10.5 times the 1,000 one,
# the 100,000-article build in at most 11 times the 10,000 one).
#
#   bench/growth.sh [SMALL] [LARGE] [RUNS]    default: 1000 10000 5
#   OUT=/tmp/fast bench/growth.sh             write the sites elsewhere (a tmpfs,
#                                              to leave the disk out of it)
#   SETTLE=60 bench/growth.sh                 wait longer first (default 35 s): ext4
#                                              is slow to make files for a while
#                                              after many were deleted
#   PAUSE=0 bench/growth.sh                   no pause before each build (default 8 s)
#   REMOVE=1 OUT=/dev/shm bench/growth.sh     remove each site once timed (on a tmpfs
#                                              the sites are memory: five 100,000-
#                                              article sites are 13 GB)
#   WARM=8 bench/growth.sh                    before each build, write and delete 8 GB
#                                              on /dev/shm, so that the memory the
#                                              build is given is memory the host backs
#                                              (see below)
#   FLOOR=1 bench/growth.sh                   after each build, time bench/floor.go on the
#                                              same corpus: the build's memory and files
#                                              with none of its work, for how much of the
#                                              growth is the machine's
#
# Each build starts after a pause, with nothing else running: on the
# virtual machine Briefing is developed on, the host takes back memory a
# few seconds after it is freed, and the time of a build varies by tens of
# per cent from one minute to the next; a pause gives the small and the
# large build the same start, and alternating them shares the drift. Keep
# it under a minute: that machine also pages out file pages left unused
# for a minute (DAMON, /sys/kernel/mm/damon), and a build whose corpus was
# paged out spends seconds reading it back from disk (a cold 100,000-
# article corpus took 6.8 s to read instead of 1.0 to 1.8 s).
#
# The figures give the minor page faults too, and system time per fault:
# on that machine the kernel hands free memory back to the host in 2 MB
# blocks soon after it is freed (free page reporting, shown in the first
# line when the kernel has it), and a page the host took back costs more
# on its next use, in system time when the kernel touches it (a fault, or
# write() filling the page cache) and in user time when the program does.
# A 100,000-article build needs five gigabytes of heap and output where a
# 10,000-article one needs half a gigabyte, much of it reused; its system
# time per fault (an upper bound: writes are in it too) was seen from 10.8
# to 16.8 us, against 9.3 to 11.2 us at 10,000 articles.
#
# How much of a large build's time is the host's shows without Briefing
# in it: writing 3 GB of zeros to /dev/shm took 1.1 to 1.5 s just after
# 3 GB had been freed, 2.1 to 3.8 s for the next 3 GB. On 3 December a
# 100,000-article build took 40.3 s (22.5 s system time) after the
# machine had been idle for minutes, and 26.6 to 29.2 s (7.7 to 7.9 s)
# after 7 GB had been written and deleted on /dev/shm; its user time, the
# program's own work, stayed within 41.5 to 45.8 s. WARM=GB does that
# before every build, small and large alike. It does not take the drift
# away: two rounds of five run one after the other that day gave 9.52x
# with WARM=8 and 11.57x without, with the 100,000-article builds alike
# (34.0 and 34.7 s) and the 10,000-article ones not (3.57 and 3.00 s),
# and user time itself swung from 3.9 to 5.9 s at 10,000 articles; a
# later round with WARM=8 gave 12.23x, its large builds 35.9 to 56.6 s.
#
# bench/compare.sh with SMALL= measures the same beside Hugo's builds, whose
# gigabyte of memory and 11,000 files in between make the disk's share of
# Briefing's time vary more.
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-1000}
large=${2:-10000}
runs=${3:-5}
gencorpus=${GENCORPUS:-../shared/bench/gencorpus.py}
out=bench/out
sites=${OUT:-$out}/growth-$$
mkdir -p "$out" "$sites"
trap 'rm -rf "$sites" /dev/shm/growth-warm-$$' EXIT
for n in "$small" "$large"; do
  if [ ! -f "$out/corpus-$n/manifest.json" ]; then
    echo "generating a corpus of $n articles in $out/corpus-$n"
    python3 "$gencorpus" --articles "$n" --seed 1 --out "$out/corpus-$n" >/dev/null
  fi
done
go build -o "$out/briefing" .
floor=${FLOOR:-0}
if [ "$floor" = 1 ]; then go build -o "$out/floor" bench/floor.go; fi
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install -y time)"; exit 1; }
rm -f "$out/growth.times"
rep=/sys/module/page_reporting/parameters
if [ -r "$rep/page_reporting_order" ]; then
  echo "free page reporting: blocks of order $(cat "$rep/page_reporting_order") ($((4 << $(cat "$rep/page_reporting_order"))) kB) go back to the host"
fi
settle=${SETTLE:-35}
pause=${PAUSE:-8}
sync
echo "waiting $settle s for the file system to settle"
sleep "$settle"
# steal is the time, in hundredths of a second, the host gave the
# machine's processors to something else (the steal column of /proc/stat):
# a build that ran while the host was busy shows it.
steal() { awk '$1 == "cpu" {print $9}' /proc/stat; }
# timed LABEL SITE COMMAND...: runs the command after the pause and
# records its figures under LABEL.
timed() {
  local label=$1 site=$2
  shift 2
  sync
  if [ -n "${WARM:-}" ]; then
    dd if=/dev/zero of=/dev/shm/growth-warm-$$ bs=1M count=$((WARM * 1024)) status=none
    rm -f /dev/shm/growth-warm-$$
  fi
  sleep "$pause"
  steal0=$(steal)
  /usr/bin/time -f "$label %e %U %S %M %R" -o "$out/.t" "$@" >/dev/null
  echo "$(cat "$out/.t") $(awk -v a="$steal0" -v b="$(steal)" 'BEGIN {printf "%.2f", (b-a)/100}')" >> "$out/growth.times"
  if [ "${REMOVE:-0}" = 1 ]; then rm -rf "$site"; fi
}
for i in $(seq "$runs"); do
  for n in "$small" "$large"; do
    timed "$n" "$sites/site-$n-$i" "$out/briefing" build --source "$out/corpus-$n/briefing" --out "$sites/site-$n-$i"
    if [ "$floor" = 1 ]; then
      timed "floor-$n" "$sites/floor-$n-$i" "$out/floor" "$out/corpus-$n/briefing" "$sites/floor-$n-$i"
    fi
  done
  echo "run $i: $(tail -$((floor * 2 + 2)) "$out/growth.times" | tr '\n' ' ') (articles, wall, user, system s, peak kB, minor faults, s stolen by the host)"
done
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$out/growth.times" | median; }
# summary WHAT SMALL LARGE prints the medians of two labels and the growth.
summary() {
  awk -v what="$1" -v s="$2" -v l="$3" \
    -v sw="$(col "$2" 2)" -v su="$(col "$2" 3)" -v ss="$(col "$2" 4)" \
    -v lw="$(col "$3" 2)" -v lu="$(col "$3" 3)" -v ls="$(col "$3" 4)" \
    -v sm="$(col "$2" 5)" -v lm="$(col "$3" 5)" \
    -v sf="$(col "$2" 6)" -v lf="$(col "$3" 6)" \
    -v st="$(col "$2" 7)" -v lt="$(col "$3" 7)" 'BEGIN {
    printf "%12s: %6.2f s wall, %6.2f s user, %5.2f s system, %7d faults (%.1f us of system time per fault), %.2f s stolen\n", s, sw, su, ss, sf, ss/sf*1e6, st
    printf "%12s: %6.2f s wall, %6.2f s user, %5.2f s system, %7d faults (%.1f us of system time per fault), %.2f s stolen\n", l, lw, lu, ls, lf, ls/lf*1e6, lt
    printf "%s growth: %.2fx wall, %.2fx user, %.2fx system, %.2fx faults, %.2fx peak memory\n", what, lw/sw, lu/su, ls/ss, lf/sf, lm/sm
  }'
}
summary briefing "$small" "$large"
if [ "$floor" = 1 ]; then summary floor "floor-$small" "floor-$large"; fi
