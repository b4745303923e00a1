#!/bin/sh
# bench/pathological.sh — inputs that are slow on purpose (called by bench/run.sh,
# or alone: sh bench/pathological.sh). For each kind of input it writes a trip file
# of size n and one of size 2n under out/bench/patho/, lays each out
# (`tripreport render --dump`, no PDF: the layout is what is measured) and prints
# the trip file's size, the wall time, the peak RSS, and the ratio of the 2n time to
# the n time: about 2 means linear. A benchmark, not a test: nothing fails on time.
#
# Environment: TRIPREPORT (default out/tripreport); PATHO_SCALE (default 1) divides
# every size (PATHO_SCALE=10 for a quick look); PATHO_ONLY=name runs one kind.
set -eu
cd "$(dirname "$0")/.."

TR=${TRIPREPORT:-out/tripreport}
D=out/bench/patho
SCALE=${PATHO_SCALE:-1}
ONLY=${PATHO_ONLY:-}
[ -x "$TR" ] || { echo "pathological: $TR missing: run 'make build'" >&2; exit 1; }
mkdir -p "$D"
TIME=""
[ -x /usr/bin/time ] && TIME=/usr/bin/time

meta() {
    printf 'number: 3\nplace: 福島県会津若松市\nperiod: 2023-10-02 .. 2023-10-04\n'
    printf 'traveler: デジタル変革戦略室 主査 磐梯太郎\norganization: 磐梯町役場\n\n'
}

# gen KIND N FILE: writes the trip file of kind KIND and size N.
gen() {
    kind=$1 n=$2 f=$3
    {
        meta
        case $kind in
        word)       # one word of N characters
            printf '[text]\nheading: 一語\ntext: '
            awk -v n="$n" 'BEGIN { s = "WWWWWWWWWW"; for (i = 0; i < n / 10; i++) printf "%s", s; print "" }' ;;
        japanese)   # one line of N characters of ordinary Japanese text
            printf '[text]\nheading: 一行\ntext: '
            awk -v n="$n" 'BEGIN { s = "講演の後、希望者による意見交換会が行われました。意見交換会に参加された方々は、行政に対して様々な思い・悩みをお持ちになっておられ、熱く激しい本音トークが繰り広げられました。"; m = 84
                for (i = 0; i < n / m; i++) printf "%s", s; print "" }' ;;
        table)      # a schedule of N rows
            printf '[schedule]\nheading: 表\ncolumns: 月日 | AM | PM | 宿泊\n'
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "row: 2024-02-%02d | 移動 (モバイルワーク) %d | 松江市役所 (職員研修会) | 松江市内\n", i % 28 + 1, i }' ;;
        pages)      # a [text] section of about N pages (two 400-character paragraphs a page)
            printf '[text]\nheading: 長い本文\n'
            awk -v n="$n" 'BEGIN { s = "講演の後、希望者による意見交換会が行われました。意見交換会に参加された方々は、行政に対して様々な思い・悩みをお持ちになっておられ、熱く激しい本音トークが繰り広げられました。"
                for (i = 0; i < 2 * n; i++) { printf "text:\n  第%d段落。", i; for (k = 0; k < 5; k++) printf "%s", s; print "" } }' ;;
        photos)     # a [photos] section of N tiny photos (hard links to a few fixtures)
            mkdir -p "$D/photos"
            printf '[photos]\nheading: 写真\n'
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "photo: photos/p%05d.jpg\ncaption: 写真%dの説明\n", i, i }' ;;
        headings)   # N [text] sections, each a heading, a subheading and a short text
            awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "[text]\nheading: 見出し%d\nsubheading: 小見出し%d\ntext: 本文%d。\n\n", i, i, i }' ;;
        esac
    } > "$f"
    if [ "$kind" = photos ]; then
        i=0
        while [ "$i" -lt "$n" ]; do
            p=$(printf '%s/photos/p%05d.jpg' "$D" "$i")
            [ -f "$p" ] || ln -f "out/fixtures/orient-$((i % 8 + 1)).jpg" "$p" 2>/dev/null ||
                cp "out/fixtures/orient-$((i % 8 + 1)).jpg" "$p"
            i=$((i + 1))
        done
    fi
}

# run FILE: "wall_s rss_kb status" of one layout
run() {
    t0=$(date +%s%N)
    if [ -n "$TIME" ]; then
        set +e; $TIME -f '%M' -o "$1.rss" "$TR" render --dump "$1" > /dev/null 2> "$1.err"; st=$?; set -e
        rss=$(tail -n 1 "$1.rss")
    else
        set +e; "$TR" render --dump "$1" > /dev/null 2> "$1.err"; st=$?; set -e
        rss=0
    fi
    t1=$(date +%s%N)
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') $rss $st"
}

echo
echo "pathological inputs: $TR render --dump (layout only), n and 2n (sizes / $SCALE)"
printf '  %-10s %10s %12s %9s %10s   %s\n' kind n "trip bytes" "wall s" "peak RSS" "2n / n"
# Sizes whose 2n trip file stays under the 4 MB a trip file may be (src/infile.c):
# a schedule of 50,000 rows (5.3 MB) or 5,000 pages (13 MB) measured only the refusal.
for spec in "word 40000" "japanese 100000" "table 2000" "pages 100" "photos 2500" "headings 2000"; do
    set -- $spec
    kind=$1 n=$(($2 / SCALE))
    [ -z "$ONLY" ] || [ "$ONLY" = "$kind" ] || continue
    [ "$kind" != photos ] || [ -f out/fixtures/orient-1.jpg ] || { echo "  photos: out/fixtures missing (make out/fixtures/.done)"; continue; }
    prev=""
    for m in "$n" $((2 * n)); do
        f=$D/$kind-$m.txt
        gen "$kind" "$m" "$f"
        set -- $(run "$f")
        wall=$1 rss=$2 st=$3
        ratio=""
        [ -n "$prev" ] && ratio=$(awk -v a="$prev" -v b="$wall" 'BEGIN { printf "%.2f", b / a }')
        note=""
        [ "$st" = 0 ] || note="  (exit $st: $(head -n 1 "$f.err"))"
        printf '  %-10s %10d %12d %9s %8.1f MB   %s%s\n' "$kind" "$m" "$(stat -c %s "$f")" "$wall" \
            "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$ratio" "$note"
        prev=$wall
    done
done
