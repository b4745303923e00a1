#!/bin/sh
# The message catalogues against the sources (TAP lines for tests/run.sh):
# every message the sources hand to gettext (po/extract.sh) has a
# translation in each po/LANG.po, neither missing nor fuzzy; the committed
# po/tripreport.pot is the one the sources give; each catalogue passes
# msgfmt --check; and the strings xgettext cannot find by a function's name
# are marked (GOption descriptions N_(), each option context translated,
# text printed straight to the user marked _()).
# After adding messages: `make po-update`, translate, `make test`.
#   sh tests/po/check.sh [-l]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
langs=$(for f in po/*.po; do [ -e "$f" ] && basename "$f" .po; done)
if [ "${1:-}" = -l ]; then
    for l in $langs; do echo "/po/$l/complete"; echo "/po/$l/msgfmt"; done
    echo /po/pot/current
    echo /po/marks/goption
    echo /po/marks/printed
    exit 0
fi
# The keywords, as the Makefile gives them (for running this alone too).
: "${XGETTEXT_FLAGS:=$(make -s --no-print-directory -f Makefile -f - print-xgettext-flags <<'MK'
print-xgettext-flags:
	@echo '$(XGETTEXT_FLAGS)'
MK
)}"
export XGETTEXT_FLAGS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }

if ! sh po/extract.sh "$tmp/sources.pot" 2>"$tmp/err"; then
    sed 's/^/# /' "$tmp/err"
    for l in $langs; do notok "/po/$l/complete"; notok "/po/$l/msgfmt"; done
    notok /po/pot/current; notok /po/marks/goption; notok /po/marks/printed
    exit 1
fi

# msgids of a catalogue, one a line (escapes kept), without the header.
ids() {
    msgcat --no-wrap --no-location --sort-output "$1" | awk '
        /^msgid / { id = substr($0, 7); inid = 1; next }
        /^msgstr/ { if (id != "\"\"") print id; inid = 0; next }
        inid && /^"/ { id = id $0 }'
}

for l in $langs; do
    # Each message of the sources, with the translation po/$l.po has for
    # it (exact msgid only: no guessing from similar ones).
    msgmerge --quiet --no-fuzzy-matching --no-wrap "po/$l.po" "$tmp/sources.pot" -o "$tmp/$l.po" 2>"$tmp/err" || {
        sed 's/^/# /' "$tmp/err"; notok "/po/$l/complete: msgmerge failed"; continue; }
    msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$l.po" -o "$tmp/untr.po" 2>/dev/null
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$l.po" -o "$tmp/fuzzy.po" 2>/dev/null
    : >"$tmp/missing"
    [ -s "$tmp/untr.po" ] && ids "$tmp/untr.po" | sed 's/^/#   untranslated: /' >>"$tmp/missing"
    [ -s "$tmp/fuzzy.po" ] && ids "$tmp/fuzzy.po" | sed 's/^/#   fuzzy: /' >>"$tmp/missing"
    if [ -s "$tmp/missing" ]; then
        notok "/po/$l/complete: po/$l.po lacks $(wc -l <"$tmp/missing") message(s) of the sources (run 'make po-update' and translate them):"
        cat "$tmp/missing"
    else
        ok "/po/$l/complete: po/$l.po translates all $(ids "$tmp/sources.pot" | wc -l) messages of the sources"
    fi
    if msgfmt --check -o /dev/null "po/$l.po" 2>"$tmp/err"; then
        ok "/po/$l/msgfmt"
    else
        notok "/po/$l/msgfmt: msgfmt --check po/$l.po"
        sed 's/^/#   /' "$tmp/err"
    fi
done

ids "$tmp/sources.pot" >"$tmp/a"
ids po/tripreport.pot >"$tmp/b"
if cmp -s "$tmp/a" "$tmp/b"; then
    ok "/po/pot/current"
else
    notok "/po/pot/current: po/tripreport.pot is not what the sources give (run 'make po-update'):"
    diff "$tmp/b" "$tmp/a" | grep '^[<>]' | sed 's/^</#   only in po\/tripreport.pot:/; s/^>/#   only in the sources:/'
fi

# GOption translates what it is given in the domain set on the context and
# on each group of entries; xgettext finds an entry's description only when
# it is marked N_().
: >"$tmp/marks"
grep -n 'G_OPTION_ARG_[A-Z_]*,' src/*.c | grep -v 'N_("' | grep '"[^"]*[a-z] [a-z][^"]*"' |
    sed 's/^/#   description not marked N_(): /' >>"$tmp/marks"
grep -n 'g_option_context_add_main_entries(\|g_option_group_new(' src/*.c | grep -v 'GETTEXT_PACKAGE\|set_translation_domain' |
    grep 'add_main_entries' | sed 's/^/#   entries without the domain GETTEXT_PACKAGE: /' >>"$tmp/marks"
for f in src/*.c; do
    made=$(grep -c 'g_option_context_new(' "$f")
    told=$(grep -c 'g_option_context_set_translation_domain(' "$f")
    [ "$made" -le "$told" ] || echo "#   $f: $made option contexts, $told set_translation_domain calls" >>"$tmp/marks"
done
if [ -s "$tmp/marks" ]; then
    notok "/po/marks/goption: option texts that gettext would not translate:"
    cat "$tmp/marks"
else
    ok "/po/marks/goption"
fi
# Text printed straight to the user (not through the diag functions) that
# reads as English words and is not marked _(): it would stay English. The
# layout dump (render_dump.c) and the PDF writer's own syntax are not for
# the user to read.
grep -n -E '(^|[^_a-z])(fprintf|g_print|g_printerr|printf|fputs|puts|g_snprintf)\(' src/*.c |
    grep -E '"[^"]*[A-Za-z]{2,} [a-z]{2,}[^"]*"' | grep -v '_("' |
    grep -v -E '^src/(render_dump|pdf[a-z]*)\.c:' | sed 's/^/#   not marked _(): /' >"$tmp/printed"
if [ -s "$tmp/printed" ]; then
    notok "/po/marks/printed: text printed to the user without _() (mark it, then 'make po-update'):"
    cat "$tmp/printed"
else
    ok "/po/marks/printed"
fi
echo "1..$n"
