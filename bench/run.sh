#!/bin/sh
# bench/run.sh — the tripreport benchmark (`make bench`); see bench/README.md.
#
# Prints medians, each beside its target, marked PASS or MISS:
#   the 第17弾 sample   render: wall, peak RSS, PDF bytes vs the photo bytes
#   the peers          the 第17弾 content with phone photos and a 1200x900 16-bit RGBA map:
#                      tripreport, the floor (pango-view + cat) and Typst 0.14, paired;
#                      every kind of PNG as that map against an 8-bit RGB one, paired;
#                      the same report with 10x the pages and photos
#   batch              100 reports x 8 photos: -j1 / -j2 --force, speed-up, pages/s,
#                      the re-run with nothing changed
#   I/O floor          cat of the same photo bytes into one file; batch -j2 / floor; the
#                      same with the file then put on the disk (fsync), as batch does each PDF
#   linearity          10 vs 100 reports, -j2 --force
# Runs are warm: the page cache is not dropped (not allowed here, and unreliable).
#
# Environment: BENCH_RUNS (default 5) runs of each cheap measure, BENCH_BIG_RUNS
# (default 5) pairs of full 100-report batches (-j 1, then -j 2); TRIPREPORT (default out/tripreport) the
# program measured; BENCH_KEEP=1 keeps the PDFs written
# (out/bench/pdf100, pdf10: about 1.7 GB) instead of removing them at the end.
set -eu
cd "$(dirname "$0")/.."

TR=${TRIPREPORT:-out/tripreport}
B=out/bench
RUNS=${BENCH_RUNS:-5}
BIG_RUNS=${BENCH_BIG_RUNS:-5}
SAMPLE=samples/017-matsue/trip.txt
SAMPLE_PHOTOS=samples/017-matsue/photos

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$TR" ] || die "$TR missing: run 'make bench' (or 'make build' first), or set TRIPREPORT"
[ -f "$SAMPLE_PHOTOS/01-city-hall.jpg" ] || die "sample photos missing: run 'make bench' (it generates them)"
mkdir -p "$B"
LOG=$B/log
mkdir -p "$LOG"
# What render keeps of the photos between runs (src/image_memo.h) goes here, never
# into the user's cache folder; emptied now, so that every measure below begins
# with a first render, and FIRST holds the folders of the runs measured without one.
XDG_CACHE_HOME=$(pwd)/$B/cache
FIRST=$(pwd)/$B/cache-first
rm -rf "$XDG_CACHE_HOME" "$FIRST"
export XDG_CACHE_HOME FIRST

HAVE_TIME=0
[ -x /usr/bin/time ] && HAVE_TIME=1

# --- helpers ----------------------------------------------------------------------
now_ns() { date +%s%N; }

# measure NAME CMD...: runs CMD once (stdout+stderr to $LOG/NAME.out), appends
# "wall_seconds peak_rss_kb exit_status [cpu_seconds]" to $LOG/NAME.runs (the CPU,
# user + system of the command and the processes it waited for, from out/benchrun).
measure() {
    name=$1; shift
    if [ -x out/benchrun ]; then   # wall, RSS, status and CPU (user + system), to the microsecond
        out/benchrun "$LOG/$name.runs" "$LOG/$name.out" "$@"
        return
    fi
    t0=$(now_ns)
    if [ "$HAVE_TIME" = 1 ]; then
        set +e; /usr/bin/time -f '%M' -o "$LOG/$name.rss" "$@" > "$LOG/$name.out" 2>&1; st=$?; set -e
        rss=$(tail -n 1 "$LOG/$name.rss")
    else
        set +e; "$@" > "$LOG/$name.out" 2>&1; st=$?; set -e
        rss=0
    fi
    t1=$(now_ns)
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }') $rss $st" >> "$LOG/$name.runs"
}

# runs_ok NAME WHAT: fails (with the command's output) if a run of NAME exited non-zero.
runs_ok() {
    if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$LOG/$1.runs"; then
        echo "bench: $2 failed:" >&2
        tail -n 20 "$LOG/$1.out" >&2
        return 1
    fi
}

# repeat N NAME CMD...: measure N times; fails (with the command's output) if any run
# exited non-zero.
repeat() {
    n=$1 name=$2; shift 2
    rm -f "$LOG/$name.runs"
    k=0
    while [ "$k" -lt "$n" ]; do
        measure "$name" "$@"
        k=$((k + 1))
    done
    runs_ok "$name" "'$*'"
}

# med: the median of the numbers on stdin
med() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median NAME COLUMN: the median of a column of $LOG/NAME.runs (1 wall, 2 RSS KB, 4 CPU)
median() { awk -v c="$2" '{ print $c }' "$LOG/$1.runs" | med; }

