#!/bin/sh
# po/extract.sh OUT.pot: the messages of src/*.c, as xgettext finds them
# with the keywords in $XGETTEXT_FLAGS (set by the Makefile). xgettext
# counts a compound literal's commas as argument separators, so a call
# diag_error(d, (diag_loc){ f, 1, 1 }, "...") would hide its message:
# the sources are copied with each (diag_loc){ ... } written as one word.
set -eu
out=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
for f in "$top"/src/*.c; do
    perl -0pe 's/\(diag_loc\)\s*\{[^{}]*\}/LOC/g' "$f" >"$tmp/src/${f##*/}"
done
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
cd "$tmp"
# shellcheck disable=SC2086
xgettext $XGETTEXT_FLAGS -o "$out" src/*.c
