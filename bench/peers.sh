#!/bin/sh
# bench/peers.sh TR B RUNS — the peers part of `make bench` (bench/run.sh calls it; see
# bench/README.md). On the 第17弾 content with 8 phone photos of the pool (one turned by
# EXIF) and the sample's map as a 1200x900 16-bit RGBA PNG (as map exports are):
#   tripreport, the floor (pango-view of the seed text to PDF, then cat of the photos)
#   and Typst 0.14 (bench/017.typ, the same report by hand), in turn, RUNS times: wall,
#   CPU and peak RSS, and the ratios of each pair of runs;
#   every kind of PNG (bench/pngkinds.c) as that map against the 8-bit RGB one, in turn:
#   the time each costs more;
#   the same report with 10x the pages and photos against it, in turn.
# Each run is timed by out/benchrun: "wall_s rss_kb status cpu_s" in B/log/NAME.runs.
set -eu
TR=$1 B=$2 RUNS=$3
LOG=$B/log
mkdir -p "$LOG"
RUN=out/benchrun
SAMPLE=samples/017-matsue/trip.txt
SEED=tests/e2e/seed-017.txt
POOL=${BENCH_POOL:-out/bench/pool}
K=$B/kinds
P=$B/p17
TYPST_MODULES=$B/typst/node_modules
TYPST_PKG=@myriaddreamin/typst-ts-node-compiler@0.7.0   # Typst 0.14

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$RUN" ] || die "$RUN missing: run 'make bench'"
[ -x out/pngkinds ] || die "out/pngkinds missing: run 'make bench'"
calc() { awk "BEGIN { $1 }"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }' && echo 1 || echo 0; }
row() {
    case $4 in 1) mark=PASS ;; 0) mark=MISS ;; *) mark="" ;; esac
    printf '  %-34s %-22s %-20s %s\n' "$1" "$2" "$3" "$mark"
}
# med: the median of numbers on stdin
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$LOG/$1.runs" | med; }            # col NAME COLUMN
pair() { paste -d ' ' "$LOG/$1.runs" "$LOG/$2.runs" | awk "{ print $3 }" | med; }  # pair A B EXPR ($1.. A, $5.. B)
check() { awk '$3 != 0 { bad = 1 } END { exit !bad }' "$LOG/$1.runs" && { tail -n 20 "$LOG/$1.out" >&2; die "$1 failed"; }; return 0; }
once() { name=$1; shift; "$RUN" "$LOG/$name.runs" "$LOG/$name.out" "$@"; }

# --- inputs ------------------------------------------------------------------------
if [ ! -f "$POOL/.done" ]; then out/poolgen "$POOL" >/dev/null && : > "$POOL/.done"; fi
if [ ! -f "$K/.done" ] || [ out/pngkinds -nt "$K/.done" ]; then
    rm -rf "$K" && mkdir -p "$K"
    out/pngkinds samples/017-matsue/photos/matsue-map.png "$K" 1200 900 && : > "$K/.done"
fi
NAMES="01-city-hall 02-counter 03-temporary 04-space 05-assembly 06-history 07-gallery 08-sunrise"
# report DIR MAP: the sample's trip.txt, bench/017.typ and photos/ (pool photos 01-08
# under the sample's names, MAP as matsue-map.png), hard links where possible
report() {
    rm -rf "$1" && mkdir -p "$1/photos"
    cp "$SAMPLE" bench/017.typ "$1/"
    i=1
    for n in $NAMES; do
        ln "$POOL/bench-0$i.jpg" "$1/photos/$n.jpg" 2>/dev/null || cp "$POOL/bench-0$i.jpg" "$1/photos/$n.jpg"
        i=$((i + 1))
    done
    ln "$2" "$1/photos/matsue-map.png" 2>/dev/null || cp "$2" "$1/photos/matsue-map.png"
}
report "$P" "$K/rgba16.png"

# Typst: installed under B/typst from npm once (for the benchmark only)
TYPST=0
if [ ! -d "$TYPST_MODULES/@myriaddreamin/typst-ts-node-compiler" ] && command -v npm >/dev/null 2>&1; then
    mkdir -p "$B/typst"
    npm install --no-audit --no-fund --silent --prefix "$B/typst" "$TYPST_PKG" > "$LOG/npm.out" 2>&1 || true