# pairs A B EXPR: the median of EXPR over the runs of A and B side by side
# ($1.. of A's line, $5.. of B's: 1 and 5 wall, 4 and 8 CPU)
pairs() { paste -d ' ' "$LOG/$1.runs" "$LOG/$2.runs" | awk "{ print $3 }" | med; }

PASS=0 MISS=0 SKIP=0
# row LABEL VALUE TARGET OK: one line of the report; OK is 1 (PASS), 0 (MISS), - (none)
row() {
    case $4 in
    1) mark=PASS; PASS=$((PASS + 1)) ;;
    0) mark=MISS; MISS=$((MISS + 1)) ;;
    *) mark="" ;;
    esac
    printf '  %-34s %-22s %-20s %s\n' "$1" "$2" "$3" "$mark"
}
calc() { awk "BEGIN { $1 }"; }                       # calc 'printf "%.2f", 1/3'
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }' && echo 1 || echo 0; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }' && echo 1 || echo 0; }
bytes() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n < 0 ? -n : n); o = "";
    while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
    printf "%s%s%s", (n < 0 ? "-" : ""), s, o }'; }
mb() { calc "printf \"%.1f MB\", $1 / 1048576"; }
newer() { [ -n "$(find "$1" -newer "$2" 2>/dev/null)" ]; }   # file $1 newer than $2 (POSIX)
sum_sizes() { find -L "$@" -type f ! -name '.*' -exec stat -L -c %s {} + | awk '{ s += $1 } END { printf "%d", s }'; }

# summary FILE: "rendered skipped failed pages seconds" from the batch's last summary line
summary() {
    grep -E '^rendered [0-9]+, skipped [0-9]+, failed [0-9]+, pages [0-9]+, seconds [0-9.]+' "$1" | tail -n 1 |
        sed -E 's/^rendered ([0-9]+), skipped ([0-9]+), failed ([0-9]+), pages ([0-9]+), seconds ([0-9.]+).*/\1 \2 \3 \4 \5/'
}

echo "tripreport benchmark — $(nproc) cores, $(date -u +%Y-%m-%d), $($TR --version 2>/dev/null | head -n 1 || echo tripreport)"
echo "Medians. Warm runs: the page cache is not dropped (the inputs were just read or written)."
[ "$HAVE_TIME" = 1 ] || echo "(no /usr/bin/time: peak RSS not measured; install the Debian package 'time')"

# --- 1. the 第17弾 sample -----------------------------------------------------------
echo
echo "第17弾 sample: $TR render $SAMPLE -o $B/017.pdf  ($RUNS runs, after one warm-up)"
echo "  (render keeps what it learned of the photos in \$XDG_CACHE_HOME/tripreport/images: after the"
echo "  warm-up these are renders again, as after an edit of the text; 'first render' runs have no memo)"
rm -f "$LOG/warmup.runs"
measure warmup "$TR" render "$SAMPLE" -o "$B/017.pdf"
repeat "$RUNS" sample "$TR" render "$SAMPLE" -o "$B/017.pdf" || exit 1
rm -f "$LOG/sample-first.runs"
k=0
while [ "$k" -lt "$RUNS" ]; do   # each with a cache folder of its own, empty
    measure sample-first env XDG_CACHE_HOME="$FIRST/s$k" "$TR" render "$SAMPLE" -o "$B/017.pdf"
    k=$((k + 1))
done
rm -rf "$FIRST"
s_wall=$(median sample 1)
s_rss=$(median sample 2)
pdf_bytes=$(stat -c %s "$B/017.pdf")
photo_bytes=$(sum_sizes "$SAMPLE_PHOTOS/")
diff_bytes=$((pdf_bytes - photo_bytes))
row "wall" "$(calc "printf \"%.3f s\", $s_wall")" "≤ 0.09 s" "$(le "$s_wall" 0.09)"
s_cpu=$(median sample 4)
[ -n "$s_cpu" ] && row "CPU (user + system)" "$(calc "printf \"%.3f s\", $s_cpu")" "" -
row "first render (no memo): wall, CPU" "$(calc "printf \"%.3f s, %.3f s\", $(median sample-first 1), $(median sample-first 4)")" "≤ 0.09 s" "$(le "$(median sample-first 1)" 0.09)"
if [ "$HAVE_TIME" = 1 ]; then
    row "peak RSS" "$(calc "printf \"%.1f MB\", $s_rss / 1024")" "≤ 40 MB" "$(le "$s_rss" 40960)"
else
    row "peak RSS" "n/a" "≤ 40 MB" -; SKIP=$((SKIP + 1))
fi
row "PDF" "$(bytes "$pdf_bytes") B" "" -
row "photos + map (the photos/ folder)" "$(bytes "$photo_bytes") B" "" -
row "PDF - photos" "$(bytes "$diff_bytes") B" "≤ 102,400 B (100 KB)" "$(le "$diff_bytes" 102400)"

