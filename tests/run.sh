#!/bin/sh
# Runs every test program (TAP output), counts what passed and failed, and
# ends with the line "N passed, N failed". Exit status 1 if anything failed
# or did not run.
#   sh tests/run.sh          all tests
#   sh tests/run.sh golden   only the golden/e2e program (GOLDEN_UPDATE=1 rewrites dumps)
# The test programs run two at a time (JOBS=1 for one at a time), each
# shown whole in the order they were started.
#
# What counts (tests/tap.sh): each program's tests are listed first (-l), so
# that a bail-out, a crash or a short plan counts every test that did not run
# as failed; skipped tests count neither way and are listed.
#
# Sanitizers: leaks are errors in our own code; tests/lsan.supp lists only
# fontconfig's caches and cairo 1.16's leak in cairo_paint. Their reports go
# to log files under out/sanitizers/PROGRAM/ (never to the output that a test
# compares), and a report there fails the test during which it was written,
# shown with the report. The suppressions match function names, so
# llvm-symbolizer is required (Debian package llvm, in `make deps`).
set -u
OUT=${OUT:-out}
mode=${1:-all}
here=$(dirname "$0")
. "$here/tap.sh"
passed=0
failed=0
skipped=0

mkdir -p "$OUT"
OUTABS=$(cd "$OUT" && pwd)
SAN=$OUTABS/sanitizers
rm -rf "$SAN"
mkdir -p "$SAN"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# What render and watch keep of the photos between runs (src/image_memo.h)
# goes here, never into the user's own cache folder.
export XDG_CACHE_HOME="$work/cache"

# --- the sanitizers' set-up ------------------------------------------------
find_symbolizer() {
    for s in "${LLVM_SYMBOLIZER:-}" "$(command -v llvm-symbolizer 2>/dev/null)" \
             $(ls -d /usr/lib/llvm-*/bin/llvm-symbolizer /usr/bin/llvm-symbolizer-* 2>/dev/null | sort -r -V); do
        if [ -n "$s" ] && [ -x "$s" ] && "$s" --version >/dev/null 2>&1; then
            echo "$s"
            return 0
        fi
    done
    return 1
}
if ! sym=$(find_symbolizer); then
    echo "tests/run.sh: llvm-symbolizer is not installed (Debian package llvm; 'make deps' installs it)." >&2
    echo "tests/run.sh: without it the sanitizers cannot name functions, the leak suppressions in" >&2
    echo "tests/lsan.supp cannot match, and the ASan tests would fail for the wrong reason." >&2
    echo "not ok - llvm-symbolizer is missing; no test was run"
    echo "0 passed, 1 failed"
    exit 1
fi

# Options of the caller's environment come after ours; the log files and the
# symbolizer come last, always.
# The fast (frame-pointer) unwinder on malloc: the slow one made the
# sanitized programs 6-15 times slower (a layout test: 138 s against 9 s).
# A stack cut short where a library has no frame pointers can only match
# fewer suppressions, so it can make a leak report appear, never hide one.
ASAN_BASE="abort_on_error=0:detect_leaks=1:fast_unwind_on_malloc=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
LSAN_BASE="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
UBSAN_BASE="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_SYMBOLIZER_PATH="$sym"
export G_DEBUG=${G_DEBUG:-fatal-criticals}

# sanitizers_to DIR [OPTION]: every sanitizer report of the programs started
# from now on goes to DIR/log.PROGRAM.PID.
sanitizers_to() {
    mkdir -p "$1"
    last="log_path=$1/log:log_exe_name=1:external_symbolizer_path=$sym${2:+:$2}"
    export ASAN_OPTIONS="$ASAN_BASE:$last"
    export LSAN_OPTIONS="$LSAN_BASE:$last"
    export UBSAN_OPTIONS="$UBSAN_BASE:$last"
}

# --- running one program ---------------------------------------------------
# follow DIR TAP LOGS: copies its input to stdout and to TAP; at each result
# line, the sanitizer logs that appeared in DIR since the previous one are
# noted in LOGS as belonging to that test.
follow() {
    seen=" "
    while IFS= read -r line || [ -n "$line" ]; do
        printf '%s\n' "$line"
        printf '%s\n' "$line" >&3
        case $line in
        "ok "[0-9]* | "not ok "[0-9]*)
            n=${line#not }; n=${n#ok }; n=${n%% *}
            for f in "$1"/log.*; do
                [ -e "$f" ] || continue
                case $seen in *" ${f##*/} "*) continue ;; esac
                seen="$seen${f##*/} "
                printf '%s\t%s\n' "$f" "$n" >>"$3"
            done ;;
        esac
    done 3>"$2"
}

