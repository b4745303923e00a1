#!/bin/sh
# Runs every test program (TAP output), counts what passed and failed, and
# ends with the line "N passed, N failed". Exit status 1 if anything failed.
#   sh tests/run.sh          all tests
#   sh tests/run.sh golden   only the golden/e2e program (GOLDEN_UPDATE=1 rewrites dumps)
set -u
OUT=${OUT:-out}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# ASan: leaks are errors in our own code; fontconfig and GLib keep caches
# for the process' lifetime, listed in tests/lsan.supp.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:fast_unwind_on_malloc=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export G_DEBUG=${G_DEBUG:-fatal-criticals}

run() {
    name=$1; shift
    echo "# $name"
    "$@" >"$log" 2>&1
    rc=$?
    cat "$log"
    ok=$(grep -c '^ok ' "$log")
    nok=$(grep -c '^not ok ' "$log")
    passed=$((passed + ok))
    failed=$((failed + nok))
    if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
        echo "not ok - $name exited with status $rc"
        failed=$((failed + 1))
    fi
}

if [ "${1:-}" != golden ]; then
    for t in "$OUT"/tests/test_*; do
        [ -x "$t" ] || continue
        run "$(basename "$t")" "$t" --tap
    done
    for t in "$OUT"/tests/asan-test_*; do
        [ -x "$t" ] || continue
        run "$(basename "$t") (ASan+UBSan)" "$t" --tap
    done
fi

run "e2e" "$OUT"/tests/e2e --tap
if [ "${1:-}" != golden ]; then
    TRIPREPORT_BIN="$OUT/asan/tripreport" run "e2e (ASan+UBSan binary)" "$OUT"/tests/e2e --tap -s /e2e/golden -s /e2e/cp932
    # The fuzz targets: their kept inputs and a short run from their seeds.
    run "fuzz" sh tests/fuzz/smoke.sh
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