# --- 1b. the peers: tripreport, the floor and Typst on the same content -------------
sh bench/peers.sh "$TR" "$B" "$RUNS" > "$LOG/peers.report" || { cat "$LOG/peers.report"; exit 1; }
cat "$LOG/peers.report"
PASS=$((PASS + $(grep -c ' PASS$' "$LOG/peers.report" || true)))
MISS=$((MISS + $(grep -c ' MISS$' "$LOG/peers.report" || true)))

# --- 2. batch ---------------------------------------------------------------------
BATCH=0
"$TR" batch --help > /dev/null 2>&1 && BATCH=1

if [ "$BATCH" = 0 ]; then
    echo
    echo "batch not available ('$TR batch --help' fails): batch, I/O floor and linearity figures skipped"
    SKIP=$((SKIP + 4))
else
    # corpora: built when missing, of another size, or older than the photo pool;
    # the pool is drawn again (by corpus.sh) when out/poolgen is newer than it
    POOL_DONE=$B/pool/.done
    [ -x out/poolgen ] && [ -f "$POOL_DONE" ] && newer out/poolgen "$POOL_DONE" && rm -f "$POOL_DONE"
    for spec in "100 8 corpus100" "10 8 corpus10"; do
        set -- $spec
        if [ "$(cat "$B/$3/.done" 2>/dev/null)" != "$1 $2" ] || [ ! -f "$POOL_DONE" ] ||
            newer "$POOL_DONE" "$B/$3/.done"; then
            echo
            echo "building $B/$3 ($1 reports × $2 photos) ..."
            t0=$(now_ns)
            sh bench/corpus.sh "$1" "$2" "$B/$3"
            t1=$(now_ns)
            echo "  built in $(calc "printf \"%.1f s\", ($t1 - $t0) / 1e9")"
        fi
    done
    C100=$B/corpus100 C10=$B/corpus10
    in_bytes=$(sum_sizes "$C100"/*/photos/)
    rm -rf "$B/pdf100" "$B/pdf10"

    echo
    echo "batch: $TR batch $C100 -o $B/pdf100 (100 reports × 8 photos, $(mb "$in_bytes") of photos and maps)"
    # The first run (it reads every photo through: no batch memo yet) is not
    # counted; then -j 1 and -j 2 in turn, so that a machine whose speed drifts
    # during the bench (this one's CPU time for the same batch varies by a third
    # from one minute to the next) moves both sides of each pair alike: the
    # ratios are the medians of each pair's.
    repeat 1 j1first "$TR" batch "$C100" -o "$B/pdf100" -j 1 --force || exit 1
    rm -f "$LOG/j1.runs" "$LOG/j2.runs"
    k=0
    while [ "$k" -lt "$BIG_RUNS" ]; do
        measure j1 "$TR" batch "$C100" -o "$B/pdf100" -j 1 --force
        measure j2 "$TR" batch "$C100" -o "$B/pdf100" -j 2 --force
        k=$((k + 1))
    done
    runs_ok j1 "batch -j 1" && runs_ok j2 "batch -j 2" || exit 1
    j1=$(median j1 1) j2=$(median j2 1)
    speedup=$(pairs j1 j2 '$1 / $5') cpu_ratio=$(pairs j1 j2 '$8 / $4')
    sum=$(summary "$LOG/j2.out")
    if [ -n "$sum" ]; then
        set -- $sum
        rendered=$1 failed=$3 pages=$4
        [ "$rendered" = 100 ] && [ "$failed" = 0 ] ||
            echo "  warning: the -j 2 --force run reported rendered $rendered, failed $failed (expected 100, 0)"
    else
        echo "  (no summary line 'rendered N, skipped N, failed N, pages N, seconds S': pages counted with pdfinfo)"
        pages=0
        for f in "$B"/pdf100/*.pdf; do
            p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
            pages=$((pages + ${p:-0}))
        done
    fi
    out_bytes=$(sum_sizes "$B/pdf100/")
    j1first=$(median j1first 1)
    row "-j 1 --force, first run" "$(calc "printf \"%.2f s\", $j1first")" "" -
    echo "  (the first run reads every photo through for damage; later runs of the same program take the"
    echo "   photos found whole, unchanged since, from the memo: the regeneration after a design change)"
    row "-j 1, -j 2 --force ($BIG_RUNS pairs)" "$(calc "printf \"%.2f s, %.2f s\", $j1, $j2")" "" -
    row "speed-up j1 / j2 (of each pair)" "$(calc "printf \"%.2fx\", $speedup")" "≥ 1.85x" "$(ge "$speedup" 1.85)"
    c1=$(median j1 4) c2=$(median j2 4)
    if [ -n "$c1" ] && [ -n "$c2" ] && [ -n "$cpu_ratio" ]; then
        row "CPU per report -j 1, -j 2" "$(calc "printf \"%.3f s, %.3f s\", $c1 / 100, $c2 / 100")" "" -
        row "CPU -j 2 / -j 1 (of each pair)" "$(calc "printf \"%.3fx\", $cpu_ratio")" "≤ 1.05x" "$(le "$cpu_ratio" 1.05)"
        # One report at a time already keeps more than one core busy now and then (its
        # threads: the PDF's streams deflated, Pango's font matching), so the speed-up two at once
        # can reach is the cores over this, not the cores alone.
        row "cores busy -j 1, -j 2 (CPU / wall)" "$(calc "printf \"%.2f, %.2f (speed-up at most %.2fx)\", $c1 / $j1, $c2 / $j2, $(nproc) / ($c1 / $j1)")" "" -
    fi
    row "pages" "$pages" "" -
    row "pages/s -j 1, -j 2" "$(calc "printf \"%.1f, %.1f\", $pages / $j1, $pages / $j2")" "" -
    row "PDFs written" "$(mb "$out_bytes")" "" -

    repeat "$RUNS" rerun "$TR" batch "$C100" -o "$B/pdf100" -j 2 || exit 1
    rr=$(median rerun 1)
    sum=$(summary "$LOG/rerun.out")
    if [ -n "$sum" ]; then
        set -- $sum
        [ "$1" = 0 ] && [ "$2" = 100 ] ||
            echo "  warning: the re-run reported rendered $1, skipped $2 (expected 0, 100)"
    fi
    row "re-run, nothing changed ($RUNS runs)" "$(calc "printf \"%.3f s\", $rr")" "≤ 1 s" "$(le "$rr" 1)"
    echo "  (the re-run: $TR batch $C100 -o $B/pdf100 -j 2, without --force)"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$B/pdf100"      # disk: the floor writes as much again

    # --- 3. the I/O floor ---------------------------------------------------------
    echo
    echo "I/O floor: cat the same photo and map bytes ($(mb "$in_bytes"), $(ls "$C100"/*/photos/* | wc -l) files) into one file ($RUNS runs)"
    repeat "$RUNS" floor sh -c 'cat "$1"/*/photos/* > "$2"' sh "$C100" "$B/floor.bin" || exit 1
    rm -f "$B/floor.bin"
    fl=$(median floor 1)
    row "cat" "$(calc "printf \"%.2f s\", $fl")" "" -
    row "batch -j 2 / cat" "$(calc "printf \"%.2fx\", $j2 / $fl")" "≤ 2x" "$(le "$(calc "print $j2 / $fl")" 2)"
    # cat's file stays in the page cache; batch puts each PDF on the disk
    # (fsync) before it renames it into place: the same bytes, then fsync
    # (coreutils' sync FILE), for what the disk itself allows
    repeat "$RUNS" floorsync sh -c 'cat "$1"/*/photos/* > "$2" && sync "$2"' sh "$C100" "$B/floor.bin" || exit 1
    rm -f "$B/floor.bin"
    fs=$(median floorsync 1)
    row "cat, then fsync of its file" "$(calc "printf \"%.2f s (%.0f MB/s)\", $fs, $in_bytes / 1e6 / $fs")" "" -
    row "batch -j 2 / (cat + fsync)" "$(calc "printf \"%.2fx\", $j2 / $fs")" "" -

    # --- 4. linearity ---------------------------------------------------------------
    echo
    echo "linearity: batch -j 2 --force, $C10 (the first 10 reports of corpus100) vs $C100"
    repeat "$RUNS" j2small "$TR" batch "$C10" -o "$B/pdf10" -j 2 --force || exit 1
    t10=$(median j2small 1)
    row "10 reports ($RUNS runs)" "$(calc "printf \"%.2f s\", $t10")" "" -
    row "100 reports ($BIG_RUNS runs)" "$(calc "printf \"%.2f s\", $j2")" "" -
    row "ratio 100 / 10" "$(calc "printf \"%.2fx\", $j2 / $t10")" "≤ 11x" "$(le "$(calc "print $j2 / $t10")" 11)"

    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$B/pdf100" "$B/pdf10"
fi

# --- 5. pathological inputs: linearity of the layout (bench/pathological.sh) ---------
TRIPREPORT=$TR sh bench/pathological.sh

echo
echo "targets: $PASS PASS, $MISS MISS$( [ "$SKIP" -gt 0 ] && echo ", $SKIP not measured")"
echo "(each run's figures: $LOG/*.runs — wall s, peak RSS KB, exit status)"