# run NAME PROGRAM [ARGS...]
run() {
    name=$1; shift
    dir=$SAN/$(printf '%s' "$name" | tr -cs 'A-Za-z0-9_.' '-' | sed 's/-$//')
    echo "# $name"
    sanitizers_to "$SAN/listing" detect_leaks=0
    expected=$(tap_list "$@" | wc -l)
    [ "$expected" -gt 0 ] || expected=-1
    sanitizers_to "$dir"
    start=$(date +%s)
    : >"$work/logs"
    echo 1 >"$work/rc"
    { "$@"; echo $? >"$work/rc"; } 2>&1 | follow "$dir" "$work/tap" "$work/logs"
    rc=$(cat "$work/rc")
    for f in "$dir"/log.*; do
        [ -e "$f" ] || continue
        grep -qF "$f	" "$work/logs" || printf '%s\tend\n' "$f" >>"$work/logs"
    done
    tap_sum "$name" "$work/tap" "$expected" "$rc" "$work/logs" >"$work/sum"
    sed '$d' "$work/sum"
    set -- $(sed -n '$s/^# counts //p' "$work/sum")
    if [ $# -ne 3 ]; then
        echo "not ok - $name: its results could not be counted"
        set -- 0 1 0
    fi
    echo "# $name: $1 passed, $2 failed, $3 skipped, $(($(date +%s) - start)) s"
    passed=$((passed + $1))
    failed=$((failed + $2))
    skipped=$((skipped + $3))
}

# --- two programs at a time ---------------------------------------------------
# The test programs are independent and each mostly uses one core: two run
# at once (the machine's two cores; JOBS to change), each through run() in a
# subshell with a work folder and a cache folder of its own. A job starts as
# soon as any running one has ended; each one's whole output is printed in
# the order they were started, and its counts added.
JOBS=${JOBS:-2}
jobs_dir=$work/jobs
mkdir -p "$jobs_dir"
started=0 # jobs started
shown=0   # jobs waited for and shown
pids=""   # the pids of the jobs not yet shown, oldest first

# jobs_running: how many of the jobs not yet shown have not ended (a job
# leaves N.end when it ends, however its program ended).
jobs_running() {
    n=0
    i=$shown
    while [ "$i" -lt "$started" ]; do
        i=$((i + 1))
        [ -e "$jobs_dir/$i.end" ] || n=$((n + 1))
    done
    echo "$n"
}

# job NAME PROGRAM [ARGS...]: run() as a job, once a slot is free.
job() {
    while [ "$(jobs_running)" -ge "$JOBS" ]; do
        sleep 0.1
    done
    while [ "$shown" -lt "$started" ] && [ -e "$jobs_dir/$((shown + 1)).end" ]; do
        job_show
    done
    started=$((started + 1))
    (
        (
            work=$jobs_dir/$started.work
            mkdir -p "$work"
            XDG_CACHE_HOME=$work/cache
            export XDG_CACHE_HOME
            passed=0 failed=0 skipped=0
            run "$@" >"$jobs_dir/$started.out" 2>&1
            echo "$passed $failed $skipped" >"$jobs_dir/$started.counts"
        )
        : >"$jobs_dir/$started.end"
    ) &
    pids="$pids $!"
}

# job_show: waits for the oldest job, prints its output, adds its counts
# (a job that left none failed).
job_show() {
    set -- $pids
    wait "$1"
    shift
    pids="$*"
    shown=$((shown + 1))
    cat "$jobs_dir/$shown.out" 2>/dev/null
    if read -r p f s <"$jobs_dir/$shown.counts" 2>/dev/null; then
        passed=$((passed + p))
        failed=$((failed + f))
        skipped=$((skipped + s))
    else
        echo "not ok - a test program's job left no counts"
        failed=$((failed + 1))
    fi
    rm -rf "$jobs_dir/$shown.out" "$jobs_dir/$shown.counts" "$jobs_dir/$shown.end" "$jobs_dir/$shown.work"
}

# jobs_done: shows every job still running, in order.
jobs_done() {
    while [ "$shown" -lt "$started" ]; do
        job_show
    done
}

# --- the tests ---------------------------------------------------------------
# The two end-to-end passes take the longest (about 90 s each, one core
# each): they start first, side by side, and the unit programs and the fuzz
# targets follow on whichever core is free.
if [ "$mode" = golden ]; then
    run "e2e" "$OUT"/tests/e2e --tap
else
    run "test_tap (tests/tap.sh)" sh "$here/test_tap.sh"
    run "po (the catalogues against the sources)" sh "$here/po/check.sh"
    run "install (make install, man pages, completion)" sh "$here/install/check.sh"
    run "docs (the Japanese documents in step with the English)" sh "$here/docs/check.sh"
    # The ASan pass need not repeat the golden dumps and the cp932 re-run.
    # GLib 2.74's -s skips one exact test path, not a prefix: each is named.
    sanitizers_to "$SAN/listing" detect_leaks=0
    set --
    for p in $(tap_list "$OUT"/tests/e2e | grep -E '^/e2e/(golden|cp932)/'); do
        set -- "$@" -s "$p"
    done
    [ $# -gt 0 ] || echo "# note: no /e2e/golden/ or /e2e/cp932/ test found to skip in the ASan pass"
    job "e2e" "$OUT"/tests/e2e --tap
    # TRIPREPORT_E2E_READERS_DONE: the PDFs are the plain pass's, byte for
    # byte: qpdf and mutool judge them there.
    job "e2e (ASan+UBSan binary)" env TRIPREPORT_BIN="$OUT/asan/tripreport" TRIPREPORT_E2E_READERS_DONE=1 \
        "$OUT"/tests/e2e --tap "$@"
    for t in "$OUT"/tests/test_*; do
        [ -x "$t" ] || continue
        job "$(basename "$t")" "$t" --tap
    done
    for t in "$OUT"/tests/asan-test_*; do
        [ -x "$t" ] || continue
        job "$(basename "$t") (ASan+UBSan)" "$t" --tap
    done
    job "fuzz" sh tests/fuzz/smoke.sh
    jobs_done
fi

[ "$skipped" -eq 0 ] || echo "# $skipped skipped (each listed above as '# skipped:')"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
