#!/bin/sh
# test_tap: the counting in tests/tap.sh, fed with made-up outputs of test
# programs (a bail-out, a crash before the plan, a short plan, skips,
# sanitizer logs). Prints TAP itself; -l lists its tests, as GLib's do.
#   sh tests/test_tap.sh [-l]
set -u
here=$(dirname "$0")
. "$here/tap.sh"

tests="all-pass bail-out crash-before-plan short-plan short-plan-unlisted skip-and-todo
bad-exit-all-passed crash-unlisted leak-in-passed-test leak-in-failed-test ubsan-at-exit
report-explains-crash log-without-report symbolizer-missing fresh-debian-2024"

if [ "${1:-}" = -l ]; then
    for t in $tests; do echo "/tap/$t"; done
    exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
bad=0

# check NAME EXPECTED RC "P F S" [GREP...]: tap_sum over $dir/tap (and the
# logs listed in $dir/logs) gives the counts, and its output has every GREP.
check() {
    name=$1 expected=$2 rc=$3 want=$4; shift 4
    n=$((n + 1))
    [ -f "$dir/logs" ] || : >"$dir/logs"
    tap_sum "fake" "$dir/tap" "$expected" "$rc" "$dir/logs" >"$dir/sum"
    got=$(sed -n 's/^# counts //p' "$dir/sum")
    why=""
    [ "$got" = "$want" ] || why="counts '$got', want '$want'"
    for g in "$@"; do
        grep -qF -- "$g" "$dir/sum" || why="$why; no line with '$g'"
    done
    if [ -z "$why" ]; then
        echo "ok $n /tap/$name"
    else
        sed 's/^/# | /' "$dir/sum"
        echo "not ok $n /tap/$name - $why"
        bad=1
    fi
    rm -f "$dir/logs" "$dir"/log.*
}

echo "1..$(echo $tests | wc -w)"

printf '1..3\nok 1 /a\nok 2 /b\nok 3 /c\n' >"$dir/tap"
check all-pass 3 0 "3 0 0"

# GLib on a failed assertion in --tap mode: no "not ok" line, "Bail out!", abort.
printf '1..5\nok 1 /a\nok 2 /b\n**\nERROR:x.c:1:f: assertion failed\nBail out! ERROR:x.c:1:f: assertion failed\n' >"$dir/tap"
check bail-out 5 134 "2 3 0" "3 of its 5 tests did not run" "bailed out" "signal 6" "ok 2 /b"

# Killed before printing anything: the listed number counts.
: >"$dir/tap"
check crash-before-plan 4 139 "0 4 0" "4 of its 4 tests did not run" "signal 11"

# The plan promised more than ran, though the exit status is 0.
printf '1..6\nok 1 /a\nok 2 /b\nnot ok 3 /c\nok 4 /d\n' >"$dir/tap"
check short-plan 6 0 "3 3 0" "2 of its 6 tests did not run" "status 0 before the end"
check short-plan-unlisted -1 0 "3 3 0" "2 of its 6 tests did not run"

printf '1..4\nok 1 /a\nok 2 /e2e/golden/x # SKIP by request (-s option)\nnot ok 3 /t # TODO not yet\nok 4 /d\n' >"$dir/tap"
check skip-and-todo 4 0 "2 0 2" "# skipped: /e2e/golden/x (SKIP by request (-s option))" "# skipped: /t (TODO not yet)"

printf '1..2\nok 1 /a\nok 2 /b\n' >"$dir/tap"
check bad-exit-all-passed 2 1 "2 1 0" "exited with status 1"

# Nothing listed and nothing printed: at least one failure.
: >"$dir/tap"
check crash-unlisted -1 134 "0 1 0" "could not be listed"

leak() {  # leak FILE: a LeakSanitizer report as ASan writes it
    printf '\n=================================================================\n==%s==ERROR: LeakSanitizer: detected memory leaks\n\nDirect leak of 10 byte(s) in 1 object(s) allocated from:\n    #0 0x4 in malloc\n    #1 0x5 in build_doc src/build.c:12\n\nSUMMARY: AddressSanitizer: 10 byte(s) leaked in 1 allocation(s).\n' "${1##*.}" >"$1"
}

# A child (the program under test) leaked during a test that passed: that
# test is a failure now, named, with the report.
printf '1..3\nok 1 /a\nok 2 /b\nok 3 /c\n' >"$dir/tap"
leak "$dir/log.tripreport.4242"
printf '%s\t2\n' "$dir/log.tripreport.4242" >"$dir/logs"
check leak-in-passed-test 3 0 "2 1 0" "not ok - fake: /b passed, but tripreport (pid 4242) wrote a LeakSanitizer report" "in build_doc src/build.c:12"

printf '1..3\nok 1 /a\nnot ok 2 /b\nok 3 /c\n' >"$dir/tap"
leak "$dir/log.tripreport.4243"
printf '%s\t2\n' "$dir/log.tripreport.4243" >"$dir/logs"
check leak-in-failed-test 3 1 "2 1 0" "/b (failed) also had a LeakSanitizer report"

printf '1..2\nok 1 /a\nok 2 /b\n' >"$dir/tap"
printf 'src/grid.c:40:9: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type int\n' >"$dir/log.test_grid.77"
printf '%s\tend\n' "$dir/log.test_grid.77" >"$dir/logs"
check ubsan-at-exit 2 1 "2 1 0" "test_grid (pid 77) wrote an UndefinedBehaviorSanitizer report" "signed integer overflow"

# The program itself died of an ASan error: the report is shown, the tests
# that did not run are the failures (not one more for the report).
printf '1..4\nok 1 /a\n' >"$dir/tap"
printf '==9==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1\n' >"$dir/log.e2e.9"
printf '%s\tend\n' "$dir/log.e2e.9" >"$dir/logs"
check report-explains-crash 4 1 "1 3 0" "e2e (pid 9) wrote an AddressSanitizer report after the last result" "3 of its 4 tests did not run"

printf '1..1\nok 1 /a\n' >"$dir/tap"
printf '==5==WARNING: ASan is ignoring requested __asan_handle_no_return\n' >"$dir/log.tripreport.5"
printf '%s\t1\n' "$dir/log.tripreport.5" >"$dir/logs"
check log-without-report 1 0 "1 0 0" "not a report" "__asan_handle_no_return"

printf '1..1\nok 1 /a\n' >"$dir/tap"
printf '==6==WARNING: invalid path to external symbolizer!\n==6==WARNING: Failed to use and restart external symbolizer!\n' >"$dir/log.tripreport.6"
printf '%s\t1\n' "$dir/log.tripreport.6" >"$dir/logs"
check symbolizer-missing 1 0 "0 1 0" "could not symbolize"

# The run that hid its missing tests (fresh Debian, before this counting):
# the ASan e2e pass bailed out after 37 of 98 tests. It said "1 failed".
{
    echo "# random seed: R02S"; echo "1..98"
    i=1; while [ $i -le 37 ]; do echo "ok $i /e2e/t$i"; i=$((i + 1)); done
    echo "**"
    echo "ERROR:tests/e2e/test_e2e.c:1690:test_error_case: assertion failed (r.err == want)"
    echo "Bail out! ERROR:tests/e2e/test_e2e.c:1690:test_error_case: assertion failed (r.err == want)"
    echo "Aborted"
} >"$dir/tap"
check fresh-debian-2024 98 134 "37 61 0" "61 of its 98 tests did not run"

exit $bad