fi
FONTDIR=$(dirname "$(fc-match -f '%{file}' 'BIZ UDPGothic')")
if command -v node >/dev/null 2>&1 && [ -d "$TYPST_MODULES/@myriaddreamin/typst-ts-node-compiler" ] &&
    node bench/typst.js "$TYPST_MODULES" "$P" 017.typ "$B/p17-typst.pdf" "$FONTDIR" > "$LOG/typst.out" 2>&1; then
    TYPST=1
fi

# --- tripreport, the floor, Typst -----------------------------------------------------
echo
echo "peers: the 第17弾 content, 8 phone photos and a 1200x900 16-bit RGBA map ($P), in turn, $RUNS runs"
# The first renders' empty cache folders: absolute, or GLib would ignore
# XDG_CACHE_HOME and use ~/.cache (warm) when B is a relative path
FIRST_DIR=${FIRST:-$B/cache-first}
case $FIRST_DIR in /*) ;; *) FIRST_DIR=$(pwd)/$FIRST_DIR ;; esac
rm -f "$LOG"/p17-*.runs
once p17-tr "$TR" render "$P/trip.txt" -o "$B/p17.pdf"   # warm-up
rm -f "$LOG"/p17-*.runs
k=0
while [ "$k" -lt "$RUNS" ]; do
    once p17-tr "$TR" render "$P/trip.txt" -o "$B/p17.pdf"
    once p17-first env XDG_CACHE_HOME="$FIRST_DIR/p$k" "$TR" render "$P/trip.txt" -o "$B/p17.pdf"
    once p17-floor sh -c 'pango-view --no-display --font="BIZ UDPGothic 15" --output="$1" "$2" && cat "$3"/photos/* > "$4"' \
        sh "$B/p17-floor.pdf" "$SEED" "$P" "$B/p17-floor.bin"
    [ "$TYPST" = 1 ] && once p17-typst node bench/typst.js "$TYPST_MODULES" "$P" 017.typ "$B/p17-typst.pdf" "$FONTDIR"
    k=$((k + 1))
done
check p17-tr; check p17-first; check p17-floor
rm -rf "$FIRST_DIR"
rm -f "$B/p17-floor.bin"
w=$(col p17-tr 1) r=$(col p17-tr 2)
row "tripreport wall, CPU" "$(calc "printf \"%.3f s, %.3f s\", $w, $(col p17-tr 4)")" "" -
row "tripreport peak RSS" "$(calc "printf \"%.1f MiB\", $r / 1024")" "≤ 30 MiB" "$(le "$r" 30720)"
row "floor wall (pango-view + cat)" "$(calc "printf \"%.3f s\", $(col p17-floor 1)")" "" -
fr=$(pair p17-tr p17-floor '$1 / $5')
row "tripreport / floor, wall" "$(calc "printf \"%.2fx\", $fr")" "≤ 1.25x" "$(le "$fr" 1.25)"
ff=$(pair p17-first p17-floor '$1 / $5')
row "first render (no memo) / floor, wall" "$(calc "printf \"%.2fx (%.3f s)\", $ff, $(col p17-first 1)")" "≤ 1.25x" "$(le "$ff" 1.25)"
row "tripreport / floor, peak RSS" "$(calc "printf \"%.2fx\", $(pair p17-tr p17-floor '$2 / $6')")" "" -
if [ "$TYPST" = 1 ]; then
    check p17-typst
    row "Typst 0.14 wall, peak RSS" "$(calc "printf \"%.3f s, %.0f MiB\", $(col p17-typst 1), $(col p17-typst 2) / 1024")" "" -
    row "tripreport / Typst, wall" "$(calc "printf \"%.3fx\", $(pair p17-tr p17-typst '$1 / $5')")" "" -
    row "tripreport / Typst, peak RSS" "$(calc "printf \"%.3fx\", $(pair p17-tr p17-typst '$2 / $6')")" "" -
else
    echo "  Typst: not measured (node or $TYPST_PKG missing under $B/typst; see $LOG/npm.out, $LOG/typst.out)"
fi
pdf=$(stat -c %s "$B/p17.pdf") photos=$(find -L "$P/photos" -type f -exec stat -L -c %s {} + | awk '{ s += $1 } END { print s }')
row "PDF - photos" "$(calc "printf \"%d B\", $pdf - $photos")" "≤ 102,400 B (100 KB)" "$(le "$((pdf - photos))" 102400)"

# --- every kind of PNG as the map -------------------------------------------------------
echo
# A ±10 ms target on renders of about 0.15 s wants more pairs than the other measures:
# at least 11 (BENCH_KIND_RUNS), after one pair not counted (the first render of each,
# which reads the map through and packs it; the photo memo keeps them for the next).
KRUNS=${BENCH_KIND_RUNS:-$((RUNS < 11 ? 11 : RUNS))}
echo "PNG kinds: the same report with the map as each kind of 1200x900 PNG, against 8-bit RGB, in turn, $KRUNS runs"
echo "  (after a pair not counted; the difference of each pair of runs, median; CPU is user + system)"
for f in "$K"/*.png; do
    kind=$(basename "$f" .png)
    [ "$kind" = rgb8 ] && continue
    report "$B/k-$kind" "$f"
    report "$B/k-$kind-rgb8" "$K/rgb8.png"
    once k-first "$TR" render "$B/k-$kind/trip.txt" -o "$B/k.pdf"
    once k-first "$TR" render "$B/k-$kind-rgb8/trip.txt" -o "$B/k-rgb8.pdf"
    rm -f "$LOG/k-$kind.runs" "$LOG/k-$kind-rgb8.runs" "$LOG/k-first.runs"
    k=0
    while [ "$k" -lt "$KRUNS" ]; do
        once "k-$kind" "$TR" render "$B/k-$kind/trip.txt" -o "$B/k.pdf"
        once "k-$kind-rgb8" "$TR" render "$B/k-$kind-rgb8/trip.txt" -o "$B/k-rgb8.pdf"
        k=$((k + 1))
    done
    check "k-$kind"; check "k-$kind-rgb8"
    dw=$(pair "k-$kind" "k-$kind-rgb8" '($1 - $5) * 1000') dc=$(pair "k-$kind" "k-$kind-rgb8" '($4 - $8) * 1000')
    size=$(( $(stat -c %s "$B/k.pdf") - $(stat -c %s "$B/k-rgb8.pdf") ))
    row "$kind" "$(calc "printf \"%+.0f ms, CPU %+.0f ms\", $dw, $dc")" "≤ +10 ms" "$(le "$dc" 10)"
    rm -rf "$B/k-$kind" "$B/k-$kind-rgb8"
done
rm -f "$B/k.pdf" "$B/k-rgb8.pdf"

# --- 10x the pages and photos -------------------------------------------------------------
# The trip's sections (but the closing) ten times over, each time with its own photo
# files (hard links under other names: each is embedded apart) and map.
X=$B/p17x10
rm -rf "$X" && mkdir -p "$X/photos"
awk 'BEGIN { part = "head" } /^\[closing\]/ { part = "tail" } /^\[goals\]/ && part == "head" { part = "body" }
     { if (part == "head") head = head $0 "\n"; else if (part == "body") body = body $0 "\n"; else tail = tail $0 "\n" }
     END { printf "%s", head
           for (i = 1; i <= 10; i++) { b = body; gsub(/photos\//, "photos/" i "-", b); printf "%s", b }
           printf "%s", tail }' "$P/trip.txt" > "$X/trip.txt"
for i in 1 2 3 4 5 6 7 8 9 10; do
    for f in "$P"/photos/*; do ln "$f" "$X/photos/$i-$(basename "$f")" 2>/dev/null || cp "$f" "$X/photos/$i-$(basename "$f")"; done
done
rm -f "$LOG/x10.runs" "$LOG/x1.runs"
k=0
while [ "$k" -lt "$RUNS" ]; do
    once x10 "$TR" render "$X/trip.txt" -o "$B/p17x10.pdf"
    once x1 "$TR" render "$P/trip.txt" -o "$B/p17.pdf"
    k=$((k + 1))
done
check x10; check x1
echo
pages10=$(pdfinfo "$B/p17x10.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }') pages1=$(pdfinfo "$B/p17.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
echo "linearity: the report with 10x the sections and photos ($pages10 pages) against it ($pages1 pages), in turn, $RUNS runs"
xr=$(pair x10 x1 '$1 / $5')
row "wall 10x, 1x" "$(calc "printf \"%.3f s, %.3f s\", $(col x10 1), $(col x1 1)")" "" -
row "ratio 10x / 1x, wall" "$(calc "printf \"%.2fx\", $xr")" "≤ 10.5x" "$(le "$xr" 10.5)"
row "ratio 10x / 1x, CPU" "$(calc "printf \"%.2fx\", $(pair x10 x1 '$4 / $8')")" "" -
rm -rf "$X" "$B/p17x10.pdf"
