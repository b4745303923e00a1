#!/bin/sh
# The fuzz targets in `make test` (TAP lines for tests/run.sh): for each
# target, every kept regression input (tests/fuzz/regressions/<target>/)
# must pass, and a short run from the seed corpus with a fixed seed must
# find nothing. Inputs under tests/fuzz/regressions/open/<target>/ are
# faults found in files this suite does not fix yet (see the README there):
# each is replayed and reported, without failing the suite.
#   sh tests/fuzz/smoke.sh [TARGET...]
# SMOKE_RUNS_<target> overrides the number of runs.
set -u
OUT=${OUT:-out}
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Leaks are errors; the libraries' own caches and cairo's known leaks are not.
cat tests/lsan.supp tests/fuzz/lsan.supp >"$tmp/lsan.supp"
export LSAN_OPTIONS="suppressions=$tmp/lsan.supp:print_suppressions=0"
# Leaks are looked for with the slow unwinder only, in the kept leak inputs
# (regressions/<target>/leak-*): a suppression can match only a whole
# stack, and the slow unwinder makes a run several times slower (the
# whole-path target's 500 runs: 15.7 s against 3.9 s). The rest runs with
# the fast unwinder, for crashes, UBSan, layout faults and time; the unit
# and end-to-end tests look for leaks on every path they take.
FAST="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0:fast_unwind_on_malloc=1"
SLOW="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:fast_unwind_on_malloc=0"
export ASAN_OPTIONS="$FAST"
export TRIPREPORT_DATA="$root" FUZZ_FIXTURES="$root/$OUT/fixtures"

runs_of() {
    case $1 in
    fuzz_input) echo "${SMOKE_RUNS_fuzz_input:-10000}" ;;
    fuzz_report) echo "${SMOKE_RUNS_fuzz_report:-500}" ;;
    fuzz_image) echo "${SMOKE_RUNS_fuzz_image:-20000}" ;;
    *) echo 1000 ;;
    esac
}

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }

# -l: the tests it would report, one a line (tests/run.sh counts them, so
# that a run cut short counts what did not run as failed).
list=false
if [ "${1:-}" = -l ]; then
    list=true
    shift
fi
targets=${*:-"fuzz_input fuzz_report fuzz_image"}
if $list; then
    for t in $targets; do
        set -- tests/fuzz/regressions/"$t"/*
        [ -e "$1" ] && echo "/fuzz/$t/regressions"
        set -- tests/fuzz/regressions/"$t"/leak-*
        [ -e "$1" ] && echo "/fuzz/$t/leaks"
        set -- tests/fuzz/regressions/"$t"/timeout-*
        [ -e "$1" ] && echo "/fuzz/$t/timeouts"
        for f in tests/fuzz/regressions/open/"$t"/*; do
            [ -f "$f" ] && case $f in *.md) ;; *) echo "/fuzz/$t/open/$(basename "$f")" ;; esac
        done
        echo "/fuzz/$t/short-run"
    done
    exit 0
fi
for t in $targets; do
    bin=$OUT/$t
    if [ ! -x "$bin" ]; then
        not_ok "$t: $bin is missing (make $bin)"
        continue
    fi
    # Kept inputs: libFuzzer runs a list of files once each.
    set -- tests/fuzz/regressions/"$t"/*
    if [ -e "$1" ]; then
        if "$bin" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 "$@" >"$tmp/log" 2>&1; then
            ok "$t: $# regression inputs pass"
        else
            tail -40 "$tmp/log"
            not_ok "$t: a regression input fails again"
        fi
    fi
    # Kept leaks, with whole stacks.
    set -- tests/fuzz/regressions/"$t"/leak-*
    if [ -e "$1" ]; then
        if ASAN_OPTIONS="$SLOW" "$bin" -timeout=20 -rss_limit_mb=2048 "$@" >"$tmp/log" 2>&1; then
            ok "$t: $# kept leak inputs leak nothing"
        else
            tail -40 "$tmp/log"
            not_ok "$t: a kept leak input leaks again"
        fi
    fi
    # Kept timeouts once more, timed as libFuzzer found them: the fast
    # unwinder (the slow one, needed above to match leak suppressions,
    # makes every run several times slower) and the 1 s limit.
    set -- tests/fuzz/regressions/"$t"/timeout-*
    if [ -e "$1" ]; then
        if "$bin" -timeout=1 -rss_limit_mb=2048 "$@" \
            >"$tmp/log" 2>&1; then
            ok "$t: $# kept timeouts run under 1 s"
        else
            tail -20 "$tmp/log"
            not_ok "$t: a kept timeout takes over 1 s again"
        fi
    fi
    for f in tests/fuzz/regressions/open/"$t"/*; do
        [ -f "$f" ] || continue
        case $f in *.md) continue ;; esac
        if "$bin" -timeout=2 -rss_limit_mb=2048 -malloc_limit_mb=1024 "$f" >"$tmp/log" 2>&1; then
            ok "$t: open fault $(basename "$f") no longer fails: move it to tests/fuzz/regressions/$t/ # SKIP"
        else
            ok "$t: open fault $(basename "$f") still fails (tests/fuzz/regressions/open/README.md) # SKIP"
        fi
    done
    # A short run from the seeds (copied: new inputs are not kept).
    mkdir -p "$tmp/$t"
    cp tests/fuzz/corpus/"$t"/* "$tmp/$t/"
    runs=$(runs_of "$t")
    if "$bin" -runs="$runs" -seed=1 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -dict=tests/fuzz/"$t".dict \
        -artifact_prefix="$tmp/" "$tmp/$t" >"$tmp/log" 2>&1; then
        ok "$t: $runs runs from the seeds without a finding ($(grep -o 'cov: [0-9]* ft: [0-9]*' "$tmp/log" | tail -1))"
    else
        tail -40 "$tmp/log"
        not_ok "$t: the short run found a fault (rerun: $bin -runs=$runs -seed=1 -dict=tests/fuzz/$t.dict tests/fuzz/corpus/$t)"
    fi
done
echo "1..$n"
