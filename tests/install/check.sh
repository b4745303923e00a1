#!/bin/sh
# Installing like a program (TAP lines for tests/run.sh): `make install`
# into a DESTDIR puts the program, its layouts, the catalogue, both man
# pages and the bash completion where they belong; the installed program
# finds its layouts and its Japanese messages; a copy with no data beside
# it says where it looked; the man pages render without a warning; the
# completion completes commands, options and values (new: folders, then
# --from a trip file or folder; watch: a trip file and render's options).
#   sh tests/install/check.sh [-l]
set -u
tests="destdir installed-runs copied-says-where man-en man-ja completion"
if [ "${1:-}" = -l ]; then
    for t in $tests; do echo "/install/$t"; done
    exit 0
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
OUT=${OUT:-out}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
# check NAME COMMAND...: ok if COMMAND succeeds, else not ok with its output.
check() {
    name=$1; shift
    if "$@" >"$tmp/log" 2>&1; then ok "$name"; else notok "$name"; sed 's/^/#   /' "$tmp/log"; fi
}

# A make of its own: not the jobserver of the make that runs the tests.
# The default PREFIX (/usr/local): another would compile other paths into
# the objects under out/.
stage=$tmp/stage
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory install DESTDIR="$stage" \
    OUT="$OUT" >"$tmp/make.log" 2>&1 || { echo "# make install failed:"; sed 's/^/#   /' "$tmp/make.log"; }
installed() {
    for f in usr/local/bin/tripreport usr/local/share/tripreport/layouts/default.layout usr/local/share/tripreport/layouts/print.layout \
             usr/local/share/locale/ja/LC_MESSAGES/tripreport.mo usr/local/share/man/man1/tripreport.1 \
             usr/local/share/man/ja/man1/tripreport.1 usr/local/share/bash-completion/completions/tripreport \
             usr/local/lib/libtripreport.so.0 usr/local/include/tripreport.h; do
        [ -f "$stage/$f" ] || { echo "missing: $f"; return 1; }
    done
    cmp docs/tripreport.ja.1 "$stage/usr/local/share/man/ja/man1/tripreport.1"
}
check "/install/destdir: make install DESTDIR=… puts every file in place" installed

# The staged program, run from elsewhere, with nothing pointing at the
# source folder: its layouts from ../share/tripreport, Japanese from
# ../share/locale.
# The template filled in (its ○○ left in are errors), with one mistake.
cp -r samples/template "$tmp/018"
sed -i 's/○○/会津/g' "$tmp/018/trip.txt"
printf 'colums: x\n' >>"$tmp/018/trip.txt"
installed_runs() (
    cd "$tmp" || exit 1
    env -u TRIPREPORT_DATA -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$stage/usr/local/bin/tripreport" check 018/trip.txt >out.txt 2>err.txt
    rc=$?
    cat err.txt
    [ $rc -eq 1 ] && grep -q '^018/trip.txt:[0-9]*:1: エラー: 「colums」という項目はありません' err.txt || exit 1
    sed -i '$d' 018/trip.txt
    env -u TRIPREPORT_DATA LC_ALL=C.UTF-8 LANGUAGE=ja "$stage/usr/local/bin/tripreport" render 018/trip.txt -o 018.pdf || exit 1
    [ -s 018.pdf ]
)
check "/install/installed-runs: the installed program finds its layouts and its Japanese messages" installed_runs

# A copy with no data near it: one message, not at any trip line, naming
# the folders it looked in.
copied() {
    mkdir -p "$tmp/elsewhere"
    cp "$OUT/tripreport" "$tmp/elsewhere/tripreport"
    env -u TRIPREPORT_DATA LC_ALL=C "$tmp/elsewhere/tripreport" check "$tmp/018/trip.txt" >/dev/null 2>"$tmp/err.txt"
    rc=$?
    cat "$tmp/err.txt"
    [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err.txt")" -eq 1 ] &&
        grep -q "^tripreport: error: the page designs (layouts/default.layout and the others) were not found; looked in '$tmp', .*'$tmp/share/tripreport', " "$tmp/err.txt"
}
check "/install/copied-says-where: a copy without its data says where it looked for layouts, at no trip line" copied

# The man pages: no warning from groff (every warning on), nor from man.
man_clean() {
    page=$1
    groff -ww -z -Tutf8 -man -Kutf8 "$page" 2>&1 | tee "$tmp/w" && [ ! -s "$tmp/w" ] || return 1
    if command -v man >/dev/null 2>&1; then
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >"$tmp/page" | tee "$tmp/w"
        [ ! -s "$tmp/w" ] && grep -q 'tripreport' "$tmp/page" || return 1
    fi
}
check "/install/man-en: tripreport(1) renders without warnings" man_clean docs/tripreport.1
check "/install/man-ja: the Japanese tripreport(1) renders without warnings" man_clean docs/tripreport.ja.1

completes() {
    bash --norc --noprofile -c '
        . completion/tripreport.bash || exit 1
        t() { want=$1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tripreport
              got="${COMPREPLY[*]}"; [ "$got" = "$want" ] || { echo "${COMP_WORDS[*]}<TAB>: got \"$got\", want \"$want\""; exit 1; }; }
        t render tripreport re
        t "check" tripreport ch
        t "--handout" tripreport render --han
        t "1 2 3 4 6" tripreport render --handout ""
        t "--force" tripreport batch --fo
        t "--grayscale --grayscale-photos" tripreport volume --gray
        t "samples/template/" tripreport check samples/templ
        t "samples/template/trip.txt" tripreport check samples/template/tr
        t "new" tripreport ne
        t "watch" tripreport wa
        t "--keep-photo-metadata" tripreport render --keep
        t "--keep-photo-metadata" tripreport batch --keep
        t "--keep-photo-metadata" tripreport volume --keep
        t "" tripreport check --keep
        t "--from" tripreport new samples/018 --fr
        t "samples/template/" tripreport new samples/templ
        t "samples/template/photos/" tripreport new samples/template/
        t "samples/template/trip.txt samples/template/photos/" tripreport new samples/018 --from samples/template/
        t "samples/template/trip.txt" tripreport new samples/018 --from = samples/template/tr
        t "samples/template/trip.txt" tripreport watch samples/template/tr
        t "--keep-photo-metadata" tripreport watch --keep
        t "--png" tripreport watch --pn
        t "--dpi" tripreport watch --dp
        t "" tripreport watch --du
        t "--dump" tripreport render --du
        t "1 2 3 4 6" tripreport watch --handout ""
        t "print" tripreport watch trip.txt --layout pr
        complete -p tripreport | grep -q "_tripreport"'
}
check "/install/completion: bash completes commands, options and values" completes
echo "1..$n"
