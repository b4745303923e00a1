#!/bin/sh
# The Japanese documents in step with the English ones (TAP lines for
# tests/run.sh): every key, page kind and message that docs/trip-format.md
# names (its `code` outside the examples: keys, [kinds], and every message
# of section 6) appears in docs/trip-format.ja.md; README.md links the
# Japanese README and reference at its top; both READMEs tell how to
# install; the template points to the Japanese reference.
#   sh tests/docs/check.sh [-l]
set -u
tests="trip-format-ja readme-links install-documented template-points-ja"
if [ "${1:-}" = -l ]; then
    for t in $tests; do echo "/docs/$t"; done
    exit 0
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }

# The `code` spans of a markdown file outside ``` blocks, one a line, with
# the section (the number of its "## N." heading) before a tab. A span that
# goes on over a line break (as markdown allows within a paragraph) is one
# span, its lines joined by a space.
spans() {
    awk '
        /^```/ { fence = !fence; carry = ""; next }
        fence { next }
        /^[ \t]*$/ { carry = ""; next }
        /^## [0-9]+\./ { sec = $2; sub(/\./, "", sec) }
        {
            line = $0
            if (carry != "") { sub(/^[ \t]+/, "", line); line = carry " " line }
            carry = ""
            while (match(line, /`[^`]+`/)) {
                print sec "\t" substr(line, RSTART + 1, RLENGTH - 2)
                line = substr(line, RSTART + RLENGTH)
            }
            if (index(line, "`")) carry = substr(line, index(line, "`"))
        }' "$1"
}
spans docs/trip-format.md >"$tmp/spans"
# Keys ("place", "caption:"), kinds ("[photos]"), and section 6: messages.
awk -F '\t' '$2 ~ /^[a-z][a-z-]*:?$/ || $2 ~ /^\[[a-z]+\]$/ || ($1 == 6 && length($2) > 12)' "$tmp/spans" |
    cut -f2 | sort -u >"$tmp/named"
: >"$tmp/missing"
while IFS= read -r s; do
    grep -qF -- "$s" docs/trip-format.ja.md || printf '#   %s\n' "$s" >>"$tmp/missing"
done <"$tmp/named"
if [ ! -s "$tmp/named" ]; then
    notok "/docs/trip-format-ja: found no key, kind or message in docs/trip-format.md"
elif [ -s "$tmp/missing" ]; then
    notok "/docs/trip-format-ja: docs/trip-format.ja.md lacks $(wc -l <"$tmp/missing") of the $(wc -l <"$tmp/named") keys, kinds and messages of docs/trip-format.md:"
    cat "$tmp/missing"
else
    ok "/docs/trip-format-ja: docs/trip-format.ja.md names all $(wc -l <"$tmp/named") keys, kinds and messages of docs/trip-format.md"
fi

if head -5 README.md | grep -q '(README.ja.md)' && head -5 README.md | grep -q '(docs/trip-format.ja.md)' &&
   head -5 README.ja.md | grep -q '(README.md)' && grep -q '(docs/trip-format.ja.md)' README.ja.md; then
    ok "/docs/readme-links"
else
    notok "/docs/readme-links: README.md must link README.ja.md and docs/trip-format.ja.md in its first lines, and README.ja.md back"
fi

missing=
for f in README.md README.ja.md; do
    for w in 'make install' 'DESTDIR' 'PREFIX' 'man tripreport' 'share/locale' 'bash-completion'; do
        grep -qF -- "$w" "$f" || missing="$missing $f:'$w'"
    done
done
if [ -z "$missing" ]; then ok "/docs/install-documented"; else notok "/docs/install-documented: missing$missing"; fi

if grep -q '^#.*docs/trip-format\.ja\.md' samples/template/trip.txt; then
    ok "/docs/template-points-ja"
else
    notok "/docs/template-points-ja: samples/template/trip.txt's comments must point to docs/trip-format.ja.md"
fi
echo "1..$n"
